#pragma once
/// @file
/// `quark::actor<Self>`: the base class of a user actor.

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/runtime/actor_ref.hpp>
#include <quark/runtime/timer.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace quark {

class state_store;
class event_store;

namespace detail {
class activation;
struct actor_access;
}  // namespace detail

/// Type-independent part of every actor. Do not derive from it directly: use `actor<Self>`
/// or `stateful_actor<Self, State>`.
///
/// Turn rules: every member function of an actor runs on its activation's shard thread,
/// one turn at a time (unless the type is reentrant); never block in one.
class actor_base {
 public:
  actor_base() = default;
  actor_base(const actor_base&) = delete;
  actor_base& operator=(const actor_base&) = delete;
  virtual ~actor_base() = default;

  /// Runs once after the instance is created (and its state loaded), before any call.
  /// An exception fails the pending calls with `activation_failed`; the next call retries.
  virtual task<void> on_activate() { co_return; }
  /// Runs once before the instance is destroyed (idle collection, eviction, shutdown).
  virtual task<void> on_deactivate() { co_return; }

  /// This actor's key.
  [[nodiscard]] const std::string& key() const noexcept;
  /// This actor's stable type name.
  [[nodiscard]] std::string_view type_name() const noexcept;
  /// Asks the runtime to deactivate this activation as soon as it has no call to run.
  void deactivate_on_idle() noexcept;

 protected:
  /// Type-erased form of `actor<Self>::start_timer`.
  timer start_timer_fn(std::function<task<void>()> tick, clock::duration due, clock::duration period);
  /// The silo's state store (for `stateful_actor`).
  [[nodiscard]] state_store& store() const noexcept;
  /// The silo's event store (for `event_sourced_actor`), shared so that work outliving a
  /// turn can keep it alive.
  [[nodiscard]] const std::shared_ptr<event_store>& journal() const noexcept;
  /// Deadline for storage operations made on behalf of this activation.
  [[nodiscard]] deadline storage_deadline() const noexcept;

 private:
  friend class detail::activation;
  friend struct detail::actor_access;
  /// Loads persisted state before `on_activate` (stateful_actor overrides it).
  virtual task<void> load_state() { co_return; }
  /// Writes unsaved state after `on_deactivate` (stateful_actor overrides it).
  virtual task<void> flush_state() { co_return; }

  detail::activation* activation_ = nullptr;
};

/// CRTP base of a user actor `Self`. Declare the type with `QUARK_ACTOR` after the class.
///
/// @code
/// class counter : public quark::actor<counter> {
///  public:
///   quark::task<std::int64_t> add(std::int64_t n) { value_ += n; co_return value_; }
///  private:
///   std::int64_t value_ = 0;
/// };
/// QUARK_ACTOR(counter, "demo.counter", add)
/// @endcode
template <class Self>
class actor : public actor_base {
 public:
  /// A ref to this very actor (to pass along in messages).
  [[nodiscard]] actor_ref<Self> self() const { return actor_ref<Self>{key()}; }
  /// A ref to another actor.
  template <class T>
  [[nodiscard]] static actor_ref<T> ref(std::string key) {
    return actor_ref<T>{std::move(key)};
  }

  /// Calls `tick` on this activation after `due`, then every `period` (0: once). Ticks are
  /// turns: they never overlap each other or a call (unless reentrant).
  timer start_timer(task<void> (Self::*tick)(), clock::duration due, clock::duration period = {}) {
    auto* me = static_cast<Self*>(this);
    return start_timer_fn([me, tick] { return (me->*tick)(); }, due, period);
  }
};

}  // namespace quark
