#include "pg_test.hpp"

#include <quark/async/when_all.hpp>
#include <quark/postgres/error.hpp>
#include <quark/postgres/migrations.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace quark::postgres::test {
namespace {

using namespace std::chrono_literals;


class migrations_test : public pg_test {
 protected:
  void SetUp() override {
    pg_test::SetUp();
    if (HasFatalFailure()) return;
    reset();
  }
  void TearDown() override {
    if (!url_.empty()) reset();
  }
  // Each test its own component and table: CTest runs tests in parallel processes.
  std::string name() const { return std::string{"mig_"} + ::testing::UnitTest::GetInstance()->current_test_info()->name(); }
  std::string table() const { return name() + "_items"; }
  std::vector<migration> steps() {
    sql_ = {"CREATE TABLE " + table() + "(id int PRIMARY KEY)",
            "ALTER TABLE " + table() + " ADD COLUMN name text; INSERT INTO " + table() + " VALUES (1, 'seed')"};
    return {{1, sql_[0]}, {2, sql_[1]}};
  }
  std::vector<std::string> sql_;
  void reset() {
    auto c = connect();
    run(c->execute_script("DROP TABLE IF EXISTS " + table()));
    if (run(c->query("SELECT to_regclass('quark_migrations') IS NOT NULL")).get<bool>(0, 0)) {
      run(c->query("DELETE FROM quark_migrations WHERE component = $1", {name()}));
    }
  }
};

TEST_F(migrations_test, applies_once_and_twice_is_a_noop) {
  auto all = steps();
  auto c = connect();
  EXPECT_EQ(run(apply_migrations(*c, name(), all, deadline::after(10s))), 2u);
  EXPECT_EQ(run(apply_migrations(*c, name(), all, deadline::after(10s))), 0u);
  EXPECT_EQ(run(applied_migrations(*c, name(), deadline::after(10s))), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(run(c->query("SELECT count(*)::int FROM " + table() + "")).get<int>(0, 0), 1);
}

TEST_F(migrations_test, failing_step_applies_nothing) {
  std::string create = "CREATE TABLE " + table() + "(id int)";
  const migration bad[] = {{1, create}, {2, "SELEKT nonsense"}};
  auto c = connect();
  try {
    run(apply_migrations(*c, name(), bad, deadline::after(10s)));
    FAIL() << "expected a pg_error";
  } catch (const pg_error& e) {
    EXPECT_NE(std::string{e.what()}.find("migration 2 of '" + name() + "' failed"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(run(applied_migrations(*c, name(), deadline::after(10s))).empty());
  EXPECT_FALSE(run(c->query("SELECT to_regclass('" + table() + "') IS NOT NULL")).get<bool>(0, 0));
}

TEST_F(migrations_test, bad_version_order_is_a_config_error) {
  auto all = steps();
  constexpr migration unordered[] = {{2, "SELECT 1"}, {1, "SELECT 1"}};
  auto c = connect();
  EXPECT_THROW(run(apply_migrations(*c, name(), unordered, deadline::after(10s))), config_error);
  EXPECT_THROW(run(apply_migrations(*c, "", all, deadline::after(10s))), config_error);
}

TEST_F(migrations_test, unknown_recorded_version_is_refused) {
  auto all = steps();
  auto c = connect();
  run(apply_migrations(*c, name(), all, deadline::after(10s)));
  EXPECT_THROW(run(apply_migrations(*c, name(), std::span{all.data(), 1}, deadline::after(10s))), storage_error);
}

TEST_F(migrations_test, concurrent_migrators_on_threads_apply_each_step_once) {
  constexpr int migrators = 4;
  auto all = steps();
  std::string component = name();
  std::vector<std::size_t> applied(migrators);
  std::vector<std::string> errors(migrators);
  std::vector<std::thread> threads;
  for (int i = 0; i < migrators; ++i) {
    threads.emplace_back([&, i] {
      boost::asio::io_context io;
      try {
        auto c = sync_wait(io, connection::connect(io, url_, deadline::after(10s)));
        applied[static_cast<std::size_t>(i)] = sync_wait(io, apply_migrations(*c, component, all, deadline::after(30s)));
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(i)] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  std::size_t total = 0;
  for (int i = 0; i < migrators; ++i) {
    EXPECT_EQ(errors[static_cast<std::size_t>(i)], "");
    total += applied[static_cast<std::size_t>(i)];
  }
  EXPECT_EQ(total, 2u);
  auto c = connect();
  EXPECT_EQ(run(applied_migrations(*c, name(), deadline::after(10s))), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(run(c->query("SELECT count(*)::int FROM " + table() + "")).get<int>(0, 0), 1);
}

}  // namespace
}  // namespace quark::postgres::test
