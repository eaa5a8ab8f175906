#include <quark/base/error.hpp>
#include <quark/runtime/state_store.hpp>

#include <fmt/format.h>

namespace quark::state_errors {

std::string context(std::string_view type, std::string_view key) {
  std::string out{type};
  out += '/';
  out += key;
  return out;
}

void throw_conflict(std::string_view type, std::string_view key, state_version expected, state_version actual) {
  throw version_conflict(errc::version_conflict,
                         fmt::format("state of type '{}' key '{}': expected version {}, stored version {}", type, key,
                                     expected, actual),
                         context(type, key));
}

void check_deadline(const deadline& until, std::string_view operation, std::string_view type, std::string_view key) {
  if (until.expired()) {
    throw timeout_error(errc::timeout, fmt::format("deadline passed before state_store.{} could run", operation),
                        context(type, key));
  }
}

}  // namespace quark::state_errors
