// Compile-time traits: stable names and the custom-codec marker.
#include <quark/codec/traits.hpp>  // first: the header compiles on its own

#include "test_types.hpp"

namespace {

using namespace codec_test;

static_assert(quark::codec::name_of<order>() == "test.order");
static_assert(quark::codec::named<deposited>);
static_assert(!quark::codec::named<point>);
static_assert(!quark::codec::custom_codec<order>);

TEST(codec_traits, name_of_is_a_constant_expression) {
  constexpr std::string_view name = quark::codec::name_of<withdrawn>();
  EXPECT_EQ(name, "test.withdrawn");
}

TEST(codec_traits, valid_name_accepts_printable_ascii_without_spaces) {
  EXPECT_TRUE(quark::codec::valid_name("shop.order_placed.v2"));
  EXPECT_TRUE(quark::codec::valid_name("a"));
  EXPECT_FALSE(quark::codec::valid_name(""));
  EXPECT_FALSE(quark::codec::valid_name("has space"));
  EXPECT_FALSE(quark::codec::valid_name("tab\t"));
  EXPECT_FALSE(quark::codec::valid_name("caf\xc3\xa9"));
  EXPECT_FALSE(quark::codec::valid_name(std::string(256, 'x')));
  EXPECT_TRUE(quark::codec::valid_name(std::string(255, 'x')));
}

}  // namespace
