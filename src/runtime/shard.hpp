#pragma once
// A shard: one io_context on one thread, a lock-free inbox for hand-offs from other
// threads, a local ready queue, the activations it hosts and the deadlines of the calls
// its coroutines wait on. Everything but post() runs on the shard's own thread.

#include "actor_id.hpp"
#include "mpsc_queue.hpp"

#include <quark/runtime/detail/envelope.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <functional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace quark::detail {

class runtime;
class activation;

class shard {
 public:
  shard(runtime& rt, std::uint32_t index);
  shard(const shard&) = delete;
  shard& operator=(const shard&) = delete;
  ~shard();

  void start();
  /// Stops the loop and joins the thread (after the runtime drained every activation).
  void stop_and_join();

  // --- any thread -------------------------------------------------------------------
  /// Hands a node (call, reply or function) to this shard.
  void post(inbox_node* node) noexcept;
  /// Runs `fn` on this shard's thread.
  void post_fn(std::function<void()> fn);

  // --- this shard's thread only -----------------------------------------------------
  /// The shard running on the calling thread, or nullptr.
  static shard* current() noexcept;

  [[nodiscard]] std::uint32_t index() const noexcept { return index_; }
  [[nodiscard]] runtime& rt() noexcept { return rt_; }
  [[nodiscard]] boost::asio::io_context& io() noexcept { return io_; }

  /// A call arrived for an actor placed here (or routed here): find or create its activation.
  void deliver(envelope* env);
  /// Resume `h` from the loop.
  void ready(std::coroutine_handle<> h);
  /// Run `a`'s next turns from the loop.
  void schedule(activation* a);

  /// The activity clock: the silo's injected clock if any, else the time read at the start
  /// of the current loop pass (one clock read per pass instead of several per call).
  [[nodiscard]] clock::time_point now() const;
  /// Real time at the start of the current loop pass (for deadlines).
  [[nodiscard]] clock::time_point pass_time() const noexcept { return now_; }
  /// The local activation of `id`, or nullptr (no lock: this shard's own map).
  [[nodiscard]] activation* find_local(actor_id_view id) const {
    auto it = local_.find(id);
    return it == local_.end() ? nullptr : it->second;
  }

  void arm(pending_call& p);
  void disarm(pending_call& p) noexcept;

  /// Activation bookkeeping.
  void forget(activation* a);
  void touch(activation* a) noexcept;
  void sweep_idle();
  void drain_all();
  [[nodiscard]] bool draining() const noexcept { return draining_; }

 private:
  struct ready_item {
    std::coroutine_handle<> handle;
    activation* act;
  };
  struct function_node;

  void loop();
  bool spin_for_work();
  bool drain_inbox();
  bool run_ready();
  void handle(inbox_node* node);
  void on_deadline();
  void rearm_deadline_timer();
  void start_idle_timer();
  void evict_for(std::size_t live);
  void lru_unlink(activation* a) noexcept;
  void lru_push_back(activation* a) noexcept;

  runtime& rt_;
  std::uint32_t index_;
  boost::asio::io_context io_;
  std::thread thread_;
  mpsc_queue inbox_;
  alignas(64) std::atomic<bool> sleeping_{false};
  std::atomic<bool> wake_pending_{false};
  std::atomic<bool> stop_{false};
  clock::time_point now_{};

  std::vector<ready_item> ready_;
  std::vector<ready_item> running_;
  std::unordered_map<actor_id, activation*, actor_id_hash, actor_id_equal> local_;
  activation* lru_head_ = nullptr;  // least recently active
  activation* lru_tail_ = nullptr;
  bool draining_ = false;

  pending_call* deadline_head_ = nullptr;
  pending_call* deadline_tail_ = nullptr;
  boost::asio::steady_timer deadline_timer_;
  clock::time_point armed_for_ = clock::time_point::max();
  boost::asio::steady_timer idle_timer_;
};

}  // namespace quark::detail
