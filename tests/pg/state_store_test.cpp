// What the conformance suite does not cover: options, the schema, the table's shape, and
// the thread an awaiting caller resumes on.

#include "pg_test.hpp"

#include <quark/async/detached.hpp>
#include <quark/postgres/error.hpp>
#include <quark/postgres/migrations.hpp>
#include <quark/postgres/state_store.hpp>

#include <future>
#include <random>
#include <thread>

namespace quark::postgres::test {
namespace {

using namespace std::chrono_literals;

class state_store_test : public pg_test {
 protected:
  void SetUp() override {
    pg_test::SetUp();
    if (HasFatalFailure()) return;
    std::random_device rd;
    schema_ = "t_store_" + std::to_string(rd() % 1'000'000'000u) + std::to_string(rd() % 1000u);
  }
  void TearDown() override {
    if (url_.empty()) return;
    auto c = connect();
    run(c->execute_script("DROP SCHEMA IF EXISTS " + c->quote_identifier(schema_) + " CASCADE"));
  }
  std::shared_ptr<quark::state_store> make() { return make_state_store({.conninfo = url_, .schema = schema_}); }
  std::unique_ptr<connection> connect_in_schema() {
    return run(connection::connect(ctx_, with_search_path(url_, schema_), deadline::after(10s)));
  }

  std::string schema_;
};

TEST_F(state_store_test, with_search_path_rewrites_urls_and_key_value_strings) {
  EXPECT_EQ(with_search_path("postgresql://u@h:5/db", ""), "postgresql://u@h:5/db");
  EXPECT_EQ(with_search_path("postgresql://u@h:5/db", "s1"),
            "user='u' dbname='db' host='h' port='5' options='-csearch_path=s1'");
  EXPECT_EQ(with_search_path("host=h options='-cwork_mem=1MB' password='a\\'b'", "s1"),
            "password='a\\'b' host='h' options='-cwork_mem=1MB -csearch_path=s1'");
}

TEST_F(state_store_test, bad_options_are_config_errors) {
  EXPECT_THROW(with_search_path(url_, "Public"), config_error);
  EXPECT_THROW(with_search_path(url_, "a;b"), config_error);
  EXPECT_THROW(with_search_path(url_, std::string(64, 'a')), config_error);
  EXPECT_THROW(with_search_path("x = 'unterminated", "s"), config_error);
  EXPECT_THROW(make_state_store({.conninfo = "x = 'unterminated"}), config_error);
  EXPECT_THROW(make_state_store({.conninfo = url_, .pool_size = 0, .schema = schema_}), config_error);
}

TEST_F(state_store_test, creates_the_schema_table_and_migration_record_once) {
  auto first = make();
  auto second = make();  // migrating again is a no-op
  EXPECT_EQ(run(second->write("counter", "a", std::string("\0x", 2), 0, deadline::after(10s))), 1u);
  auto c = connect_in_schema();
  EXPECT_EQ(run(applied_migrations(*c, std::string{state_store_component}, deadline::after(10s))),
            (std::vector<std::int64_t>{1}));
  auto r = run(c->query("SELECT type, key, version, data, updated_at IS NOT NULL AS stamped, "
                        "current_schema() AS schema FROM quark_state"));
  ASSERT_EQ(r.rows(), 1);
  EXPECT_EQ(r.get<std::string>(0, "type"), "counter");
  EXPECT_EQ(r.get<std::string>(0, "key"), "a");
  EXPECT_EQ(r.get<std::int64_t>(0, "version"), 1);
  EXPECT_EQ(r.bytes(0, 3), std::string("\0x", 2));
  EXPECT_TRUE(r.get<bool>(0, "stamped"));
  EXPECT_EQ(r.get<std::string>(0, "schema"), schema_);
}

task<bool> resumes_on_caller_thread(std::shared_ptr<quark::state_store> store) {
  auto before = std::this_thread::get_id();
  auto w = store->write("t", "k", "v", 0, deadline::after(10s));
  co_await w;
  bool same = std::this_thread::get_id() == before;
  auto r = store->read("t", "k", deadline::after(10s));
  auto got = co_await r;
  co_return same && std::this_thread::get_id() == before && got.has_value() && got->data == "v";
}

TEST_F(state_store_test, caller_resumes_on_its_own_shard) {
  auto store = make();
  EXPECT_TRUE(run(resumes_on_caller_thread(store)));
}

detail::detached read_off_shard(std::shared_ptr<quark::state_store> store, std::promise<std::string>& out) {
  try {
    auto r = store->read("t", "k", deadline::after(10s));
    auto got = co_await r;
    out.set_value(got ? got->data : "missing");
  } catch (...) {
    out.set_exception(std::current_exception());
  }
}

TEST_F(state_store_test, off_shard_caller_resumes_on_the_store_thread) {
  auto store = make();
  run(store->write("t", "k", "v", 0, deadline::after(10s)));
  std::promise<std::string> result;
  auto got = result.get_future();
  std::thread plain([&] { read_off_shard(store, result); });  // no io_context on this thread
  plain.join();
  ASSERT_EQ(got.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(got.get(), "v");
}

TEST_F(state_store_test, deadline_passing_while_blocked_times_out_and_the_store_recovers) {
  auto store = make();
  run(store->write("t", "k", "v1", 0, deadline::after(10s)));
  auto locker = connect_in_schema();
  int locker_pid = run(locker->query("SELECT pg_backend_pid()")).get<int>(0, 0);
  run(locker->execute_script("BEGIN"));
  run(locker->query("SELECT 1 FROM quark_state WHERE type = 't' AND key = 'k' FOR UPDATE"));
  auto start = clock::now();
  EXPECT_THROW(run(store->write("t", "k", "blocked", 1, deadline::after(300ms))), timeout_error);
  EXPECT_LT(clock::now() - start, 3s);
  // The cancel reaches the server asynchronously: wait until nothing waits on the lock any
  // more (until then the outcome of a timed-out write is unknown, as with any timeout).
  auto observer = connect();
  int blocked = 1;
  for (int i = 0; i < 100 && blocked > 0; ++i) {
    blocked = run(observer->query("SELECT count(*)::int FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))",
                                  {locker_pid}))
                  .get<int>(0, 0);
    if (blocked > 0) run(observer->query("SELECT pg_sleep(0.05)"));
  }
  EXPECT_EQ(blocked, 0) << "the timed-out UPDATE was not cancelled on the server";
  run(locker->execute_script("ROLLBACK"));
  EXPECT_EQ(run(store->write("t", "k", "v2", 1, deadline::after(10s))), 2u);
  auto got = run(store->read("t", "k", deadline::after(10s)));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->data, "v2");
  EXPECT_EQ(got->version, 2u);
}

TEST_F(state_store_test, unreachable_server_is_a_connection_error) {
  EXPECT_THROW(make_state_store({.conninfo = "postgresql://quark@127.0.0.1:1/quark?connect_timeout=2"}),
               connection_error);
}

}  // namespace
}  // namespace quark::postgres::test
