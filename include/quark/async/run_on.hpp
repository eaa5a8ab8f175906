#pragma once
/// @file
/// `quark::run_on`: run a blocking function on another executor (a storage thread) and
/// resume the awaiting coroutine back on its own shard.

#include <quark/async/task.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace quark {

namespace detail {
/// The `io_context` of the shard running on this thread, or nullptr off-shard.
boost::asio::io_context* current_io_context() noexcept;
/// Sets the calling thread's shard `io_context` (the runtime calls this once per shard thread).
void set_current_io_context(boost::asio::io_context* ctx) noexcept;
}  // namespace detail

namespace detail {

template <class Executor, class Fn>
class run_on_awaiter {
 public:
  using result_t = std::invoke_result_t<Fn&>;

  run_on_awaiter(Executor executor, Fn& fn) : executor_(std::move(executor)), fn_(fn) {}

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    boost::asio::io_context* home = current_io_context();
    boost::asio::post(executor_, [this, h, home] {
      try {
        if constexpr (std::is_void_v<result_t>) {
          fn_();
        } else {
          result_.emplace(fn_());
        }
      } catch (...) {
        error_ = std::current_exception();
      }
      if (home != nullptr) {
        boost::asio::post(*home, [h] { h.resume(); });
      } else {
        h.resume();
      }
    });
  }
  result_t await_resume() {
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<result_t>) return std::move(*result_);
  }

 private:
  Executor executor_;
  Fn& fn_;
  std::conditional_t<std::is_void_v<result_t>, bool, std::optional<result_t>> result_{};
  std::exception_ptr error_;
};

}  // namespace detail

/// Calls `fn()` on `executor` and resumes the awaiting coroutine on the caller's shard (or,
/// off-shard, on the executor's thread). `fn`'s exception is rethrown to the awaiter. Use it
/// for blocking libraries (SQLite); never block a shard thread.
///
/// It is a coroutine (not a bare awaiter) so that `fn` and the awaiter live as named objects
/// in its frame. Callers: never write a capturing lambda inside the `co_await` expression —
/// g++ 12 destroys such a temporary twice (GCC PR 100611); name it first.
///
/// @code
/// auto count = [sql] { return count_rows(sql); };
/// int rows = co_await quark::run_on(db_thread.get_executor(), std::move(count));
/// @endcode
template <class Executor, class Fn>
task<std::invoke_result_t<Fn&>> run_on(Executor executor, Fn fn) {
  detail::run_on_awaiter<Executor, Fn> awaiter{std::move(executor), fn};
  co_return co_await awaiter;
}

}  // namespace quark
