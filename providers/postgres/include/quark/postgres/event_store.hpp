#pragma once
/// @file
/// `quark::event_store` on PostgreSQL: table `quark_events` (plus `quark_snapshots` and
/// `quark_checkpoints`) reached through a pool on the store's own I/O thread, so any shard (or
/// plain thread) may call it. The schema, the one-round-trip append and the gap-free
/// `read_all` are described in docs/postgres.md ("Event store").

#include <quark/journal/event_store.hpp>
#include <quark/postgres/migrations.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace quark::postgres {

/// Component name of the event store in `quark_migrations`.
inline constexpr std::string_view event_store_component = "event_store";

/// The `LISTEN`/`NOTIFY` channel every PostgreSQL event store of a database shares.
inline constexpr std::string_view event_store_channel = "quark_events";

/// The event store's schema steps (`quark_events`, `quark_snapshots`, `quark_checkpoints`),
/// for tools and tests.
std::span<const migration> event_store_migrations() noexcept;

/// Settings of a PostgreSQL event store.
struct event_store_options {
  std::string conninfo;       ///< libpq key/value string or `postgresql://` URL
  std::size_t pool_size = 8;  ///< connections the store opens at most (appends, reads, NOTIFY)
  /// Schema holding the tables and their `quark_migrations` record; created when missing.
  /// Empty: the server's default `search_path`. Must match `[a-z_][a-z0-9_]*`.
  std::string schema{};
  /// Cross-process wake-up: `LISTEN` on `event_store_channel` (so `appended()` fires for
  /// appends of other processes) and send a debounced `NOTIFY` after this store's appends.
  /// Off: `appended()` fires only for this store's own appends.
  bool notify = true;
  /// At most one `NOTIFY` per this interval per store: the first append after a quiet
  /// interval notifies at once, appends during the interval share one `NOTIFY` at its end.
  std::chrono::milliseconds notify_interval{10};
  /// How long `read_all` waits, at most, for transactions that were still running when it
  /// started (and hold back events that committed after them) before it returns the events
  /// it may safely return. 0: never wait. Bounded by the call's deadline.
  std::chrono::milliseconds read_all_settle{1'000};
};

/// Opens (creating the schema and applying the migrations if needed) a PostgreSQL
/// `quark::event_store`:
///
/// - **append** is one statement, one round trip: it reads the stream's last event (version,
///   tombstone), checks the expectation and inserts the batch (one event at an exact
///   version: a plain INSERT that probes only the expected version); a concurrent append of the
///   same version fails on the unique `(stream, version)` key (SQLSTATE 23505) and becomes a
///   `quark::concurrency_error` (`expected_version::any()` retries instead). A second query
///   runs only when the append did not insert: to find the original of a retried batch (by
///   event id) or the actual version for the error.
/// - **read_all** orders events by `(commit, sequence)`, `commit` being the writing
///   transaction's id (`xid8`), and returns only events whose transaction id is below the
///   oldest transaction still running (`pg_snapshot_xmin`): a transaction that committed late
///   can never slip in behind a reader's checkpoint. The price: a long write transaction
///   anywhere on the server holds `read_all` back until it ends (see `read_all_settle`).
/// - **appended()** fires after each append of this store, and after `NOTIFY`s of other
///   stores when `notify` is on.
///
/// Threading: the store owns an I/O thread with its own `io_context`, pool and listener. Every
/// operation may be awaited from any shard, concurrently; it resumes the caller on its own
/// shard (`quark::detail::current_io_context()`), or, off-shard, on the store's thread.
/// Operations throw as `quark::event_store` says, plus `pg_error` subclasses (all
/// `quark::storage_error`) for database failures and `quark::codec_error` naming stream and
/// version for a stored row that does not decode.
///
/// Blocks the calling thread while it connects, creates the schema and migrates (up to
/// 60 s): call it at start-up, never from a shard thread. Destroying the store closes its
/// connections and joins its thread (within ~200 ms); await every operation first.
///
/// @code
/// auto store = quark::postgres::make_event_store({.conninfo = url, .schema = "bank"});
/// auto r = co_await store->append("account/alice", events, quark::expected_version::no_stream(),
///                                 quark::deadline::after(1s));
/// @endcode
/// @throws quark::config_error when `conninfo` does not parse, `pool_size` is 0 or `schema`
/// is not a plain lower-case identifier; connection_error / auth_error when the server
/// cannot be reached; pg_error when the schema cannot be created; quark::storage_error when
/// the database records a newer event-store schema.
std::shared_ptr<event_store> make_event_store(event_store_options options);

}  // namespace quark::postgres
