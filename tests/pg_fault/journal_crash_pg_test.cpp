// Crash test of the PostgreSQL event store: the same check as the SQLite one
// (tests/fault/journal_crash_test.cpp) on a schema of its own on QUARK_PG_URL's server.

#include "journal_crash.hpp"
#include "pg_test.hpp"

#include <gtest/gtest.h>

namespace quark::fault {
namespace {

TEST(fault_pg, acknowledged_postgresql_appends_survive_sigkill_and_nothing_partial_is_stored) {
  const std::string url = postgres::test::env("QUARK_PG_URL");
  if (url.empty()) FAIL() << postgres::test::missing_url_message;
  const std::string schema = postgres::test::fresh_schema("crash");
  crash_and_check(url + "#" + schema, 300);
  postgres::test::drop_schema(schema);
}

}  // namespace
}  // namespace quark::fault
