// Bad JSON input: every failure is a codec_error whose context is the field path.
#include <quark/codec/json.hpp>

#include "test_types.hpp"

#include <random>

namespace {

using namespace codec_test;
using quark::codec::from_json;
using quark::codec::to_json;

/// The codec_error thrown by decoding `text` as T; fails the test if none is.
template <class T>
quark::error decode_error(std::string_view text) {
  try {
    (void)from_json<T>(text);
  } catch (const quark::codec_error& e) {
    return e.value();
  }
  ADD_FAILURE() << "no codec_error for " << text;
  return {};
}

TEST(codec_json_errors, malformed_text_throws_codec_error_with_offset) {
  const quark::error e = decode_error<point>(R"({"x":1,)");
  EXPECT_EQ(e.code, quark::errc::codec);
  EXPECT_EQ(e.context, "$");
  EXPECT_THAT(e.message, testing::StartsWith("malformed JSON at offset"));
  EXPECT_THAT(decode_error<point>("").message, testing::StartsWith("malformed JSON"));
  EXPECT_THAT(decode_error<point>(R"({"x":1,"label":"a"} extra)").message, testing::HasSubstr("offset 20"));
  EXPECT_THAT(decode_error<std::string>("\"\xff\"").message, testing::StartsWith("malformed JSON"));
}

TEST(codec_json_errors, wrong_type_names_path_and_expected_type) {
  const quark::error e = decode_error<point>(R"({"x":"1","label":"a"})");
  EXPECT_EQ(e.context, "$.x");
  EXPECT_EQ(e.message, "expected integer (int64), got string");
  EXPECT_EQ(decode_error<point>("[1]").message, "expected object, got array");
  EXPECT_EQ(decode_error<point>("[1]").context, "$");
  EXPECT_EQ(decode_error<line>(R"({"sku":5,"quantity":1})").message, "expected string, got number");
  EXPECT_EQ(decode_error<bool>("1").message, "expected bool, got number");
  EXPECT_EQ(decode_error<double>("true").message, "expected number, got bool");
  EXPECT_EQ(decode_error<std::vector<std::int32_t>>("{}").message, "expected array, got object");
  EXPECT_EQ(decode_error<std::monostate>("0").message, "expected null, got number");
  EXPECT_EQ(decode_error<tier>("5").message, "expected string, got number");
}

TEST(codec_json_errors, missing_field_names_the_field_path) {
  const quark::error e =
      decode_error<order>(R"({"id":1,"customer":"c","rank":"gold","items":[{"sku":"a","quantity":1},{"quantity":2}]})");
  EXPECT_EQ(e.context, "$.items[1].sku");
  EXPECT_EQ(e.message, "missing field");
}

TEST(codec_json_errors, error_in_map_value_names_the_key) {
  const quark::error e =
      decode_error<order>(R"({"id":1,"customer":"c","rank":"gold","items":[],"discounts":{"eu":"x"}})");
  EXPECT_EQ(e.context, R"($.discounts["eu"])");
  EXPECT_EQ(e.message, R"(expected number, got string "x")");
}

TEST(codec_json_errors, integer_overflow_is_rejected) {
  EXPECT_EQ(decode_error<std::int32_t>("2147483648").message, "integer 2147483648 out of range for int32");
  EXPECT_EQ(decode_error<std::int8_t>("-129").message, "integer -129 out of range for int8");
  EXPECT_EQ(decode_error<std::uint8_t>("-1").message, "integer -1 out of range for uint8");
  EXPECT_EQ(decode_error<std::int64_t>("9223372036854775808").message,
            "integer 9223372036854775808 out of range for int64");
  EXPECT_THAT(decode_error<std::uint64_t>("18446744073709551616").message, testing::HasSubstr("out of range for uint64"));
  EXPECT_THAT(decode_error<std::int64_t>("1e30").message, testing::HasSubstr("out of range for int64"));
  EXPECT_EQ(decode_error<std::int32_t>("1.5").message, "expected integer (int32), got a number with a fraction");
  EXPECT_EQ(decode_error<std::byte>("256").message, "integer 256 out of range for byte");
  EXPECT_EQ(decode_error<float>("1e300").message, "number out of range for float");
}

TEST(codec_json_errors, unknown_enumerator_is_rejected) {
  const quark::error e = decode_error<order>(R"({"id":1,"customer":"c","rank":"platinum"})");
  EXPECT_EQ(e.context, "$.rank");
  EXPECT_EQ(e.message, R"(unknown enumerator "platinum")");
}

TEST(codec_json_errors, bad_variant_objects_are_rejected) {
  EXPECT_EQ(decode_error<account_event>(R"({"type":"test.nope","value":{}})").message,
            R"(unknown variant alternative "test.nope")");
  EXPECT_EQ(decode_error<account_event>(R"({"type":"test.nope"})").context, "$.type");
  EXPECT_EQ(decode_error<account_event>(R"({"index":2,"value":{}})").message, "invalid variant index 2 (2 alternatives)");
  EXPECT_EQ(decode_error<account_event>(R"({"value":{}})").message,
            R"(variant object needs a "type" or an "index" member)");
  const quark::error e = decode_error<account_event>(R"({"type":"test.deposited","value":{"cents":"x"}})");
  EXPECT_EQ(e.context, "$.value.cents");
}

TEST(codec_json_errors, tuple_and_array_lengths_must_match) {
  EXPECT_EQ((decode_error<std::tuple<std::int32_t, bool>>("[1]").message), "expected array of 2 elements, got 1");
  EXPECT_EQ((decode_error<std::array<std::int32_t, 1>>("[1,2]").message), "expected array of 1 elements, got 2");
  EXPECT_EQ((decode_error<std::tuple<std::int32_t, bool>>(R"([1,"x"])").context), "$[1]");
}

TEST(codec_json_errors, invalid_base64_is_rejected) {
  EXPECT_THAT(decode_error<std::vector<std::byte>>(R"("abc")").message, testing::HasSubstr("invalid base64"));
  EXPECT_THAT(decode_error<std::vector<std::byte>>(R"("ab!d")").message, testing::HasSubstr("invalid base64"));
  EXPECT_THAT(decode_error<std::vector<std::byte>>(R"("a=bc")").message, testing::HasSubstr("invalid base64"));
  EXPECT_THAT(decode_error<std::vector<std::byte>>(R"("aGk=aGk=")").message, testing::HasSubstr("invalid base64"));
  EXPECT_THAT(decode_error<std::vector<std::byte>>(R"("aGl=")").message, testing::HasSubstr("invalid base64"));
}

TEST(codec_json_errors, nesting_deeper_than_limit_is_rejected) {
  // Each level of `node` is two path segments (.children[0]); 128 segments allow 63 levels.
  EXPECT_EQ(from_json<node>(to_json(chain(63))), chain(63));
  const quark::error e = decode_error<node>(to_json(chain(64)));
  EXPECT_EQ(e.message, "nesting deeper than 128 levels");
  EXPECT_THAT(decode_error<node>(std::string(5000, '[')).message, testing::HasSubstr("malformed JSON"));
}

TEST(codec_json_errors, mutated_valid_text_only_decodes_or_throws_codec_error) {
  const std::string valid = to_json(sample_order());
  const std::string alphabet = R"({}[]":,0123456789.-eE ntrufalsx\)";
  std::mt19937 rng(11);  // fixed seed: deterministic
  std::uniform_int_distribution<std::size_t> pos(0, valid.size() - 1);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int i = 0; i < 3000; ++i) {
    std::string text = valid;
    if (i % 5 == 0) {
      text.resize(pos(rng));
    } else {
      for (int k = 0; k <= i % 3; ++k) text[pos(rng)] = alphabet[pick(rng)];
    }
    try {
      const order o = from_json<order>(text);
      EXPECT_EQ(from_json<order>(to_json(o)), o);
    } catch (const quark::codec_error& e) {
      EXPECT_EQ(e.code(), quark::errc::codec);
    }
  }
}

}  // namespace
