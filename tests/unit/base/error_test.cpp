#include <quark/base/error.hpp>

#include <gtest/gtest.h>

namespace {

TEST(error, describe_names_code_message_and_context) {
  quark::error e{quark::errc::timeout, "no reply within 30s", "demo.counter/alice"};
  EXPECT_EQ(e.describe(), "timeout: no reply within 30s [demo.counter/alice]");
}

TEST(error, throw_error_maps_code_to_exception_type) {
  EXPECT_THROW(quark::throw_error({quark::errc::timeout, "t", {}}), quark::timeout_error);
  EXPECT_THROW(quark::throw_error({quark::errc::rejected, "r", {}}), quark::rejected);
  EXPECT_THROW(quark::throw_error({quark::errc::version_conflict, "v", {}}), quark::version_conflict);
  EXPECT_THROW(quark::throw_error({quark::errc::actor_failed, "a", {}}), quark::actor_error);
  EXPECT_THROW(quark::throw_error({quark::errc::unknown_actor_type, "u", {}}), quark::config_error);
}

TEST(error, current_exception_keeps_quark_codes_and_wraps_others) {
  try {
    throw std::runtime_error("boom");
  } catch (...) {
    auto e = quark::error_from_current_exception(quark::errc::actor_failed, "ctx");
    EXPECT_EQ(e.code, quark::errc::actor_failed);
    EXPECT_EQ(e.message, "boom");
    EXPECT_EQ(e.context, "ctx");
  }
  try {
    throw quark::rejected("insufficient funds");
  } catch (...) {
    auto e = quark::error_from_current_exception(quark::errc::actor_failed, "bank.account/a");
    EXPECT_EQ(e.code, quark::errc::rejected);
    EXPECT_EQ(e.context, "bank.account/a");
  }
}

}  // namespace
