#pragma once
// Records the largest single heap allocation made while a probe is active (the test binary
// replaces the global operator new, in alloc_probe.cpp).

#include <cstddef>

namespace codec_test {

/// Watches allocations from construction to destruction. One at a time.
class alloc_probe {
 public:
  alloc_probe() noexcept;
  ~alloc_probe();
  alloc_probe(const alloc_probe&) = delete;
  alloc_probe& operator=(const alloc_probe&) = delete;
  /// The largest single request seen so far, in bytes.
  [[nodiscard]] std::size_t largest() const noexcept;
};

}  // namespace codec_test
