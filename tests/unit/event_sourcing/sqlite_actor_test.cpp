// Event-sourced actors on the SQLite event store: the state survives reopening the file, and
// an actor with 10,000 events and snapshots every 100 rebuilds the state a full replay gives.

#include "../../common/tally_actor.hpp"

#include <quark/sqlite/event_store.hpp>
#include <quark/testing/temp_dir.hpp>

#include <gtest/gtest.h>

namespace tally_test {
namespace {

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
  const auto snap = quark::sync_wait(ctx, store->load_snapshot(stream_of("c"), quark::deadline::never()));
  ASSERT_TRUE(snap.has_value());
  EXPECT_EQ(snap->version, 10'000u);
  const tally replayed = full_replay(*store, stream_of("c"));
  store.reset();

  quark::silo silo{quark::silo_options{}.with_shards(1).with_events(quark::sqlite::open_event_store(db))};
  const tally recovered = view(silo, "c");
  EXPECT_EQ(recovered.count, 10'000);
  EXPECT_EQ(recovered.sum, replayed.sum);
  EXPECT_EQ(recovered.checksum, replayed.checksum);
}

}  // namespace
}  // namespace tally_test
