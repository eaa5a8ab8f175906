#include <quark/postgres/error.hpp>
#include <quark/postgres/migrations.hpp>
#include <quark/postgres/transaction.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace quark::postgres {
namespace {

// One lock for every component: creating quark_migrations itself must be serialised too.
constexpr std::int64_t migration_lock_key = 0x717561726b6d6967;  // "quarkmig"

constexpr std::string_view create_table_sql =
    "CREATE TABLE IF NOT EXISTS quark_migrations("
    "component text NOT NULL, version bigint NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), "
    "PRIMARY KEY (component, version))";

task<std::vector<std::int64_t>> read_versions(connection& conn, std::string component, deadline until) {
  auto r = co_await conn.query("SELECT version FROM quark_migrations WHERE component = $1 ORDER BY version",
                               {component}, until);
  std::vector<std::int64_t> versions;
  for (int i = 0; i < r.rows(); ++i) versions.push_back(r.get<std::int64_t>(i, 0));
  co_return versions;
}

task<std::size_t> migrate(transaction& tx, std::string component, std::vector<migration> steps, deadline until) {
  connection& conn = tx.conn();
  co_await conn.query("SELECT pg_advisory_xact_lock($1)", {migration_lock_key}, until);
  co_await conn.execute_script(std::string{create_table_sql}, until);
  std::vector<std::int64_t> applied = co_await read_versions(conn, component, until);
  std::vector<migration> pending = pending_migrations(component, steps, applied, conn.where());
  std::size_t count = 0;
  for (const auto& m : pending) {
    try {
      co_await conn.execute_script(std::string{m.sql}, until);
    } catch (const pg_error& e) {
      throw_pg_error(e.sqlstate(),
                     fmt::format("migration {} of '{}' failed, nothing applied: {}", m.version, component,
                                 e.value().message),
                     e.value().context);
    }
    co_await conn.query("INSERT INTO quark_migrations(component, version) VALUES ($1, $2)", {component, m.version},
                        until);
    ++count;
  }
  co_return count;
}

}  // namespace

task<std::size_t> apply_migrations(connection& conn, std::string component, std::span<const migration> migrations,
                                   deadline until) {
  validate_migrations(component, migrations);
  std::vector<migration> steps(migrations.begin(), migrations.end());
  transaction_options options{.until = until};
  co_return co_await in_transaction(conn, options, migrate, std::move(component), std::move(steps), until);
}

task<std::vector<std::int64_t>> applied_migrations(connection& conn, std::string component, deadline until) {
  auto exists = co_await conn.query("SELECT to_regclass('quark_migrations') IS NOT NULL", {}, until);
  if (!exists.get<bool>(0, 0)) co_return std::vector<std::int64_t>{};
  co_return co_await read_versions(conn, std::move(component), until);
}

}  // namespace quark::postgres
