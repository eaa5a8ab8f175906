#pragma once
// Described types shared by the codec tests, and the round-trip assertion.

#include <quark/codec/codec.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <variant>
#include <vector>

namespace codec_test {

enum class tier : std::int32_t { bronze = 0, silver = 5, gold = -3 };
BOOST_DESCRIBE_ENUM(tier, bronze, silver, gold)

enum class level : std::uint8_t { low = 1, high = 200 };
BOOST_DESCRIBE_ENUM(level, low, high)

struct point {
  std::int64_t x = 0;
  std::string label;
  friend bool operator==(const point&, const point&) = default;
};
BOOST_DESCRIBE_STRUCT(point, (), (x, label))

struct line {
  std::string sku;
  std::int32_t quantity = 0;
  std::optional<std::string> note;
  friend bool operator==(const line&, const line&) = default;
};
BOOST_DESCRIBE_STRUCT(line, (), (sku, quantity, note))

struct order {
  std::int64_t id = 0;
  std::string customer;
  tier rank = tier::bronze;
  std::vector<line> items;
  std::map<std::string, double> discounts;
  std::optional<std::int32_t> priority;
  std::chrono::milliseconds timeout{0};
  std::variant<std::monostate, std::int32_t, std::string> tag;
  std::vector<std::byte> signature;
  std::array<std::uint16_t, 3> dims{};
  std::tuple<std::string, bool> flag;
  friend bool operator==(const order&, const order&) = default;
};
BOOST_DESCRIBE_STRUCT(order, (),
                      (id, customer, rank, items, discounts, priority, timeout, tag, signature, dims, flag))

/// Recursive: nesting is bounded only by the decoder's depth limit.
struct node {
  std::string name;
  std::vector<node> children;
  friend bool operator==(const node&, const node&) = default;
};
BOOST_DESCRIBE_STRUCT(node, (), (name, children))

struct numbers {
  std::int8_t i8 = 0;
  std::uint8_t u8 = 0;
  std::int16_t i16 = 0;
  std::uint16_t u16 = 0;
  std::int32_t i32 = 0;
  std::uint32_t u32 = 0;
  std::int64_t i64 = 0;
  std::uint64_t u64 = 0;
  float f = 0;
  double d = 0;
  bool b = false;
  char c = 0;
  std::byte raw{0};
  level lv = level::low;
  friend bool operator==(const numbers&, const numbers&) = default;
};
BOOST_DESCRIBE_STRUCT(numbers, (), (i8, u8, i16, u16, i32, u32, i64, u64, f, d, b, c, raw, lv))

struct base_part {
  std::string id;
  friend bool operator==(const base_part&, const base_part&) = default;
};
BOOST_DESCRIBE_STRUCT(base_part, (), (id))

struct derived : base_part {
  std::int32_t n = 0;
  friend bool operator==(const derived&, const derived&) = default;
};
BOOST_DESCRIBE_STRUCT(derived, (base_part), (n))

struct empty {
  friend bool operator==(const empty&, const empty&) = default;
};
BOOST_DESCRIBE_STRUCT(empty, (), ())

struct deposited {
  std::int64_t cents = 0;
  friend bool operator==(const deposited&, const deposited&) = default;
};
BOOST_DESCRIBE_STRUCT(deposited, (), (cents))

struct withdrawn {
  std::int64_t cents = 0;
  std::string reason;
  friend bool operator==(const withdrawn&, const withdrawn&) = default;
};
BOOST_DESCRIBE_STRUCT(withdrawn, (), (cents, reason))

/// Both alternatives have stable names: JSON uses {"type": name, "value": ...}.
using account_event = std::variant<deposited, withdrawn>;

/// A tree `depth` levels deep below the root (one child per level).
inline node chain(std::size_t depth) {
  node root{"n0", {}};
  node* at = &root;
  for (std::size_t i = 1; i <= depth; ++i) {
    at->children.push_back(node{"n" + std::to_string(i), {}});
    at = &at->children.back();
  }
  return root;
}

/// A value of every kind `order` holds, none of them default.
inline order sample_order() {
  order o;
  o.id = 42;
  o.customer = "ada";
  o.rank = tier::gold;
  o.items = {{"sku-1", 2, std::nullopt}, {"sku-2", -7, "gift wrap"}};
  o.discounts = {{"eu", 0.25}, {"us", 1.5}};
  o.priority = 3;
  o.timeout = std::chrono::milliseconds{1500};
  o.tag = std::string{"rush"};
  o.signature = {std::byte{0}, std::byte{0x7f}, std::byte{0xff}};
  o.dims = {1, 300, 65535};
  o.flag = {"fragile", true};
  return o;
}

/// Asserts `value` survives both encodings unchanged.
template <class T>
void expect_round_trip(const T& value) {
  const std::string json = quark::codec::to_json(value);
  EXPECT_EQ(quark::codec::from_json<T>(json), value) << "JSON: " << json;
  EXPECT_EQ(quark::codec::from_binary<T>(quark::codec::to_binary(value)), value);
}

/// Hex dump of bytes, "01 02 ff", for exact-byte assertions.
inline std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out += ' ';
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

}  // namespace codec_test

QUARK_CODEC_TYPE(codec_test::deposited, "test.deposited");
QUARK_CODEC_TYPE(codec_test::withdrawn, "test.withdrawn");
QUARK_CODEC_TYPE(codec_test::order, "test.order");
