// Replaces the global allocation functions ([new.delete]) with counting, malloc-based ones.
// Linked as object files (never from an archive) so every benchmark binary gets them.
#include "alloc_counter.hpp"

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>

namespace {

// One slot of counters per thread, each on its own cache line, so counting costs a plain
// load and store on memory no other core writes (no locked instruction, no line bouncing
// between the workers being measured). Slot 0 is shared by threads beyond the first
// `max_slots - 1` and updated with fetch_add. All accesses are relaxed atomics; a snapshot
// sums the slots.
struct alignas(64) slot {
  std::atomic<std::uint64_t> count{0};
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<std::uint64_t> frees{0};
  std::atomic<std::int64_t> live_bytes{0};
};

constexpr std::size_t max_slots = 256;
// Constant-initialised, so usable before any dynamic initialiser runs.
constinit slot slots_[max_slots];
constinit std::atomic<std::size_t> next_slot_{1};
constinit thread_local slot* own_slot_ = nullptr;

slot& own_slot() noexcept {
  if (own_slot_ == nullptr) [[unlikely]] {
    const std::size_t i = next_slot_.fetch_add(1, std::memory_order_relaxed);
    own_slot_ = i < max_slots ? &slots_[i] : &slots_[0];
  }
  return *own_slot_;
}

template <class T>
void add(std::atomic<T>& counter, T n, bool shared) noexcept {
  if (shared)
    counter.fetch_add(n, std::memory_order_relaxed);
  else  // single writer: no read-modify-write needed
    counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

void note_alloc(void* p, std::size_t n) noexcept {
  slot& s = own_slot();
  const bool shared = &s == &slots_[0];
  add<std::uint64_t>(s.count, 1, shared);
  add<std::uint64_t>(s.bytes, n, shared);
  add<std::int64_t>(s.live_bytes, static_cast<std::int64_t>(malloc_usable_size(p)), shared);
}

void release(void* p) noexcept {
  if (p == nullptr) return;
  slot& s = own_slot();
  const bool shared = &s == &slots_[0];
  add<std::uint64_t>(s.frees, 1, shared);
  add<std::int64_t>(s.live_bytes, -static_cast<std::int64_t>(malloc_usable_size(p)), shared);
  std::free(p);
}

void* try_allocate(std::size_t n, std::size_t align) noexcept {
  if (n == 0) n = 1;
  void* p = nullptr;
  if (align <= alignof(std::max_align_t)) {
    p = std::malloc(n);
  } else if (posix_memalign(&p, align, n) != 0) {
    p = nullptr;
  }
  if (p != nullptr) note_alloc(p, n);
  return p;
}

// The throwing forms: retry through the new-handler, as the standard requires.
void* allocate(std::size_t n, std::size_t align) {
  for (;;) {
    if (void* p = try_allocate(n, align)) return p;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* allocate_nothrow(std::size_t n, std::size_t align) noexcept {
  try {
    return allocate(n, align);
  } catch (...) {
    return nullptr;
  }
}

std::size_t to_size(std::align_val_t a) noexcept { return static_cast<std::size_t>(a); }

}  // namespace

// -- replaceable allocation functions -----------------------------------------------------

void* operator new(std::size_t n) { return allocate(n, 0); }
void* operator new[](std::size_t n) { return allocate(n, 0); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, 0);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, 0);
}
void* operator new(std::size_t n, std::align_val_t a) { return allocate(n, to_size(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate(n, to_size(a)); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, to_size(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_nothrow(n, to_size(a));
}

// -- replaceable deallocation functions ---------------------------------------------------

void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  release(p);
}

// -- snapshot and self-check --------------------------------------------------------------

namespace quark::bench {

alloc_counts alloc_snapshot() noexcept {
  alloc_counts sum;
  const std::size_t used = std::min(next_slot_.load(std::memory_order_relaxed), max_slots);
  for (std::size_t i = 0; i < used; ++i) {
    const slot& s = slots_[i];
    sum.count += s.count.load(std::memory_order_relaxed);
    sum.bytes += s.bytes.load(std::memory_order_relaxed);
    sum.frees += s.frees.load(std::memory_order_relaxed);
    sum.live_bytes += s.live_bytes.load(std::memory_order_relaxed);
  }
  return sum;
}

alloc_counts operator-(const alloc_counts& later, const alloc_counts& earlier) noexcept {
  return {later.count - earlier.count, later.bytes - earlier.bytes,
          later.frees - earlier.frees, later.live_bytes - earlier.live_bytes};
}

bool alloc_counter_active() {
  // 1. A direct call from this executable (volatile: the pair must not be elided).
  auto before = alloc_snapshot();
  void* volatile p = ::operator new(64);
  ::operator delete(p);
  const bool local = (alloc_snapshot() - before).count >= 1;

  // 2. An allocation made inside libstdc++.so: std::runtime_error's constructor is compiled
  //    into the shared library and copies the message into a heap string of its own.
  const std::string message(256, 'x');
  before = alloc_snapshot();
  const std::runtime_error error(message);
  const bool shared = (alloc_snapshot() - before).count >= 1;
  return local && shared;
}

void require_alloc_counter() {
  if (alloc_counter_active()) return;
  std::fputs("quark bench: the counting operator new is not in effect; link "
             "quark_bench_alloc_counter's objects into the executable\n",
             stderr);
  std::abort();
}

}  // namespace quark::bench
