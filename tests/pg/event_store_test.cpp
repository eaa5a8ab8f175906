// The PostgreSQL event store beyond the conformance suite: read_all never skipping a
// transaction that commits late (a fixed case and a randomized one with writers holding
// their transactions open), rows of the wrong shape written by hand, a deadline passing
// while an append waits on a row of another transaction, bad JSON, cross-store wake-ups.
// Tests that hold a write transaction open hold back every read_all on the server, so they
// run alone (SERIAL in CMakeLists.txt).

#include "pg_test.hpp"

#include <quark/postgres/event_store.hpp>
#include <quark/postgres/state_store.hpp>
#include <quark/testing/event_store_conformance.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace quark::postgres::test {
namespace {

using namespace std::chrono_literals;
using quark::testing::make_event;

class event_store_test : public pg_test {
 protected:
  void SetUp() override {
    pg_test::SetUp();
    schema_ = fresh_schema("t_events");
  }
  void TearDown() override {
    store_.reset();
    if (!url_.empty()) drop_schema(schema_);
  }

  std::shared_ptr<event_store> open(std::chrono::milliseconds settle = 100ms, bool notify = true) {
    return make_event_store(
        {.conninfo = url_, .pool_size = 4, .schema = schema_, .notify = notify, .read_all_settle = settle});
  }
  /// A raw connection whose search_path is the test's schema.
  std::unique_ptr<connection> raw() {
    return run(connection::connect(ctx_, with_search_path(url_, schema_), deadline::after(10s)));
  }
  append_result append(const std::string& stream, expected_version expected = expected_version::any()) {
    std::vector<event_data> one;
    one.push_back(make_event(1));
    return run(store_->append(stream, std::move(one), expected, deadline::after(10s)));
  }
  std::vector<recorded_event> read_all(event_position after) {
    return run(store_->read_all(after, 1000, deadline::after(10s)));
  }

  std::string schema_;
  std::shared_ptr<event_store> store_;
};

TEST_F(event_store_test, read_all_waits_for_a_transaction_that_commits_late) {
  store_ = open();
  append("warm-up");
  const event_position checkpoint = read_all({}).back().position;

  // A: takes its transaction id first (its insert), commits last.
  auto a = raw();
  const uuid a_id = uuid::generate();
  run(a->execute_script("BEGIN"));
  run(a->query("INSERT INTO quark_events(stream, version, id, type, payload) VALUES ('a', 1, $1::uuid, 't', '{}')",
               {a_id.to_string()}));
  // B: commits while A is open.
  const append_result b = append("b", expected_version::no_stream());
  ASSERT_EQ(run(store_->read("b", 1, 10, deadline::after(10s))).size(), 1u) << "B is committed";
  EXPECT_TRUE(read_all(checkpoint).empty()) << "B must stay behind the open transaction A";

  run(a->execute_script("COMMIT"));
  const auto after = read_all(checkpoint);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].id, a_id);
  EXPECT_EQ(after[0].stream, "a");
  EXPECT_EQ(after[1].stream, "b");
  EXPECT_EQ(after[1].position, b.positions[0]);
  EXPECT_LT(after[0].position, after[1].position);
  EXPECT_LT(after[0].position.commit, after[1].position.commit);
}

TEST_F(event_store_test, tailing_reader_sees_every_commit_of_writers_holding_transactions_open) {
  store_ = open(20ms);
  constexpr int writers = 4;
  constexpr int transactions = 25;
  std::mutex mutex;
  std::set<std::string> committed;
  std::set<std::string> rolled_back;
  std::atomic<int> finished{0};
  std::string writer_error;
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      try {
        boost::asio::io_context io;
        auto c = sync_wait(io, connection::connect(io, with_search_path(url_, schema_), deadline::after(10s)));
        std::mt19937 rng(static_cast<unsigned>(w * 7919 + 1));
        std::int64_t version = 0;
        for (int t = 0; t < transactions; ++t) {
          const int events = 1 + static_cast<int>(rng() % 3);
          sync_wait(io, c->execute_script("BEGIN"));
          auto r = sync_wait(io, c->query("INSERT INTO quark_events(stream, version, id, type, payload) "
                                          "SELECT $1, $2::bigint + g, gen_random_uuid(), 'test.random', '{}' "
                                          "FROM generate_series(1, $3::int) g RETURNING id::text",
                                          {"w" + std::to_string(w), version, events}));
          std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 20));
          const bool commit = rng() % 10 != 0;
          sync_wait(io, c->execute_script(commit ? "COMMIT" : "ROLLBACK"));
          std::lock_guard lock{mutex};
          for (int i = 0; i < r.rows(); ++i) (commit ? committed : rolled_back).insert(r.get<std::string>(i, 0));
          if (commit) version += events;
        }
      } catch (const std::exception& e) {
        std::lock_guard lock{mutex};
        writer_error = e.what();
      }
      finished.fetch_add(1);
    });
  }
  std::vector<recorded_event> seen;
  event_position checkpoint{};
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < give_up) {
    const bool done = finished.load() == writers;
    auto page = run(store_->read_all(checkpoint, 7, deadline::after(10s)));
    for (auto& e : page) {
      checkpoint = e.position;
      seen.push_back(std::move(e));
    }
    std::lock_guard lock{mutex};
    if (done && seen.size() >= committed.size()) break;
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(writer_error, "");
  std::set<std::string> ids;
  std::map<std::string, stream_version> last;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const std::string id = seen[i].id.to_string();
    EXPECT_TRUE(ids.insert(id).second) << "delivered twice: " << id;
    EXPECT_FALSE(rolled_back.contains(id)) << "a rolled-back event was delivered";
    if (i > 0) {
      EXPECT_LT(seen[i - 1].position, seen[i].position) << "at " << i;
    }
    EXPECT_EQ(seen[i].version, last[seen[i].stream] + 1) << seen[i].stream;
    last[seen[i].stream] = seen[i].version;
  }
  EXPECT_EQ(ids, committed) << "the reader must end having seen every committed event";
  EXPECT_FALSE(rolled_back.empty()) << "the random schedule should roll back some transactions";
}

