#pragma once
/// @file
/// `quark::silo`: the host that runs actors on N shards, and `quark::client`, the handle
/// through which code outside any actor calls them.

#include <quark/async/detached.hpp>
#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/runtime/actor_ref.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>

namespace quark {

class state_store;
class event_store;

namespace detail {
class runtime;
}

/// Configuration of a silo. Every setter returns `*this` for chaining:
/// @code
/// quark::silo silo{quark::silo_options{}.with_shards(2).with_store(quark::sqlite::open_state_store("demo.db"))};
/// @endcode
struct silo_options {
  /// Worker shards (one `io_context` + thread each); 0 = one per core.
  std::size_t shards = 0;
  /// Default deadline of a call.
  clock::duration call_timeout = std::chrono::seconds(30);
  /// Default idle age after which an activation is deactivated.
  clock::duration idle_timeout = std::chrono::minutes(15);
  /// Period of the idle sweep on each shard.
  clock::duration collection_quantum = std::chrono::minutes(1);
  /// Upper bound on live activations (0 = none); past it the least recently used idle
  /// activations are evicted.
  std::size_t max_activations = 0;
  /// Where `stateful_actor` state lives (default: an in-memory store).
  std::shared_ptr<state_store> store;
  /// Where `event_sourced_actor` events live (default: an in-memory event store).
  std::shared_ptr<event_store> events;
  /// The clock idle decisions read (tests inject a manual clock).
  std::function<clock::time_point()> now;

  silo_options& with_shards(std::size_t n) { shards = n; return *this; }
  silo_options& with_call_timeout(clock::duration d) { call_timeout = d; return *this; }
  silo_options& with_idle_timeout(clock::duration d) { idle_timeout = d; return *this; }
  silo_options& with_collection_quantum(clock::duration d) { collection_quantum = d; return *this; }
  silo_options& with_max_activations(std::size_t n) { max_activations = n; return *this; }
  silo_options& with_store(std::shared_ptr<state_store> s) { store = std::move(s); return *this; }
  silo_options& with_events(std::shared_ptr<event_store> e) { events = std::move(e); return *this; }
  silo_options& with_clock(std::function<clock::time_point()> c) { now = std::move(c); return *this; }
};

/// Counters of a running silo (approximate while calls are in flight).
struct silo_stats {
  std::size_t activations = 0;  ///< live activations (stateless worker instances count once each)
  std::size_t shards = 0;
};

/// Handle for code outside any actor (the application's `main`, a test). Obtain refs
/// from it; await calls inside a coroutine given to `silo::run` or `silo::block_on`.
class client {
 public:
  /// A ref to actor `T` with `key`.
  template <class T>
  [[nodiscard]] actor_ref<T> ref(std::string key) const {
    return actor_ref<T>{std::move(key)};
  }

  /// Calls an actor by names, with the arguments as a JSON array and the result as JSON
  /// (`null` for void) — for tools, the CLI and gateways that know no C++ types.
  /// @code
  /// std::string total = co_await client.call_json("demo.counter", "alice", "add", "[5]");
  /// @endcode
  /// @throws quark::config_error: `unknown_actor_type` when no type is registered under
  ///   `type`, `unknown_method` when it has no such method or the method's types are not
  ///   encodable; quark::codec_error when `args_json` does not decode into the arguments;
  ///   otherwise as `actor_ref::call`.
  [[nodiscard]] task<std::string> call_json(std::string type, std::string key, std::string method,
                                            std::string args_json, call_options options = {}) const;
};

/// A single-process host of actors.
///
/// Lifecycle: construct → `start()` (validates registries, starts shard threads) →
/// `block_on`/`run` → `stop()` (refuses new client work, waits for running client tasks,
/// finishes queued turns, deactivates every activation — persisting unsaved state — and
/// joins the threads). The destructor calls `stop()`.
///
/// Thread rules: `start`, `stop`, `block_on` and `run` are called from outside the silo's
/// threads (never from an actor).
class silo {
 public:
  explicit silo(silo_options options = {});
  silo(const silo&) = delete;
  silo& operator=(const silo&) = delete;
  ~silo();

  /// Starts the shards. @throws quark::config_error on a duplicate actor or codec type name.
  void start();
  /// Graceful shutdown (see class doc). Idempotent.
  void stop();

  /// Runs `work` on a shard and blocks the calling thread until it finishes; returns its
  /// value or rethrows its exception. Starts the silo if needed.
  /// @throws quark::shutdown_error once `stop()` has begun.
  template <class T>
  T block_on(task<T> work) {
    sync_state<T> st(std::move(work));
    begin_client_task();
    post_to_shard(&sync_state<T>::start, &st);
    {
      std::unique_lock lock{st.m};
      st.cv.wait(lock, [&] { return st.done; });
    }
    end_client_task();
    if (st.error) std::rethrow_exception(st.error);
    if constexpr (!std::is_void_v<T>) return std::move(*st.value);
  }

  /// Starts the silo, runs `app(client)` to completion, stops the silo; returns 0, or
  /// rethrows what `app` threw (after stopping).
  /// @code
  /// return silo.run([](quark::client& c) -> quark::task<void> { co_await ...; });
  /// @endcode
  template <class F>
  int run(F&& app) {
    start();
    try {
      block_on(std::forward<F>(app)(client_));
    } catch (...) {
      stop();
      throw;
    }
    stop();
    return 0;
  }

  /// The client handle.
  [[nodiscard]] quark::client& client() noexcept { return client_; }
  /// Current counters.
  [[nodiscard]] silo_stats stats() const;
  /// Runs one idle sweep on every shard now and waits for the deactivations it started.
  void collect_idle();

 private:
  /// Shared between `block_on`'s thread and the shard running its task.
  template <class T>
  struct sync_state {
    explicit sync_state(task<T> w) : work(std::move(w)) {}
    task<T> work;
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    std::exception_ptr error;
    std::conditional_t<std::is_void_v<T>, bool, std::optional<T>> value{};

    static void start(void* self) { drive(static_cast<sync_state*>(self)); }
    static detail::detached drive(sync_state* s) {
      std::exception_ptr err;
      try {
        if constexpr (std::is_void_v<T>) {
          co_await s->work;
        } else {
          s->value.emplace(co_await s->work);
        }
      } catch (...) {
        err = std::current_exception();
      }
      std::lock_guard lock{s->m};
      s->error = std::move(err);  // no reference stays on the shard thread
      s->done = true;
      s->cv.notify_one();
    }
  };

  void begin_client_task();
  void end_client_task() noexcept;
  void post_to_shard(void (*fn)(void*), void* arg);

  std::unique_ptr<detail::runtime> rt_;
  quark::client client_;
};

}  // namespace quark
