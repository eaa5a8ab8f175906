#include <quark/quark.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <gtest/gtest.h>

#include <quark/async/run_on.hpp>
#include <quark/async/use_task.hpp>

#include <vector>

namespace turns_test {

using namespace std::chrono_literals;

/// Awaits between read and write: a lost update appears if two turns interleave.
class counter : public quark::actor<counter> {
 public:
  quark::task<std::int64_t> add(std::int64_t n) {
    std::int64_t before = value_;
    co_await yield();
    value_ = before + n;
    co_return value_;
  }
  quark::task<std::int64_t> get() { co_return value_; }

 private:
  static quark::task<void> yield() {  // suspends the turn: lets other work run on the shard
    co_await boost::asio::post(*quark::detail::current_io_context(), quark::use_task);
  }
  std::int64_t value_ = 0;
};

/// Records how many calls are inside `enter` at once; `lobby` is reentrant, `booth` is not.
template <bool Reentrant>
class room : public quark::actor<room<Reentrant>> {
 public:
  static constexpr quark::actor_options options{.reentrant = Reentrant};
  quark::task<int> enter() {
    ++inside_;
    max_inside_ = std::max(max_inside_, inside_);
    boost::asio::steady_timer t{*quark::detail::current_io_context(), Reentrant ? 20ms : 5ms};
    co_await t.async_wait(quark::use_task);
    --inside_;
    co_return max_inside_;
  }

 private:
  int inside_ = 0;
  int max_inside_ = 0;
};
using lobby = room<true>;
using booth = room<false>;

/// Records arrival order.
class log : public quark::actor<log> {
 public:
  quark::task<void> append(int v) {
    seen_.push_back(v);
    co_return;
  }
  quark::task<std::vector<int>> seen() { co_return seen_; }

 private:
  std::vector<int> seen_;
};

}  // namespace turns_test

QUARK_ACTOR(turns_test::counter, "test.turns.counter", add, get);
QUARK_ACTOR(turns_test::lobby, "test.turns.lobby", enter);
QUARK_ACTOR(turns_test::booth, "test.turns.booth", enter);
QUARK_ACTOR(turns_test::log, "test.turns.log", append, seen);

namespace turns_test {

inline quark::task<void> caller(quark::actor_ref<counter> c, int times) {
  for (int i = 0; i < times; ++i) co_await c.call<&counter::add>(1);
}

class driver : public quark::actor<driver> {
 public:
  quark::task<void> run(quark::actor_ref<counter> target, int times) { co_await caller(target, times); }
};

}  // namespace turns_test

QUARK_ACTOR(turns_test::driver, "test.turns.driver", run);

namespace turns_test {
namespace {

quark::task<void> run_driver(quark::actor_ref<driver> d, quark::actor_ref<counter> target) {
  co_await d.call<&driver::run>(target, 1000);
}

TEST(turns, hundred_concurrent_callers_times_thousand_increments_end_at_exactly_100000) {
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  std::int64_t total = silo.block_on([](quark::client& c) -> quark::task<std::int64_t> {
    auto target = c.ref<counter>("shared");
    // 100 driver actors (placed over both shards) call the one counter concurrently.
    std::vector<quark::task<void>> runs;
    for (int i = 0; i < 100; ++i) runs.push_back(run_driver(c.ref<driver>("d" + std::to_string(i)), target));
    co_await quark::when_all(std::move(runs));
    co_return co_await target.call<&counter::get>();
  }(silo.client()));
  EXPECT_EQ(total, 100000);
}

quark::task<void> append(quark::actor_ref<log> l, int v) { co_await l.call<&log::append>(v); }

TEST(turns, calls_run_in_arrival_order) {
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  auto seen = silo.block_on([](quark::client& c) -> quark::task<std::vector<int>> {
    auto l = c.ref<log>("l");
    std::vector<quark::task<void>> pending;
    for (int i = 0; i < 50; ++i) pending.push_back(append(l, i));
    co_await quark::when_all(std::move(pending));  // started in order 0..49
    co_return co_await l.call<&log::seen>();
  }(silo.client()));
  std::vector<int> expected(50);
  for (int i = 0; i < 50; ++i) expected[i] = i;
  EXPECT_EQ(seen, expected);
}

quark::task<int> enter_lobby(quark::actor_ref<lobby> l) { co_return co_await l.call<&lobby::enter>(); }
quark::task<int> enter_booth(quark::actor_ref<booth> b) { co_return co_await b.call<&booth::enter>(); }

TEST(turns, reentrant_type_interleaves_and_non_reentrant_does_not) {
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  auto [reentrant_max, exclusive_max] = silo.block_on([](quark::client& c) -> quark::task<std::pair<int, int>> {
    std::vector<quark::task<int>> a;
    std::vector<quark::task<int>> b;
    for (int i = 0; i < 5; ++i) a.push_back(enter_lobby(c.ref<lobby>("l")));
    for (int i = 0; i < 5; ++i) b.push_back(enter_booth(c.ref<booth>("b")));
    auto ra = co_await quark::when_all(std::move(a));
    auto rb = co_await quark::when_all(std::move(b));
    co_return std::pair{*std::max_element(ra.begin(), ra.end()), *std::max_element(rb.begin(), rb.end())};
  }(silo.client()));
  EXPECT_EQ(reentrant_max, 5);
  EXPECT_EQ(exclusive_max, 1);
}

}  // namespace
}  // namespace turns_test
