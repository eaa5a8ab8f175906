#include <quark/journal/event.hpp>
#include <quark/journal/event_sourced_actor.hpp>

#include <spdlog/spdlog.h>

namespace quark::detail {

std::string event_context(const recorded_event& e) { return e.stream + "@" + std::to_string(e.version); }

void log_ignored_snapshot(std::string_view stream, stream_version version, std::string_view reason) {
  spdlog::warn("quark: ignoring the snapshot of stream {} at version {} and replaying every event: {}", stream,
               version, reason);
}

}  // namespace quark::detail
