#pragma once
// An activation-owned timer: an Asio timer whose ticks are queued as turns.

#include <quark/async/task.hpp>
#include <quark/runtime/detail/envelope.hpp>

#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>

namespace quark::detail {

class activation;
struct timer_state;

/// The reusable turn of a timer: at most one is queued or running at a time.
struct tick_envelope final : envelope {
  explicit tick_envelope(timer_state* o);
  detached run(actor_base& instance, activation& act) override;
  timer_state* owner;
};

struct timer_state : std::enable_shared_from_this<timer_state> {
  timer_state(activation& a, std::function<task<void>()> f, clock::duration p);

  void arm(clock::duration after);
  void tick_done();
  void stop() noexcept;
  [[nodiscard]] bool armed() const noexcept { return !stopped_; }

  activation& owner;
  std::function<task<void>()> fn;
  clock::duration period;
  boost::asio::steady_timer timer;
  tick_envelope tick;

 private:
  bool stopped_ = false;
};

}  // namespace quark::detail
