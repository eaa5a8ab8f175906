#pragma once
/// @file
/// `quark::detail::detached`: an eagerly started, self-destroying coroutine for the runtime's
/// fire-and-forget work (turn drivers, timer ticks). Its body must not let exceptions escape.

#include <quark/async/detail/frame_pool.hpp>

#include <coroutine>
#include <exception>

namespace quark::detail {

/// Return type of a coroutine that starts immediately and frees itself when it ends.
/// An exception escaping the body terminates the process: catch inside.
struct detached {
  struct promise_type : pooled {
    detached get_return_object() const noexcept { return {}; }
    std::suspend_never initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    [[noreturn]] void unhandled_exception() const noexcept { std::terminate(); }
  };
};

}  // namespace quark::detail
