// binary_writer / binary_reader: the primitives custom codecs build on.
#include <quark/codec/binary_io.hpp>  // first: the header compiles on its own

#include "test_types.hpp"

#include <limits>

namespace {

using quark::codec::binary_reader;
using quark::codec::binary_writer;

TEST(codec_binary_io, varints_round_trip_at_every_length) {
  std::string buf;
  binary_writer w{buf};
  std::vector<std::uint64_t> values{0, 1, 127, 128, 16383, 16384, std::numeric_limits<std::uint64_t>::max()};
  for (unsigned shift = 0; shift < 64; shift += 7) values.push_back(std::uint64_t{1} << shift);
  for (std::uint64_t v : values) w.put_varint(v);
  binary_reader r{buf};
  for (std::uint64_t v : values) EXPECT_EQ(r.get_varint(), v);
  EXPECT_TRUE(r.empty());
}

TEST(codec_binary_io, zigzag_varints_round_trip_signed_extremes) {
  std::string buf;
  binary_writer w{buf};
  const std::vector<std::int64_t> values{0, -1, 1, -64, 64, std::numeric_limits<std::int64_t>::min(),
                                         std::numeric_limits<std::int64_t>::max()};
  for (std::int64_t v : values) w.put_svarint(v);
  binary_reader r{buf};
  for (std::int64_t v : values) EXPECT_EQ(r.get_svarint(), v);
  EXPECT_TRUE(r.empty());
}

TEST(codec_binary_io, reads_past_the_end_throw_codec_error) {
  binary_reader r{std::string_view("\x05xy", 3)};
  EXPECT_EQ(r.get_byte(), 5);
  EXPECT_THROW((void)r.get_bytes(3), quark::codec_error);
  EXPECT_EQ(r.remaining(), 2u);  // a failed read consumes nothing
  EXPECT_EQ(r.get_bytes(2), "xy");
  EXPECT_THROW((void)r.get_byte(), quark::codec_error);
  EXPECT_THROW((void)r.get_varint(), quark::codec_error);
}

TEST(codec_binary_io, get_length_checks_count_against_bytes_left) {
  binary_reader ok{std::string_view("\x02\x00\x00\x00\x00", 5)};
  EXPECT_EQ(ok.get_length(2), 2u);  // 2 elements of >= 2 bytes in 4 bytes
  binary_reader too_many{std::string_view("\x03\x00\x00\x00\x00", 5)};
  EXPECT_THROW((void)too_many.get_length(2), quark::codec_error);
}

TEST(codec_binary_io, reader_errors_carry_the_current_path) {
  binary_reader r{std::string_view{}};
  auto at = r.where().field("id");
  try {
    (void)r.get_byte();
    FAIL() << "no throw";
  } catch (const quark::codec_error& e) {
    EXPECT_EQ(e.value().context, "$.id");
  }
}

TEST(codec_binary_io, writer_appends_raw_bytes) {
  std::string buf = "a";
  binary_writer w{buf};
  w.put_byte(0x62);
  w.put_bytes("cd");
  EXPECT_EQ(buf, "abcd");
  EXPECT_EQ(&w.buffer(), &buf);
}

}  // namespace
