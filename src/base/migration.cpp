#include <quark/base/error.hpp>
#include <quark/base/migration.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace quark {

void validate_migrations(std::string_view component, std::span<const migration> steps) {
  if (component.empty()) throw config_error(errc::invalid_argument, "migration component name is empty");
  std::int64_t previous = 0;
  for (const auto& m : steps) {
    if (m.version <= previous) {
      throw config_error(errc::invalid_argument,
                         fmt::format("migrations of '{}' must have strictly increasing versions from 1; "
                                     "version {} follows {}",
                                     component, m.version, previous),
                         std::string{component});
    }
    previous = m.version;
  }
}

std::vector<migration> pending_migrations(std::string_view component, std::span<const migration> steps,
                                          std::span<const std::int64_t> recorded, std::string_view where) {
  for (std::int64_t version : recorded) {
    bool known = std::any_of(steps.begin(), steps.end(), [&](const migration& m) { return m.version == version; });
    if (!known) {
      throw storage_error(errc::storage,
                          fmt::format("the store records migration {} of '{}', which this build does not know: "
                                      "it was written by a newer version of Quark",
                                      version, component),
                          std::string{where});
    }
  }
  std::vector<migration> pending;
  for (const auto& m : steps) {
    if (!std::binary_search(recorded.begin(), recorded.end(), m.version)) pending.push_back(m);
  }
  return pending;
}

}  // namespace quark
