#pragma once
/// @file
/// `quark::state_store` on SQLite: table `quark_state` in a shared `quark::sqlite::database`.

#include <quark/runtime/state_store.hpp>
#include <quark/sqlite/connection.hpp>
#include <quark/sqlite/database.hpp>
#include <quark/sqlite/migrations.hpp>

#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

namespace quark::sqlite {

/// Component name of the state store in `quark_migrations`.
inline constexpr std::string_view state_store_component = "state_store";

/// The state store's schema steps (table `quark_state`), for tools and tests.
std::span<const migration> state_store_migrations() noexcept;

/// A `quark::state_store` keeping states in `db`'s table `quark_state(type, key, version,
/// data, updated_at)`. Versions are checked by the SQL statement that writes (`UPDATE ...
/// WHERE version = ?`, `INSERT ... ON CONFLICT DO NOTHING` for a first write), inside a
/// `BEGIN IMMEDIATE` transaction, so concurrent writers (threads, shards, processes) cannot
/// both win. Data is stored and returned byte for byte; decoding is the runtime's job.
///
/// Applies the schema migrations before returning: blocks the calling thread, so call it at
/// start-up, not from a shard thread. The store keeps `db` alive.
/// Operations follow `quark::state_store` (timeout_error, version_conflict, and
/// `sqlite_error`, a storage_error, for SQLite failures).
/// @throws sqlite_error when the schema cannot be created; quark::storage_error when the
/// file holds a newer state-store schema; quark::config_error when `db` is null.
std::shared_ptr<state_store> make_state_store(std::shared_ptr<database> db);

/// Opens (or creates) the SQLite file `path` and returns a state store on it
/// (`make_state_store(database::open(path, options))`). Blocks: start-up only.
/// @throws sqlite_error naming the path when it cannot be opened or is not a SQLite
/// database; as `make_state_store`.
std::shared_ptr<state_store> open_state_store(const std::filesystem::path& path, const open_options& options = {});

}  // namespace quark::sqlite
