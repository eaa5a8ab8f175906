// The codec_traits customization point: a type encodable without Boost.Describe.
#include <quark/codec/traits.hpp>  // first: the header compiles on its own

#include "test_types.hpp"

namespace codec_test {

/// Like the runtime's actor_ref<T>: not described; encodes as its key string.
template <class Actor>
class handle {
 public:
  handle() = default;
  explicit handle(std::string key) : key_(std::move(key)) {}
  [[nodiscard]] const std::string& key() const noexcept { return key_; }
  friend bool operator==(const handle&, const handle&) = default;

 private:
  std::string key_;
};

struct counter {};

/// A described struct whose encoding is overridden by a specialization (which wins).
struct celsius {
  double degrees = 0;
  friend bool operator==(const celsius&, const celsius&) = default;
};
BOOST_DESCRIBE_STRUCT(celsius, (), (degrees))

struct message {
  handle<counter> to;
  std::vector<handle<counter>> cc;
  std::optional<celsius> temperature;
  friend bool operator==(const message&, const message&) = default;
};
BOOST_DESCRIBE_STRUCT(message, (), (to, cc, temperature))

}  // namespace codec_test

template <class Actor>
struct quark::codec::codec_traits<codec_test::handle<Actor>> {
  static boost::json::value to_json(const codec_test::handle<Actor>& h) { return to_json_value(h.key()); }
  static codec_test::handle<Actor> from_json(const boost::json::value& v, path& at) {
    std::string key = from_json_value<std::string>(v, at);
    if (key.empty()) at.fail("empty actor key");
    return codec_test::handle<Actor>{std::move(key)};
  }
  static void to_binary(const codec_test::handle<Actor>& h, binary_writer& w) { w.write(h.key()); }
  static codec_test::handle<Actor> from_binary(binary_reader& r) {
    std::string key = r.read<std::string>();
    if (key.empty()) r.fail("empty actor key");
    return codec_test::handle<Actor>{std::move(key)};
  }
};

template <>
struct quark::codec::codec_traits<codec_test::celsius> {
  static boost::json::value to_json(const codec_test::celsius& c) { return to_json_value(c.degrees); }
  static codec_test::celsius from_json(const boost::json::value& v, path& at) {
    return {from_json_value<double>(v, at)};
  }
  static void to_binary(const codec_test::celsius& c, binary_writer& w) { w.write(static_cast<float>(c.degrees)); }
  static codec_test::celsius from_binary(binary_reader& r) { return {r.read<float>()}; }
  static constexpr std::size_t min_binary_size = 4;
};

namespace {

using namespace codec_test;
using quark::codec::from_binary;
using quark::codec::from_json;
using quark::codec::to_binary;
using quark::codec::to_json;

static_assert(quark::codec::custom_codec<handle<counter>>);
static_assert(quark::codec::custom_codec<celsius>);
static_assert(!quark::codec::custom_codec<point>);
static_assert(!quark::codec::custom_codec<std::string>);

TEST(codec_custom, specialization_encodes_type_without_describe) {
  const message m{handle<counter>{"c-1"}, {handle<counter>{"c-2"}}, celsius{21.5}};
  EXPECT_EQ(to_json(m), R"({"to":"c-1","cc":["c-2"],"temperature":2.15E1})");
  EXPECT_EQ(hex(to_binary(m)), "01 03 63 2d 31 01 03 63 2d 32 01 00 00 ac 41");
  expect_round_trip(m);
}

TEST(codec_custom, specialization_takes_precedence_over_describe) {
  EXPECT_EQ(to_json(celsius{1.5}), "1.5E0");  // not {"degrees":1.5E0}
  EXPECT_EQ(to_binary(celsius{1.5}).size(), 5u);  // version + float, not double
}

TEST(codec_custom, specialization_errors_name_the_field_path) {
  try {
    (void)from_json<message>(R"({"to":"","cc":[]})");
    FAIL() << "no codec_error";
  } catch (const quark::codec_error& e) {
    EXPECT_EQ(e.value().context, "$.to");
    EXPECT_EQ(e.value().message, "empty actor key");
  }
  try {
    (void)from_binary<message>(std::string_view("\x01\x01x\x01\x00", 5));
    FAIL() << "no codec_error";
  } catch (const quark::codec_error& e) {
    EXPECT_EQ(e.value().context, "$.cc[0]");
  }
}

TEST(codec_custom, declared_min_binary_size_bounds_container_lengths) {
  // Two celsius need 8 bytes; only 7 follow the count.
  std::string bytes = std::string("\x01\x02", 2) + std::string(7, '\0');
  EXPECT_THROW((void)from_binary<std::vector<celsius>>(bytes), quark::codec_error);
}

}  // namespace
