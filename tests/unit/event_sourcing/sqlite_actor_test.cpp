// Event-sourced actors on the SQLite event store: the state survives reopening the file, and
// an actor with 10,000 events and snapshots every 100 rebuilds the state a full replay gives.

#include <quark/async/sync_wait.hpp>
#include <quark/quark.hpp>
#include <quark/sqlite/event_store.hpp>
#include <quark/testing/temp_dir.hpp>

#include <boost/describe.hpp>
#include <gtest/gtest.h>

namespace es_sqlite_test {

struct added {
  std::int64_t n = 0;
};
BOOST_DESCRIBE_STRUCT(added, (), (n))

struct tally {
  std::int64_t sum = 0;
  std::int64_t count = 0;
  std::int64_t checksum = 0;
};
BOOST_DESCRIBE_STRUCT(tally, (), (sum, count, checksum))

}  // namespace es_sqlite_test

QUARK_EVENT(es_sqlite_test::added, "test.es.sqlite.added", 1);

namespace es_sqlite_test {

class counter : public quark::event_sourced_actor<counter, tally, added> {
 public:
  quark::task<void> add_many(std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) co_await raise(added{i % 11});
  }
  quark::task<tally> view() { co_return state(); }
  static void apply(tally& s, const added& e) {
    s.sum += e.n;
    ++s.count;
    s.checksum = (s.checksum * 131 + e.n + 1) % 1000000007;
  }
};

}  // namespace es_sqlite_test

QUARK_ACTOR(es_sqlite_test::counter, "test.es.sqlite.counter", add_many, view);

namespace es_sqlite_test {
namespace {

tally view_of(const std::filesystem::path& db) {
  quark::silo silo{quark::silo_options{}.with_shards(1).with_events(quark::sqlite::open_event_store(db))};
  return silo.block_on([](quark::client& c) -> quark::task<tally> {
    co_return co_await c.ref<counter>("c").call<&counter::view>();
  }(silo.client()));
}

TEST(event_sourced_actor_on_sqlite, ten_thousand_events_with_snapshots_survive_reopening_and_match_a_full_replay) {
  quark::testing::temp_dir dir{"quark-es-sqlite"};
  const auto db = dir.path() / "events.db";
  {
    quark::silo silo{quark::silo_options{}.with_shards(1).with_events(quark::sqlite::open_event_store(db))};
    silo.block_on([](quark::client& c) -> quark::task<void> {
      co_await c.ref<counter>("c").call<&counter::add_many>(10'000);
    }(silo.client()));
  }
  auto store = quark::sqlite::open_event_store(db);
  boost::asio::io_context ctx;
  const auto snap = quark::sync_wait(ctx, store->load_snapshot("test.es.sqlite.counter/c", quark::deadline::never()));
  ASSERT_TRUE(snap.has_value());
  EXPECT_EQ(snap->version, 10'000u);
  tally replayed;
  for (const auto& e : quark::sync_wait(ctx, store->read("test.es.sqlite.counter/c", 1, 20'000, quark::deadline::never()))) {
    counter::apply(replayed, std::get<added>(counter::event_types::decode(e)));
  }
  store.reset();
  const tally recovered = view_of(db);
  EXPECT_EQ(recovered.count, 10'000);
  EXPECT_EQ(recovered.sum, replayed.sum);
  EXPECT_EQ(recovered.checksum, replayed.checksum);
}

}  // namespace
}  // namespace es_sqlite_test
