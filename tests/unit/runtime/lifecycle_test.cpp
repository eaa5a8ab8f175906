#include <quark/quark.hpp>
#include <quark/testing/manual_clock.hpp>

#include <gtest/gtest.h>

#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace lifecycle_test {

using namespace std::chrono_literals;

/// Journal of lifecycle events, shared by the test and the actors (guarded: shards are threads).
struct journal {
  static journal& get() {
    static journal j;
    return j;
  }
  void add(std::string e) {
    std::lock_guard lock{m};
    events.push_back(std::move(e));
  }
  std::vector<std::string> take() {
    std::lock_guard lock{m};
    return std::exchange(events, {});
  }
  std::mutex m;
  std::vector<std::string> events;
};

class session : public quark::actor<session> {
 public:
  quark::task<void> on_activate() override {
    journal::get().add("activate " + key());
    co_return;
  }
  quark::task<void> on_deactivate() override {
    journal::get().add("deactivate " + key());
    co_return;
  }
  quark::task<int> touch() { co_return ++touches_; }
  quark::task<void> leave() {
    deactivate_on_idle();
    co_return;
  }

 private:
  int touches_ = 0;
};

class short_lived : public quark::actor<short_lived> {
 public:
  static constexpr quark::actor_options options{.idle_timeout = std::chrono::seconds(10)};
  quark::task<void> on_deactivate() override {
    journal::get().add("deactivate short " + key());
    co_return;
  }
  quark::task<void> touch() { co_return; }
};

class fragile : public quark::actor<fragile> {
 public:
  static inline std::atomic<int> attempts{0};
  quark::task<void> on_activate() override {
    if (attempts.fetch_add(1) == 0) throw std::runtime_error("database not ready");
    co_return;
  }
  quark::task<int> ping() { co_return 1; }
};

}  // namespace lifecycle_test

QUARK_ACTOR(lifecycle_test::session, "test.lifecycle.session", touch, leave);
QUARK_ACTOR(lifecycle_test::short_lived, "test.lifecycle.short_lived", touch);
QUARK_ACTOR(lifecycle_test::fragile, "test.lifecycle.fragile", ping);

namespace lifecycle_test {
namespace {

quark::task<int> touch(quark::client& c, std::string key) { co_return co_await c.ref<session>(key).call<&session::touch>(); }

TEST(lifecycle, first_call_activates_and_shutdown_deactivates) {
  journal::get().take();
  {
    quark::silo silo{quark::silo_options{}.with_shards(2)};
    EXPECT_EQ(silo.block_on(touch(silo.client(), "a")), 1);
    EXPECT_EQ(journal::get().take(), std::vector<std::string>{"activate a"});
    silo.stop();
  }
  EXPECT_EQ(journal::get().take(), std::vector<std::string>{"deactivate a"});
}

TEST(lifecycle, idle_activations_are_collected_after_their_age_and_reactivate_fresh) {
  journal::get().take();
  quark::testing::manual_clock clock;
  quark::silo silo{quark::silo_options{}.with_shards(2).with_idle_timeout(15min).with_clock(clock.function())};
  silo.block_on(touch(silo.client(), "idle"));
  silo.block_on(touch(silo.client(), "idle"));
  clock.advance(14min);
  silo.collect_idle();
  EXPECT_EQ(silo.stats().activations, 1u);
  clock.advance(2min);
  silo.collect_idle();
  EXPECT_EQ(silo.stats().activations, 0u);
  EXPECT_EQ(silo.block_on(touch(silo.client(), "idle")), 1);  // a fresh instance
  EXPECT_EQ(journal::get().take(), (std::vector<std::string>{"activate idle", "deactivate idle", "activate idle"}));
}

TEST(lifecycle, per_type_idle_age_overrides_the_silo_default) {
  journal::get().take();
  quark::testing::manual_clock clock;
  quark::silo silo{quark::silo_options{}.with_shards(1).with_idle_timeout(15min).with_clock(clock.function())};
  silo.block_on([](quark::client& c) -> quark::task<void> {
    co_await c.ref<short_lived>("s").call<&short_lived::touch>();
    co_await c.ref<session>("long").call<&session::touch>();
  }(silo.client()));
  clock.advance(11s);
  silo.collect_idle();
  auto events = journal::get().take();
  EXPECT_EQ(events, (std::vector<std::string>{"activate long", "deactivate short s"}));
  EXPECT_EQ(silo.stats().activations, 1u);
}

TEST(lifecycle, bound_on_live_activations_evicts_the_least_recently_used) {
  journal::get().take();
  quark::silo silo{quark::silo_options{}.with_shards(1).with_max_activations(3)};
  silo.block_on([](quark::client& c) -> quark::task<void> {
    for (std::string k : {"k1", "k2", "k3"}) co_await c.ref<session>(k).call<&session::touch>();
    co_await c.ref<session>("k1").call<&session::touch>();  // k2 is now the least recently used
    co_await c.ref<session>("k4").call<&session::touch>();
    co_await c.ref<session>("k5").call<&session::touch>();
  }(silo.client()));
  silo.collect_idle();  // waits for the evictions' deactivations (nothing is idle long enough)
  auto events = journal::get().take();
  std::vector<std::string> deactivated;
  for (auto& e : events) {
    if (e.starts_with("deactivate")) deactivated.push_back(e);
  }
  EXPECT_EQ(deactivated, (std::vector<std::string>{"deactivate k2", "deactivate k3"}));
  EXPECT_LE(silo.stats().activations, 3u);
}

TEST(lifecycle, deactivate_on_idle_ends_the_activation_after_the_turn) {
  journal::get().take();
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  int second = silo.block_on([](quark::client& c) -> quark::task<int> {
    auto s = c.ref<session>("bye");
    co_await s.call<&session::touch>();
    co_await s.call<&session::leave>();
    co_return co_await s.call<&session::touch>();  // a new activation serves it
  }(silo.client()));
  EXPECT_EQ(second, 1);
  EXPECT_EQ(journal::get().take(), (std::vector<std::string>{"activate bye", "deactivate bye", "activate bye"}));
}

TEST(lifecycle, failed_on_activate_fails_the_call_and_the_next_call_retries) {
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  fragile::attempts = 0;
  auto first = silo.block_on([](quark::client& c) -> quark::task<quark::result<int>> {
    co_return co_await c.ref<fragile>("f").try_call<&fragile::ping>();
  }(silo.client()));
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().code, quark::errc::activation_failed);
  EXPECT_EQ(first.error().message, "database not ready");
  int second = silo.block_on([](quark::client& c) -> quark::task<int> {
    co_return co_await c.ref<fragile>("f").call<&fragile::ping>();
  }(silo.client()));
  EXPECT_EQ(second, 1);
}

TEST(lifecycle, stopped_silo_refuses_new_client_work) {
  quark::silo silo{quark::silo_options{}.with_shards(1)};
  silo.block_on(touch(silo.client(), "x"));
  silo.stop();
  EXPECT_THROW(silo.block_on(touch(silo.client(), "x")), quark::shutdown_error);
}

TEST(lifecycle, invalid_options_are_a_clear_error) {
  EXPECT_THROW(quark::silo{quark::silo_options{}.with_call_timeout(0s)}, quark::config_error);
  EXPECT_THROW(quark::silo{quark::silo_options{}.with_collection_quantum(-1s)}, quark::config_error);
}

}  // namespace
}  // namespace lifecycle_test
