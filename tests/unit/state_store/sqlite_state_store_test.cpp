// SQLite-specific behaviour of the state store: durability, WAL, schema, and bad files.

#include "temp_dir.hpp"

#include <quark/async/sync_wait.hpp>
#include <quark/sqlite/error.hpp>
#include <quark/sqlite/state_store.hpp>
#include <quark/testing/state_store_conformance.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

namespace {

using quark::deadline;
using quark::sqlite::connection;
using quark::sqlite::database;

class sqlite_state_store : public ::testing::Test {
 protected:
  template <class T>
  T wait(quark::task<T> t) {
    return quark::sync_wait(ctx_, std::move(t));
  }

  quark::test::temp_dir dir_;
  std::filesystem::path path_ = dir_ / "state.db";
  boost::asio::io_context ctx_;
};

TEST_F(sqlite_state_store, state_survives_closing_and_reopening_the_file) {
  const std::string bytes = quark::testing::random_bytes(4096, 7);
  {
    auto store = quark::sqlite::open_state_store(path_);
    wait(store->write("counter", "a", "v1", 0, deadline::never()));
    wait(store->write("counter", "a", bytes, 1, deadline::never()));
  }
  auto store = quark::sqlite::open_state_store(path_);
  auto got = wait(store->read("counter", "a", deadline::never()));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->version, 2u);
  EXPECT_TRUE(got->data == bytes);
  EXPECT_THROW(wait(store->write("counter", "a", "stale", 1, deadline::never())), quark::version_conflict);
  EXPECT_EQ(wait(store->write("counter", "a", "v3", 2, deadline::never())), 3u);
}

TEST_F(sqlite_state_store, wal_mode_normal_sync_and_foreign_keys_are_on) {
  auto db = database::open(path_);
  auto store = quark::sqlite::make_state_store(db);
  wait(store->write("counter", "a", "v1", 0, deadline::never()));
  auto pragma = [&](const char* sql) {
    return db->run_blocking([sql](connection& c) {
      auto st = c.prepare(sql);
      st.step();
      return st.column<std::string>(0);
    });
  };
  EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma("PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(pragma("PRAGMA foreign_keys"), "1");
  EXPECT_TRUE(std::filesystem::exists(dir_ / "state.db-wal"));
}

TEST_F(sqlite_state_store, schema_is_the_documented_one) {
  auto db = database::open(path_);
  auto store = quark::sqlite::make_state_store(db);
  auto columns = db->run_blocking([](connection& c) {
    std::vector<std::string> out;
    auto st = c.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info('quark_state') ORDER BY cid");
    while (st.step()) {
      out.push_back(st.column<std::string>(0) + " " + st.column<std::string>(1) + " " +
                    std::to_string(st.column<int>(2)) + " " + std::to_string(st.column<int>(3)));
    }
    return out;
  });
  EXPECT_EQ(columns, (std::vector<std::string>{"type TEXT 1 1", "key TEXT 1 2", "version INTEGER 1 0",
                                               "data BLOB 1 0", "updated_at INTEGER 1 0"}));
}

TEST_F(sqlite_state_store, migrations_run_twice_are_a_noop) {
  auto db = database::open(path_);
  auto first = quark::sqlite::make_state_store(db);
  wait(first->write("counter", "a", "kept", 0, deadline::never()));
  auto second = quark::sqlite::make_state_store(db);
  auto applied = db->run_blocking([](connection& c) {
    return quark::sqlite::applied_migrations(c, quark::sqlite::state_store_component);
  });
  EXPECT_EQ(applied, (std::vector<std::int64_t>{1}));
  auto got = wait(second->read("counter", "a", deadline::never()));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->data, "kept");
}

TEST_F(sqlite_state_store, a_newer_schema_in_the_file_is_refused) {
  auto db = database::open(path_);
  quark::sqlite::make_state_store(db);
  db->run_blocking([](connection& c) {
    c.exec("INSERT INTO quark_migrations(component, version, applied_at) VALUES ('state_store', 99, 0)");
  });
  EXPECT_THROW(quark::sqlite::make_state_store(db), quark::storage_error);
}

