#include "activation.hpp"

#include "runtime.hpp"
#include "shard.hpp"
#include "timer_state.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace quark::detail {

namespace {
// Turns one activation may start per visit of the shard loop before yielding to others.
constexpr int turn_batch = 64;
}  // namespace

struct actor_access {
  static void bind(actor_base& a, activation* act) noexcept { a.activation_ = act; }
  static task<void> load_state(actor_base& a) { return a.load_state(); }
  static task<void> flush_state(actor_base& a) { return a.flush_state(); }
};

activation::activation(shard& home, const actor_type_info* type, std::string key)
    : home_(home), id_{type, std::move(key)}, last_active(home.now()) {}

activation::~activation() {
  for (auto& t : timers_) t->stop();
}

activation::instance* activation::new_instance() {
  instance* inst = &primary_;
  if (!instances_.empty() || primary_.object) {
    extras_.push_back(std::make_unique<instance>());
    inst = extras_.back().get();
  }
  inst->object.reset(id_.type->create());
  actor_access::bind(*inst->object, this);
  instances_.push_back(inst);
  return inst;
}

std::unique_ptr<activation::instance> activation::release_extra(instance* inst) {
  instances_.erase(std::find(instances_.begin(), instances_.end(), inst));
  auto it = std::find_if(extras_.begin(), extras_.end(), [inst](const auto& p) { return p.get() == inst; });
  if (it == extras_.end()) {  // the primary: its object goes, the slot stays for reuse
    inst->object.reset();
    return nullptr;
  }
  std::unique_ptr<instance> owned = std::move(*it);
  extras_.erase(it);
  return owned;
}

void activation::begin() {
  std::size_t count = id_.type->options.stateless ? std::max<std::size_t>(1, id_.type->options.stateless->min) : 1;
  for (std::size_t i = 0; i < count; ++i) activate(new_instance(), true);
}

detached activation::activate(instance* inst, bool first) {
  ++activating_instances_;
  error failure;
  try {
    co_await actor_access::load_state(*inst->object);
    co_await inst->object->on_activate();
  } catch (...) {
    failure = error_from_current_exception(errc::activation_failed, id_.type->name.data() + std::string{"/"} + id_.key);
  }
  --activating_instances_;
  if (failure) {
    spdlog::warn("quark: activation of {}/{} failed: {}", id_.type->name, id_.key, failure.describe());
    release_extra(inst);
    if (instances_.empty()) {
      // Nothing can serve the queued calls: fail them and go away; the next call retries.
      failure.code = errc::activation_failed;
      fail_queued(failure);
      phase_ = phase::deactivating;
      home_.rt().deactivation_started();
      home_.forget(this);
      home_.rt().deactivation_ended();
      home_.rt().activation_destroyed();
      delete this;
      co_return;
    }
  } else {
    inst->ready = true;
    inst->idle_since = home_.now();
  }
  if (first && activating_instances_ == 0 && phase_ == phase::activating) phase_ = phase::active;
  if (phase_ == phase::active) home_.schedule(this);
}

void activation::enqueue(envelope* env) {
  env->next.store(nullptr, std::memory_order_relaxed);
  if (tail_ != nullptr) tail_->next.store(env, std::memory_order_relaxed); else head_ = env;
  tail_ = env;
  if (phase_ == phase::active) home_.schedule(this);
}

envelope* activation::pop() noexcept {
  envelope* env = head_;
  if (env == nullptr) return nullptr;
  head_ = static_cast<envelope*>(env->next.load(std::memory_order_relaxed));
  if (head_ == nullptr) tail_ = nullptr;
  return env;
}

activation::instance* activation::pick_instance() {
  const actor_options& o = id_.type->options;
  if (o.stateless) {
    for (auto& inst : instances_) {
      if (inst->ready && inst->running == 0) return inst;
    }
    if (instances_.size() < o.stateless->max) activate(new_instance(), false);  // grows while calls queue
    return nullptr;
  }
  instance& only = *instances_.front();
  if (!only.ready) return nullptr;
  return (o.reentrant || only.running == 0) ? &only : nullptr;
}

void activation::pump() {
  if (phase_ != phase::active) return;
  pumping_ = true;
  int started = 0;
  while (head_ != nullptr && started < turn_batch) {
    instance* inst = pick_instance();
    if (inst == nullptr) break;
    start_turn(*inst, pop());
    ++started;
  }
  pumping_ = false;
  if (head_ != nullptr && started == turn_batch) home_.schedule(this);
  maybe_finish_idle();
}

