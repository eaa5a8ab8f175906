// The binary encoding: round trips of every kind, and the exact layout of each.
#include <quark/codec/binary.hpp>  // first: the header compiles on its own

#include "test_types.hpp"

#include <cmath>
#include <limits>

namespace {

using namespace codec_test;
using quark::codec::from_binary;
using quark::codec::to_binary;

/// The payload bytes of `v` (after the version byte), as hex.
template <class T>
std::string payload(const T& v) {
  return hex(to_binary(v).substr(1));
}

TEST(codec_binary, small_struct_encodes_to_exact_compact_bytes) {
  // version 1, zigzag(1) = 2, length 2, 'a', 'b'
  EXPECT_EQ(hex(to_binary(point{1, "ab"})), "01 02 02 61 62");
}

TEST(codec_binary, to_binary_appends_to_existing_buffer) {
  std::string out = "xy";
  to_binary(point{1, "ab"}, out);
  EXPECT_EQ(hex(out), "78 79 01 02 02 61 62");
}

TEST(codec_binary, unsigned_integers_are_leb128_varints) {
  EXPECT_EQ(payload(std::uint32_t{0}), "00");
  EXPECT_EQ(payload(std::uint32_t{127}), "7f");
  EXPECT_EQ(payload(std::uint32_t{128}), "80 01");
  EXPECT_EQ(payload(std::uint32_t{300}), "ac 02");
  EXPECT_EQ(payload(std::numeric_limits<std::uint64_t>::max()), "ff ff ff ff ff ff ff ff ff 01");
  EXPECT_EQ(payload(std::uint8_t{200}), "c8 01");
}

TEST(codec_binary, signed_integers_are_zigzag_varints) {
  EXPECT_EQ(payload(std::int32_t{0}), "00");
  EXPECT_EQ(payload(std::int32_t{-1}), "01");
  EXPECT_EQ(payload(std::int32_t{1}), "02");
  EXPECT_EQ(payload(std::int32_t{-64}), "7f");
  EXPECT_EQ(payload(std::int32_t{64}), "80 01");
  EXPECT_EQ(payload(std::numeric_limits<std::int64_t>::min()), "ff ff ff ff ff ff ff ff ff 01");
}

TEST(codec_binary, floats_are_little_endian_ieee754) {
  EXPECT_EQ(payload(1.0), "00 00 00 00 00 00 f0 3f");
  EXPECT_EQ(payload(1.0f), "00 00 80 3f");
  EXPECT_EQ(payload(-2.5f), "00 00 20 c0");
}

TEST(codec_binary, scalars_strings_and_bytes_have_documented_layout) {
  EXPECT_EQ(payload(true), "01");
  EXPECT_EQ(payload(false), "00");
  EXPECT_EQ(payload(std::byte{0xab}), "ab");
  EXPECT_EQ(payload(std::string{"hi"}), "02 68 69");
  EXPECT_EQ(payload(std::vector<std::byte>{std::byte{1}, std::byte{0xff}}), "02 01 ff");
  EXPECT_EQ(payload(tier::gold), "05");   // underlying -3, zigzag
  EXPECT_EQ(payload(level::high), "c8 01");  // underlying 200, varint
}

TEST(codec_binary, containers_have_documented_layout) {
  EXPECT_EQ(payload(std::vector<std::int32_t>{1, -1}), "02 02 01");
  EXPECT_EQ(payload(std::optional<std::int32_t>{}), "00");
  EXPECT_EQ(payload(std::optional<std::int32_t>{1}), "01 02");
  EXPECT_EQ(payload(std::map<std::string, bool>{{"a", true}}), "01 01 61 01");
  EXPECT_EQ(payload(std::array<std::uint8_t, 2>{1, 2}), "01 02");  // no length: it is fixed
  EXPECT_EQ(payload(std::tuple<bool, std::string>{true, "x"}), "01 01 78");
  EXPECT_EQ(payload(std::tuple<>{}), "");
  EXPECT_EQ(payload(std::variant<std::monostate, std::string>{std::string{"x"}}), "01 01 78");
  EXPECT_EQ(payload(std::variant<std::monostate, std::string>{}), "00");
  EXPECT_EQ(payload(std::chrono::milliseconds{1500}), "b8 17");  // zigzag(1500) = 3000
}

TEST(codec_binary, top_level_value_starts_with_format_version_byte) {
  EXPECT_EQ(to_binary(std::tuple<>{}), std::string(1, '\x01'));
  EXPECT_EQ(quark::codec::binary_format_version, 1);
}

TEST(codec_binary, nested_struct_fields_are_in_declaration_order_without_names) {
  const derived d{{"k"}, 3};  // base members first
  EXPECT_EQ(payload(d), "01 6b 06");
  EXPECT_EQ(payload(empty{}), "");
}

TEST(codec_binary, round_trips_every_integer_extreme) {
  numbers lo{std::numeric_limits<std::int8_t>::min(), 0, std::numeric_limits<std::int16_t>::min(), 0,
             std::numeric_limits<std::int32_t>::min(), 0, std::numeric_limits<std::int64_t>::min(), 0,
             std::numeric_limits<float>::lowest(), std::numeric_limits<double>::lowest(), false,
             std::numeric_limits<char>::min(), std::byte{0}, level::low};
  numbers hi{std::numeric_limits<std::int8_t>::max(), std::numeric_limits<std::uint8_t>::max(),
             std::numeric_limits<std::int16_t>::max(), std::numeric_limits<std::uint16_t>::max(),
             std::numeric_limits<std::int32_t>::max(), std::numeric_limits<std::uint32_t>::max(),
             std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::uint64_t>::max(),
             std::numeric_limits<float>::max(), std::numeric_limits<double>::denorm_min(), true,
             std::numeric_limits<char>::max(), std::byte{0xff}, level::high};
  EXPECT_EQ(from_binary<numbers>(to_binary(lo)), lo);
  EXPECT_EQ(from_binary<numbers>(to_binary(hi)), hi);
}

TEST(codec_binary, round_trips_non_finite_floats) {
  EXPECT_TRUE(std::isnan(from_binary<double>(to_binary(std::numeric_limits<double>::quiet_NaN()))));
  EXPECT_EQ(from_binary<float>(to_binary(-std::numeric_limits<float>::infinity())),
            -std::numeric_limits<float>::infinity());
}

TEST(codec_binary, round_trips_nested_struct_with_every_container_kind) {
  const order o = sample_order();
  EXPECT_EQ(from_binary<order>(to_binary(o)), o);
  EXPECT_EQ(from_binary<order>(to_binary(order{})), order{});
}

TEST(codec_binary, round_trips_variants_of_each_alternative) {
  EXPECT_EQ(from_binary<account_event>(to_binary(account_event{deposited{5}})), (account_event{deposited{5}}));
  EXPECT_EQ(from_binary<account_event>(to_binary(account_event{withdrawn{7, "fee"}})),
            (account_event{withdrawn{7, "fee"}}));
  using same_twice = std::variant<std::int32_t, std::int32_t>;
  const same_twice second{std::in_place_index<1>, 9};
  EXPECT_EQ(from_binary<same_twice>(to_binary(second)).index(), 1u);
}

TEST(codec_binary, round_trips_maps_tuples_durations_and_time_points) {
  const std::unordered_map<std::string, std::vector<point>> m{{"a", {{1, "x"}}}, {"b", {}}};
  EXPECT_EQ(from_binary<decltype(m)>(to_binary(m)), m);
  const std::tuple<std::string, std::int32_t, std::vector<line>> args{"add", 5, {{"s", 1, "n"}}};
  EXPECT_EQ(from_binary<decltype(args)>(to_binary(args)), args);
  const std::pair<std::int8_t, std::string> p{-1, "y"};
  EXPECT_EQ(from_binary<decltype(p)>(to_binary(p)), p);
  const std::chrono::duration<double> secs{2.5};
  EXPECT_EQ(from_binary<decltype(secs)>(to_binary(secs)), secs);
  const std::chrono::sys_time<std::chrono::microseconds> when{std::chrono::microseconds{1700000000123456}};
  EXPECT_EQ(from_binary<decltype(when)>(to_binary(when)), when);
}

TEST(codec_binary, round_trips_vector_of_bool_and_monostate) {
  const std::vector<bool> bits{true, false, true};
  EXPECT_EQ(from_binary<std::vector<bool>>(to_binary(bits)), bits);
  const std::vector<std::monostate> nothings(3);
  EXPECT_EQ(from_binary<std::vector<std::monostate>>(to_binary(nothings)), nothings);
}

TEST(codec_binary, round_trips_recursive_struct) {
  const node tree{"root", {node{"a", {node{"a1", {}}}}, node{"b", {}}}};
  EXPECT_EQ(from_binary<node>(to_binary(tree)), tree);
}

TEST(codec_binary, string_holds_arbitrary_bytes) {
  const std::string raw{"\0\xff\x80z", 4};
  EXPECT_EQ(from_binary<std::string>(to_binary(raw)), raw);
}

TEST(codec_binary, encoding_an_undeclared_enum_value_throws_codec_error) {
  EXPECT_THROW((void)to_binary(static_cast<tier>(7)), quark::codec_error);
}

}  // namespace
