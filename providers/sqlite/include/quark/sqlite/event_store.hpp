#pragma once
/// @file
/// `quark::event_store` on SQLite: tables `quark_events`, `quark_snapshots` and
/// `quark_checkpoints` in a shared `quark::sqlite::database`. Schema and guarantees:
/// docs/sqlite.md, section "Event store".

#include <quark/journal/event_store.hpp>
#include <quark/sqlite/connection.hpp>
#include <quark/sqlite/database.hpp>
#include <quark/sqlite/migrations.hpp>

#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

namespace quark::sqlite {

/// Component name of the event store in `quark_migrations`.
inline constexpr std::string_view event_store_component = "event_store";

/// The event store's schema steps (tables `quark_events`, `quark_snapshots`,
/// `quark_checkpoints`), for tools and tests. Never throws.
std::span<const migration> event_store_migrations() noexcept;

/// A `quark::event_store` keeping its events in `db`.
///
/// - **Positions**: an event's global position is `{p, p}` where `p` is the row's
///   `INTEGER PRIMARY KEY` in `quark_events`. SQLite serialises writers, so that order is
///   commit order and `read_all` never skips an event that committed late; the newest row
///   is never deleted (truncation keeps each stream's last event), so `p` is never reused.
/// - **Conflicts**: an append runs in one `BEGIN IMMEDIATE` transaction (the write lock is
///   taken before the stream's version is read), and the `UNIQUE (stream, version)` and
///   `UNIQUE (id)` keys back it up; nothing is read outside that transaction.
/// - **Idempotency**: re-sending a stored batch returns the original result (see
///   `quark::event_store::append`).
/// - **Damaged rows**: a payload is stored and returned as text, never parsed; metadata that
///   is not a JSON object of strings reads back as one entry `{"$unreadable", <raw text>}`
///   (with a warning in the log); a corrupt id, version, schema version or timestamp column
///   is a `quark::storage_error` naming the stream and version.
///
/// The `appended()` signal fires after each commit made through this store. Appends by
/// other processes (or another `database` on the same file) are found by polling: make one
/// event store per `database`.
///
/// Applies the schema migrations before returning: blocks the calling thread, so call it at
/// start-up, not from a shard thread. The store keeps `db` alive; operations run on `db`'s
/// thread and may be awaited from any shard concurrently.
/// @throws quark::config_error when `db` is null; sqlite_error when the schema cannot be
/// created; quark::storage_error when the file holds a newer event-store schema.
///
/// @code
/// auto db = quark::sqlite::database::open("data/quark.db");
/// auto states = quark::sqlite::make_state_store(db);
/// auto events = quark::sqlite::make_event_store(db);  // same file, same thread
/// @endcode
std::shared_ptr<event_store> make_event_store(std::shared_ptr<database> db);

/// Opens (or creates) the SQLite file `path` and returns an event store on it
/// (`make_event_store(database::open(path, options))`). Blocks: start-up only.
/// @throws sqlite_error naming the path when it cannot be opened or is not a SQLite
/// database; as `make_event_store`.
std::shared_ptr<event_store> open_event_store(const std::filesystem::path& path, const open_options& options = {});

}  // namespace quark::sqlite
