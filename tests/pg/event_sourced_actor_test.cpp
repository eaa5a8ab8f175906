// Event-sourced actors on the PostgreSQL event store: recovery from a snapshot plus the tail
// equals a full replay of 10,000 events, and a writer in another silo makes the caller fail
// with a version conflict while the activation reloads.

#include "../common/tally_actor.hpp"
#include "pg_test.hpp"

#include <quark/journal/projection.hpp>
#include <quark/postgres/event_store.hpp>

#include <gtest/gtest.h>

#include <mutex>

namespace tally_test {
namespace {

using quark::postgres::test::env;

class event_sourced_actor_on_postgres : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(env("QUARK_PG_URL").empty()) << quark::postgres::test::missing_url_message;
    schema_ = quark::postgres::test::fresh_schema("t_es_actor");
  }
  void TearDown() override { quark::postgres::test::drop_schema(schema_); }
  std::shared_ptr<quark::event_store> open() const {
    return quark::postgres::make_event_store({.conninfo = env("QUARK_PG_URL"), .pool_size = 4, .schema = schema_});
  }

  std::string schema_;
  boost::asio::io_context ctx_;
};

TEST_F(event_sourced_actor_on_postgres, ten_thousand_events_recover_from_snapshot_and_tail_as_a_full_replay) {
  auto store = open();
  const std::string stream = stream_of("big");
  // 9,950 events written as another process would, in batches (fast with fsync on).
  for (int batch = 0; batch < 19; ++batch) {
    std::vector<quark::event_data> events;
    const int n = batch < 18 ? 525 : 500;
    for (int i = 0; i < n; ++i) events.push_back(counter::event_types::encode(added{(batch * 7 + i) % 17}));
    quark::sync_wait(ctx_, store->append(stream, std::move(events), quark::expected_version::any(),
                                         quark::deadline::never()));
  }
  {
    quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
    EXPECT_EQ(view(silo, "big").count, 9'950);  // a full replay: no snapshot yet
    silo.block_on([](quark::client& c) -> quark::task<void> {
      co_await c.ref<counter>("big").call<&counter::add_many>(60);  // crosses 10,000
    }(silo.client()));
  }  // stopped: a due snapshot is flushed
  const auto snap = quark::sync_wait(ctx_, store->load_snapshot(stream, quark::deadline::never()));
  ASSERT_TRUE(snap.has_value());
  EXPECT_EQ(snap->version, 10'010u);

  const tally replayed = full_replay(*store, stream);
  quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
  const tally recovered = view(silo, "big");
  EXPECT_EQ(recovered.count, 10'010);
  EXPECT_EQ(recovered.sum, replayed.sum);
  EXPECT_EQ(recovered.checksum, replayed.checksum);
}

TEST_F(event_sourced_actor_on_postgres, a_writer_in_another_silo_makes_the_caller_fail_and_the_activation_reload) {
  auto store = open();
  quark::silo first{quark::silo_options{}.with_shards(1).with_events(store)};
  quark::silo second{quark::silo_options{}.with_shards(1).with_events(open())};
  auto add = [](quark::silo& silo, std::int64_t n) {
    return silo.block_on([](quark::client& c, std::int64_t v) -> quark::task<quark::result<std::int64_t>> {
      co_return co_await c.ref<counter>("shared").try_call<&counter::add>(v);
    }(silo.client(), n));
  };
  ASSERT_TRUE(add(first, 1).has_value());
  ASSERT_TRUE(add(second, 10).has_value());  // second activates after first's event: sum 11
  auto lost = add(first, 100);               // first is one event behind
  ASSERT_FALSE(lost.has_value());
  EXPECT_EQ(lost.error().code, quark::errc::version_conflict) << lost.error().describe();
  auto retried = add(first, 100);  // reloaded: sees second's event
  ASSERT_TRUE(retried.has_value()) << retried.error().describe();
  EXPECT_EQ(retried.value(), 111);
  EXPECT_EQ(full_replay(*store, stream_of("shared")).sum, 111);
}

// A projection on one store is woken by LISTEN/NOTIFY when another store (another process's)
// appends: with polling effectively off, every event still arrives, in order, once.
TEST_F(event_sourced_actor_on_postgres, a_projection_follows_appends_of_another_store_through_notify) {
  auto reader = open();
  auto writer = open();
  std::mutex mutex;
  std::vector<quark::recorded_event> seen;
  auto take = [&](const quark::recorded_event& e) {
    std::lock_guard lock{mutex};
    seen.push_back(e);
  };
  quark::projection p{reader, "test.pg.follow",
                      [&take](const quark::recorded_event& e) {
                        take(e);
                        return [](int) -> quark::task<void> { co_return; }(0);
                      },
                      {.poll_interval = std::chrono::hours(1)}};
  p.start();
  quark::event_position last;
  for (int i = 0; i < 5; ++i) {
    std::vector<quark::event_data> one{counter::event_types::encode(added{i})};
    last = quark::sync_wait(ctx_, writer->append(stream_of("follow"), std::move(one),
                                                 quark::expected_version::any(), quark::deadline::never()))
               .positions.back();
    ASSERT_TRUE(p.wait_until(last, std::chrono::seconds(20))) << "event " << i << " was not delivered";
  }
  p.stop();
  std::lock_guard lock{mutex};
  ASSERT_EQ(seen.size(), 5u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i].version, i + 1);
  EXPECT_EQ(quark::sync_wait(ctx_, reader->load_checkpoint("test.pg.follow", quark::deadline::never())), last);
}

}  // namespace
}  // namespace tally_test
