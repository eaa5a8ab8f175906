#pragma once
/// @file
/// `quark::sync_wait`: drive a task to completion on an `io_context` run by the calling
/// thread. For tests, tools and `main`; never call it from a shard thread (it would block it).

#include <quark/async/detached.hpp>
#include <quark/async/detail/spin.hpp>
#include <quark/async/run_on.hpp>
#include <quark/async/task.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <type_traits>

namespace quark {

/// Runs `ctx` on this thread until `t` finishes; returns its value or rethrows its exception.
/// The calling thread becomes `ctx`'s shard thread for the duration (run_on resumes here).
/// Like a shard, when it runs out of work it polls `ctx` for up to 50 µs before sleeping, as
/// long as its recent idle gaps were that short (`detail::run_spinning`): a reply that comes
/// straight back from another thread then finds it awake, and a slow one costs no spinning.
template <class T>
T sync_wait(boost::asio::io_context& ctx, task<T> t) {
  std::conditional_t<std::is_void_v<T>, bool, std::optional<T>> value{};
  std::exception_ptr error;
  bool done = false;
  auto driver = [](task<T> inner, auto& out, std::exception_ptr& err, bool& finished,
                   boost::asio::io_context& c) -> detail::detached {
    try {
      if constexpr (std::is_void_v<T>) {
        co_await inner;
      } else {
        out.emplace(co_await inner);
      }
    } catch (...) {
      err = std::current_exception();
    }
    finished = true;
    c.stop();
  };
  auto* previous = detail::current_io_context();
  detail::set_current_io_context(&ctx);
  auto guard = boost::asio::make_work_guard(ctx);
  ctx.restart();
  boost::asio::post(ctx, [&] { driver(std::move(t), value, error, done, ctx); });
  while (!done) {
    detail::run_spinning(ctx, std::chrono::microseconds{50});
    if (!done) ctx.restart();
  }
  detail::set_current_io_context(previous);
  ctx.restart();
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<T>) return std::move(*value);
}

}  // namespace quark
