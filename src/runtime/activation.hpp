#pragma once
// One activation: the live instance(s) of an actor on its shard, its mailbox and turns.

#include "actor_id.hpp"

#include <quark/base/deadline.hpp>
#include <quark/runtime/actor.hpp>
#include <quark/runtime/detail/envelope.hpp>

#include <boost/container/small_vector.hpp>

#include <memory>
#include <vector>

namespace quark::detail {

class shard;
struct timer_state;

class activation {
 public:
  enum class phase : std::uint8_t { activating, active, deactivating };

  activation(shard& home, const actor_type_info* type, std::string key);
  activation(const activation&) = delete;
  activation& operator=(const activation&) = delete;
  ~activation();

  /// Starts activating (creating the first instance(s), loading state, on_activate).
  void begin();
  /// Queues a call or tick; the shard runs it when the activation may take a turn.
  void enqueue(envelope* env);
  /// Starts as many queued turns as the turn rules allow (called from the shard loop).
  void pump();
  /// A turn ended: reply to the caller, free the instance, maybe deactivate.
  void finished(envelope& env) noexcept;
  /// Deactivates once idle (now, if it is idle).
  void request_deactivation() noexcept;
  /// Idle sweep: deactivate past the idle age; shrink idle extra stateless workers.
  void sweep(clock::time_point now);

  [[nodiscard]] bool idle() const noexcept { return running_ == 0 && head_ == nullptr && phase_ == phase::active; }
  [[nodiscard]] const actor_id& id() const noexcept { return id_; }
  [[nodiscard]] shard& home() noexcept { return home_; }
  [[nodiscard]] std::size_t instance_count() const noexcept { return instances_.size(); }

  void add_timer(std::shared_ptr<timer_state> t);

  // LRU links, owned by the shard.
  activation* lru_prev = nullptr;
  activation* lru_next = nullptr;
  bool scheduled = false;

 private:
  struct instance {
    std::unique_ptr<actor_base> object;
    int running = 0;
    bool ready = false;  // activated and not retiring
    clock::time_point idle_since{};
  };

  detached activate(instance* inst, bool first);
  detached deactivate();
  detached retire(std::unique_ptr<instance> inst);
  instance* new_instance();
  std::unique_ptr<instance> release_extra(instance* inst);
  instance* pick_instance();
  void start_turn(instance& inst, envelope* env);
  void fail_queued(const error& e) noexcept;
  void complete_call(envelope& env) noexcept;
  envelope* pop() noexcept;
  void maybe_finish_idle() noexcept;

  shard& home_;
  actor_id id_;

 public:
  clock::time_point last_active{};

 private:
  phase phase_ = phase::activating;
  // The live instances. The first is `primary_`, inside the activation (one allocation less
  // per activation); a stateless pool's further instances are owned by `extras_`.
  boost::container::small_vector<instance*, 1> instances_;
  instance primary_;
  std::vector<std::unique_ptr<instance>> extras_;
  std::size_t activating_instances_ = 0;
  envelope* head_ = nullptr;
  envelope* tail_ = nullptr;
  int running_ = 0;
  bool deactivate_requested_ = false;
  bool pumping_ = false;
  std::vector<std::shared_ptr<timer_state>> timers_;
};

}  // namespace quark::detail
