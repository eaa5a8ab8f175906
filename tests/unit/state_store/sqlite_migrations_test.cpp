// quark::sqlite::apply_migrations: numbered steps per component, applied once.

#include "temp_dir.hpp"

#include <quark/sqlite/database.hpp>
#include <quark/sqlite/error.hpp>
#include <quark/sqlite/migrations.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace {

using quark::sqlite::apply_migrations;
using quark::sqlite::applied_migrations;
using quark::sqlite::connection;
using quark::sqlite::migration;

class sqlite_migrations : public ::testing::Test {
 protected:
  std::size_t apply(std::string_view component, std::vector<migration> steps) {
    return db_->run_blocking([&](connection& c) { return apply_migrations(c, component, steps); });
  }
  std::vector<std::int64_t> applied(std::string_view component) {
    return db_->run_blocking([&](connection& c) { return applied_migrations(c, component); });
  }
  std::int64_t count(std::string_view sql) {
    return db_->run_blocking([&](connection& c) {
      auto st = c.prepare(sql);
      st.step();
      return st.column<std::int64_t>(0);
    });
  }
  bool has_table(std::string_view name) {
    return db_->run_blocking([&](connection& c) {
      auto st = c.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
      st.bind(1, name).step();
      return st.column<int>(0) == 1;
    });
  }

  quark::test::temp_dir dir_;
  std::shared_ptr<quark::sqlite::database> db_ = quark::sqlite::database::open(dir_ / "m.db");
};

const std::vector<migration> jobs_v2 = {
    {1, "CREATE TABLE jobs(id INTEGER PRIMARY KEY, name TEXT NOT NULL)"},
    {2, "ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0; INSERT INTO jobs(name) VALUES ('seed');"},
};

TEST_F(sqlite_migrations, running_twice_is_a_noop) {
  EXPECT_TRUE(applied("jobs").empty());
  EXPECT_EQ(apply("jobs", jobs_v2), 2u);
  EXPECT_EQ(apply("jobs", jobs_v2), 0u);
  EXPECT_EQ(count("SELECT count(*) FROM jobs"), 1) << "the seed row was inserted once";
  EXPECT_EQ(applied("jobs"), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(count("SELECT count(*) FROM quark_migrations WHERE component = 'jobs'"), 2);
}

TEST_F(sqlite_migrations, only_new_steps_are_applied) {
  EXPECT_EQ(apply("jobs", {jobs_v2[0]}), 1u);
  EXPECT_EQ(apply("jobs", jobs_v2), 1u);
  EXPECT_EQ(applied("jobs"), (std::vector<std::int64_t>{1, 2}));
}

TEST_F(sqlite_migrations, components_are_independent) {
  apply("jobs", jobs_v2);
  EXPECT_EQ(apply("events", {{1, "CREATE TABLE events(id INTEGER PRIMARY KEY)"}}), 1u);
  EXPECT_EQ(applied("events"), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(applied("jobs"), (std::vector<std::int64_t>{1, 2}));
}

TEST_F(sqlite_migrations, a_failing_step_applies_nothing) {
  std::vector<migration> broken = {
      {1, "CREATE TABLE good(x INTEGER)"},
      {2, "CREATE TABLE bad(x INTEGER"},
  };
  try {
    apply("broken", broken);
    FAIL() << "expected sqlite_error";
  } catch (const quark::sqlite::sqlite_error& e) {
    EXPECT_NE(e.value().message.find("migration 2 of 'broken'"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(has_table("good"));
  EXPECT_TRUE(applied("broken").empty());
}

TEST_F(sqlite_migrations, versions_must_increase_from_one) {
  EXPECT_THROW(apply("x", {{0, "SELECT 1"}}), quark::config_error);
  EXPECT_THROW(apply("x", {{2, "SELECT 1"}, {1, "SELECT 1"}}), quark::config_error);
  EXPECT_THROW(apply("x", {{1, "SELECT 1"}, {1, "SELECT 1"}}), quark::config_error);
  EXPECT_THROW(apply("", {{1, "SELECT 1"}}), quark::config_error);
}

TEST_F(sqlite_migrations, a_version_unknown_to_this_build_is_refused) {
  apply("jobs", jobs_v2);
  try {
    apply("jobs", {jobs_v2[0]});
    FAIL() << "expected storage_error";
  } catch (const quark::storage_error& e) {
    EXPECT_NE(e.value().message.find("newer"), std::string::npos) << e.what();
  }
}

}  // namespace
