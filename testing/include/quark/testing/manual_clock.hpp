#pragma once
/// @file
/// `quark::testing::manual_clock`: a clock that moves only when a test says so.

#include <quark/base/deadline.hpp>

#include <atomic>
#include <functional>

namespace quark::testing {

/// Thread-safe manual clock for `silo_options::with_clock`. Starts at the real now.
///
/// @code
/// quark::testing::manual_clock clock;
/// quark::silo silo{quark::silo_options{}.with_clock(clock.function())};
/// clock.advance(std::chrono::minutes(20));
/// silo.collect_idle();   // activations idle for 20 min are gone
/// @endcode
class manual_clock {
 public:
  manual_clock() noexcept : now_(clock::now().time_since_epoch().count()) {}

  [[nodiscard]] clock::time_point now() const noexcept {
    return clock::time_point{clock::duration{now_.load(std::memory_order_acquire)}};
  }
  void advance(clock::duration d) noexcept { now_.fetch_add(d.count(), std::memory_order_acq_rel); }
  /// A callable reading this clock (the clock must outlive its users).
  [[nodiscard]] std::function<clock::time_point()> function() const {
    return [this] { return now(); };
  }

 private:
  std::atomic<clock::rep> now_;
};

}  // namespace quark::testing
