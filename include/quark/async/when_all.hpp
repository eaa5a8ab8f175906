#pragma once
/// @file
/// `quark::when_all`: run several tasks concurrently on the current thread and await all.

#include <quark/async/detached.hpp>
#include <quark/async/task.hpp>

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <type_traits>
#include <vector>

namespace quark {

namespace detail {

template <class T>
struct when_all_state {
  std::size_t remaining = 0;
  std::coroutine_handle<> continuation;
  std::exception_ptr error;
  std::vector<std::optional<T>> values;
};
template <>
struct when_all_state<void> {
  std::size_t remaining = 0;
  std::coroutine_handle<> continuation;
  std::exception_ptr error;
};

template <class T>
detached when_all_one(task<T> t, when_all_state<T>& st, std::size_t index) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await t;
      (void)index;
    } else {
      st.values[index].emplace(co_await t);
    }
  } catch (...) {
    if (!st.error) st.error = std::current_exception();
  }
  if (--st.remaining == 0) st.continuation.resume();
}

template <class T>
class when_all_awaiter {
 public:
  explicit when_all_awaiter(std::vector<task<T>> tasks) : tasks_(std::move(tasks)) {
    if constexpr (!std::is_void_v<T>) state_.values.resize(tasks_.size());
  }
  bool await_ready() const noexcept { return tasks_.empty(); }
  bool await_suspend(std::coroutine_handle<> h) {
    state_.continuation = h;
    state_.remaining = tasks_.size() + 1;  // +1: ours, released below
    for (std::size_t i = 0; i < tasks_.size(); ++i) when_all_one(std::move(tasks_[i]), state_, i);
    return --state_.remaining != 0;  // all finished synchronously: don't suspend
  }
  auto await_resume() {
    if (state_.error) std::rethrow_exception(state_.error);
    if constexpr (!std::is_void_v<T>) {
      std::vector<T> out;
      out.reserve(state_.values.size());
      for (auto& v : state_.values) out.push_back(std::move(*v));
      return out;
    }
  }

 private:
  std::vector<task<T>> tasks_;
  when_all_state<T> state_;
};

}  // namespace detail

/// Starts every task at once (each runs until its first suspension), then suspends until
/// all have finished; yields their values in order (nothing for `task<void>`). If any
/// threw, the first exception is rethrown after all finished.
///
/// Thread rule: the tasks must resume on the awaiting thread — true of actor calls, timers
/// and `run_on`, which always come back to the caller's shard.
///
/// @code
/// std::vector<quark::task<int>> calls;
/// for (auto& a : accounts) calls.push_back(balance_of(a));   // named coroutine, args by value
/// std::vector<int> balances = co_await quark::when_all(std::move(calls));
/// @endcode
template <class T>
[[nodiscard]] auto when_all(std::vector<task<T>> tasks) {
  return detail::when_all_awaiter<T>(std::move(tasks));
}

}  // namespace quark
