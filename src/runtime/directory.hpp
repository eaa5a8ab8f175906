#pragma once
// The silo's directory: which shard hosts (or will host) each actor. At most one entry per
// id, so at most one activation per id in the silo. Striped locks, held for a lookup only,
// never across a suspension.

#include "actor_id.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace quark::detail {

class directory {
 public:
  explicit directory(std::size_t shard_count);

  /// The shard of `id`; when it has none, places it: on `preferred` (the caller's shard)
  /// unless that shard holds clearly more than the least loaded one, else on the least
  /// loaded. Stateless workers always stay on `preferred`.
  std::uint32_t route(actor_id_view id, std::uint32_t preferred);

  /// Removes `id`'s entry if it still points at `shard` (called when an activation dies).
  void remove(actor_id_view id, std::uint32_t shard);

  /// Entries placed on `shard` (its load, for placement).
  [[nodiscard]] std::size_t load(std::uint32_t shard) const noexcept {
    return loads_[shard].value.load(std::memory_order_relaxed);
  }

 private:
  struct stripe {
    std::mutex mutex;
    std::unordered_map<actor_id, std::uint32_t, actor_id_hash, actor_id_equal> entries;
  };
  struct alignas(64) load_counter {
    std::atomic<std::size_t> value{0};
  };
  std::uint32_t place(const actor_type_info* type, std::uint32_t preferred) const noexcept;
  stripe& stripe_of(actor_id_view id) noexcept { return stripes_[actor_id_hash{}(id) % stripes_.size()]; }

  std::vector<stripe> stripes_;
  std::unique_ptr<load_counter[]> loads_;
  std::size_t shard_count_;
};

}  // namespace quark::detail