TEST_F(sqlite_state_store, corrupted_data_is_returned_as_is) {
  auto db = database::open(path_);
  auto store = quark::sqlite::make_state_store(db);
  wait(store->write("counter", "a", "{\"n\":1}", 0, deadline::never()));
  wait(store->write("counter", "b", "{\"n\":2}", 0, deadline::never()));
  db->run_blocking([](connection& c) {
    c.exec("UPDATE quark_state SET data = X'DEADBEEF00FF' WHERE key = 'a';"
           "UPDATE quark_state SET data = 'not json' WHERE key = 'b';");
  });
  auto a = wait(store->read("counter", "a", deadline::never()));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->data, std::string("\xDE\xAD\xBE\xEF\x00\xFF", 6));
  EXPECT_EQ(a->version, 1u);
  auto b = wait(store->read("counter", "b", deadline::never()));
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->data, "not json");
  EXPECT_EQ(wait(store->write("counter", "a", "repaired", 1, deadline::never())), 2u);
}

TEST_F(sqlite_state_store, a_corrupted_version_is_a_storage_error_naming_the_state) {
  auto db = database::open(path_);
  auto store = quark::sqlite::make_state_store(db);
  wait(store->write("counter", "a", "v1", 0, deadline::never()));
  db->run_blocking([](connection& c) {
    c.exec("PRAGMA ignore_check_constraints = ON; UPDATE quark_state SET version = 'x';"
           "PRAGMA ignore_check_constraints = OFF;");
  });
  try {
    wait(store->read("counter", "a", deadline::never()));
    FAIL() << "expected storage_error";
  } catch (const quark::storage_error& e) {
    EXPECT_NE(e.value().message.find("'counter'"), std::string::npos) << e.what();
    EXPECT_NE(e.value().message.find("'a'"), std::string::npos) << e.what();
  }
}

TEST_F(sqlite_state_store, a_garbage_file_is_a_clear_storage_error_and_is_left_untouched) {
  const std::string garbage = quark::testing::random_bytes(8192, 3);
  quark::test::write_file(path_, garbage);
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      quark::sqlite::open_state_store(path_);
      FAIL() << "expected storage_error";
    } catch (const quark::storage_error& e) {
      EXPECT_EQ(e.code(), quark::errc::storage);
      EXPECT_NE(e.value().message.find(path_.string()), std::string::npos) << e.what();
      EXPECT_NE(e.value().message.find("not a SQLite database"), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(quark::test::read_file(path_) == garbage) << "the bad file must not be modified";
  // The process is fine: another file in the same directory opens and works.
  auto store = quark::sqlite::open_state_store(dir_ / "good.db");
  EXPECT_EQ(wait(store->write("counter", "a", "v1", 0, deadline::never())), 1u);
}

TEST_F(sqlite_state_store, a_short_text_file_is_refused_too) {
  quark::test::write_file(path_, "hello, I am not a database\n");
  EXPECT_THROW(database::open(path_), quark::storage_error);
}

TEST_F(sqlite_state_store, a_missing_directory_is_a_clear_error) {
  auto missing = dir_ / "no-such-dir" / "state.db";
  try {
    quark::sqlite::open_state_store(missing);
    FAIL() << "expected storage_error";
  } catch (const quark::storage_error& e) {
    EXPECT_NE(e.value().message.find(missing.string()), std::string::npos) << e.what();
    EXPECT_NE(e.value().message.find("does not exist"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "no-such-dir"));
}

TEST_F(sqlite_state_store, a_missing_file_is_refused_when_creation_is_off) {
  quark::sqlite::open_options options;
  options.create_if_missing = false;
  EXPECT_THROW(quark::sqlite::open_state_store(path_, options), quark::storage_error);
  EXPECT_FALSE(std::filesystem::exists(path_));
}

TEST_F(sqlite_state_store, a_null_database_is_a_config_error) {
  EXPECT_THROW(quark::sqlite::make_state_store(nullptr), quark::config_error);
}

}  // namespace
