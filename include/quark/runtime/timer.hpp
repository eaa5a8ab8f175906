#pragma once
/// @file
/// `quark::timer`: a handle to an activation-owned timer (see `actor<Self>::start_timer`).

#include <memory>

namespace quark {

namespace detail {
struct timer_state;
}

/// Handle to a timer started by an actor. Ticks run as turns of the owning activation, never
/// overlap themselves (the next tick is scheduled after the previous turn ends), do not keep
/// the activation alive, and stop when the activation deactivates or `cancel()` is called.
/// Use it only from the owning activation's turns.
class timer {
 public:
  timer() = default;
  explicit timer(std::shared_ptr<detail::timer_state> s) noexcept : state_(std::move(s)) {}

  /// Stops further ticks (a tick already running finishes). Idempotent.
  void cancel() noexcept;
  /// True until cancelled or the activation deactivated.
  [[nodiscard]] bool active() const noexcept;

 private:
  std::shared_ptr<detail::timer_state> state_;
};

}  // namespace quark
