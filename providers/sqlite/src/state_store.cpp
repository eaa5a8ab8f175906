// quark::state_store on SQLite. Every operation is one function on the database thread;
// writes check the version in the statement that writes, inside BEGIN IMMEDIATE.

#include <quark/sqlite/error.hpp>
#include <quark/sqlite/state_store.hpp>
#include <quark/sqlite/transaction.hpp>

#include <fmt/format.h>

#include <chrono>
#include <limits>
#include <optional>
#include <string>
#include <utility>

namespace quark::sqlite {
namespace {

constexpr migration migrations[] = {
    {1,
     "CREATE TABLE quark_state("
     "type TEXT NOT NULL, key TEXT NOT NULL, "
     "version INTEGER NOT NULL CHECK (version > 0), data BLOB NOT NULL, updated_at INTEGER NOT NULL, "
     "PRIMARY KEY (type, key))"},
};

constexpr std::string_view select_sql = "SELECT version, data FROM quark_state WHERE type = ?1 AND key = ?2";
constexpr std::string_view insert_sql =
    "INSERT INTO quark_state(type, key, version, data, updated_at) VALUES (?1, ?2, 1, ?3, ?4) "
    "ON CONFLICT (type, key) DO NOTHING";
constexpr std::string_view update_sql =
    "UPDATE quark_state SET version = ?3 + 1, data = ?4, updated_at = ?5 "
    "WHERE type = ?1 AND key = ?2 AND version = ?3";
constexpr std::string_view delete_sql = "DELETE FROM quark_state WHERE type = ?1 AND key = ?2 AND version = ?3";

// The largest version a write may expect: the next one must still fit SQLite's INTEGER.
constexpr state_version max_expected = static_cast<state_version>(std::numeric_limits<std::int64_t>::max()) - 1;

using state_errors::throw_conflict;

std::string state_context(const std::string& type, const std::string& key) { return state_errors::context(type, key); }

std::int64_t unix_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

state_version version_of(const statement& row, const connection& c, const std::string& type, const std::string& key) {
  if (row.column_type(0) != value_type::integer || row.column_int64(0) < 1) {
    throw storage_error(errc::storage,
                        fmt::format("state of type '{}' key '{}' has a corrupt version column in '{}'", type, key,
                                    c.error_context()),
                        state_context(type, key));
  }
  return static_cast<state_version>(row.column_int64(0));
}

std::optional<stored_state> read_state(connection& c, const std::string& type, const std::string& key) {
  auto st = c.prepare(select_sql);
  st.bind_all(type, key);
  if (!st.step()) return std::nullopt;
  return stored_state{st.column<std::string>(1), version_of(st, c, type, key)};
}

state_version stored_version(connection& c, const std::string& type, const std::string& key) {
  auto st = c.prepare(select_sql);
  st.bind_all(type, key);
  return st.step() ? version_of(st, c, type, key) : 0;
}

state_version write_state(connection& c, const std::string& type, const std::string& key, const std::string& data,
                          state_version expected) {
  transaction tx{c};
  std::int64_t changed = 0;
  if (expected == 0) {
    changed = c.prepare(insert_sql).bind_all(type, key, blob{data}, unix_millis()).execute();
  } else if (expected <= max_expected) {
    changed = c.prepare(update_sql).bind_all(type, key, expected, blob{data}, unix_millis()).execute();
  }
  if (changed != 1) throw_conflict(type, key, expected, stored_version(c, type, key));
  tx.commit();
  return expected + 1;
}

void clear_state(connection& c, const std::string& type, const std::string& key, state_version expected) {
  if (expected == 0 || expected > max_expected + 1) {
    state_version actual = stored_version(c, type, key);
    if (actual != expected) throw_conflict(type, key, expected, actual);
    return;
  }
  transaction tx{c};
  if (c.prepare(delete_sql).bind_all(type, key, expected).execute() != 1) {
    throw_conflict(type, key, expected, stored_version(c, type, key));
  }
  tx.commit();
}

class sqlite_state_store final : public state_store {
 public:
  explicit sqlite_state_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

  // Each awaitable is bound to a named local before `co_await`: g++ 12 mis-destroys
  // non-trivial temporaries (here, lambdas capturing strings) inside a co_await expression.

  task<std::optional<stored_state>> read(std::string type, std::string key, deadline until) override {
    std::shared_ptr<database> db = db_;  // keeps the database alive while suspended
    auto op = db->run(until, [type = std::move(type), key = std::move(key)](connection& c) {
      return read_state(c, type, key);
    });
    co_return co_await op;
  }

  task<state_version> write(std::string type, std::string key, std::string data, state_version expected,
                            deadline until) override {
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [type = std::move(type), key = std::move(key), data = std::move(data),
                              expected](connection& c) { return write_state(c, type, key, data, expected); });
    co_return co_await op;
  }

  task<void> clear(std::string type, std::string key, state_version expected, deadline until) override {
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [type = std::move(type), key = std::move(key), expected](connection& c) {
      clear_state(c, type, key, expected);
    });
    co_await op;
  }

 private:
  std::shared_ptr<database> db_;
};

}  // namespace

std::span<const migration> state_store_migrations() noexcept { return migrations; }

std::shared_ptr<state_store> make_state_store(std::shared_ptr<database> db) {
  if (!db) throw config_error(errc::invalid_argument, "sqlite::make_state_store: database is null");
  db->run_blocking([](connection& c) { apply_migrations(c, state_store_component, migrations); });
  return std::make_shared<sqlite_state_store>(std::move(db));
}

std::shared_ptr<state_store> open_state_store(const std::filesystem::path& path, const open_options& options) {
  return make_state_store(database::open(path, options));
}

}  // namespace quark::sqlite
