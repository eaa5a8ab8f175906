#include <quark/base/error.hpp>
#include <quark/runtime/actor_type.hpp>

#include <algorithm>

namespace quark {

actor_registry& actor_registry::global() {
  static actor_registry registry;
  return registry;
}

bool actor_registry::add(const actor_type_info* info) noexcept {
  try {
    if (const actor_type_info* existing = find(info->name)) {
      if (existing != info) duplicates_.emplace_back(existing, info);
      return false;
    }
    types_.push_back(info);
    return true;
  } catch (...) {
    return false;
  }
}

const actor_type_info* actor_registry::find(std::string_view name) const noexcept {
  auto it = std::find_if(types_.begin(), types_.end(), [name](const actor_type_info* t) { return t->name == name; });
  return it == types_.end() ? nullptr : *it;
}

void actor_registry::validate() const {
  if (duplicates_.empty()) return;
  const auto& [first, second] = duplicates_.front();
  throw config_error(errc::duplicate_name,
                     "two actor types are declared with the stable name \"" + std::string{first->name} + "\": " +
                         std::string{first->cpp_name} + " and " + std::string{second->cpp_name},
                     std::string{first->name});
}

}  // namespace quark
