#pragma once
// Shared fixture of the PostgreSQL tests: the server's address from QUARK_PG_URL (the test
// fails, never skips, when it is missing) and helpers to drive tasks on one io_context.

#include <quark/async/sync_wait.hpp>
#include <quark/postgres/connection.hpp>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
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
