#pragma once
/// @file
/// `quark::use_task`: an Asio completion token that lets a `quark::task` await any Asio
/// asynchronous operation (timers, sockets, posts).
///
/// @code
/// boost::asio::steady_timer t{executor, 10ms};
/// co_await t.async_wait(quark::use_task);           // throws boost::system::system_error
/// auto [ec] = co_await t.async_wait(quark::use_task_nothrow);  // returns the error code
/// @endcode
///
/// The coroutine resumes on the thread that runs the operation's completion handler (for an
/// I/O object, the thread running its `io_context`: the shard's own thread).

#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <coroutine>
#include <optional>
#include <tuple>
#include <utility>

namespace quark {

/// Completion token: the result of the operation is returned by `co_await`; a non-zero
/// leading `error_code` is thrown as `boost::system::system_error`.
struct use_task_t {};
inline constexpr use_task_t use_task{};

/// Completion token: `co_await` returns every completion argument as a tuple, errors included.
struct use_task_nothrow_t {};
inline constexpr use_task_nothrow_t use_task_nothrow{};

namespace detail {

template <bool Throw, class Init, class InitArgs, class... Results>
class async_awaiter {
 public:
  async_awaiter(Init init, InitArgs args) : init_(std::move(init)), args_(std::move(args)) {}

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    handle_ = h;
    std::apply([this](auto&&... a) { std::move(init_)(handler{this}, std::move(a)...); }, std::move(args_));
  }
  auto await_resume() {
    if constexpr (Throw) return unpack(std::move(*results_));
    else return std::move(*results_);
  }

 private:
  struct handler {
    async_awaiter* self;
    template <class... Args>
    void operator()(Args&&... args) {
      self->results_.emplace(std::forward<Args>(args)...);
      self->handle_.resume();
    }
  };

  static constexpr bool leading_error_code() {
    if constexpr (sizeof...(Results) == 0) {
      return false;
    } else {
      return std::is_same_v<std::tuple_element_t<0, std::tuple<Results...>>, boost::system::error_code>;
    }
  }

  static auto unpack(std::tuple<Results...>&& r) {
    if constexpr (leading_error_code()) {
      if (auto& ec = std::get<0>(r)) throw boost::system::system_error(ec);
      if constexpr (sizeof...(Results) == 1) return;
      else if constexpr (sizeof...(Results) == 2) return std::move(std::get<1>(r));
      else return std::apply([](auto&&, auto&&... rest) { return std::tuple{std::move(rest)...}; }, std::move(r));
    } else if constexpr (sizeof...(Results) == 0) {
      return;
    } else if constexpr (sizeof...(Results) == 1) {
      return std::move(std::get<0>(r));
    } else {
      return std::move(r);
    }
  }

  Init init_;
  InitArgs args_;
  std::coroutine_handle<> handle_;
  std::optional<std::tuple<Results...>> results_;
};

}  // namespace detail
}  // namespace quark

namespace boost::asio {

template <class... Results>
class async_result<quark::use_task_t, void(Results...)> {
 public:
  template <class Init, class... InitArgs>
  static auto initiate(Init init, quark::use_task_t, InitArgs... args) {
    return quark::detail::async_awaiter<true, Init, std::tuple<InitArgs...>, std::decay_t<Results>...>(
        std::move(init), std::tuple<InitArgs...>(std::move(args)...));
  }
};

template <class... Results>
class async_result<quark::use_task_nothrow_t, void(Results...)> {
 public:
  template <class Init, class... InitArgs>
  static auto initiate(Init init, quark::use_task_nothrow_t, InitArgs... args) {
    return quark::detail::async_awaiter<false, Init, std::tuple<InitArgs...>, std::decay_t<Results>...>(
        std::move(init), std::tuple<InitArgs...>(std::move(args)...));
  }
};

}  // namespace boost::asio
