// The parts of the event store contract every implementation shares: positions, expected
// versions, and the wording of its errors.

#include <quark/journal/event_store.hpp>

#include <charconv>
#include <set>

namespace quark {
namespace {

constexpr std::size_t max_stream_name = 200;

bool parse_number(std::string_view text, std::uint64_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::string event_position::to_string() const { return std::to_string(commit) + ":" + std::to_string(sequence); }

event_position event_position::parse(std::string_view text) {
  event_position p;
  const auto colon = text.find(':');
  const bool ok = colon == std::string_view::npos
                      ? parse_number(text, p.commit) && (p.sequence = p.commit, true)
                      : parse_number(text.substr(0, colon), p.commit) && parse_number(text.substr(colon + 1), p.sequence);
  if (!ok) {
    throw config_error(errc::invalid_argument, "not an event position (expected \"commit:sequence\" or a number)",
                       std::string(text.substr(0, 64)));
  }
  return p;
}

std::string expected_version::to_string() const {
  switch (kind_) {
    case kind::any: return "any";
    case kind::no_stream: return "no stream";
    case kind::stream_exists: return "stream exists";
    case kind::exact: return std::to_string(version_);
  }
  return "?";
}

concurrency_error::concurrency_error(std::string stream, expected_version expected, stream_version actual)
    : version_conflict(errc::version_conflict,
                       "append expected version " + expected.to_string() + " but the stream is at " +
                           (actual == 0 ? std::string("no stream") : std::to_string(actual)),
                       stream),
      stream_(std::move(stream)),
      expected_(expected),
      actual_(actual) {}

namespace event_errors {

void check_stream_name(std::string_view stream) {
  if (stream.empty()) throw config_error(errc::invalid_argument, "a stream name must not be empty");
  if (stream.size() > max_stream_name) {
    throw config_error(errc::invalid_argument,
                       "a stream name has at most " + std::to_string(max_stream_name) + " bytes, got " +
                           std::to_string(stream.size()),
                       std::string(stream.substr(0, 64)) + "...");
  }
}

void check_batch(std::string_view stream, const std::vector<event_data>& events) {
  check_stream_name(stream);
  if (events.empty()) throw config_error(errc::invalid_argument, "an append needs at least one event", std::string(stream));
  std::set<uuid> ids;
  for (const event_data& e : events) {
    if (!ids.insert(e.id).second) {
      throw config_error(errc::invalid_argument, "event id " + e.id.to_string() + " appears twice in one append",
                         std::string(stream));
    }
    if (e.type.empty()) throw config_error(errc::invalid_argument, "an event needs a type name", std::string(stream));
  }
}

void throw_deleted(std::string_view stream) {
  throw stream_deleted_error(errc::stream_deleted, "the stream was deleted and takes no more events",
                             std::string(stream));
}

void throw_ids_elsewhere(std::string_view stream, std::string_view detail) {
  throw config_error(errc::invalid_argument,
                     "event ids of this append are already stored, but not as this exact batch of this stream (" +
                         std::string(detail) + ")",
                     std::string(stream));
}

void check_deadline(const deadline& until, std::string_view operation, std::string_view stream) {
  if (until.expired()) {
    throw timeout_error(errc::timeout, "deadline passed before " + std::string(operation) + " could run",
                        std::string(stream));
  }
}

}  // namespace event_errors
}  // namespace quark
