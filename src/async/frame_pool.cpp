#include <quark/async/detail/frame_pool.hpp>

#include <array>
#include <new>

namespace quark::detail {
namespace {

// Size classes of 64 bytes up to 4 KiB; bigger blocks go straight to the heap.
constexpr std::size_t granule = 64;
constexpr std::size_t class_count = 64;
constexpr std::size_t max_cached_per_class = 1024;

struct free_block {
  free_block* next;
};

struct thread_pool_state {
  std::array<free_block*, class_count> heads{};
  std::array<std::size_t, class_count> counts{};
  bool alive = true;

  ~thread_pool_state() {
    alive = false;
    for (std::size_t c = 0; c < class_count; ++c) {
      while (heads[c] != nullptr) {
        free_block* b = heads[c];
        heads[c] = b->next;
        ::operator delete(b);
      }
    }
  }
};

thread_local thread_pool_state state;

constexpr std::size_t class_of(std::size_t size) noexcept { return (size + granule - 1) / granule - 1; }

}  // namespace

void* pool_allocate(std::size_t size) {
  std::size_t c = class_of(size);
  if (c >= class_count || !state.alive) return ::operator new(size);
  if (free_block* b = state.heads[c]) {
    state.heads[c] = b->next;
    --state.counts[c];
    return b;
  }
  return ::operator new((c + 1) * granule);
}

void pool_deallocate(void* p, std::size_t size) noexcept {
  std::size_t c = class_of(size);
  if (c >= class_count || !state.alive || state.counts[c] >= max_cached_per_class) {
    ::operator delete(p);
    return;
  }
  auto* b = static_cast<free_block*>(p);
  b->next = state.heads[c];
  state.heads[c] = b;
  ++state.counts[c];
}

}  // namespace quark::detail
