#pragma once
// Thread-local recycling allocator for coroutine frames and small runtime nodes.
// Not part of the public API.

#include <cstddef>

namespace quark::detail {

/// Allocates `size` bytes from the calling thread's size-class free list, falling back to
/// `::operator new`. Blocks may be freed on any thread (they join that thread's list).
void* pool_allocate(std::size_t size);
/// Returns a block obtained from `pool_allocate(size)` with the same `size`.
void pool_deallocate(void* p, std::size_t size) noexcept;

/// Mix-in giving a type class-level `operator new/delete` served by the frame pool.
struct pooled {
  static void* operator new(std::size_t size) { return pool_allocate(size); }
  static void operator delete(void* p, std::size_t size) noexcept { pool_deallocate(p, size); }
};

}  // namespace quark::detail
