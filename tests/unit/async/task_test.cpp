#include <quark/async/task.hpp>
#include <quark/async/run_on.hpp>
#include <quark/async/sync_wait.hpp>
#include <quark/async/use_task.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace {

using namespace std::chrono_literals;

quark::task<int> twice(int x) { co_return 2 * x; }

quark::task<int> nested(int depth) {
  if (depth == 0) co_return 0;
  co_return 1 + co_await nested(depth - 1);
}

quark::task<void> fails() {
  throw std::runtime_error("boom");
  co_return;
}

TEST(task, returns_value_through_await) {
  boost::asio::io_context ctx;
  EXPECT_EQ(quark::sync_wait(ctx, twice(21)), 42);
}

TEST(task, nested_awaits_return_through_every_level) {
  boost::asio::io_context ctx;
  EXPECT_EQ(quark::sync_wait(ctx, nested(1000)), 1000);
}

quark::task<std::int64_t> sum_of_sync_awaits(int n) {
  std::int64_t sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await twice(i);
  co_return sum;
}

// A loop of awaits whose tasks finish without suspending must run in constant stack, in a
// debug build too (where symmetric transfer is no tail call): 2 million iterations would
// need gigabytes of stack otherwise.
TEST(task, a_long_loop_of_synchronous_awaits_runs_in_constant_stack) {
  boost::asio::io_context ctx;
  constexpr int n = 2'000'000;
  EXPECT_EQ(quark::sync_wait(ctx, sum_of_sync_awaits(n)), static_cast<std::int64_t>(n) * (n - 1));
}

// The awaiter resumes correctly whichever side finishes first when the task completes on
// another thread.
quark::task<int> hop_to(boost::asio::thread_pool& pool, int times) {
  int total = 0;
  for (int i = 0; i < times; ++i) {
    auto work = [i] { return i % 3; };
    auto hop = quark::run_on(pool.get_executor(), std::move(work));
    total += co_await hop;
  }
  co_return total;
}

TEST(task, a_task_finishing_on_another_thread_resumes_its_awaiter_once) {
  boost::asio::io_context ctx;
  boost::asio::thread_pool pool{2};
  int expected = 0;
  for (int i = 0; i < 2000; ++i) expected += i % 3;
  EXPECT_EQ(quark::sync_wait(ctx, hop_to(pool, 2000)), expected);
  pool.join();
}

TEST(task, exception_reaches_awaiter) {
  boost::asio::io_context ctx;
  EXPECT_THROW(quark::sync_wait(ctx, fails()), std::runtime_error);
}

quark::task<int> wait_timer(boost::asio::io_context& ctx) {
  boost::asio::steady_timer t{ctx, 1ms};
  co_await t.async_wait(quark::use_task);
  auto [ec] = co_await t.async_wait(quark::use_task_nothrow);  // already expired: completes at once
  co_return ec ? -1 : 7;
}

TEST(task, use_task_awaits_asio_operations) {
  boost::asio::io_context ctx;
  EXPECT_EQ(quark::sync_wait(ctx, wait_timer(ctx)), 7);
}

quark::task<bool> hop(boost::asio::thread_pool& pool) {
  auto home = std::this_thread::get_id();
  auto there = co_await quark::run_on(pool.get_executor(), [] { return std::this_thread::get_id(); });
  co_return there != home && std::this_thread::get_id() == home;
}

TEST(task, run_on_executes_elsewhere_and_resumes_at_home) {
  boost::asio::io_context ctx;
  boost::asio::thread_pool pool{1};
  EXPECT_TRUE(quark::sync_wait(ctx, hop(pool)));
}

quark::task<void> hop_throw(boost::asio::thread_pool& pool) {
  co_await quark::run_on(pool.get_executor(), []() -> void { throw std::logic_error("db"); });
}

TEST(task, run_on_rethrows_the_function_error) {
  boost::asio::io_context ctx;
  boost::asio::thread_pool pool{1};
  EXPECT_THROW(quark::sync_wait(ctx, hop_throw(pool)), std::logic_error);
}

}  // namespace

namespace {

quark::task<std::size_t> hop_capture(boost::asio::thread_pool& pool, std::string text) {
  // Named, not written inside the co_await expression: g++ 12 destroys a capturing lambda
  // temporary of a co_await expression twice (GCC PR 100611). See docs/adr/0002.
  auto size_of = [t = std::move(text)] { return t.size(); };
  co_return co_await quark::run_on(pool.get_executor(), std::move(size_of));
}

TEST(task, run_on_keeps_captured_state_alive_and_destroys_it_once) {
  boost::asio::io_context ctx;
  boost::asio::thread_pool pool{1};
  std::string long_text(100, 'x');  // beyond the small-string buffer: a double free would show
  EXPECT_EQ(quark::sync_wait(ctx, hop_capture(pool, long_text)), 100u);
}

}  // namespace
