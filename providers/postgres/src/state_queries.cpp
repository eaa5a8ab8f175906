// The PostgreSQL state store's statements. Each write checks the version in the statement
// that writes: one round trip when it matches; a conflict costs one more query (the actual
// version, for the error).

#include "state_queries.hpp"

#include <quark/postgres/state_store.hpp>

#include <quark/postgres/error.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <utility>

namespace quark::postgres::state_queries {
namespace {

constexpr migration steps[] = {
    {1,
     "CREATE TABLE quark_state("
     "type text NOT NULL, key text NOT NULL, "
     "version bigint NOT NULL CHECK (version > 0), data bytea NOT NULL, "
     "updated_at timestamptz NOT NULL DEFAULT now(), "
     "PRIMARY KEY (type, key))"},
};

constexpr std::string_view select_sql = "SELECT version, data FROM quark_state WHERE type = $1 AND key = $2";
constexpr std::string_view version_sql = "SELECT version FROM quark_state WHERE type = $1 AND key = $2";
constexpr std::string_view insert_sql =
    "INSERT INTO quark_state(type, key, version, data, updated_at) VALUES ($1, $2, 1, $3::bytea, now()) "
    "ON CONFLICT (type, key) DO NOTHING";
constexpr std::string_view update_sql =
    "UPDATE quark_state SET version = version + 1, data = $3::bytea, updated_at = now() "
    "WHERE type = $1 AND key = $2 AND version = $4";
constexpr std::string_view delete_sql = "DELETE FROM quark_state WHERE type = $1 AND key = $2 AND version = $3";

// The largest version a write may expect: the next one must still fit a bigint.
constexpr state_version max_expected = static_cast<state_version>(std::numeric_limits<std::int64_t>::max()) - 1;

// A statement that changed nothing while the version read afterwards equals `expected`
// lost a race with a writer that has since been undone (clear + rewrite): try again.
constexpr int attempts = 3;

state_version version_of(const result& r, const std::string& type, const std::string& key) {
  auto v = r.get<std::int64_t>(0, 0);
  if (v < 1) {
    throw storage_error(errc::storage,
                        fmt::format("state of type '{}' key '{}' has a corrupt version {} in quark_state", type,
                                    key, v),
                        state_errors::context(type, key));
  }
  return static_cast<state_version>(v);
}

task<state_version> stored_version(std::shared_ptr<pool> db, std::string type, std::string key, deadline until) {
  auto q = db->query(std::string{version_sql}, {type, key}, until);
  result r = co_await q;
  co_return r.rows() == 0 ? 0 : version_of(r, type, key);
}

task<bool> try_write(std::shared_ptr<pool> db, std::string type, std::string key, std::string data,
                     state_version expected, deadline until) {
  if (expected > max_expected) co_return false;
  params args = expected == 0 ? params{type, key, bytea_view{data}}
                              : params{type, key, bytea_view{data}, static_cast<std::int64_t>(expected)};
  auto q = db->query(std::string{expected == 0 ? insert_sql : update_sql}, std::move(args), until);
  result r = co_await q;
  co_return r.affected_rows() == 1;
}

task<bool> try_delete(std::shared_ptr<pool> db, std::string type, std::string key, state_version expected,
                      deadline until) {
  if (expected == 0 || expected > max_expected + 1) co_return false;
  auto q = db->query(std::string{delete_sql}, {type, key, static_cast<std::int64_t>(expected)}, until);
  result r = co_await q;
  co_return r.affected_rows() == 1;
}

}  // namespace

std::span<const migration> migrations() noexcept { return steps; }

task<std::optional<stored_state>> read(std::shared_ptr<pool> db, std::string type, std::string key, deadline until) {
  auto q = db->query(std::string{select_sql}, {type, key}, until);
  result r = co_await q;
  if (r.rows() == 0) co_return std::nullopt;
  co_return stored_state{r.bytes(0, 1), version_of(r, type, key)};
}

task<state_version> write(std::shared_ptr<pool> db, std::string type, std::string key, std::string data,
                          state_version expected, deadline until) {
  for (int attempt = 1;; ++attempt) {
    auto w = try_write(db, type, key, data, expected, until);
    if (co_await w) co_return expected + 1;
    auto v = stored_version(db, type, key, until);
    state_version actual = co_await v;
    if (actual != expected || attempt == attempts) state_errors::throw_conflict(type, key, expected, actual);
  }
}

task<void> clear(std::shared_ptr<pool> db, std::string type, std::string key, state_version expected,
                 deadline until) {
  for (int attempt = 1;; ++attempt) {
    auto d = try_delete(db, type, key, expected, until);
    if (co_await d) co_return;
    auto v = stored_version(db, type, key, until);
    state_version actual = co_await v;
    if (expected == 0 && actual == 0) co_return;
    if (actual != expected || attempt == attempts) state_errors::throw_conflict(type, key, expected, actual);
  }
}

}  // namespace quark::postgres::state_queries
