#include "alloc_probe.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> active{false};
std::atomic<std::size_t> largest_seen{0};

void* allocate(std::size_t n) {
  if (active.load(std::memory_order_relaxed)) {
    std::size_t prev = largest_seen.load(std::memory_order_relaxed);
    while (n > prev && !largest_seen.compare_exchange_weak(prev, n, std::memory_order_relaxed)) {
    }
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace codec_test {

alloc_probe::alloc_probe() noexcept {
  largest_seen.store(0);
  active.store(true);
}
alloc_probe::~alloc_probe() { active.store(false); }
std::size_t alloc_probe::largest() const noexcept { return largest_seen.load(); }

}  // namespace codec_test
