#include <quark/codec/registry.hpp>

#include <quark/base/error.hpp>

namespace quark::codec {

namespace {

/// Why `e` cannot join `by_name` / `by_type`, or an error with code ok if it can.
error check(const entry& e, const std::map<std::string, entry, std::less<>>& by_name,
            const std::unordered_map<std::type_index, const entry*>& by_type) {
  if (!valid_name(e.name)) {
    return {errc::invalid_argument,
            "invalid stable name \"" + e.name + "\" for type " + e.cpp_name() +
                " (1 to 255 printable ASCII characters, no space)",
            e.name};
  }
  if (auto it = by_name.find(e.name); it != by_name.end() && it->second.type != e.type) {
    return {errc::duplicate_name,
            "stable name \"" + e.name + "\" is registered for two types: " +
                it->second.cpp_name() + " and " + e.cpp_name(),
            e.name};
  }
  if (auto it = by_type.find(e.type); it != by_type.end() && it->second->name != e.name) {
    return {errc::duplicate_name,
            "type " + e.cpp_name() + " is registered under two names: \"" + it->second->name +
                "\" and \"" + e.name + "\"",
            e.name};
  }
  return {};
}

}  // namespace

registry& registry::global() noexcept {
  static registry instance;
  return instance;
}

const entry& registry::add(entry e) {
  if (error problem = check(e, by_name_, by_type_)) throw_error(std::move(problem));
  if (auto it = by_name_.find(e.name); it != by_name_.end()) return it->second;  // same pair again
  std::string key = e.name;
  auto [it, inserted] = by_name_.emplace(std::move(key), std::move(e));
  try {
    by_type_.emplace(it->second.type, &it->second);
  } catch (...) {
    by_name_.erase(it);
    throw;
  }
  return it->second;
}

void registry::record(entry e) noexcept {
  try {
    if (error problem = check(e, by_name_, by_type_)) {
      problems_.push_back(std::move(problem));
      return;
    }
    add(e);  // a copy: if it throws, e still names the type for the report
  } catch (...) {
    record_failure(e.name);
  }
}

void registry::record_failure(std::string_view name) noexcept {
  try {
    problems_.push_back({errc::invalid_argument, "could not register a type", std::string(name)});
  } catch (...) {
    lost_problem_ = true;
  }
}

void registry::validate() const {
  if (problems_.empty()) {
    if (lost_problem_) throw config_error(errc::invalid_argument, "type registration ran out of memory");
    return;
  }
  error first = problems_.front();
  if (problems_.size() > 1) {
    first.message += " (and " + std::to_string(problems_.size() - 1) + " more registration problems)";
  }
  throw config_error(std::move(first));
}

const entry* registry::find(std::string_view name) const noexcept {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &it->second;
}

const entry* registry::find(std::type_index type) const noexcept {
  auto it = by_type_.find(type);
  return it == by_type_.end() ? nullptr : it->second;
}

std::vector<const entry*> registry::entries() const {
  std::vector<const entry*> out;
  out.reserve(by_name_.size());
  for (const auto& [name, e] : by_name_) out.push_back(&e);
  return out;
}

}  // namespace quark::codec
