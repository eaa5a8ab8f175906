// Encoding of event batches as array parameters, and decoding of quark_events rows.

#include "event_rows.hpp"

#include <quark/base/error.hpp>
#include <quark/codec/json.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <utility>

namespace quark::postgres::event_rows {
namespace {

// Appends `text` as one quoted element of an array literal: `"..."` with `\` and `"` escaped.
void add_quoted(std::string& out, std::string_view text) {
  out += out.size() == 1 ? "\"" : ",\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

[[noreturn]] void bad_row(std::string_view stream, stream_version version, std::string_view what) {
  throw codec_error(errc::codec,
                    fmt::format("stored event {} of stream '{}' does not decode: {}", version, stream, what),
                    fmt::format("{}@{}", stream, version));
}

std::string string_field(const boost::json::object& o, std::string_view key, std::string_view stream,
                         stream_version version) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  if (!v->is_string()) bad_row(stream, version, fmt::format("metadata \"{}\" is not a string", key));
  return std::string(v->get_string());
}

}  // namespace

encoded_batch encode(const std::vector<event_data>& events) {
  encoded_batch b{"{", "{", "{", "{", "{"};
  for (const event_data& e : events) {
    b.ids += b.ids.size() == 1 ? "" : ",";
    b.ids += e.id.to_string();
    add_quoted(b.types, e.type);
    b.schema_versions += b.schema_versions.size() == 1 ? "" : ",";
    b.schema_versions += std::to_string(e.schema_version);
    add_quoted(b.payloads, e.payload);
    add_quoted(b.metadata, encode_metadata(e.metadata));
  }
  for (std::string* s : {&b.ids, &b.types, &b.schema_versions, &b.payloads, &b.metadata}) *s += '}';
  return b;
}

std::string encode_metadata(const event_metadata& m) {
  if (m.correlation_id.empty() && m.causation_id.empty() && m.values.empty()) return "{}";
  boost::json::object o;
  if (!m.correlation_id.empty()) o["correlation_id"] = m.correlation_id;
  if (!m.causation_id.empty()) o["causation_id"] = m.causation_id;
  if (!m.values.empty()) {
    boost::json::array values;
    for (const auto& [k, v] : m.values) values.push_back(boost::json::array{boost::json::string(k), boost::json::string(v)});
    o["values"] = std::move(values);
  }
  return boost::json::serialize(o);
}

event_metadata decode_metadata(std::string_view json, std::string_view stream, stream_version version) {
  event_metadata m;
  if (json == "{}") return m;
  boost::json::value doc;
  try {
    doc = codec::parse_json(json);
  } catch (const std::exception& e) {
    bad_row(stream, version, fmt::format("metadata is not JSON ({})", e.what()));
  }
  const boost::json::object* o = doc.if_object();
  if (o == nullptr) bad_row(stream, version, "metadata is not a JSON object");
  m.correlation_id = string_field(*o, "correlation_id", stream, version);
  m.causation_id = string_field(*o, "causation_id", stream, version);
  if (const boost::json::value* values = o->if_contains("values"); values != nullptr && !values->is_null()) {
    const boost::json::array* list = values->if_array();
    if (list == nullptr) bad_row(stream, version, "metadata \"values\" is not an array of [key, value] pairs");
    for (const boost::json::value& pair : *list) {
      const boost::json::array* kv = pair.if_array();
      if (kv == nullptr || kv->size() != 2 || !(*kv)[0].is_string() || !(*kv)[1].is_string()) {
        bad_row(stream, version, "metadata \"values\" holds an element that is not a [key, value] pair of strings");
      }
      m.values.emplace_back(std::string((*kv)[0].get_string()), std::string((*kv)[1].get_string()));
    }
  }
  return m;
}

recorded_event decode(const result& r, int row, int first) {
  recorded_event e;
  e.stream = r.get<std::string>(row, first + 1);
  const auto version = r.get<std::int64_t>(row, first + 2);
  if (version < 1) bad_row(e.stream, 0, fmt::format("version {} is not positive", version));
  e.version = static_cast<stream_version>(version);
  try {
    e.id = uuid::parse(r.text(row, first));
    e.position.commit = r.get<std::uint64_t>(row, first + 3);
    e.position.sequence = r.get<std::uint64_t>(row, first + 4);
    e.type = r.get<std::string>(row, first + 5);
    const auto schema_version = r.get<std::int64_t>(row, first + 6);
    if (schema_version < 0 || schema_version > UINT32_MAX) {
      throw codec_error(errc::codec, fmt::format("schema version {} is out of range", schema_version));
    }
    e.schema_version = static_cast<std::uint32_t>(schema_version);
    e.payload = r.get<std::string>(row, first + 7);
    e.timestamp = std::chrono::system_clock::time_point{std::chrono::microseconds{r.get<std::int64_t>(row, first + 9)}};
  } catch (const codec_error& x) {
    bad_row(e.stream, e.version, x.what());
  }
  e.metadata = decode_metadata(r.text(row, first + 8), e.stream, e.version);
  return e;
}

std::vector<recorded_event> decode_all(const result& r, int first) {
  std::vector<recorded_event> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int row = 0; row < r.rows(); ++row) {
    if (r.is_null(row, first)) continue;
    out.push_back(decode(r, row, first));
  }
  return out;
}

}  // namespace quark::postgres::event_rows
