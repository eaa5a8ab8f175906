#include <quark/quark.hpp>
#include <quark/testing/manual_clock.hpp>

#include <boost/asio/steady_timer.hpp>
#include <gtest/gtest.h>

#include <quark/async/run_on.hpp>
#include <quark/async/use_task.hpp>

#include <atomic>
#include <future>

namespace workers_timers_test {

using namespace std::chrono_literals;

struct gauge {
  std::atomic<int> live{0};
  std::atomic<int> max_live{0};
  std::atomic<int> busy{0};
  std::atomic<int> max_busy{0};
  static void raise(std::atomic<int>& v, std::atomic<int>& max) {
    int now = ++v;
    int seen = max.load();
    while (now > seen && !max.compare_exchange_weak(seen, now)) {
    }
  }
};
inline gauge workers;

/// Stateless worker pool of at most 4 whose method awaits I/O (a timer).
class resizer : public quark::actor<resizer> {
 public:
  static constexpr quark::actor_options options{.stateless = quark::stateless_workers{.min = 1, .max = 4}};
  quark::task<void> on_activate() override {
    gauge::raise(workers.live, workers.max_live);
    co_return;
  }
  quark::task<void> on_deactivate() override {
    --workers.live;
    co_return;
  }
  quark::task<int> resize(int px) {
    gauge::raise(workers.busy, workers.max_busy);
    boost::asio::steady_timer t{*quark::detail::current_io_context(), 20ms};
    co_await t.async_wait(quark::use_task);
    --workers.busy;
    co_return px / 2;
  }
};

/// A timer that counts ticks and reports when it reached a target.
class ticker : public quark::actor<ticker> {
 public:
  quark::task<void> start(int target) {
    target_ = target;
    timer_ = start_timer(&ticker::tick, 1ms, 1ms);
    co_return;
  }
  quark::task<int> ticks() { co_return ticks_; }
  quark::task<int> overlaps() { co_return overlaps_; }
  quark::task<void> stop() {
    timer_.cancel();
    co_return;
  }
  quark::task<void> leave() {
    deactivate_on_idle();
    co_return;
  }
  quark::task<void> on_deactivate() override {
    deactivated_ticks = ticks_;
    co_return;
  }

  static inline std::promise<void>* reached = nullptr;
  static inline std::atomic<int> deactivated_ticks{-1};

 private:
  quark::task<void> tick() {
    if (in_tick_) ++overlaps_;
    in_tick_ = true;
    boost::asio::steady_timer t{*quark::detail::current_io_context(), 3ms};  // longer than the period
    co_await t.async_wait(quark::use_task);
    in_tick_ = false;
    if (++ticks_ == target_ && reached != nullptr) reached->set_value();
  }
  quark::timer timer_;
  int target_ = 0;
  int ticks_ = 0;
  int overlaps_ = 0;
  bool in_tick_ = false;
};

}  // namespace workers_timers_test

QUARK_ACTOR(workers_timers_test::resizer, "test.workers.resizer", resize);
QUARK_ACTOR(workers_timers_test::ticker, "test.timers.ticker", start, ticks, overlaps, stop, leave);

namespace workers_timers_test {

inline quark::task<int> resize_one(quark::actor_ref<resizer> r, int px) { co_return co_await r.call<&resizer::resize>(px); }

namespace {

TEST(stateless_workers, pool_grows_past_one_instance_for_awaiting_calls_and_never_exceeds_max) {
  workers.max_live = 0;
  workers.max_busy = 0;
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  auto results = silo.block_on([](quark::client& c) -> quark::task<std::vector<int>> {
    std::vector<quark::task<int>> calls;
    for (int i = 0; i < 40; ++i) calls.push_back(resize_one(c.ref<resizer>("pool"), 100 + i));
    co_return co_await quark::when_all(std::move(calls));
  }(silo.client()));
  ASSERT_EQ(results.size(), 40u);
  EXPECT_EQ(results[7], 53);
  EXPECT_EQ(workers.max_busy.load(), 4);  // scaled past one instance, up to max
  EXPECT_EQ(workers.max_live.load(), 4);  // never more than max instances
}

TEST(stateless_workers, idle_extras_are_removed_down_to_min) {
  workers.live = 0;
  quark::testing::manual_clock clock;
  quark::silo silo{quark::silo_options{}.with_shards(1).with_collection_quantum(1s).with_clock(clock.function())};
  silo.block_on([](quark::client& c) -> quark::task<void> {
    std::vector<quark::task<int>> calls;
    for (int i = 0; i < 8; ++i) calls.push_back(resize_one(c.ref<resizer>("pool"), i));
    co_await quark::when_all(std::move(calls));
  }(silo.client()));
  EXPECT_EQ(workers.live.load(), 4);
  clock.advance(2s);
  silo.collect_idle();
  EXPECT_EQ(workers.live.load(), 1);  // min stays warm
}

TEST(timers, ticks_run_as_turns_never_overlap_and_stop_on_cancel) {
  std::promise<void> reached;
  ticker::reached = &reached;
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  silo.block_on([](quark::client& c) -> quark::task<void> { co_await c.ref<ticker>("t").call<&ticker::start>(5); }(
      silo.client()));
  ASSERT_EQ(reached.get_future().wait_for(10s), std::future_status::ready);
  auto [ticks, overlaps] = silo.block_on([](quark::client& c) -> quark::task<std::pair<int, int>> {
    auto t = c.ref<ticker>("t");
    co_await t.call<&ticker::stop>();
    int a = co_await t.call<&ticker::ticks>();
    boost::asio::steady_timer wait{*quark::detail::current_io_context(), 30ms};
    co_await wait.async_wait(quark::use_task);
    int b = co_await t.call<&ticker::ticks>();
    EXPECT_EQ(a, b) << "ticks continued after cancel";
    co_return std::pair{b, co_await t.call<&ticker::overlaps>()};
  }(silo.client()));
  EXPECT_GE(ticks, 5);
  EXPECT_EQ(overlaps, 0);
  ticker::reached = nullptr;
}

TEST(timers, deactivation_cancels_the_timers) {
  std::promise<void> reached;
  ticker::reached = &reached;
  ticker::deactivated_ticks = -1;
  quark::silo silo{quark::silo_options{}.with_shards(1)};
  silo.block_on([](quark::client& c) -> quark::task<void> { co_await c.ref<ticker>("t2").call<&ticker::start>(3); }(
      silo.client()));
  ASSERT_EQ(reached.get_future().wait_for(10s), std::future_status::ready);
  ticker::reached = nullptr;
  silo.block_on([](quark::client& c) -> quark::task<void> { co_await c.ref<ticker>("t2").call<&ticker::leave>(); }(
      silo.client()));
  silo.collect_idle();
  EXPECT_EQ(silo.stats().activations, 0u);  // the armed timer did not keep it alive
  EXPECT_GE(ticker::deactivated_ticks.load(), 3);
}

}  // namespace
}  // namespace workers_timers_test
