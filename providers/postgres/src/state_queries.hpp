#pragma once
// Private: the state store's SQL, as coroutines that run on the store's I/O thread.

#include <quark/postgres/migrations.hpp>
#include <quark/postgres/pool.hpp>
#include <quark/runtime/state_store.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string>

namespace quark::postgres::state_queries {

/// The schema steps of `quark_state`.
std::span<const migration> migrations() noexcept;

/// `SELECT version, data` of `(type, key)`.
task<std::optional<stored_state>> read(std::shared_ptr<pool> db, std::string type, std::string key, deadline until);

/// Version-checked write: INSERT ... ON CONFLICT DO NOTHING (expected 0) or UPDATE ... WHERE
/// version = expected; on no row changed, reads the actual version and throws version_conflict.
task<state_version> write(std::shared_ptr<pool> db, std::string type, std::string key, std::string data,
                          state_version expected, deadline until);

/// Version-checked DELETE; with `expected` 0, only checks that nothing is stored.
task<void> clear(std::shared_ptr<pool> db, std::string type, std::string key, state_version expected,
                 deadline until);


}  // namespace quark::postgres::state_queries
