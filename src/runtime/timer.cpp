#include "activation.hpp"
#include "shard.hpp"
#include "timer_state.hpp"

#include <quark/runtime/timer.hpp>

#include <spdlog/spdlog.h>

namespace quark {

void timer::cancel() noexcept {
  if (state_) state_->stop();
}

bool timer::active() const noexcept { return state_ && state_->armed(); }

namespace detail {

tick_envelope::tick_envelope(timer_state* o) : envelope(nullptr, {}, 0), owner(o) { what = kind::tick; }

detached tick_envelope::run(actor_base& /*instance*/, activation& act) {
  try {
    co_await owner->fn();
  } catch (...) {
    spdlog::warn("quark: timer tick of {}/{} failed: {}", act.id().type->name, act.id().key,
                 error_from_current_exception(errc::actor_failed).describe());
  }
  turn_finished(act, *this);
}

timer_state::timer_state(activation& a, std::function<task<void>()> f, clock::duration p)
    : owner(a), fn(std::move(f)), period(p), timer(a.home().io()), tick(this) {}

void timer_state::arm(clock::duration after) {
  timer.expires_after(after);
  timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec || self->stopped_) return;
    self->owner.enqueue(&self->tick);
  });
}

void timer_state::tick_done() {
  if (stopped_) return;
  if (period.count() > 0) {
    arm(period);  // from the end of the tick: ticks never overlap
  } else {
    stopped_ = true;
  }
}

void timer_state::stop() noexcept {
  stopped_ = true;
  timer.cancel();
}

}  // namespace detail

timer actor_base::start_timer_fn(std::function<task<void>()> tick, clock::duration due, clock::duration period) {
  auto state = std::make_shared<detail::timer_state>(*activation_, std::move(tick), period);
  activation_->add_timer(state);
  state->arm(due);
  return timer{std::move(state)};
}

}  // namespace quark
