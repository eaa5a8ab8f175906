#pragma once
/// @file
/// `quark::deadline`: the point in time after which an operation should give up.
/// Every interface that can wait takes one (STYLE rule 4).

#include <chrono>

namespace quark {

/// The clock of every deadline, timer and idle age in Quark.
using clock = std::chrono::steady_clock;

/// A point on `quark::clock` after which the operation fails with a timeout.
/// Cheap to copy; `deadline::never()` never expires.
struct deadline {
  clock::time_point at = clock::time_point::max();

  /// A deadline `d` from now (saturating: a huge duration means never).
  static deadline after(clock::duration d) noexcept {
    auto now = clock::now();
    if (d >= clock::time_point::max() - now) return never();
    return deadline{now + d};
  }
  /// A deadline that never expires.
  static constexpr deadline never() noexcept { return deadline{}; }

  [[nodiscard]] bool is_never() const noexcept { return at == clock::time_point::max(); }
  [[nodiscard]] bool expired(clock::time_point now = clock::now()) const noexcept { return now >= at; }
  /// Time left, zero once expired.
  [[nodiscard]] clock::duration remaining(clock::time_point now = clock::now()) const noexcept {
    return now >= at ? clock::duration::zero() : at - now;
  }
  friend auto operator<=>(const deadline&, const deadline&) = default;
};

}  // namespace quark
