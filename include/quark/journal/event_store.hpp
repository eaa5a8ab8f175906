#pragma once
/// @file
/// `quark::event_store`: append-only event streams with optimistic concurrency, a global
/// order for projections, snapshots and projection checkpoints. Implementations: memory
/// (tests; `make_memory_event_store`), SQLite (`quark::sqlite::open_event_store`), PostgreSQL
/// (`quark::postgres::make_event_store`). Every implementation runs the typed conformance suite in
/// `quark/testing/event_store_conformance.hpp`. Model and guarantees: docs/journal.md.

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/base/error.hpp>
#include <quark/base/uuid.hpp>
#include <quark/journal/append_signal.hpp>

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quark {

/// Version of a stream: the version of its last event. Events are numbered 1, 2, 3...;
/// 0 means "no event yet".
using stream_version = std::uint64_t;

/// Where an event sits in the store's global order (what `read_all` walks). Ordered
/// lexicographically by `(commit, sequence)`, like EventStoreDB's commit/prepare positions.
///
/// - `sequence` is unique per event in the store and increases with each append.
/// - `commit` orders events by the transaction that wrote them. On PostgreSQL it is the
///   writing transaction's id (`xid8`): a reader below the oldest running transaction never
///   sees a later event appear before an earlier position (the "gap" problem; see
///   docs/journal.md). On SQLite and memory, where writes are serialised, it equals `sequence`.
///
/// `event_position{}` (both 0) is before the first event: `read_all(event_position{}, n)`
/// starts at the beginning.
struct event_position {
  std::uint64_t commit = 0;
  std::uint64_t sequence = 0;

  /// `"commit:sequence"`, e.g. `"731:42"` (the form `parse` reads and the CLI prints).
  [[nodiscard]] std::string to_string() const;
  /// Reads `"commit:sequence"` or a single number `n` (meaning `n:n`).
  /// @throws quark::config_error (errc::invalid_argument) naming the text otherwise.
  [[nodiscard]] static event_position parse(std::string_view text);

  friend auto operator<=>(const event_position&, const event_position&) = default;
};

/// What an append expects of the stream's current version (optimistic concurrency).
///
/// @code
/// co_await store.append("bank.account/alice", events, quark::expected_version::no_stream());
/// co_await store.append("bank.account/alice", more, quark::expected_version::exact(2));
/// @endcode
class expected_version {
 public:
  /// The four kinds of expectation.
  enum class kind : std::uint8_t {
    any,            ///< no check
    no_stream,      ///< the stream has no event (version 0)
    stream_exists,  ///< the stream has at least one event
    exact,          ///< the stream's version equals `version()`
  };

  /// No check: the events go after whatever is there.
  [[nodiscard]] static constexpr expected_version any() noexcept { return {kind::any, 0}; }
  /// The stream must have no event yet.
  [[nodiscard]] static constexpr expected_version no_stream() noexcept { return {kind::no_stream, 0}; }
  /// The stream must have at least one event.
  [[nodiscard]] static constexpr expected_version stream_exists() noexcept { return {kind::stream_exists, 0}; }
  /// The stream's version must be `v`; `exact(0)` is the same as `no_stream()`.
  [[nodiscard]] static constexpr expected_version exact(stream_version v) noexcept {
    return v == 0 ? no_stream() : expected_version{kind::exact, v};
  }

  /// The kind of expectation.
  [[nodiscard]] constexpr kind what() const noexcept { return kind_; }
  /// The expected version (meaningful for `exact`; 0 for `no_stream`).
  [[nodiscard]] constexpr stream_version version() const noexcept { return version_; }

  /// True when a stream at `current` (0 = no event) satisfies the expectation. For
  /// implementations that check under a lock (memory, SQLite); PostgreSQL checks in SQL.
  [[nodiscard]] constexpr bool matches(stream_version current) const noexcept {
    switch (kind_) {
      case kind::any: return true;
      case kind::no_stream: return current == 0;
      case kind::stream_exists: return current != 0;
      case kind::exact: return current == version_;
    }
    return false;
  }

  /// `"any"`, `"no stream"`, `"stream exists"` or the number.
  [[nodiscard]] std::string to_string() const;

  friend constexpr bool operator==(const expected_version&, const expected_version&) = default;

 private:
  constexpr expected_version(kind k, stream_version v) noexcept : kind_(k), version_(v) {}
  kind kind_;
  stream_version version_;
};

/// Context of an event beside its payload.
struct event_metadata {
  std::string correlation_id;  ///< the request or workflow this event belongs to ("" = none)
  std::string causation_id;    ///< the message or event that caused it ("" = none)
  /// Free key/values, in the order given (keys should be unique).
  std::vector<std::pair<std::string, std::string>> values;

  friend bool operator==(const event_metadata&, const event_metadata&) = default;
};

/// An event to append.
struct event_data {
  uuid id;                          ///< unique per event; a retried append re-sends the same ids
  std::string type;                 ///< stable type name, e.g. "bank.deposited"
  std::uint32_t schema_version = 1;  ///< version of the payload's schema (see upcasters)
  std::string payload;              ///< JSON text (stored as JSONB on PostgreSQL)
  event_metadata metadata;
};

/// An event as stored.
struct recorded_event {
  uuid id;
  std::string stream;
  stream_version version = 0;  ///< 1-based position in its stream
  event_position position;     ///< position in the global order
  std::string type;
  std::uint32_t schema_version = 1;
  std::string payload;  ///< JSON text, as appended (PostgreSQL may normalise whitespace and key order)
  event_metadata metadata;
  std::chrono::system_clock::time_point timestamp;  ///< when the append was stored (store's clock)
};

/// Result of an append.
struct append_result {
  stream_version version = 0;              ///< the stream's version after the append
  std::vector<event_position> positions;  ///< global position of each appended event, in order
};

/// What is known about one stream.
struct stream_info {
  std::string stream;
  stream_version version = 0;        ///< version of its last event (the tombstone if deleted)
  stream_version first_version = 0;  ///< first readable version (after truncation); 0 if none
  bool deleted = false;              ///< tombstoned by `delete_stream`
};

/// A snapshot of a stream's folded state at `version`.
struct snapshot {
  stream_version version = 0;  ///< the last event folded into `state`
  std::string schema;          ///< identifies the state's encoding; a mismatch means "ignore me"
  std::string state;           ///< the encoded state (JSON text)
};

/// Type name of the tombstone event `delete_stream` appends (payload `{}`).
inline constexpr std::string_view tombstone_type = "$stream.deleted";

/// A conflicting append: the stream's version was not what the append expected. Nothing of
/// the append was written. Carries the error code `errc::version_conflict`.
class concurrency_error : public version_conflict {
 public:
  /// @param actual the stream's version as the store saw it (0 = no stream).
  concurrency_error(std::string stream, expected_version expected, stream_version actual);
  [[nodiscard]] const std::string& stream() const noexcept { return stream_; }
  [[nodiscard]] expected_version expected() const noexcept { return expected_; }
  [[nodiscard]] stream_version actual() const noexcept { return actual_; }

 private:
  std::string stream_;
  expected_version expected_;
  stream_version actual_;
};

/// Append-only event streams. See docs/journal.md for the full contract; in short:
///
/// - **append** is atomic (all events or none), checks `expected` against the stream's
///   version without read-then-write races (PostgreSQL: the unique `(stream, version)` key),
///   and is idempotent: re-sending events whose ids are already stored at the same place in
///   the same stream returns the original `append_result` and writes nothing. A stream name
///   is 1..200 bytes of UTF-8; an append needs at least one event.
/// - **read** / **read_backward** return a stream's events by version; **read_all** returns
///   every event of every stream in global order (`event_position`), never skipping an event
///   that committed late.
/// - **delete_stream** appends a tombstone (type `tombstone_type`) and refuses any later
///   append with `stream_deleted_error`; reads of a deleted stream return no events.
///   **truncate_before** removes a stream's events below a version (keeping the last one).
/// - **snapshots** and **checkpoints** are small side tables keyed by stream / projection name.
///
/// Threading: methods are called from shard threads and must never block them (run blocking
/// work on an own executor with `quark::run_on`); concurrent calls are allowed. Every
/// operation fails with `quark::timeout_error` once `until` has passed before it could run
/// (an append whose deadline passes while in flight may or may not have committed: retry it
/// with the same event ids), and with `quark::storage_error` on an I/O failure.
class event_store {
 public:
  virtual ~event_store() = default;

  /// Appends `events` to `stream` if its version satisfies `expected`.
  /// @returns the new version and each event's global position.
  /// @throws concurrency_error naming stream, expected and actual version;
  ///   stream_deleted_error when the stream was deleted; config_error (invalid_argument) for
  ///   an empty batch, a bad stream name, a duplicate id within the batch, or ids already
  ///   stored elsewhere.
  virtual task<append_result> append(std::string stream, std::vector<event_data> events, expected_version expected,
                                     deadline until) = 0;

  /// Up to `max_count` events of `stream` with version >= `from`, oldest first. A missing
  /// or deleted stream reads as empty.
  virtual task<std::vector<recorded_event>> read(std::string stream, stream_version from, std::size_t max_count,
                                                 deadline until) = 0;

  /// Up to `max_count` events of `stream` with version <= `from`, newest first
  /// (`from` = `UINT64_MAX` starts at the end).
  virtual task<std::vector<recorded_event>> read_backward(std::string stream, stream_version from,
                                                          std::size_t max_count, deadline until) = 0;

  /// Up to `max_count` events of all streams with position > `after`, in global order.
  /// Tombstones are included (projections learn of deletions); truncated events are not.
  virtual task<std::vector<recorded_event>> read_all(event_position after, std::size_t max_count,
                                                     deadline until) = 0;

  /// The stream's version, first readable version and deletion flag; nullopt if it never
  /// had an event.
  virtual task<std::optional<stream_info>> stream(std::string stream, deadline until) = 0;

  /// Up to `max_count` streams whose names sort after `after`, by name (for tools).
  virtual task<std::vector<stream_info>> list_streams(std::string after, std::size_t max_count,
                                                      deadline until) = 0;

  /// Deletes `stream` softly: appends a tombstone if the version satisfies `expected`.
  /// @returns the tombstone's version. @throws concurrency_error, stream_deleted_error.
  virtual task<stream_version> delete_stream(std::string stream, expected_version expected, deadline until) = 0;

  /// Removes the events of `stream` with version < `before` (but never its last event, so
  /// that its version stays known). A no-op for a missing stream.
  virtual task<void> truncate_before(std::string stream, stream_version before, deadline until) = 0;

  /// Stores `s` as the stream's snapshot unless a snapshot at a higher or equal version is
  /// already stored (a late writer never replaces a newer snapshot).
  virtual task<void> save_snapshot(std::string stream, snapshot s, deadline until) = 0;

  /// The stream's snapshot, if any.
  virtual task<std::optional<snapshot>> load_snapshot(std::string stream, deadline until) = 0;

  /// The stored checkpoint of projection `name`, if any.
  virtual task<std::optional<event_position>> load_checkpoint(std::string name, deadline until) = 0;

  /// Stores the checkpoint of projection `name`.
  virtual task<void> save_checkpoint(std::string name, event_position position, deadline until) = 0;

  /// Signalled after appends become visible to `read_all` (in this process, and on
  /// PostgreSQL from any process via LISTEN/NOTIFY). Subscriptions wait on it, with polling
  /// as the fallback; it may fire spuriously.
  [[nodiscard]] virtual append_signal& appended() noexcept = 0;
};

/// An in-memory `event_store` (thread-safe, no I/O) for unit tests and examples.
std::shared_ptr<event_store> make_memory_event_store();

/// Error wording and argument checks shared by every `event_store` implementation.
namespace event_errors {
/// @throws config_error (invalid_argument) for an empty or over-long stream name.
void check_stream_name(std::string_view stream);
/// @throws config_error (invalid_argument) for an empty batch or a repeated event id.
void check_batch(std::string_view stream, const std::vector<event_data>& events);
/// @throws stream_deleted_error naming the stream.
[[noreturn]] void throw_deleted(std::string_view stream);
/// @throws config_error (invalid_argument): ids of the batch are stored elsewhere.
[[noreturn]] void throw_ids_elsewhere(std::string_view stream, std::string_view detail);
/// @throws quark::timeout_error when `until` has passed (before `operation` could run).
void check_deadline(const deadline& until, std::string_view operation, std::string_view stream);
}  // namespace event_errors

}  // namespace quark
