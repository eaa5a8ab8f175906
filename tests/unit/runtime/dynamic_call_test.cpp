#include <quark/quark.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace dynamic_call_test {

struct point {
  int x = 0;
  int y = 0;
};
BOOST_DESCRIBE_STRUCT(point, (), (x, y))

class plotter : public quark::actor<plotter> {
 public:
  quark::task<point> move(point p, int dx) { co_return point{p.x + dx, p.y}; }
  quark::task<void> reset() { co_return; }
  quark::task<int> fail() {
    throw std::runtime_error("pen broke");
    co_return 0;
  }
  quark::task<std::thread::id> where() { co_return std::this_thread::get_id(); }  // not encodable
};

}  // namespace dynamic_call_test

QUARK_ACTOR(dynamic_call_test::plotter, "test.dynamic.plotter", move, reset, fail, where);

namespace dynamic_call_test {
namespace {

quark::task<std::string> call(quark::client& c, std::string type, std::string method, std::string args) {
  co_return co_await c.call_json(std::move(type), "p", std::move(method), std::move(args));
}

TEST(dynamic_call, calls_by_name_with_json_arguments_and_result) {
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  EXPECT_EQ(silo.block_on(call(silo.client(), "test.dynamic.plotter", "move", R"([{"x":1,"y":2},3])")),
            R"({"x":4,"y":2})");
  EXPECT_EQ(silo.block_on(call(silo.client(), "test.dynamic.plotter", "reset", "[]")), "null");
}

TEST(dynamic_call, unregistered_actor_type_is_a_clear_error) {
  quark::silo silo{quark::silo_options{}.with_shards(1)};
  try {
    silo.block_on(call(silo.client(), "test.dynamic.nope", "move", "[]"));
    FAIL() << "expected config_error";
  } catch (const quark::config_error& e) {
    EXPECT_EQ(e.code(), quark::errc::unknown_actor_type);
    EXPECT_NE(std::string{e.what()}.find("no actor type is registered as \"test.dynamic.nope\""), std::string::npos);
  }
}

TEST(dynamic_call, unknown_or_unencodable_method_is_a_clear_error) {
  quark::silo silo{quark::silo_options{}.with_shards(1)};
  for (std::string method : {"draw", "where"}) {
    try {
      silo.block_on(call(silo.client(), "test.dynamic.plotter", method, "[]"));
      FAIL() << "expected config_error for " << method;
    } catch (const quark::config_error& e) {
      EXPECT_EQ(e.code(), quark::errc::unknown_method) << method;
    }
  }
}

TEST(dynamic_call, garbage_arguments_fail_the_call_and_the_actor_keeps_serving) {
  quark::silo silo{quark::silo_options{}.with_shards(1)};
  for (std::string garbage : {"", "{", "[1,2", R"(["x", 1])", R"([{"x":"one"},1])", "[1]", "\xff\xfe"}) {
    try {
      silo.block_on(call(silo.client(), "test.dynamic.plotter", "move", garbage));
      FAIL() << "expected codec_error for " << garbage;
    } catch (const quark::codec_error& e) {
      EXPECT_EQ(e.code(), quark::errc::codec);
    }
  }
  EXPECT_EQ(silo.block_on(call(silo.client(), "test.dynamic.plotter", "move", R"([{"x":0,"y":0},1])")),
            R"({"x":1,"y":0})");
}

TEST(dynamic_call, actor_exception_is_an_actor_error_naming_actor_and_method) {
  quark::silo silo{quark::silo_options{}.with_shards(1)};
  try {
    silo.block_on(call(silo.client(), "test.dynamic.plotter", "fail", "[]"));
    FAIL() << "expected actor_error";
  } catch (const quark::actor_error& e) {
    EXPECT_EQ(e.value().context, "test.dynamic.plotter/p::fail");
    EXPECT_EQ(e.value().message, "pen broke");
  }
}

}  // namespace
}  // namespace dynamic_call_test

namespace dynamic_call_test {
namespace {

quark::actor_base* no_actor() { return nullptr; }

TEST(actor_registry, duplicate_stable_name_is_refused_at_start_up_naming_both_types) {
  quark::actor_registry registry;
  quark::actor_type_info a{"shop.cart", {}, &no_actor, {}, {}, "shop::cart"};
  quark::actor_type_info b{"shop.cart", {}, &no_actor, {}, {}, "legacy::cart"};
  EXPECT_TRUE(registry.add(&a));
  EXPECT_FALSE(registry.add(&b));  // recorded, never thrown during static initialisation
  try {
    registry.validate();
    FAIL() << "expected config_error";
  } catch (const quark::config_error& e) {
    EXPECT_EQ(e.code(), quark::errc::duplicate_name);
    std::string what = e.what();
    EXPECT_NE(what.find("shop::cart"), std::string::npos) << what;
    EXPECT_NE(what.find("legacy::cart"), std::string::npos) << what;
  }
  EXPECT_EQ(registry.find("shop.cart"), &a);
}

TEST(actor_registry, quark_actor_registers_the_type_under_its_stable_name) {
  const quark::actor_type_info* info = quark::actor_registry::global().find("test.dynamic.plotter");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->methods.size(), 4u);
  EXPECT_EQ(info->methods[0], "move");
  EXPECT_EQ(info->json_invokers[3], nullptr);  // where() returns a type the codec cannot encode
}

}  // namespace
}  // namespace dynamic_call_test
