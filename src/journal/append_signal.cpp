#include <quark/async/run_on.hpp>
#include <quark/async/use_task.hpp>
#include <quark/base/error.hpp>
#include <quark/journal/append_signal.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>

namespace quark {

struct append_signal::waiter {
  explicit waiter(boost::asio::io_context& ctx) : timer(ctx) {}
  boost::asio::steady_timer timer;
};

append_signal::append_signal() = default;
append_signal::~append_signal() = default;

void append_signal::notify() {
  generation_.fetch_add(1, std::memory_order_acq_rel);
  std::lock_guard lock{mutex_};
  for (const auto& w : waiters_) {
    // The cancel runs on the waiter's own io_context: a steady_timer is not thread-safe.
    boost::asio::post(w->timer.get_executor(), [w] { w->timer.cancel(); });
  }
}

task<void> append_signal::wait(std::uint64_t seen, clock::duration max_wait) {
  boost::asio::io_context* ctx = detail::current_io_context();
  if (ctx == nullptr) {
    throw config_error(errc::invalid_argument, "append_signal::wait needs a thread that runs an io_context");
  }
  auto w = std::make_shared<waiter>(*ctx);
  w->timer.expires_after(max_wait);
  {
    std::lock_guard lock{mutex_};
    waiters_.push_back(w);
  }
  if (generation() == seen) {
    auto wait = w->timer.async_wait(use_task_nothrow);
    co_await wait;
  }
  std::lock_guard lock{mutex_};
  waiters_.erase(std::find(waiters_.begin(), waiters_.end(), w));
}

}  // namespace quark
