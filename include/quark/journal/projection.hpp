#pragma once
/// @file
/// Catch-up subscriptions over `read_all`: `subscribe_all` (a coroutine loop for any
/// `io_context`) and `projection` (a named, checkpointed subscription on its own thread).

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/journal/event_store.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>

namespace quark {

/// Receives one event. Runs on the subscription's thread; the next event is delivered only
/// after the returned task completes. An exception stops the subscription.
using event_handler = std::function<task<void>(const recorded_event&)>;

/// Receives a batch of consecutive events (at most `subscription_options::batch`), e.g. to
/// write a read model in one transaction. Same rules as `event_handler`; the checkpoint moves
/// past the batch only after the returned task completed.
using batch_handler = std::function<task<void>(std::span<const recorded_event>)>;

/// Tuning of a subscription.
struct subscription_options {
  std::size_t batch = 256;                                     ///< events per `read_all`
  clock::duration poll_interval = std::chrono::seconds(1);     ///< fallback when no wake-up comes
  clock::duration read_timeout = std::chrono::seconds(30);     ///< deadline of each `read_all`
  clock::duration retry_delay = std::chrono::milliseconds(500);  ///< after a failed read
};

/// Hands the stop request and progress of a running `subscribe_all` to other threads.
struct subscription_control {
  /// Set (from any thread) to end the loop after the batch being handled; then call
  /// `store.appended().notify()` to cut a wait short.
  std::atomic<bool> stop{false};
  /// Called after each batch was handled, with the position of its last event (on the
  /// subscription's thread). A projection stores its checkpoint here.
  std::function<task<void>(event_position)> on_batch;
};

/// Delivers every event after `after` in global order, then live ones as they are appended
/// (woken by `store.appended()`, polling every `poll_interval` as a fallback), until
/// `control.stop` is set or `handler` throws (rethrown). A failed read is logged and retried
/// after `retry_delay`. Returns the position of the last delivered event.
///
/// Run it on a thread that drives an `io_context` (a shard, `sync_wait`, a detached task).
task<event_position> subscribe_all(event_store& store, event_position after, event_handler handler,
                                   subscription_control& control, subscription_options options = {});

/// `subscribe_all` delivering whole batches; `control.stop` is checked between batches.
task<event_position> subscribe_all(event_store& store, event_position after, batch_handler handler,
                                   subscription_control& control, subscription_options options = {});

/// A named projection: a catch-up subscription whose checkpoint is stored in the event store
/// under `name`, so that a restarted projection resumes after the last event it handled.
///
/// Delivery: in global order, each event once across graceful restarts (`stop` stores the
/// checkpoint of the last handled event). After a crash, the events of the batch in flight
/// (at most `options.batch`) are delivered again: make the handler idempotent, e.g. by
/// storing the position it applied with the read model (see the demo's balances table).
///
/// @code
/// quark::projection balances{store, "shop.balances", [&](const quark::recorded_event& e) -> quark::task<void> {
///   ... update a read table ...
///   co_return;
/// }};
/// balances.start();
/// ...
/// balances.stop();
/// @endcode
///
/// Thread-safety: `start`, `stop`, `checkpoint`, `delivered`, `wait_until` and `error` may
/// be called from any thread; the handler runs on the projection's own thread.
class projection {
 public:
  /// A stopped projection over `store`. @throws config_error for an empty name.
  projection(std::shared_ptr<event_store> store, std::string name, event_handler handler,
             subscription_options options = {});
  /// A stopped projection whose handler receives batches (see `batch_handler`).
  projection(std::shared_ptr<event_store> store, std::string name, batch_handler handler,
             subscription_options options = {});
  /// Stops (see `stop`).
  ~projection();
  projection(const projection&) = delete;
  projection& operator=(const projection&) = delete;

  /// Starts the projection's thread: loads the checkpoint (none: the first event) and
  /// subscribes after it. @throws config_error if already running.
  void start();

  /// Finishes the batch being handled, stores the checkpoint, joins the thread. Idempotent.
  void stop();

  /// Position of the last handled event.
  [[nodiscard]] event_position checkpoint() const;

  /// Events handled since `start`.
  [[nodiscard]] std::uint64_t delivered() const noexcept { return delivered_.load(); }

  /// Blocks until the checkpoint reaches `position` or the projection stops; false on timeout
  /// or stop.
  bool wait_until(event_position position, std::chrono::milliseconds timeout);

  /// The handler's or the store's error that stopped the projection, if any.
  [[nodiscard]] std::exception_ptr error() const;

  /// The projection's name (its checkpoint key).
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  void run();
  task<void> save_checkpoint(event_position p);

  std::shared_ptr<event_store> store_;
  std::string name_;
  batch_handler handler_;
  subscription_options options_;
  subscription_control control_;
  std::atomic<std::uint64_t> delivered_{0};
  mutable std::mutex mutex_;
  std::condition_variable progressed_;
  event_position checkpoint_;
  std::exception_ptr error_;
  bool running_ = false;
  std::thread thread_;
};

}  // namespace quark
