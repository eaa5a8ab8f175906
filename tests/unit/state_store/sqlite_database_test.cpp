// quark::sqlite::database, connection, statement and transaction.

#include "temp_dir.hpp"

#include <quark/async/sync_wait.hpp>
#include <quark/sqlite/database.hpp>
#include <quark/sqlite/error.hpp>
#include <quark/sqlite/transaction.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <thread>

namespace {

using namespace std::chrono_literals;
using quark::sqlite::blob;
using quark::sqlite::connection;
using quark::sqlite::database;

class sqlite_database : public ::testing::Test {
 protected:
  template <class T>
  T wait(quark::task<T> t) {
    return quark::sync_wait(ctx_, std::move(t));
  }
  template <class Fn>
  auto blocking(Fn fn) {
    return db_->run_blocking(std::move(fn));
  }

  quark::test::temp_dir dir_;
  std::shared_ptr<database> db_ = database::open(dir_ / "test.db");
  boost::asio::io_context ctx_;
};

quark::task<bool> hop_and_back(std::shared_ptr<database> db) {
  auto home = std::this_thread::get_id();
  auto there = co_await db->run([](connection&) { return std::this_thread::get_id(); });
  co_return there != home && std::this_thread::get_id() == home;
}

TEST_F(sqlite_database, run_executes_on_the_database_thread_and_resumes_at_home) {
  EXPECT_TRUE(wait(hop_and_back(db_)));
}

quark::task<int> run_late(std::shared_ptr<database> db, bool& ran) {
  co_return co_await db->run(quark::deadline{quark::clock::now() - 1s}, [&ran](connection&) {
    ran = true;
    return 1;
  });
}

TEST_F(sqlite_database, expired_deadline_throws_timeout_and_skips_the_function) {
  bool ran = false;
  try {
    wait(run_late(db_, ran));
    FAIL() << "expected timeout_error";
  } catch (const quark::timeout_error& e) {
    EXPECT_EQ(e.code(), quark::errc::timeout);
    EXPECT_NE(e.value().context.find("test.db"), std::string::npos);
  }
  EXPECT_FALSE(ran);
}

TEST_F(sqlite_database, bad_sql_is_a_storage_error_naming_sql_and_sqlite_message) {
  try {
    blocking([](connection& c) { (void)c.prepare("SELEC 1"); });
    FAIL() << "expected sqlite_error";
  } catch (const quark::storage_error& e) {
    EXPECT_EQ(e.code(), quark::errc::storage);
    EXPECT_NE(e.value().message.find("syntax error"), std::string::npos) << e.what();
    EXPECT_NE(e.value().message.find("SELEC 1"), std::string::npos) << e.what();
    EXPECT_NE(e.value().context.find("test.db"), std::string::npos) << e.what();
  }
  EXPECT_THROW(blocking([](connection& c) { (void)c.prepare("SELECT 1; SELECT 2"); }), quark::storage_error);
}

TEST_F(sqlite_database, constraint_violation_is_recognisable) {
  blocking([](connection& c) { c.exec("CREATE TABLE t(id INTEGER PRIMARY KEY)"); });
  blocking([](connection& c) { c.prepare("INSERT INTO t(id) VALUES (?1)").bind(1, 7).execute(); });
  try {
    blocking([](connection& c) { c.prepare("INSERT INTO t(id) VALUES (?1)").bind(1, 7).execute(); });
    FAIL() << "expected sqlite_error";
  } catch (const quark::sqlite::sqlite_error& e) {
    EXPECT_TRUE(e.is_constraint_violation());
    EXPECT_FALSE(e.is_busy());
    EXPECT_NE(e.value().message.find("UNIQUE constraint failed"), std::string::npos) << e.what();
  }
}

TEST_F(sqlite_database, statements_are_cached_by_sql_text) {
  blocking([](connection& c) {
    std::size_t before = c.cached_statement_count();
    sqlite3_stmt* first = nullptr;
    {
      auto st = c.prepare("SELECT ?1 + 1");
      first = st.native_handle();
      ASSERT_TRUE(st.bind(1, 41).step());
      EXPECT_EQ(st.column<int>(0), 42);
    }
    auto again = c.prepare("SELECT ?1 + 1");
    EXPECT_EQ(again.native_handle(), first) << "the cached statement is reused";
    EXPECT_EQ(c.cached_statement_count(), before + 1);
    // The same SQL while the cached one is borrowed: a separate statement, both usable.
    auto nested = c.prepare("SELECT ?1 + 1");
    EXPECT_NE(nested.native_handle(), first);
    ASSERT_TRUE(again.bind(1, 1).step());
    ASSERT_TRUE(nested.bind(1, 2).step());
    EXPECT_EQ(again.column<int>(0), 2);
    EXPECT_EQ(nested.column<int>(0), 3);
    EXPECT_EQ(c.cached_statement_count(), before + 1);
  });
}

TEST_F(sqlite_database, typed_binds_and_columns_round_trip) {
  blocking([](connection& c) {
    c.exec("CREATE TABLE v(i INTEGER, r REAL, t TEXT, b BLOB, n INTEGER)");
    const std::string bytes("a\0b\0\xFF", 5);
    constexpr auto min = std::numeric_limits<std::int64_t>::min();
    c.prepare("INSERT INTO v VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind_all(min, 2.5, std::string_view{"text"}, blob{bytes}, std::optional<int>{})
        .execute();
    auto st = c.prepare("SELECT i, r, t, b, n FROM v");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.column<std::int64_t>(0), min);
    EXPECT_DOUBLE_EQ(st.column<double>(1), 2.5);
    EXPECT_EQ(st.column<std::string>(2), "text");
    EXPECT_EQ(st.column_type(3), quark::sqlite::value_type::blob);
    EXPECT_EQ(st.column<std::string>(3), bytes);
    EXPECT_EQ(st.column<std::optional<int>>(4), std::nullopt);
    EXPECT_EQ(st.column<std::optional<std::int64_t>>(0), min);
    EXPECT_THROW((void)st.column<std::uint8_t>(0), quark::storage_error);
    EXPECT_FALSE(st.step());
  });
}

TEST_F(sqlite_database, unsigned_values_beyond_int64_are_refused) {
  EXPECT_THROW(blocking([](connection& c) {
                 (void)c.prepare("SELECT ?1").bind(1, std::numeric_limits<std::uint64_t>::max());
               }),
               quark::config_error);
}

TEST_F(sqlite_database, empty_text_and_blob_are_not_null) {
  blocking([](connection& c) {
    auto st = c.prepare("SELECT ?1 IS NULL, ?2 IS NULL, length(?2), typeof(?2)");
    ASSERT_TRUE(st.bind_all(std::string_view{}, blob{}).step());
    EXPECT_FALSE(st.column<bool>(0));
    EXPECT_FALSE(st.column<bool>(1));
    EXPECT_EQ(st.column<int>(2), 0);
    EXPECT_EQ(st.column<std::string>(3), "blob");
  });
}

std::int64_t count_rows(connection& c) {
  auto st = c.prepare("SELECT count(*) FROM t");
  st.step();
  return st.column<std::int64_t>(0);
}

TEST_F(sqlite_database, transaction_commits_or_rolls_back_on_exception) {
  blocking([](connection& c) { c.exec("CREATE TABLE t(x INTEGER)"); });
  blocking([](connection& c) {
    quark::sqlite::transaction tx{c};
    c.exec("INSERT INTO t VALUES (1)");
    tx.commit();
  });
  EXPECT_THROW(blocking([](connection& c) {
                 quark::sqlite::transaction tx{c};
                 c.exec("INSERT INTO t VALUES (2)");
                 throw std::runtime_error("abandon");
               }),
               std::runtime_error);
  auto total = blocking([](connection& c) {
    return quark::sqlite::with_transaction(c, [](connection& inner) {
      inner.exec("INSERT INTO t VALUES (3)");
      return count_rows(inner);
    });
  });
  EXPECT_EQ(total, 2);
  EXPECT_FALSE(blocking([](connection& c) { return c.in_transaction(); }));
}

TEST_F(sqlite_database, a_transaction_left_open_is_rolled_back_and_reported) {
  blocking([](connection& c) { c.exec("CREATE TABLE t(x INTEGER)"); });
  EXPECT_THROW(blocking([](connection& c) { c.exec("BEGIN; INSERT INTO t VALUES (1);"); }), quark::storage_error);
  EXPECT_EQ(blocking([](connection& c) { return count_rows(c); }), 0);
  EXPECT_FALSE(blocking([](connection& c) { return c.in_transaction(); }));
}

quark::task<void> increment(std::shared_ptr<database> db, int times) {
  for (int i = 0; i < times; ++i) {
    co_await db->run([](connection& c) { c.exec("UPDATE counter SET n = n + 1"); });
  }
}

TEST_F(sqlite_database, runs_from_many_threads_are_serialised) {
  blocking([](connection& c) { c.exec("CREATE TABLE counter(n INTEGER); INSERT INTO counter VALUES (0);"); });
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([db = db_] {
      boost::asio::io_context ctx;
      quark::sync_wait(ctx, increment(db, 25));
    });
  }
  for (auto& t : threads) t.join();
  auto n = blocking([](connection& c) {
    auto st = c.prepare("SELECT n FROM counter");
    st.step();
    return st.column<int>(0);
  });
  EXPECT_EQ(n, 100);
}

TEST(sqlite_database_open, in_memory_database_works) {
  auto db = database::open(":memory:");
  auto one = db->run_blocking([](connection& c) {
    auto st = c.prepare("SELECT 1");
    st.step();
    return st.column<int>(0);
  });
  EXPECT_EQ(one, 1);
}

}  // namespace