void activation::start_turn(instance& inst, envelope* env) {
  if (env->what == envelope::kind::tick && !static_cast<tick_envelope*>(env)->owner->armed()) return;
  if (env->what == envelope::kind::call && env->state.load(std::memory_order_acquire) == call_state::abandoned) {
    delete env;  // its caller timed out already: running it would only produce an unread reply
    return;
  }
  ++inst.running;
  ++running_;
  env->runner = inst.object.get();
  if (env->what == envelope::kind::call) {
    last_active = home_.now();
    home_.touch(this);
  }
  env->run(*inst.object, *this);
}

void turn_finished(activation& act, envelope& env) noexcept { act.finished(env); }

void activation::finished(envelope& env) noexcept {
  for (auto& inst : instances_) {
    if (inst->object.get() == env.runner) {
      if (--inst->running == 0) inst->idle_since = home_.now();
      break;
    }
  }
  --running_;
  if (env.what == envelope::kind::tick) {
    static_cast<tick_envelope&>(env).owner->tick_done();
  } else {
    complete_call(env);
  }
  if (pumping_) return;  // pump's loop goes on
  if (head_ != nullptr) {
    home_.schedule(this);
  } else {
    maybe_finish_idle();
  }
}

void activation::complete_call(envelope& env) noexcept {
  shard* caller_shard = env.caller_shard;
  std::coroutine_handle<> caller = env.caller;
  if (env.state.exchange(call_state::done, std::memory_order_acq_rel) == call_state::abandoned) {
    delete &env;  // the caller timed out and left
  } else if (caller_shard == &home_) {
    home_.ready(caller);
  } else {
    env.what = envelope::kind::reply;
    caller_shard->post(&env);
  }
}

void activation::fail_queued(const error& e) noexcept {
  while (envelope* env = pop()) {
    if (env->what == envelope::kind::tick) continue;
    env->failure = e;
    complete_call(*env);
  }
}

void activation::request_deactivation() noexcept {
  deactivate_requested_ = true;
  maybe_finish_idle();
}

void activation::maybe_finish_idle() noexcept {
  if (deactivate_requested_ && phase_ == phase::active && running_ == 0 && head_ == nullptr) deactivate();
}

void activation::sweep(clock::time_point now) {
  if (!idle()) return;
  if (now - last_active >= home_.rt().idle_age(*id_.type)) {
    request_deactivation();
    return;
  }
  // Stateless pools shrink back to `min` once the extras sat idle for a collection quantum.
  if (const auto& sw = id_.type->options.stateless) {
    clock::duration quantum = home_.rt().options().collection_quantum;
    for (std::size_t i = instances_.size(); i > std::max<std::size_t>(sw->min, 1); --i) {
      auto it = std::find_if(instances_.begin(), instances_.end(), [&](const instance* inst) {
        return inst != &primary_ && inst->ready && inst->running == 0 && now - inst->idle_since >= quantum;
      });
      if (it == instances_.end()) break;
      std::unique_ptr<instance> extra = release_extra(*it);
      extra->ready = false;
      retire(std::move(extra));
    }
  }
}

detached activation::retire(std::unique_ptr<instance> inst) {
  home_.rt().deactivation_started();
  try {
    co_await inst->object->on_deactivate();
  } catch (...) {
    spdlog::warn("quark: on_deactivate of a {} worker failed: {}", id_.type->name,
                 error_from_current_exception(errc::actor_failed).describe());
  }
  home_.rt().deactivation_ended();
}

detached activation::deactivate() {
  phase_ = phase::deactivating;
  home_.rt().deactivation_started();
  for (auto& t : timers_) t->stop();
  for (auto& inst : instances_) {
    try {
      co_await inst->object->on_deactivate();
      co_await actor_access::flush_state(*inst->object);
    } catch (...) {
      spdlog::warn("quark: deactivation of {}/{} failed: {}", id_.type->name, id_.key,
                   error_from_current_exception(errc::actor_failed).describe());
    }
  }
  home_.forget(this);
  // Calls that arrived while deactivating go to a fresh activation (after our state flush).
  envelope* leftovers = head_;
  head_ = tail_ = nullptr;
  shard& home = home_;
  runtime& rt = home_.rt();
  delete this;
  while (leftovers != nullptr) {
    auto* next = static_cast<envelope*>(leftovers->next.load(std::memory_order_relaxed));
    if (leftovers->what != envelope::kind::tick) home.deliver(leftovers);
    leftovers = next;
  }
  rt.activation_destroyed();
  rt.deactivation_ended();
}

void activation::add_timer(std::shared_ptr<timer_state> t) {
  std::erase_if(timers_, [](const auto& s) { return !s->armed(); });
  timers_.push_back(std::move(t));
}

}  // namespace quark::detail
