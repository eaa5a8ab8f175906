// Event-sourced actors: raise → append → apply, recovery from snapshot + tail, snapshots that
// cannot be trusted, concurrency errors that reload, and events that cannot be read.

#include <quark/async/sync_wait.hpp>
#include <quark/journal/event_sourced_actor.hpp>
#include <quark/quark.hpp>

#include <boost/describe.hpp>
#include <gtest/gtest.h>

namespace es_test {

struct deposited {
  std::int64_t cents = 0;
};
BOOST_DESCRIBE_STRUCT(deposited, (), (cents))
struct withdrawn {
  std::int64_t cents = 0;
};
BOOST_DESCRIBE_STRUCT(withdrawn, (), (cents))

struct balance {
  std::int64_t cents = 0;
  std::int64_t operations = 0;
  std::int64_t checksum = 0;  // order-sensitive: a replay in another order gives another value
};
BOOST_DESCRIBE_STRUCT(balance, (), (cents, operations, checksum))

}  // namespace es_test

QUARK_EVENT(es_test::deposited, "test.es.account.deposited", 1);
QUARK_EVENT(es_test::withdrawn, "test.es.account.withdrawn", 1);

namespace es_test {

class account : public quark::event_sourced_actor<account, balance, deposited, withdrawn> {
 public:
  static constexpr std::uint64_t snapshot_every = 100;

  quark::task<std::int64_t> deposit(std::int64_t cents) {
    co_await raise(deposited{cents});
    co_return state().cents;
  }
  quark::task<std::int64_t> withdraw(std::int64_t cents) {
    if (state().cents < cents) throw quark::rejected("insufficient funds");
    co_await raise(withdrawn{cents});
    co_return state().cents;
  }
  /// `count` deposits of 1..7 cents, one append each.
  quark::task<void> deposit_many(std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) co_await raise(deposited{1 + i % 7});
  }
  /// Two events in one append.
  quark::task<void> move(std::int64_t in, std::int64_t out) { co_await raise(deposited{in}, withdrawn{out}); }
  quark::task<balance> view() { co_return state(); }
  quark::task<quark::stream_version> at() { co_return version(); }

  static void apply(balance& s, const deposited& e) { fold(s, e.cents); }
  static void apply(balance& s, const withdrawn& e) { fold(s, -e.cents); }
  static void fold(balance& s, std::int64_t delta) {
    s.cents += delta;
    ++s.operations;
    s.checksum = (s.checksum * 31 + delta) % 1000000007;
  }
};

}  // namespace es_test

QUARK_ACTOR(es_test::account, "test.es.account", deposit, withdraw, deposit_many, move, view, at);

