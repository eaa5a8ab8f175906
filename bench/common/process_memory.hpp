#pragma once
/// @file
/// The process's resident set size, for memory-per-object figures.

#include <cstdint>

namespace quark::bench {

/// Resident set size in bytes, from /proc/self/statm; 0 if it cannot be read.
/// Callable from any thread.
std::int64_t resident_bytes() noexcept;

}  // namespace quark::bench
