#include "pg_test.hpp"

#include <quark/async/when_all.hpp>
#include <quark/postgres/error.hpp>
#include <quark/postgres/pool.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace quark::postgres::test {
namespace {

using namespace std::chrono_literals;

class pool_test : public pg_test {};

task<int> pooled_sleep_and_count(std::shared_ptr<pool> p, int i) {
  auto c = co_await p->acquire(deadline::after(10s));
  auto r = co_await c->query("SELECT $1::int, pg_sleep(0.02)", {i});
  co_return r.get<int>(0, 0);
}

task<std::vector<int>> all_of(std::vector<task<int>> calls) { co_return co_await when_all(std::move(calls)); }

TEST_F(pool_test, bad_options_are_config_errors) {
  EXPECT_THROW(pool::create(ctx_, {.conninfo = "x = 'unterminated"}), config_error);
  EXPECT_THROW(pool::create(ctx_, {.conninfo = url_, .max_size = 0}), config_error);
}

TEST_F(pool_test, concurrent_queries_share_a_bounded_pool) {
  auto p = pool::create(ctx_, {.conninfo = url_, .max_size = 3});
  std::vector<task<int>> calls;
  for (int i = 0; i < 12; ++i) calls.push_back(pooled_sleep_and_count(p, i));
  auto values = run(all_of(std::move(calls)));
  for (int i = 0; i < 12; ++i) EXPECT_EQ(values[static_cast<std::size_t>(i)], i);
  EXPECT_EQ(p->size(), 3u);
  EXPECT_EQ(p->idle(), 3u);
}

TEST_F(pool_test, acquire_times_out_when_all_are_busy_and_resumes_after_release) {
  auto p = pool::create(ctx_, {.conninfo = url_, .max_size = 2});
  auto a = run(p->acquire(deadline::after(10s)));
  auto b = run(p->acquire(deadline::after(10s)));
  auto start = clock::now();
  EXPECT_THROW(run(p->acquire(deadline::after(100ms))), timeout_error);
  EXPECT_GE(clock::now() - start, 90ms);
  a = pooled_connection{};  // give one back
  auto c = run(p->acquire(deadline::after(1s)));
  EXPECT_EQ(run(c->query("SELECT 5")).get<int>(0, 0), 5);
  EXPECT_EQ(p->size(), 2u);
}

TEST_F(pool_test, broken_connection_is_replaced) {
  auto p = pool::create(ctx_, {.conninfo = url_, .max_size = 1});
  {
    auto c = run(p->acquire(deadline::after(10s)));
    EXPECT_THROW(run(c->query("SELECT pg_sleep(5)", {}, deadline::after(100ms))), timeout_error);
  }
  EXPECT_EQ(p->size(), 0u) << "the timed-out connection was dropped";
  EXPECT_EQ(run(p->query("SELECT 3")).get<int>(0, 0), 3);
}

TEST_F(pool_test, server_restart_under_a_pool_never_hangs) {
  std::string services = env("QUARK_SERVICES");
  ASSERT_FALSE(services.empty()) << "QUARK_SERVICES is not set: run the tests through scripts/test";
  auto p = pool::create(ctx_, {.conninfo = url_, .max_size = 2});
  EXPECT_EQ(run(p->query("SELECT 1")).get<int>(0, 0), 1);
  ASSERT_EQ(std::system(("\"" + services + "\" restart postgres").c_str()), 0);
  auto start = clock::now();
  bool succeeded = false;
  for (int attempt = 0; attempt < 20 && !succeeded; ++attempt) {
    try {
      succeeded = run(p->query("SELECT 2", {}, deadline::after(5s))).get<int>(0, 0) == 2;
    } catch (const connection_error&) {
      // allowed while the server comes back; never a hang
    }
  }
  EXPECT_TRUE(succeeded);
  EXPECT_LT(clock::now() - start, 30s);
}

}  // namespace
}  // namespace quark::postgres::test
