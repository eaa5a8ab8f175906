#pragma once
/// @file
/// `quark::append_signal`: the wake-up an event store gives its subscriptions when new events
/// may be readable. A generation counter plus waiting timers; never loses a wake-up that
/// happens between "read found nothing" and "wait".

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace quark {

/// A broadcast wake-up with a generation counter.
///
/// @code
/// std::uint64_t seen = signal.generation();
/// auto batch = co_await store.read_all(after, 256, until);
/// if (batch.empty()) co_await signal.wait(seen, std::chrono::seconds(1));
/// @endcode
///
/// Thread-safety: every member may be called from any thread. `wait` must run on a thread
/// that drives an `io_context` (a shard, `sync_wait`, `run_on`).
class append_signal {
 public:
  append_signal();
  ~append_signal();
  append_signal(const append_signal&) = delete;
  append_signal& operator=(const append_signal&) = delete;

  /// Increments on every `notify`.
  [[nodiscard]] std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }

  /// Bumps the generation and wakes every current waiter.
  void notify();

  /// Returns once `generation() != seen` (at once if it already is) or after `max_wait`.
  task<void> wait(std::uint64_t seen, clock::duration max_wait);

 private:
  struct waiter;
  std::atomic<std::uint64_t> generation_{0};
  std::mutex mutex_;
  std::vector<std::shared_ptr<waiter>> waiters_;
};

}  // namespace quark
