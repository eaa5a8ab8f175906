#pragma once
/// @file
/// `quark::state_store` on PostgreSQL: table `quark_state` reached through a pool that runs
/// on the store's own I/O thread, so any shard (or plain thread) may call it.

#include <quark/postgres/migrations.hpp>
#include <quark/runtime/state_store.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace quark::postgres {

/// Component name of the state store in `quark_migrations`.
inline constexpr std::string_view state_store_component = "state_store";

/// The state store's schema steps (table `quark_state`), for tools and tests.
std::span<const migration> state_store_migrations() noexcept;

/// Settings of a PostgreSQL state store.
struct state_store_options {
  std::string conninfo;       ///< libpq key/value string or `postgresql://` URL
  std::size_t pool_size = 4;  ///< connections the store opens at most
  /// Schema holding `quark_state` and its `quark_migrations` record; created when missing.
  /// Empty: the server's default `search_path` (usually `public`). Must match
  /// `[a-z_][a-z0-9_]*` (at most 63 characters).
  std::string schema{};
};

/// A `quark::state_store` keeping states in `quark_state(type text, key text, version
/// bigint, data bytea, updated_at timestamptz, PRIMARY KEY (type, key))`.
///
/// Versions are checked by the statement that writes (`INSERT ... ON CONFLICT DO NOTHING`
/// for a first write, `UPDATE ... WHERE version = $3` otherwise, `DELETE ... WHERE version
/// = $3` to clear): one round trip when the version matches; on a conflict a second query
/// reads the actual version for the error. Concurrent writers on any number of processes
/// cannot both win. Data is stored byte for byte (`bytea`); `type` and `key` are text (valid
/// UTF-8, no NUL).
///
/// Deadlines: an expired one fails before anything is sent. One that passes while a
/// statement runs cancels it on the server (asynchronously) and throws
/// `quark::timeout_error`: the outcome of that write is then unknown (it may have committed
/// just before the cancel arrived), so re-read before writing again (a write with the old
/// version would conflict if it did commit).
///
/// Threading: the store owns an I/O thread with its own `io_context` and connection pool.
/// Every operation may be awaited from any shard, concurrently; it runs on the store's
/// thread and resumes the caller on its own shard (`quark::detail::current_io_context()`),
/// or, off-shard, on the store's thread. Operations throw as `quark::state_store` says:
/// `quark::timeout_error`, `quark::version_conflict`, and `pg_error` subclasses (all
/// `quark::storage_error`) for database failures.
///
/// Blocks the calling thread while it connects, creates the schema and applies the
/// migrations: call it at start-up, never from a shard thread. Destroying the store closes
/// its connections and joins its thread; await every operation first.
///
/// @code
/// auto store = quark::postgres::make_state_store({.conninfo = "postgresql://quark@db/quark"});
/// auto v = co_await store->write("counter", "a", bytes, 0, quark::deadline::after(1s));
/// @endcode
/// @throws quark::config_error when `conninfo` does not parse, `pool_size` is 0 or `schema`
/// is not a plain lower-case identifier; connection_error / auth_error when the server
/// cannot be reached; pg_error when the schema cannot be created; quark::storage_error when
/// the database records a newer state-store schema.
std::shared_ptr<state_store> make_state_store(state_store_options options);

/// `conninfo` with `search_path` set to `schema` for every session (through libpq's
/// `options`), rewritten as a key/value string. Returns `conninfo` unchanged when `schema`
/// is empty. @throws quark::config_error as `make_state_store`.
std::string with_search_path(const std::string& conninfo, const std::string& schema);

}  // namespace quark::postgres
