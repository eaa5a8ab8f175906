#pragma once
// Private: the event store's SQL, as coroutines that run on the store's I/O thread. Every
// statement is prepared once per pooled connection.

#include <quark/journal/event_store.hpp>
#include <quark/postgres/migrations.hpp>
#include <quark/postgres/pool.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace quark::postgres::event_queries {

/// The schema steps of the event store's tables.
std::span<const migration> migrations() noexcept;


/// One append statement (plus, when it inserted nothing, one query for the reason).
task<append_result> append(std::shared_ptr<pool> db, std::string stream, std::vector<event_data> events,
                           expected_version expected, deadline until);

/// Events of `stream` by version, forward or backward; empty for a deleted stream.
task<std::vector<recorded_event>> read(std::shared_ptr<pool> db, std::string stream, stream_version from,
                                       std::size_t max_count, bool backward, deadline until);

/// Events after `after` in (commit, sequence) order, below the oldest running transaction;
/// waits up to `settle` for transactions running at the call to end.
task<std::vector<recorded_event>> read_all(std::shared_ptr<pool> db, event_position after, std::size_t max_count,
                                           std::chrono::milliseconds settle, deadline until);

/// Version, first version and tombstone of `stream`.
task<std::optional<stream_info>> stream(std::shared_ptr<pool> db, std::string stream, deadline until);

/// Streams after `after`, by name.
task<std::vector<stream_info>> list_streams(std::shared_ptr<pool> db, std::string after, std::size_t max_count,
                                            deadline until);

/// Deletes the events of `stream` below `before` (never its last one).
task<void> truncate_before(std::shared_ptr<pool> db, std::string stream, stream_version before, deadline until);

/// Upserts the snapshot unless a newer or equal one is stored.
task<void> save_snapshot(std::shared_ptr<pool> db, std::string stream, snapshot s, deadline until);
/// The stored snapshot of `stream`.
task<std::optional<snapshot>> load_snapshot(std::shared_ptr<pool> db, std::string stream, deadline until);

/// Upserts checkpoint `name`.
task<void> save_checkpoint(std::shared_ptr<pool> db, std::string name, event_position position, deadline until);
/// The stored checkpoint `name`.
task<std::optional<event_position>> load_checkpoint(std::shared_ptr<pool> db, std::string name, deadline until);

/// `pg_notify(event_store_channel, '')` in a transaction of its own, committed asynchronously
/// (`synchronous_commit` off for it alone: a wake-up needs no WAL flush).
task<void> notify(std::shared_ptr<pool> db, deadline until);

}  // namespace quark::postgres::event_queries
