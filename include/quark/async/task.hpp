#pragma once
/// @file
/// `quark::task<T>`: the coroutine type of every actor method and of the runtime.
/// See docs/adr/0002-async-model.md for why Quark has its own task instead of
/// `boost::asio::awaitable`.

#include <quark/async/detail/frame_pool.hpp>

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

namespace quark {

template <class T = void>
class task;

namespace detail {

/// Who resumes the awaiter of a task. The awaiter starts the task inside its own
/// `await_suspend`; if the task finishes before that returns (it never suspended, or it
/// finished on another thread first), the awaiter simply continues (`await_suspend` returns
/// false) and the stack unwinds, so a loop of synchronously completing awaits runs in constant
/// stack even where symmetric transfer is not a tail call (-O0). Otherwise the finishing task
/// transfers to the awaiter.
enum class await_state : std::uint8_t {
  running = 0,          ///< started, neither side has finished its step yet
  awaiter_parked = 1,   ///< the awaiter's await_suspend returned true: the task resumes it
  finished_inline = 2,  ///< the task finished first: the awaiter continues by itself
};

/// At a task's end: resumes the awaiter if it is parked, else leaves it to continue.
struct final_awaiter {
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) const noexcept {
    auto& p = h.promise();
    if (p.state_.exchange(await_state::finished_inline, std::memory_order_acq_rel) == await_state::awaiter_parked) {
      return p.continuation_;
    }
    return std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

struct promise_base : pooled {
  std::coroutine_handle<> continuation_;
  std::atomic<await_state> state_{await_state::running};
  std::suspend_always initial_suspend() const noexcept { return {}; }
  final_awaiter final_suspend() const noexcept { return {}; }
};

template <class T>
struct task_promise : promise_base {
  std::variant<std::monostate, T, std::exception_ptr> result_;

  task<T> get_return_object() noexcept;
  template <class U>
  void return_value(U&& value) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    result_.template emplace<1>(std::forward<U>(value));
  }
  void unhandled_exception() noexcept { result_.template emplace<2>(std::current_exception()); }
  T take() {
    if (result_.index() == 2) std::rethrow_exception(std::get<2>(result_));
    return std::move(std::get<1>(result_));
  }
};

template <>
struct task_promise<void> : promise_base {
  std::exception_ptr error_;
  task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  void unhandled_exception() noexcept { error_ = std::current_exception(); }
  void take() const {
    if (error_) std::rethrow_exception(error_);
  }
};

}  // namespace detail

/// A lazily started coroutine producing a `T` (or throwing). Awaiting it starts it and
/// suspends the awaiter until it finishes; the result or exception is handed back.
///
/// Frames come from a thread-local recycling pool, so a warm call allocates nothing from
/// the global heap. A task is move-only, awaited at most once, and must be awaited (or
/// handed to the runtime) from the thread that resumes it.
///
/// @code
/// quark::task<int> twice(int x) { co_return 2 * x; }
/// quark::task<void> caller() { int y = co_await twice(21); }
/// @endcode
template <class T>
class [[nodiscard]] task {
 public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

  task() noexcept = default;
  explicit task(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}
  task(task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() { destroy(); }

  /// True when the task holds a coroutine (not default-constructed or moved-from).
  [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(handle_); }

  struct awaiter {
    std::coroutine_handle<promise_type> handle_;
    bool await_ready() const noexcept { return !handle_ || handle_.done(); }
    bool await_suspend(std::coroutine_handle<> awaiting) const noexcept {
      auto& p = handle_.promise();
      p.continuation_ = awaiting;
      handle_.resume();
      return p.state_.exchange(detail::await_state::awaiter_parked, std::memory_order_acq_rel) !=
             detail::await_state::finished_inline;
    }
    T await_resume() const { return handle_.promise().take(); }
  };
  awaiter operator co_await() const& noexcept { return awaiter{handle_}; }
  awaiter operator co_await() const&& noexcept { return awaiter{handle_}; }

  /// Releases ownership of the coroutine frame (used by the runtime to drive a task).
  [[nodiscard]] std::coroutine_handle<promise_type> release() noexcept { return std::exchange(handle_, {}); }

 private:
  void destroy() noexcept {
    if (handle_) handle_.destroy();
  }
  std::coroutine_handle<promise_type> handle_;
};

namespace detail {
template <class T>
task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>{std::coroutine_handle<task_promise<T>>::from_promise(*this)};
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>{std::coroutine_handle<task_promise<void>>::from_promise(*this)};
}
}  // namespace detail

}  // namespace quark
