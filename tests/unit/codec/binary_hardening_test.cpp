// Hostile binary input: every failure is a codec_error naming where, never a crash, an
// out-of-bounds read (run under the asan preset) or a huge allocation.
#include <quark/codec/binary.hpp>

#include "alloc_probe.hpp"
#include "test_types.hpp"

#include <random>

namespace {

using namespace codec_test;
using quark::codec::from_binary;
using quark::codec::to_binary;

/// The version byte followed by raw payload bytes.
std::string framed(std::initializer_list<int> payload) {
  std::string out(1, '\x01');
  for (int b : payload) out.push_back(static_cast<char>(b));
  return out;
}

/// Decodes and returns the codec_error's context; fails the test if nothing is thrown.
template <class T>
std::string error_context(std::string_view bytes) {
  try {
    (void)from_binary<T>(bytes);
  } catch (const quark::codec_error& e) {
    return e.value().context;
  }
  ADD_FAILURE() << "no codec_error for " << hex(bytes);
  return {};
}

template <class T>
std::string error_message(std::string_view bytes) {
  try {
    (void)from_binary<T>(bytes);
  } catch (const quark::codec_error& e) {
    return e.value().message;
  }
  ADD_FAILURE() << "no codec_error for " << hex(bytes);
  return {};
}

/// Decoding `bytes` as T either fails with codec_error or yields a value that re-encodes
/// stably (compared as bytes, so a decoded NaN counts); any other exception escapes and
/// fails the test.
template <class T>
void decode_or_codec_error(std::string_view bytes) {
  try {
    const std::string again = to_binary(from_binary<T>(bytes));
    EXPECT_EQ(to_binary(from_binary<T>(again)), again) << hex(bytes);
  } catch (const quark::codec_error& e) {
    EXPECT_EQ(e.code(), quark::errc::codec);
  }
}

TEST(codec_binary_hardening, every_truncated_prefix_throws_codec_error) {
  const std::string full = to_binary(sample_order());
  for (std::size_t n = 0; n < full.size(); ++n) {
    EXPECT_THROW((void)from_binary<order>(std::string_view(full).substr(0, n)), quark::codec_error)
        << "prefix of " << n << " bytes";
  }
  EXPECT_EQ(from_binary<order>(full), sample_order());
}

TEST(codec_binary_hardening, every_truncated_prefix_of_a_tree_throws_codec_error) {
  const std::string full = to_binary(chain(20));
  for (std::size_t n = 0; n < full.size(); ++n) {
    EXPECT_THROW((void)from_binary<node>(std::string_view(full).substr(0, n)), quark::codec_error);
  }
}

TEST(codec_binary_hardening, truncation_error_names_the_field_path) {
  const std::string full = to_binary(point{1, "abc"});
  EXPECT_EQ(error_context<point>(std::string_view(full).substr(0, full.size() - 1)), "$.label");
  EXPECT_EQ(error_message<point>(std::string_view(full).substr(0, full.size() - 1)),
            "length 3 exceeds the 2 bytes left");  // checked before reading the bytes
  EXPECT_EQ(error_message<point>(std::string_view(full).substr(0, 2)), "truncated input: 1 bytes needed, 0 left");
  EXPECT_EQ(error_context<point>(std::string_view(full).substr(0, 2)), "$.label");
}

TEST(codec_binary_hardening, random_garbage_only_decodes_or_throws_codec_error) {
  std::mt19937 rng(20240601);  // fixed seed: deterministic
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> length(0, 48);
  for (int i = 0; i < 4000; ++i) {
    std::string bytes(length(rng), '\0');
    for (char& c : bytes) c = static_cast<char>(byte(rng));
    if (!bytes.empty() && i % 8 != 0) bytes[0] = '\x01';  // mostly past the version check
    decode_or_codec_error<order>(bytes);
    decode_or_codec_error<node>(bytes);
    decode_or_codec_error<account_event>(bytes);
    decode_or_codec_error<numbers>(bytes);
    decode_or_codec_error<std::map<std::string, std::vector<std::int16_t>>>(bytes);
  }
}

TEST(codec_binary_hardening, mutated_valid_encodings_only_decode_or_throw_codec_error) {
  const std::string valid = to_binary(sample_order());
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> pos(1, valid.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 3000; ++i) {
    std::string bytes = valid;
    for (int k = 0; k <= i % 3; ++k) bytes[pos(rng)] = static_cast<char>(byte(rng));
    decode_or_codec_error<order>(bytes);
  }
}

TEST(codec_binary_hardening, huge_declared_length_is_rejected_before_allocating) {
  // A string, a vector and a map claiming 2^62 elements, followed by 3 bytes.
  const std::string huge = framed({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 'a', 'b', 'c'});
  alloc_probe probe;
  EXPECT_THROW((void)from_binary<std::string>(huge), quark::codec_error);
  EXPECT_THROW((void)from_binary<std::vector<std::int64_t>>(huge), quark::codec_error);
  EXPECT_THROW(((void)from_binary<std::map<std::string, std::string>>(huge)), quark::codec_error);
  EXPECT_THROW((void)from_binary<std::vector<std::byte>>(huge), quark::codec_error);
  EXPECT_LT(probe.largest(), 4096u);  // only exception and message strings
  EXPECT_EQ(error_message<std::string>(huge), "length 4611686018427387904 exceeds the 3 bytes left");
}

TEST(codec_binary_hardening, length_counts_minimum_element_size) {
  // 4 doubles need 32 bytes; 31 are present.
  std::string bytes = framed({4});
  bytes.append(31, '\0');
  EXPECT_THAT(error_message<std::vector<double>>(bytes), testing::HasSubstr("exceeds the 31 bytes left"));
}

TEST(codec_binary_hardening, zero_byte_elements_have_a_count_limit) {
  std::string ok = framed({0x80, 0x80, 0x04});  // 65536
  EXPECT_EQ(from_binary<std::vector<std::monostate>>(ok).size(), 65536u);
  EXPECT_THROW((void)from_binary<std::vector<std::monostate>>(framed({0x81, 0x80, 0x04})), quark::codec_error);
}

TEST(codec_binary_hardening, trailing_bytes_are_rejected) {
  std::string bytes = to_binary(point{1, "ab"});
  bytes.push_back('\0');
  EXPECT_EQ(error_message<point>(bytes), "1 trailing bytes after the value");
  EXPECT_EQ(error_context<point>(bytes), "$");
}

TEST(codec_binary_hardening, wrong_version_and_empty_input_are_rejected) {
  EXPECT_EQ(error_message<point>(""), "empty input");
  std::string v2 = to_binary(point{1, "ab"});
  v2[0] = '\x02';
  EXPECT_EQ(error_message<point>(v2), "unsupported binary format version 2 (expected 1)");
}

TEST(codec_binary_hardening, invalid_enum_value_is_rejected_with_path) {
  // order: id 0, customer "", rank = zigzag(7) -> not an enumerator of tier
  const std::string bytes = framed({0, 0, 14});
  EXPECT_EQ(error_context<order>(bytes), "$.rank");
  EXPECT_EQ(error_message<order>(bytes), "invalid enumerator 7");
  EXPECT_THAT(error_message<level>(framed({2})), testing::HasSubstr("invalid enumerator 2"));
  EXPECT_THAT(error_message<level>(framed({0xac, 0x02})), testing::HasSubstr("out of range for uint8"));
}

TEST(codec_binary_hardening, invalid_variant_index_is_rejected) {
  EXPECT_EQ(error_message<account_event>(framed({2, 0})), "invalid variant index 2 (2 alternatives)");
}

TEST(codec_binary_hardening, invalid_bool_and_optional_tags_are_rejected) {
  EXPECT_EQ(error_message<bool>(framed({2})), "invalid bool byte 2");
  EXPECT_EQ(error_message<std::optional<bool>>(framed({2, 1})), "invalid optional tag 2");
}

TEST(codec_binary_hardening, integer_overflow_is_rejected_with_path) {
  std::string bytes = framed({1, 's'});  // line: sku "s", quantity = 2^31 (zigzag 2^32)
  bytes += "\x80\x80\x80\x80\x10";
  bytes += '\0';
  EXPECT_EQ(error_context<line>(bytes), "$.quantity");
  EXPECT_EQ(error_message<line>(bytes), "integer 2147483648 out of range for int32");
  EXPECT_THROW((void)from_binary<std::uint8_t>(framed({0x80, 0x02})), quark::codec_error);  // 256
}

TEST(codec_binary_hardening, varint_longer_than_64_bits_is_rejected) {
  EXPECT_EQ(error_message<std::uint64_t>(framed({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02})),
            "varint exceeds 64 bits");
  EXPECT_EQ(error_message<std::uint64_t>(framed({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})),
            "varint exceeds 64 bits");
}

TEST(codec_binary_hardening, duplicate_map_key_is_rejected) {
  EXPECT_EQ((error_message<std::map<std::string, bool>>(framed({2, 1, 'a', 1, 1, 'a', 0}))),
            "duplicate map key \"a\"");
}

TEST(codec_binary_hardening, error_inside_nested_container_names_full_path) {
  order o = sample_order();
  std::string bytes = to_binary(o);
  // Cut right after items[1].sku: the error is at items[1].quantity.
  const std::string needle = "\x05sku-2";
  bytes.resize(bytes.find(needle) + needle.size());
  EXPECT_EQ(error_context<order>(bytes), "$.items[1].quantity");
}

TEST(codec_binary_hardening, nesting_deeper_than_limit_is_rejected) {
  // Each level of `node` is two path segments (.children[0]); 128 segments allow 63 levels.
  EXPECT_EQ(from_binary<node>(to_binary(chain(63))), chain(63));
  EXPECT_EQ(error_message<node>(to_binary(chain(64))), "nesting deeper than 128 levels");
  EXPECT_EQ(error_message<node>(to_binary(chain(5000))), "nesting deeper than 128 levels");
}

}  // namespace