namespace es_test {
namespace {

using quark::expected_version;

quark::task<balance> view(quark::client& c, std::string key) {
  co_return co_await c.ref<account>(std::move(key)).call<&account::view>();
}

/// The state a full replay of the stream gives, folded here without the actor.
balance full_replay(quark::event_store& store, const std::string& stream) {
  boost::asio::io_context ctx;
  balance s;
  for (const auto& e : quark::sync_wait(ctx, store.read(stream, 1, 1'000'000, quark::deadline::never()))) {
    std::visit([&](const auto& ev) { account::apply(s, ev); }, account::event_types::decode(e));
  }
  return s;
}

void expect_same(const balance& a, const balance& b) {
  EXPECT_EQ(a.cents, b.cents);
  EXPECT_EQ(a.operations, b.operations);
  EXPECT_EQ(a.checksum, b.checksum);
}

/// Appends `count` deposits straight to the store (as another process would).
void append_raw(quark::event_store& store, const std::string& stream, int count, quark::stream_version at) {
  boost::asio::io_context ctx;
  std::vector<quark::event_data> batch;
  for (int i = 0; i < count; ++i) batch.push_back(account::event_types::encode(deposited{1 + i % 7}));
  quark::sync_wait(ctx, store.append(stream, std::move(batch), expected_version::exact(at), quark::deadline::never()));
}

TEST(event_sourced_actor, raise_appends_then_applies_and_state_survives_a_restart) {
  auto store = quark::make_memory_event_store();
  {
    quark::silo silo{quark::silo_options{}.with_shards(2).with_events(store)};
    silo.run([](quark::client& c) -> quark::task<void> {
      EXPECT_EQ(co_await c.ref<account>("ann").call<&account::deposit>(500), 500);
      EXPECT_EQ(co_await c.ref<account>("ann").call<&account::withdraw>(120), 380);
      auto refused = co_await c.ref<account>("ann").try_call<&account::withdraw>(1000);
      EXPECT_FALSE(refused.has_value());
      co_await c.ref<account>("ann").call<&account::move>(10, 5);
      EXPECT_EQ(co_await c.ref<account>("ann").call<&account::at>(), 4u);
    });
  }
  boost::asio::io_context ctx;
  const auto stored = quark::sync_wait(ctx, store->read("test.es.account/ann", 1, 100, quark::deadline::never()));
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(stored[0].type, "test.es.account.deposited");
  EXPECT_EQ(stored[1].type, "test.es.account.withdrawn");
  EXPECT_EQ(stored[2].position.sequence + 1, stored[3].position.sequence);  // one append

  quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
  const balance b = silo.block_on(view(silo.client(), "ann"));
  EXPECT_EQ(b.cents, 385);
  EXPECT_EQ(b.operations, 4);
}

TEST(event_sourced_actor, ten_thousand_events_with_snapshots_rebuild_the_full_replay_state) {
  auto store = quark::make_memory_event_store();
  balance before;
  {
    quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
    silo.block_on([](quark::client& c) -> quark::task<void> {
      co_await c.ref<account>("big").call<&account::deposit_many>(9'950);
      co_await c.ref<account>("big").call<&account::deposit_many>(50);
    }(silo.client()));
    before = silo.block_on(view(silo.client(), "big"));
  }
  boost::asio::io_context ctx;
  const auto snap = quark::sync_wait(ctx, store->load_snapshot("test.es.account/big", quark::deadline::never()));
  ASSERT_TRUE(snap.has_value());
  EXPECT_EQ(snap->version % 100, 0u);
  EXPECT_GE(snap->version, 9'900u);
  // Events after the snapshot, to make the recovery replay a tail.
  append_raw(*store, "test.es.account/big", 37, 10'000);

  quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
  const balance after = silo.block_on(view(silo.client(), "big"));
  const balance replayed = full_replay(*store, "test.es.account/big");
  expect_same(after, replayed);
  EXPECT_EQ(after.operations, 10'037);
  EXPECT_EQ(before.operations, 10'000);
}

void expect_ignored_snapshot_falls_back_to_full_replay(quark::snapshot bad) {
  auto store = quark::make_memory_event_store();
  append_raw(*store, "test.es.account/s", 250, 0);
  boost::asio::io_context ctx;
  quark::sync_wait(ctx, store->save_snapshot("test.es.account/s", std::move(bad), quark::deadline::never()));
  quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
  const balance b = silo.block_on(view(silo.client(), "s"));
  expect_same(b, full_replay(*store, "test.es.account/s"));
  EXPECT_EQ(b.operations, 250);
}

TEST(event_sourced_actor, a_corrupt_snapshot_falls_back_to_full_replay) {
  expect_ignored_snapshot_falls_back_to_full_replay(quark::snapshot{200, "1:cents,operations,checksum,", "{garbage"});
  expect_ignored_snapshot_falls_back_to_full_replay(
      quark::snapshot{200, "1:cents,operations,checksum,", R"({"cents":"lots"})"});
}

TEST(event_sourced_actor, a_snapshot_of_another_schema_is_ignored) {
  // A well-formed snapshot whose state would be wrong: taken under another state schema.
  expect_ignored_snapshot_falls_back_to_full_replay(quark::snapshot{200, "1:cents,", R"({"cents":999999})"});
  expect_ignored_snapshot_falls_back_to_full_replay(
      quark::snapshot{200, "2:cents,operations,checksum,", R"({"cents":999999,"operations":1,"checksum":0})"});
}

TEST(event_sourced_actor, a_concurrent_writer_makes_the_caller_fail_and_the_activation_reload) {
  auto store = quark::make_memory_event_store();
  quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
  EXPECT_EQ(silo.block_on(view(silo.client(), "race")).cents, 0);  // activated at version 0
  append_raw(*store, "test.es.account/race", 3, 0);                // another writer: +1 +2 +3
  auto lost = silo.block_on([](quark::client& c) -> quark::task<quark::result<std::int64_t>> {
    co_return co_await c.ref<account>("race").try_call<&account::deposit>(100);
  }(silo.client()));
  ASSERT_FALSE(lost.has_value());
  EXPECT_EQ(lost.error().code, quark::errc::version_conflict);
  EXPECT_NE(lost.error().describe().find("test.es.account/race"), std::string::npos) << lost.error().describe();
  // The activation reloaded: it sees the other writer's events and the retry succeeds.
  EXPECT_EQ(silo.block_on(view(silo.client(), "race")).cents, 6);
  EXPECT_EQ(silo.block_on([](quark::client& c) -> quark::task<std::int64_t> {
              co_return co_await c.ref<account>("race").call<&account::deposit>(100);
            }(silo.client())),
            106);
  EXPECT_EQ(full_replay(*store, "test.es.account/race").cents, 106);
}

quark::error activation_error_for(std::shared_ptr<quark::event_store> store, const std::string& key) {
  quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
  auto r = silo.block_on([](quark::client& c, std::string k) -> quark::task<quark::result<balance>> {
    co_return co_await c.ref<account>(std::move(k)).try_call<&account::view>();
  }(silo.client(), key));
  EXPECT_FALSE(r.has_value());
  return r.has_value() ? quark::error{} : r.error();
}

TEST(event_sourced_actor, an_unknown_event_type_fails_activation_naming_stream_version_and_type) {
  auto store = quark::make_memory_event_store();
  append_raw(*store, "test.es.account/odd", 2, 0);
  quark::event_data alien;
  alien.id = quark::uuid::generate();
  alien.type = "test.es.account.frozen";
  alien.payload = "{}";
  boost::asio::io_context ctx;
  quark::sync_wait(ctx, store->append("test.es.account/odd", {alien}, expected_version::exact(2), quark::deadline::never()));
  const quark::error e = activation_error_for(store, "odd");
  EXPECT_EQ(e.code, quark::errc::activation_failed);
  EXPECT_NE(e.describe().find("test.es.account/odd@3"), std::string::npos) << e.describe();
  EXPECT_NE(e.message.find("test.es.account.frozen"), std::string::npos) << e.describe();
  // Tools still read the whole stream.
  EXPECT_EQ(quark::sync_wait(ctx, store->read("test.es.account/odd", 1, 10, quark::deadline::never())).size(), 3u);
}

TEST(event_sourced_actor, a_garbage_payload_fails_activation_and_other_actors_keep_working) {
  auto store = quark::make_memory_event_store();
  quark::event_data garbage = account::event_types::encode(deposited{1});
  garbage.payload = "{\"cents\": oops";
  boost::asio::io_context ctx;
  quark::sync_wait(ctx, store->append("test.es.account/bad", {garbage}, expected_version::any(), quark::deadline::never()));
  const quark::error e = activation_error_for(store, "bad");
  EXPECT_NE(e.describe().find("test.es.account/bad@1"), std::string::npos) << e.describe();
  quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
  EXPECT_EQ(silo.block_on([](quark::client& c) -> quark::task<std::int64_t> {
              co_return co_await c.ref<account>("good").call<&account::deposit>(5);
            }(silo.client())),
            5);
}

TEST(event_sourced_actor, a_deleted_stream_refuses_new_events) {
  auto store = quark::make_memory_event_store();
  append_raw(*store, "test.es.account/gone", 2, 0);
  boost::asio::io_context ctx;
  quark::sync_wait(ctx, store->delete_stream("test.es.account/gone", expected_version::any(), quark::deadline::never()));
  quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
  auto r = silo.block_on([](quark::client& c) -> quark::task<quark::result<std::int64_t>> {
    co_return co_await c.ref<account>("gone").try_call<&account::deposit>(5);
  }(silo.client()));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, quark::errc::stream_deleted);
}

}  // namespace
}  // namespace es_test
