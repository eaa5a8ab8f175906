// quark::detail::run_spinning: runs an io_context as run() does, whether work arrives while
// it spins, after it fell asleep, or never.
#include <quark/async/detail/spin.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace {

using namespace std::chrono_literals;

// A producer thread posts `n` handlers, pausing `gap` between them, then releases the work
// guard: every handler runs, in order, on the runner's thread, and run_spinning returns
// their count once the work is gone.
void runs_everything_posted(std::chrono::nanoseconds spin, std::chrono::microseconds gap, int n) {
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  int ran = 0;
  bool in_order = true;
  std::thread::id runner;
  std::atomic<bool> other_thread{false};
  std::thread producer([&] {
    for (int i = 0; i < n; ++i) {
      boost::asio::post(io, [&, i] {
        in_order = in_order && ran == i;
        ++ran;
        if (std::this_thread::get_id() != runner) other_thread = true;
      });
      if (gap.count() > 0) std::this_thread::sleep_for(gap);  // makes idle gaps, not a sync
    }
    boost::asio::post(io, [&] { guard.reset(); });
  });
  runner = std::this_thread::get_id();
  const std::size_t handled = quark::detail::run_spinning(io, spin);
  producer.join();
  EXPECT_EQ(ran, n);
  EXPECT_TRUE(in_order);
  EXPECT_FALSE(other_thread.load());
  EXPECT_EQ(handled, static_cast<std::size_t>(n) + 1);
  EXPECT_TRUE(io.stopped());
}

TEST(run_spinning, runs_work_that_arrives_while_it_spins) { runs_everything_posted(1ms, 0us, 10'000); }

TEST(run_spinning, runs_work_that_arrives_after_it_fell_asleep) {
  // Gaps far longer than the spin: the runner sleeps in run_one() between handlers.
  runs_everything_posted(20us, 2'000us, 20);
}

TEST(run_spinning, without_a_spin_is_run) { runs_everything_posted(0ns, 100us, 50); }

TEST(run_spinning, returns_at_once_without_work) {
  boost::asio::io_context io;
  EXPECT_EQ(quark::detail::run_spinning(io, 1s), 0u);
  EXPECT_TRUE(io.stopped());
}

TEST(run_spinning, returns_when_stopped_while_spinning_or_asleep) {
  for (auto wait : {0us, 5'000us}) {
    boost::asio::io_context io;
    auto guard = boost::asio::make_work_guard(io);
    std::thread stopper([&] {
      if (wait.count() > 0) std::this_thread::sleep_for(wait);  // past the spin: asleep
      io.stop();
    });
    quark::detail::run_spinning(io, 100us);
    stopper.join();
    EXPECT_TRUE(io.stopped());
  }
}

}  // namespace