TEST_F(event_store_test, rows_of_the_wrong_shape_fail_their_read_naming_stream_and_version) {
  store_ = open();
  auto c = raw();
  const char* insert =
      "INSERT INTO quark_events(stream, version, id, type, schema_version, payload, metadata) "
      "VALUES ('junk', $1::bigint, gen_random_uuid(), 'test.junk', $2::int, $3::jsonb, $4::jsonb)";
  run(c->query(insert, {1, 1, "{}", "[1, 2]"}));
  run(c->query(insert, {2, 1, "{}", R"({"correlation_id": 5})"}));
  run(c->query(insert, {3, 1, "{}", R"({"values": [["only a key"]]})"}));
  run(c->query(insert, {4, 1, R"("just a string")", R"({"causation_id": "c", "extra": {"x": true}})"}));
  run(c->query(insert, {5, -1, "{}", "{}"}));
  for (stream_version v : {1u, 2u, 3u, 5u}) {
    SCOPED_TRACE(v);
    try {
      run(store_->read("junk", v, 1, deadline::after(10s)));
      ADD_FAILURE() << "a row of the wrong shape must not decode";
    } catch (const codec_error& e) {
      EXPECT_NE(std::string(e.what()).find("stream 'junk'"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("event " + std::to_string(v)), std::string::npos) << e.what();
    }
  }
  // Unknown keys and a payload that is not an object are fine: the payload is the user's.
  auto fine = run(store_->read("junk", 4, 1, deadline::after(10s)));
  ASSERT_EQ(fine.size(), 1u);
  EXPECT_EQ(fine[0].payload, R"("just a string")");
  EXPECT_EQ(fine[0].metadata.causation_id, "c");
  EXPECT_THROW(read_all({}), codec_error);
  // The store stays usable, and so does the stream.
  EXPECT_EQ(append("fine").version, 1u);
  EXPECT_EQ(append("junk", expected_version::exact(5)).version, 6u);
  EXPECT_EQ(run(store_->read("junk", 6, 10, deadline::after(10s))).size(), 1u);
}

TEST_F(event_store_test, deadline_passing_while_an_append_waits_on_another_transaction) {
  store_ = open();
  auto blocker = raw();
  const int blocker_pid = run(blocker->query("SELECT pg_backend_pid()")).get<int>(0, 0);
  run(blocker->execute_script("BEGIN"));
  run(blocker->query(
      "INSERT INTO quark_events(stream, version, id, type, payload) VALUES ('s', 1, gen_random_uuid(), 't', '{}')"));
  // The append inserts version 1 too and waits on the blocker's uncommitted key.
  std::vector<event_data> one;
  one.push_back(make_event(1));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(run(store_->append("s", std::move(one), expected_version::any(), deadline::after(300ms))),
               timeout_error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  // The cancel reaches the server asynchronously: wait until nothing waits on the blocker
  // (until then the outcome of the timed-out append is unknown, as with any timeout).
  auto observer = raw();
  int blocked = 1;
  for (int i = 0; i < 100 && blocked > 0; ++i) {
    blocked = run(observer->query("SELECT count(*)::int FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))",
                                  {blocker_pid}))
                  .get<int>(0, 0);
    if (blocked > 0) run(observer->query("SELECT pg_sleep(0.05)"));
  }
  EXPECT_EQ(blocked, 0) << "the timed-out append was not cancelled on the server";
  run(blocker->execute_script("ROLLBACK"));
  EXPECT_EQ(append("s", expected_version::no_stream()).version, 1u);
}

TEST_F(event_store_test, payload_that_is_not_json_is_refused) {
  store_ = open();
  auto bad = make_event(1);
  bad.payload = "{not json";
  std::vector<event_data> batch{bad};
  EXPECT_THROW(run(store_->append("s", std::move(batch), expected_version::any(), deadline::after(10s))),
               config_error);
  EXPECT_FALSE(run(store_->stream("s", deadline::after(10s))).has_value());
}

TEST_F(event_store_test, another_store_is_woken_through_notify) {
  store_ = open();
  auto other = open(100ms, true);
  run(other->appended().wait(0, 5s));  // its LISTEN loop signals once when it listens
  const std::uint64_t before = other->appended().generation();
  append("s");
  run(other->appended().wait(before, 5s));
  EXPECT_NE(other->appended().generation(), before);
}

}  // namespace
}  // namespace quark::postgres::test
