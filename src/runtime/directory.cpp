#include "directory.hpp"

namespace quark::detail {

namespace {
constexpr std::size_t stripe_count = 64;
}

directory::directory(std::size_t shard_count)
    : stripes_(stripe_count), loads_(std::make_unique<load_counter[]>(shard_count)), shard_count_(shard_count) {}

std::uint32_t directory::route(actor_id_view id, std::uint32_t preferred) {
  stripe& s = stripe_of(id);
  std::lock_guard lock{s.mutex};
  if (auto it = s.entries.find(id); it != s.entries.end()) return it->second;
  std::uint32_t shard = id.type->options.placement == shard_placement::hashed && !id.type->options.stateless
                            ? static_cast<std::uint32_t>(std::hash<std::string_view>{}(id.key) % shard_count_)
                            : place(id.type, preferred);
  s.entries.emplace(actor_id{id.type, std::string{id.key}}, shard);
  loads_[shard].value.fetch_add(1, std::memory_order_relaxed);
  return shard;
}

void directory::remove(actor_id_view id, std::uint32_t shard) {
  stripe& s = stripe_of(id);
  std::lock_guard lock{s.mutex};
  auto it = s.entries.find(id);
  if (it == s.entries.end() || it->second != shard) return;
  s.entries.erase(it);
  loads_[shard].value.fetch_sub(1, std::memory_order_relaxed);
}

std::uint32_t directory::place(const actor_type_info* type, std::uint32_t preferred) const noexcept {
  if (type->options.stateless) return preferred;
  std::uint32_t least = 0;
  std::size_t least_load = load(0);
  for (std::uint32_t i = 1; i < shard_count_; ++i) {
    if (std::size_t l = load(i); l < least_load) {
      least = i;
      least_load = l;
    }
  }
  // Locality first (a same-shard call costs a queue push, a cross-shard one a hand-off),
  // unless the caller's shard is ahead of the least loaded by more than 1/8 + 16.
  std::size_t here = load(preferred);
  return here <= least_load + least_load / 8 + 16 ? preferred : least;
}

}  // namespace quark::detail
