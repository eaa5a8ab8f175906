#pragma once
/// @file
/// Global allocation counter for benchmarks.
///
/// `alloc_counter.cpp` replaces every form of the global `operator new` / `operator delete`
/// (plain, array, nothrow, sized, aligned) with malloc-based versions that count in relaxed
/// atomics, one cache line of counters per thread (no locked instruction on the hot path).
/// It is built as an OBJECT library whose objects are linked straight into each
/// benchmark executable (see bench/CMakeLists.txt), so the replacement is in effect for the
/// whole process, shared libraries included. Call `require_alloc_counter()` at start-up to
/// prove it.

#include <cstdint>

namespace quark::bench {

/// Cumulative counts since process start.
struct alloc_counts {
  std::uint64_t count = 0;  ///< calls to any operator new that returned memory
  std::uint64_t bytes = 0;  ///< bytes requested by those calls
  std::uint64_t frees = 0;  ///< calls to any operator delete with a non-null pointer
  /// Bytes currently held through operator new, as `malloc_usable_size` reports them
  /// (so including malloc's rounding): the retained-memory measure.
  std::int64_t live_bytes = 0;
};

/// Sums the per-thread counters (relaxed loads: exact when no other thread allocates
/// meanwhile).
/// Callable from any thread.
alloc_counts alloc_snapshot() noexcept;

/// `later - earlier`, field by field.
alloc_counts operator-(const alloc_counts& later, const alloc_counts& earlier) noexcept;

/// True when allocations made in this executable *and* inside a shared library
/// (libstdc++) are counted, i.e. the replacement really took effect.
bool alloc_counter_active();

/// Calls `alloc_counter_active()`; prints a message to stderr and aborts when it is false.
void require_alloc_counter();

}  // namespace quark::bench
