#include <quark/quark.hpp>

#include <quark/async/sync_wait.hpp>

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <thread>

namespace calls_test {

class greeter : public quark::actor<greeter> {
 public:
  quark::task<std::string> hello(std::string who) { co_return "hello " + who + " from " + key(); }
  quark::task<int> fail(int code) {
    if (code > 0) throw std::runtime_error("bad code " + std::to_string(code));
    co_return code;
  }
  quark::task<void> refuse() {
    throw quark::rejected("not today");
    co_return;
  }
  quark::task<int> count() { co_return ++calls_; }

 private:
  int calls_ = 0;
};

class relay : public quark::actor<relay> {
 public:
  // Receives a ref in a message and calls through it; also calls itself via self().
  quark::task<std::string> forward(quark::actor_ref<greeter> target) {
    co_return co_await target.call<&greeter::hello>(std::string{"relay"});
  }
  quark::task<std::string> my_key() { co_return self().key(); }
};

class sleeper : public quark::actor<sleeper> {
 public:
  quark::task<void> hang() {
    // Awaits a call that never gets a turn: the greeter "blocked" is stuck in this chain.
    co_await ref<sleeper>(key()).call<&sleeper::hang>();
  }
};

}  // namespace calls_test

QUARK_ACTOR(calls_test::greeter, "test.calls.greeter", hello, fail, refuse, count);
QUARK_ACTOR(calls_test::relay, "test.calls.relay", forward, my_key);
QUARK_ACTOR(calls_test::sleeper, "test.calls.sleeper", hang);

namespace calls_test {
namespace {

using namespace std::chrono_literals;

quark::silo_options two_shards() { return quark::silo_options{}.with_shards(2); }

TEST(calls, client_call_returns_the_method_result) {
  quark::silo silo{two_shards()};
  auto r = silo.block_on([](quark::client& c) -> quark::task<std::string> {
    co_return co_await c.ref<greeter>("g1").call<&greeter::hello>(std::string{"bob"});
  }(silo.client()));
  EXPECT_EQ(r, "hello bob from g1");
}

TEST(calls, one_activation_per_key_keeps_its_state_between_calls) {
  quark::silo silo{two_shards()};
  int last = silo.block_on([](quark::client& c) -> quark::task<int> {
    auto g = c.ref<greeter>("counter");
    int v = 0;
    for (int i = 0; i < 10; ++i) v = co_await g.call<&greeter::count>();
    co_return v;
  }(silo.client()));
  EXPECT_EQ(last, 10);
  EXPECT_EQ(silo.stats().activations, 1u);
}

TEST(calls, exception_reaches_caller_as_actor_error_naming_the_actor_and_method) {
  quark::silo silo{two_shards()};
  try {
    silo.block_on([](quark::client& c) -> quark::task<int> {
      co_return co_await c.ref<greeter>("g2").call<&greeter::fail>(7);
    }(silo.client()));
    FAIL() << "expected actor_error";
  } catch (const quark::actor_error& e) {
    EXPECT_EQ(e.code(), quark::errc::actor_failed);
    EXPECT_EQ(e.value().message, "bad code 7");
    EXPECT_EQ(e.value().context, "test.calls.greeter/g2::fail");
  }
}

TEST(calls, activation_keeps_serving_after_a_method_throws) {
  quark::silo silo{two_shards()};
  int v = silo.block_on([](quark::client& c) -> quark::task<int> {
    auto g = c.ref<greeter>("g3");
    auto failed = co_await g.try_call<&greeter::fail>(1);
    EXPECT_FALSE(failed.has_value());
    co_return co_await g.call<&greeter::fail>(0) + co_await g.call<&greeter::count>();
  }(silo.client()));
  EXPECT_EQ(v, 1);
}

TEST(calls, rejected_keeps_its_type) {
  quark::silo silo{two_shards()};
  EXPECT_THROW(silo.block_on([](quark::client& c) -> quark::task<void> {
                 co_await c.ref<greeter>("g4").call<&greeter::refuse>();
               }(silo.client())),
               quark::rejected);
}

TEST(calls, refs_travel_in_messages_and_self_names_the_actor) {
  quark::silo silo{two_shards()};
  auto [fwd, key] = silo.block_on([](quark::client& c) -> quark::task<std::pair<std::string, std::string>> {
    auto r = c.ref<relay>("r1");
    auto a = co_await r.call<&relay::forward>(c.ref<greeter>("target"));
    auto b = co_await r.call<&relay::my_key>();
    co_return std::pair{a, b};
  }(silo.client()));
  EXPECT_EQ(fwd, "hello relay from target");
  EXPECT_EQ(key, "r1");
}

TEST(calls, a_call_past_its_deadline_fails_with_timeout_naming_the_callee) {
  quark::silo silo{quark::silo_options{}.with_shards(2).with_call_timeout(200ms)};
  try {
    silo.block_on([](quark::client& c) -> quark::task<void> {
      co_await c.ref<sleeper>("s").call<&sleeper::hang>();
    }(silo.client()));
    FAIL() << "expected timeout_error";
  } catch (const quark::timeout_error& e) {
    EXPECT_EQ(e.value().context, "test.calls.sleeper/s::hang");
  }
}

TEST(calls, call_off_a_silo_thread_is_a_clear_error) {
  quark::silo silo{two_shards()};
  silo.start();
  auto t = [](quark::actor_ref<greeter> g) -> quark::task<int> { co_return co_await g.call<&greeter::count>(); };
  boost::asio::io_context ctx;
  try {
    quark::sync_wait(ctx, t(silo.client().ref<greeter>("x")));
    FAIL() << "expected an exception";
  } catch (const quark::exception& e) {
    EXPECT_EQ(e.code(), quark::errc::invalid_argument);
    EXPECT_NE(std::string{e.what()}.find("silo thread"), std::string::npos);
  }
}

}  // namespace
}  // namespace calls_test

namespace calls_test {

class spread : public quark::actor<spread> {
 public:
  static constexpr quark::actor_options options{.placement = quark::shard_placement::hashed};
  quark::task<std::thread::id> where() { co_return std::this_thread::get_id(); }
};

class nearby : public quark::actor<nearby> {
 public:
  quark::task<std::thread::id> where() { co_return std::this_thread::get_id(); }
};

}  // namespace calls_test

QUARK_ACTOR(calls_test::spread, "test.calls.spread", where);
QUARK_ACTOR(calls_test::nearby, "test.calls.nearby", where);

namespace calls_test {
namespace {

TEST(placement, hashed_type_spreads_over_every_shard) {
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  auto threads = silo.block_on([](quark::client& c) -> quark::task<std::set<std::thread::id>> {
    std::set<std::thread::id> seen;
    for (int i = 0; i < 64; ++i) seen.insert(co_await c.ref<spread>("k" + std::to_string(i)).call<&spread::where>());
    co_return seen;
  }(silo.client()));
  EXPECT_EQ(threads.size(), 2u);
}

TEST(placement, default_type_lands_on_the_callers_shard) {
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  bool local = silo.block_on([](quark::client& c) -> quark::task<bool> {
    auto here = std::this_thread::get_id();
    bool all = true;
    for (int i = 0; i < 8; ++i) all &= co_await c.ref<nearby>("n" + std::to_string(i)).call<&nearby::where>() == here;
    co_return all;
  }(silo.client()));
  EXPECT_TRUE(local);
}

}  // namespace
}  // namespace calls_test
