#pragma once
// The SQLite event store's operations as plain functions on the connection: each runs on
// the database thread inside one `database::run` call. Private to the provider.

#include <quark/journal/event_store.hpp>
#include <quark/sqlite/connection.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace quark::sqlite::event_ops {

/// Appends `events` (validated by the caller) in one BEGIN IMMEDIATE transaction.
append_result append(connection& c, const std::string& stream, const std::vector<event_data>& events,
                     expected_version expected);
/// Appends a tombstone if `expected` matches; returns its version.
stream_version delete_stream(connection& c, const std::string& stream, expected_version expected);
/// Deletes the stream's events below `before`, keeping its last one.
void truncate_before(connection& c, const std::string& stream, stream_version before);

std::vector<recorded_event> read(connection& c, const std::string& stream, stream_version from, std::size_t max);
std::vector<recorded_event> read_backward(connection& c, const std::string& stream, stream_version from,
                                          std::size_t max);
std::vector<recorded_event> read_all(connection& c, event_position after, std::size_t max);
std::optional<stream_info> stream(connection& c, const std::string& stream);
std::vector<stream_info> list_streams(connection& c, const std::string& after, std::size_t max);

void save_snapshot(connection& c, const std::string& stream, const snapshot& s);
std::optional<snapshot> load_snapshot(connection& c, const std::string& stream);
void save_checkpoint(connection& c, const std::string& name, event_position position);
std::optional<event_position> load_checkpoint(connection& c, const std::string& name);

}  // namespace quark::sqlite::event_ops
