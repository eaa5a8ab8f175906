#include <quark/testing/temp_dir.hpp>
#include <quark/quark.hpp>
#include <quark/async/sync_wait.hpp>
#include <quark/sqlite/state_store.hpp>

#include <boost/describe.hpp>
#include <gtest/gtest.h>

#include <filesystem>

namespace state_test {

struct cart_state {
  std::vector<std::string> items;
  std::int64_t total_cents = 0;
};
BOOST_DESCRIBE_STRUCT(cart_state, (), (items, total_cents))

class cart : public quark::stateful_actor<cart, cart_state> {
 public:
  quark::task<std::size_t> add(std::string sku, std::int64_t cents) {
    state().items.push_back(std::move(sku));
    state().total_cents += cents;
    co_await save_state();
    co_return state().items.size();
  }
  /// Changes state without saving: persisted only by the deactivation flush.
  quark::task<void> add_unsaved(std::string sku) {
    state().items.push_back(std::move(sku));
    co_return;
  }
  quark::task<cart_state> view() { co_return state(); }
  quark::task<quark::state_version> stored_version() { co_return version(); }
  quark::task<void> empty() { co_await clear_state(); }
};

}  // namespace state_test

QUARK_ACTOR(state_test::cart, "test.state.cart", add, add_unsaved, view, stored_version, empty);

namespace state_test {
namespace {


quark::task<cart_state> view(quark::client& c, std::string key) { co_return co_await c.ref<cart>(key).call<&cart::view>(); }

TEST(state, saved_state_survives_shutdown_and_restart_on_sqlite) {
  quark::testing::temp_dir dir{"quark-state"};
  auto db = dir.path() / "state.db";
  {
    quark::silo silo{quark::silo_options{}.with_shards(2).with_store(quark::sqlite::open_state_store(db))};
    silo.run([](quark::client& c) -> quark::task<void> {
      co_await c.ref<cart>("alice").call<&cart::add>(std::string{"apple"}, 120);
      co_await c.ref<cart>("alice").call<&cart::add>(std::string{"pear"}, 80);
      co_await c.ref<cart>("alice").call<&cart::add_unsaved>(std::string{"fig"});  // flushed at shutdown
    });
  }
  quark::silo silo{quark::silo_options{}.with_shards(2).with_store(quark::sqlite::open_state_store(db))};
  auto s = silo.block_on(view(silo.client(), "alice"));
  EXPECT_EQ(s.items, (std::vector<std::string>{"apple", "pear", "fig"}));
  EXPECT_EQ(s.total_cents, 200);
}

TEST(state, missing_state_starts_as_default_at_version_zero) {
  quark::silo silo{quark::silo_options{}.with_shards(1)};
  auto s = silo.block_on(view(silo.client(), "nobody"));
  EXPECT_TRUE(s.items.empty());
  EXPECT_EQ(silo.block_on([](quark::client& c) -> quark::task<quark::state_version> {
              co_return co_await c.ref<cart>("nobody").call<&cart::stored_version>();
            }(silo.client())),
            0u);
}

TEST(state, a_stale_write_is_a_version_conflict_and_changes_nothing) {
  auto store = quark::make_memory_state_store();
  quark::silo first{quark::silo_options{}.with_shards(1).with_store(store)};
  quark::silo second{quark::silo_options{}.with_shards(1).with_store(store)};
  auto add = [](quark::client& c, std::string sku) -> quark::task<quark::result<std::size_t>> {
    co_return co_await c.ref<cart>("shared").try_call<&cart::add>(std::move(sku), 1);
  };
  ASSERT_TRUE(first.block_on(add(first.client(), "a")).has_value());   // v1, first caches v1
  ASSERT_TRUE(second.block_on(add(second.client(), "b")).has_value());  // second read v1 → v2
  auto stale = first.block_on(add(first.client(), "c"));               // first still at v1
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, quark::errc::version_conflict);
  boost::asio::io_context io;
  auto stored = quark::sync_wait(io, store->read("test.state.cart", "shared", quark::deadline::never()));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->version, 2u);
  EXPECT_EQ(quark::codec::from_json<cart_state>(stored->data).items, (std::vector<std::string>{"a", "b"}));
}

TEST(state, undecodable_stored_state_fails_activation_clearly_and_keeps_the_row) {
  quark::testing::temp_dir dir{"quark-state"};
  auto store = quark::sqlite::open_state_store(dir.path() / "bad.db");
  boost::asio::io_context io;
  quark::sync_wait(io, store->write("test.state.cart", "broken", "{not json", 0, quark::deadline::never()));
  quark::silo silo{quark::silo_options{}.with_shards(1).with_store(store)};
  auto r = silo.block_on([](quark::client& c) -> quark::task<quark::result<cart_state>> {
    co_return co_await c.ref<cart>("broken").try_call<&cart::view>();
  }(silo.client()));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, quark::errc::activation_failed);
  EXPECT_NE(r.error().message.find("stored state does not decode"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().context, "test.state.cart/broken");
  // The silo keeps serving other actors, and the bad row is still there, untouched.
  EXPECT_TRUE(silo.block_on(view(silo.client(), "fine")).items.empty());
  auto row = quark::sync_wait(io, store->read("test.state.cart", "broken", quark::deadline::never()));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->data, "{not json");
}

}  // namespace
}  // namespace state_test
