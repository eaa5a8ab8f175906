#include <quark/base/error.hpp>
#include <quark/base/uuid.hpp>

#include <gtest/gtest.h>

#include <set>

namespace {

TEST(uuid, generated_ids_are_version_7_unique_and_time_ordered_by_millisecond) {
  std::set<quark::uuid> seen;
  quark::uuid previous = quark::uuid::generate();
  for (int i = 0; i < 10000; ++i) {
    const quark::uuid id = quark::uuid::generate();
    EXPECT_EQ(id.bytes[6] >> 4, 7);
    EXPECT_EQ(id.bytes[8] >> 6, 2);
    EXPECT_TRUE(seen.insert(id).second);
    // The first 6 bytes are the millisecond clock: never behind the previous id's.
    EXPECT_GE(std::vector(id.bytes.begin(), id.bytes.begin() + 6),
              std::vector(previous.bytes.begin(), previous.bytes.begin() + 6));
    previous = id;
  }
}

TEST(uuid, text_round_trips) {
  const quark::uuid id = quark::uuid::generate();
  const std::string text = id.to_string();
  EXPECT_EQ(text.size(), 36u);
  EXPECT_EQ(quark::uuid::parse(text), id);
  EXPECT_EQ(quark::uuid::parse("0190F3A2-7C1E-7B3D-9A41-5F0E2C8D1B7A").to_string(),
            "0190f3a2-7c1e-7b3d-9a41-5f0e2c8d1b7a");
  EXPECT_TRUE(quark::uuid{}.is_nil());
  EXPECT_FALSE(id.is_nil());
}

TEST(uuid, garbage_text_is_a_clear_codec_error) {
  for (const char* bad : {"", "not-a-uuid", "0190f3a2-7c1e-7b3d-9a41-5f0e2c8d1b7", "0190f3a2x7c1e-7b3d-9a41-5f0e2c8d1b7a",
                          "0190f3a2-7c1e-7b3d-9a41-5f0e2c8d1b7g", "0190f3a2-7c1e-7b3d-9a41-5f0e2c8d1b7a0"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(quark::uuid::valid(bad));
    EXPECT_THROW((void)quark::uuid::parse(bad), quark::codec_error);
  }
}

}  // namespace
