#pragma once
// (type, key) identity of an actor inside the runtime, with heterogeneous lookup.

#include <quark/runtime/actor_type.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace quark::detail {

struct actor_id_view {
  const actor_type_info* type;
  std::string_view key;
  friend bool operator==(const actor_id_view&, const actor_id_view&) = default;
};

struct actor_id {
  const actor_type_info* type;
  std::string key;
  [[nodiscard]] actor_id_view view() const noexcept { return {type, key}; }
};

// Deliberately not noexcept: libstdc++ then caches each node's hash, so lookups and rehashes
// don't re-hash the stored keys.
struct actor_id_hash {
  using is_transparent = void;
  std::size_t operator()(actor_id_view id) const {
    return std::hash<std::string_view>{}(id.key) * 31u ^ std::hash<const void*>{}(id.type);
  }
  std::size_t operator()(const actor_id& id) const { return (*this)(id.view()); }
};

struct actor_id_equal {
  using is_transparent = void;
  static actor_id_view v(const actor_id& id) noexcept { return id.view(); }
  static actor_id_view v(actor_id_view id) noexcept { return id; }
  template <class A, class B>
  bool operator()(const A& a, const B& b) const noexcept {
    return v(a) == v(b);
  }
};

}  // namespace quark::detail
