// The umbrella header: one include gives the whole codec API.
#include <quark/codec/codec.hpp>  // first: the header compiles on its own

#include "test_types.hpp"

namespace codec_test {

/// Private members described with BOOST_DESCRIBE_CLASS are encoded too.
class account {
 public:
  account() = default;
  account(std::string owner, std::int64_t cents) : owner_(std::move(owner)), cents_(cents) {}
  friend bool operator==(const account&, const account&) = default;

 private:
  std::string owner_;
  std::int64_t cents_ = 0;
  BOOST_DESCRIBE_CLASS(account, (), (), (), (owner_, cents_))
};

}  // namespace codec_test

namespace {

using namespace codec_test;

TEST(codec_umbrella, private_members_described_with_describe_class_are_encoded) {
  EXPECT_EQ(quark::codec::to_json(account{"ada", 5}), R"({"owner_":"ada","cents_":5})");
  expect_round_trip(account{"ada", 5});
}

TEST(codec_umbrella, method_arguments_encode_as_a_tuple_in_both_formats) {
  using args = std::tuple<std::string, std::int32_t, std::optional<tier>, account_event>;
  const args a{"add", 5, tier::silver, withdrawn{2, "x"}};
  EXPECT_EQ(quark::codec::to_json(a), R"(["add",5,"silver",{"type":"test.withdrawn","value":{"cents":2,"reason":"x"}}])");
  EXPECT_EQ(hex(quark::codec::to_binary(a)), "01 03 61 64 64 0a 01 0a 01 04 01 78");
  expect_round_trip(a);
}

}  // namespace
