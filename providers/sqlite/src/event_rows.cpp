// Schema of the SQLite event store and the conversions between its rows and recorded_event.

#include "event_rows.hpp"

#include <quark/base/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>

namespace quark::sqlite::event_rows {
namespace {

// Released steps never change; a new table or index is a new step.
constexpr migration migrations[] = {
    {1,
     "CREATE TABLE quark_events("
     "position INTEGER PRIMARY KEY, "
     "id TEXT NOT NULL UNIQUE, "
     "stream TEXT NOT NULL, "
     "version INTEGER NOT NULL CHECK (version > 0), "
     "type TEXT NOT NULL, "
     "schema_version INTEGER NOT NULL, "
     "payload TEXT NOT NULL, "
     "correlation_id TEXT NOT NULL DEFAULT '', "
     "causation_id TEXT NOT NULL DEFAULT '', "
     "metadata TEXT NOT NULL DEFAULT '{}', "
     "created_at INTEGER NOT NULL, "
     "UNIQUE (stream, version))"},
    {2,
     "CREATE TABLE quark_snapshots("
     "stream TEXT PRIMARY KEY, version INTEGER NOT NULL, schema TEXT NOT NULL, state TEXT NOT NULL, "
     "saved_at INTEGER NOT NULL)"},
    {3,
     "CREATE TABLE quark_checkpoints("
     "name TEXT PRIMARY KEY, commit_position INTEGER NOT NULL, sequence INTEGER NOT NULL, "
     "saved_at INTEGER NOT NULL)"},
};

// Key under which unreadable metadata is handed back, raw.
constexpr std::string_view unreadable_key = "$unreadable";

[[noreturn]] void throw_corrupt(const connection& c, std::string_view stream, std::string_view version,
                                std::string_view column) {
  throw storage_error(errc::storage,
                      fmt::format("event {}@{} in '{}' has a corrupt {} column", stream, version, c.error_context(),
                                  column),
                      fmt::format("{}@{}", stream, version));
}

std::int64_t integer_column(const statement& st, int index, const connection& c, std::string_view stream,
                            std::string_view version, std::string_view name) {
  if (st.column_type(index) != value_type::integer) throw_corrupt(c, stream, version, name);
  return st.column_int64(index);
}

// The free values, or one `$unreadable` entry holding the raw text.
std::vector<std::pair<std::string, std::string>> decode_values(std::string_view raw, const connection& c,
                                                              std::string_view stream, stream_version version) {
  std::vector<std::pair<std::string, std::string>> out;
  if (raw == "{}") return out;  // the common case: no free values
  boost::system::error_code ec;
  boost::json::value json = boost::json::parse(raw, ec);
  if (!ec && json.is_object()) {
    for (const auto& [key, value] : json.get_object()) {
      out.emplace_back(std::string(key), value.is_string() ? std::string(value.get_string())
                                                           : boost::json::serialize(value));
    }
    return out;
  }
  spdlog::warn("sqlite event store ({}): event {}@{} has unreadable metadata; returned raw under \"{}\"",
               c.error_context(), stream, version, unreadable_key);
  out.emplace_back(std::string(unreadable_key), std::string(raw));
  return out;
}

}  // namespace

std::span<const migration> schema() noexcept { return migrations; }

stream_head read_head(connection& c, const std::string& stream) {
  auto st = c.prepare("SELECT version, type FROM quark_events WHERE stream = ?1 ORDER BY version DESC LIMIT 1");
  st.bind(1, stream);
  if (!st.step()) return {};
  const auto version = integer_column(st, 0, c, stream, "(last)", "version");
  return stream_head{static_cast<stream_version>(version), st.column_text(1) == tombstone_type};
}

std::string encode_metadata(const event_metadata& m) {
  if (m.values.empty()) return "{}";
  boost::json::object o;
  for (const auto& [key, value] : m.values) o.insert_or_assign(key, value);
  return boost::json::serialize(o);
}

recorded_event decode(const statement& st, const connection& c) {
  recorded_event e;
  e.stream = st.column<std::string>(2);
  // Check the storage class before any conversion (sqlite3_column_type is undefined after one).
  if (st.column_type(3) != value_type::integer || st.column_int64(3) < 1) {
    throw_corrupt(c, e.stream, st.column_text(3), "version");
  }
  e.version = static_cast<stream_version>(st.column_int64(3));
  const std::string version_text = std::to_string(e.version);

  const auto position = static_cast<std::uint64_t>(st.column_int64(0));
  e.position = event_position{position, position};
  const std::string_view id = st.column_text(1);
  if (!uuid::valid(id)) throw_corrupt(c, e.stream, version_text, "id");
  e.id = uuid::parse(id);
  e.type = st.column<std::string>(4);
  const std::int64_t schema_version = integer_column(st, 5, c, e.stream, version_text, "schema_version");
  if (!std::in_range<std::uint32_t>(schema_version)) throw_corrupt(c, e.stream, version_text, "schema_version");
  e.schema_version = static_cast<std::uint32_t>(schema_version);
  e.payload = st.column<std::string>(6);
  e.metadata.correlation_id = st.column<std::string>(7);
  e.metadata.causation_id = st.column<std::string>(8);
  e.metadata.values = decode_values(st.column_blob(9), c, e.stream, e.version);
  const std::int64_t micros = integer_column(st, 10, c, e.stream, version_text, "created_at");
  constexpr std::int64_t max_micros = std::numeric_limits<std::int64_t>::max() / 1000;  // fits nanoseconds
  if (micros < -max_micros || micros > max_micros) throw_corrupt(c, e.stream, version_text, "created_at");
  e.timestamp = std::chrono::system_clock::time_point{std::chrono::microseconds{micros}};
  return e;
}

std::vector<recorded_event> decode_all(statement& st, const connection& c) {
  std::vector<recorded_event> out;
  while (st.step()) out.push_back(decode(st, c));
  return out;
}

std::int64_t now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace quark::sqlite::event_rows
