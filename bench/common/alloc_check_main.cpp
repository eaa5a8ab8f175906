// quark_bench_alloc_check: exits 0 when the counting operator new is in effect for this
// executable and for the shared libraries it loads (CTest: bench.alloc_counter).
#include "alloc_counter.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>

int main() {
  if (!quark::bench::alloc_counter_active()) {
    std::fputs("alloc counter NOT in effect\n", stderr);
    return 1;
  }
  const auto before = quark::bench::alloc_snapshot();
  auto p = std::make_unique<int[]>(1000);
  benchmark::DoNotOptimize(p.get());  // the pair must not be elided
  const auto during = quark::bench::alloc_snapshot() - before;
  p.reset();
  const auto after = quark::bench::alloc_snapshot() - before;
  const bool ok = during.count == 1 && during.bytes == 1000 * sizeof(int) &&
                  during.live_bytes >= static_cast<std::int64_t>(1000 * sizeof(int)) &&
                  after.frees == 1 && after.live_bytes == 0;
  std::printf("alloc counter %s: +%llu allocs, +%llu bytes, live %lld -> %lld\n",
              ok ? "in effect" : "WRONG", static_cast<unsigned long long>(during.count),
              static_cast<unsigned long long>(during.bytes),
              static_cast<long long>(during.live_bytes),
              static_cast<long long>(after.live_bytes));
  return ok ? 0 : 1;
}
