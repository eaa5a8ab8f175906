#include <quark/sqlite/error.hpp>
#include <quark/sqlite/migrations.hpp>
#include <quark/sqlite/transaction.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace quark::sqlite {
namespace {

constexpr std::string_view create_table_sql =
    "CREATE TABLE IF NOT EXISTS quark_migrations("
    "component TEXT NOT NULL, version INTEGER NOT NULL, applied_at INTEGER NOT NULL, "
    "PRIMARY KEY (component, version))";

bool table_exists(connection& conn) {
  auto st = conn.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'quark_migrations'");
  return st.step();
}

std::int64_t unix_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void apply_one(connection& conn, std::string_view component, const migration& m) {
  try {
    conn.exec(m.sql);
  } catch (const sqlite_error& e) {
    throw sqlite_error(e.result_code(),
                       fmt::format("migration {} of '{}' failed, nothing applied: {}", m.version, component,
                                   e.value().message),
                       e.value().context);
  }
  conn.prepare("INSERT INTO quark_migrations(component, version, applied_at) VALUES (?1, ?2, ?3)")
      .bind_all(component, m.version, unix_millis())
      .execute();
}

}  // namespace

std::vector<std::int64_t> applied_migrations(connection& conn, std::string_view component) {
  std::vector<std::int64_t> versions;
  if (!table_exists(conn)) return versions;
  auto st = conn.prepare("SELECT version FROM quark_migrations WHERE component = ?1 ORDER BY version");
  st.bind(1, component);
  while (st.step()) versions.push_back(st.column<std::int64_t>(0));
  return versions;
}

std::size_t apply_migrations(connection& conn, std::string_view component, std::span<const migration> migrations) {
  validate_migrations(component, migrations);
  transaction tx{conn};
  conn.exec(create_table_sql);
  std::vector<std::int64_t> applied = applied_migrations(conn, component);
  std::vector<migration> pending = pending_migrations(component, migrations, applied, conn.error_context());
  for (const auto& m : pending) apply_one(conn, component, m);
  tx.commit();
  return pending.size();
}

}  // namespace quark::sqlite
