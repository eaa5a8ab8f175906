#pragma once
// Shared fixture of the PostgreSQL tests: the server's address from QUARK_PG_URL (the test
// fails, never skips, when it is missing) and helpers to drive tasks on one io_context.

#include <quark/async/sync_wait.hpp>
#include <quark/postgres/connection.hpp>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

namespace quark::postgres::test {

inline constexpr const char* missing_url_message =
    "QUARK_PG_URL is not set: run the tests through scripts/test, or start servers with "
    "`eval $(scripts/services start)`";

/// The value of environment variable `name`, or empty.
inline std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

/// A schema name no other test uses: `<prefix>_<random digits>` (CTest runs tests in parallel).
inline std::string fresh_schema(const std::string& prefix) {
  std::random_device rd;
  std::uniform_int_distribution<std::uint64_t> bits;
  return prefix + "_" + std::to_string(bits(rd) % 1'000'000'000'000ULL);
}

/// Drops `schema` (and everything in it) through a connection of its own.
inline void drop_schema(const std::string& schema) {
  boost::asio::io_context ctx;
  auto until = deadline::after(std::chrono::seconds{10});
  auto c = quark::sync_wait(ctx, connection::connect(ctx, env("QUARK_PG_URL"), until));
  quark::sync_wait(ctx, c->execute_script("DROP SCHEMA IF EXISTS " + c->quote_identifier(schema) + " CASCADE"));
}

class pg_test : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = env("QUARK_PG_URL");
    if (url_.empty()) FAIL() << missing_url_message;
  }

  template <class T>
  T run(task<T> t) {
    return quark::sync_wait(ctx_, std::move(t));
  }
  std::unique_ptr<connection> connect(deadline until = deadline::after(std::chrono::seconds{10})) {
    return run(connection::connect(ctx_, url_, until));
  }

  boost::asio::io_context ctx_;
  std::string url_;
};

}  // namespace quark::postgres::test
