#pragma once
// Private: run a coroutine on another io_context (the state store's I/O thread) and resume
// the awaiting coroutine on its own shard. `quark::run_on` does this for a blocking function;
// this does it for a task.

#include <quark/async/detached.hpp>
#include <quark/async/run_on.hpp>
#include <quark/async/task.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace quark::postgres::detail {

/// Awaiter that starts `work` on `target` and resumes the awaiter on the caller's shard
/// (`quark::detail::current_io_context()` when it suspended), or inline on `target`'s
/// thread when the caller has no shard.
template <class T>
class remote_awaiter {
 public:
  remote_awaiter(boost::asio::io_context& target, task<T>& work) noexcept : target_(target), work_(work) {}

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    caller_ = h;
    home_ = quark::detail::current_io_context();
    boost::asio::post(target_, [this] { drive(this); });
  }
  T await_resume() {
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<T>) return std::move(*value_);
  }

 private:
  // Runs on `target`; touches nothing of `self` after handing the caller back.
  static quark::detail::detached drive(remote_awaiter* self) {
    try {
      if constexpr (std::is_void_v<T>) {
        co_await self->work_;
      } else {
        self->value_.emplace(co_await self->work_);
      }
    } catch (...) {
      self->error_ = std::current_exception();
    }
    std::coroutine_handle<> caller = self->caller_;
    if (boost::asio::io_context* home = self->home_) {
      boost::asio::post(*home, [caller] { caller.resume(); });
    } else {
      caller.resume();
    }
  }

  boost::asio::io_context& target_;
  task<T>& work_;
  std::coroutine_handle<> caller_;
  boost::asio::io_context* home_ = nullptr;
  std::conditional_t<std::is_void_v<T>, bool, std::optional<T>> value_{};
  std::exception_ptr error_;
};

/// Runs `work` on `target` (its thread) and resumes on the caller's shard with its result or
/// exception. `work` must not touch the caller's thread-bound objects.
template <class T>
task<T> run_task_on(boost::asio::io_context& target, task<T> work) {
  remote_awaiter<T> awaiter{target, work};
  co_return co_await awaiter;
}

}  // namespace quark::postgres::detail
