#pragma once
// Rows of the SQLite event store: the schema, the SQL texts, and the conversions between
// `quark_events` rows and `recorded_event`. Private to the provider.

#include <quark/journal/event_store.hpp>
#include <quark/sqlite/connection.hpp>
#include <quark/sqlite/migrations.hpp>
#include <quark/sqlite/statement.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace quark::sqlite::event_rows {

/// Migrations of component "event_store".
std::span<const migration> schema() noexcept;

/// The columns every event SELECT returns, in the order `decode` reads them.
#define QUARK_SQLITE_EVENT_COLUMNS \
  "position, id, stream, version, type, schema_version, payload, correlation_id, causation_id, metadata, created_at"

inline constexpr std::string_view insert_sql =
    "INSERT INTO quark_events(id, stream, version, type, schema_version, payload, correlation_id, causation_id, "
    "metadata, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/// The last event of a stream: its version and type (a tombstone marks a deleted stream).
struct stream_head {
  stream_version version = 0;
  bool deleted = false;
};

/// The head of `stream` (version 0 when it has no event). Inside the caller's transaction.
stream_head read_head(connection& c, const std::string& stream);

/// `free values` of the metadata as a JSON object text (`{}` when none).
std::string encode_metadata(const event_metadata& m);

/// The row `st` is on, read with `QUARK_SQLITE_EVENT_COLUMNS`.
/// @throws quark::storage_error naming the stream and version when a column the store
/// relies on (id, version, schema version, timestamp) is corrupt.
recorded_event decode(const statement& st, const connection& c);

/// Steps `st` to the end, decoding every row.
std::vector<recorded_event> decode_all(statement& st, const connection& c);

/// Microseconds since the Unix epoch, now.
std::int64_t now_micros();

/// `v` as an SQL integer, saturated at INT64_MAX (counts and versions from the API are
/// unsigned; SQLite integers are signed).
template <class U>
std::int64_t clamp(U v) noexcept {
  constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::uint64_t>(v) > max ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(v);
}

}  // namespace quark::sqlite::event_rows
