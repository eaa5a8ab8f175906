#pragma once
// The fixture of every Redis test: the server's URL from QUARK_REDIS_URL (a test FAILS when it
// is missing: a silently skipped suite would hide a broken CI), one io_context per test, and
// key names unique to the test.

#include <quark/redis/config.hpp>

#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>

namespace quark::redis::test {

inline constexpr std::string_view missing_url_message =
    "QUARK_REDIS_URL is not set: run the tests through scripts/test, or start servers with "
    "`eval $(scripts/services start)`";

class redis_test : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("QUARK_REDIS_URL");
    if (url == nullptr || *url == '\0') GTEST_FAIL() << missing_url_message;
    cfg = config::from_url(url);
  }
  void TearDown() override {
    // Let the closed connections' coroutines observe their cancellation and finish.
    ctx.restart();
    ctx.poll();
  }
  /// A key no other test uses.
  [[nodiscard]] static std::string key(std::string_view suffix) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return std::string("quark-test:") + info->test_suite_name() + "." + info->name() + ":" + std::string(suffix);
  }

  boost::asio::io_context ctx;
  config cfg;
};

}  // namespace quark::redis::test
