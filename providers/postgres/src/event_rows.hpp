#pragma once
// Private: how events travel to and from quark_events. A batch goes as five array parameters
// (one element per event, unnested by the append statement); a row comes back as the
// columns of an event's select list, decoded with checks that name the stream and version.

#include <quark/journal/event_store.hpp>
#include <quark/postgres/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace quark::postgres::event_rows {

/// Number of columns of an event in a read (the select list in event_sql.hpp: id, stream,
/// version, commit, sequence, type, schema_version, payload, metadata, recorded in µs).
inline constexpr int event_column_count = 10;

/// A batch as PostgreSQL array literals: `uuid[]`, `text[]`, `int[]`, `text[]` (payload
/// JSON), `text[]` (metadata JSON).
struct encoded_batch {
  std::string ids;
  std::string types;
  std::string schema_versions;
  std::string payloads;
  std::string metadata;
};

/// Encodes `events` for the append statement.
encoded_batch encode(const std::vector<event_data>& events);

/// `{"correlation_id":...,"causation_id":...,"values":[[k,v],...]}` (empty parts left out).
std::string encode_metadata(const event_metadata& m);

/// Reads metadata written by `encode_metadata`; unknown keys are ignored.
/// @throws quark::codec_error naming stream and version when it has another shape.
event_metadata decode_metadata(std::string_view json, std::string_view stream, stream_version version);

/// The event in row `row` of `r`, whose columns `first`.. are an event's select list.
/// @throws quark::codec_error naming stream and version when a value does not decode.
recorded_event decode(const result& r, int row, int first = 0);

/// Every row of `r` decoded (columns from `first`), skipping rows whose column `first` is NULL.
std::vector<recorded_event> decode_all(const result& r, int first = 0);

}  // namespace quark::postgres::event_rows
