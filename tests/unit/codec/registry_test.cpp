// The type registry: duplicates (immediate and deferred), lookup, type-erased codec.
#include <quark/codec/registry.hpp>  // first: the header compiles on its own

#include "test_types.hpp"

namespace {

using namespace codec_test;
using quark::codec::registry;

/// The config_error `f` throws; fails the test if it throws none.
template <class F>
quark::error config_error_of(F&& f) {
  try {
    f();
  } catch (const quark::config_error& e) {
    return e.value();
  }
  ADD_FAILURE() << "no config_error";
  return {};
}

TEST(codec_registry, add_then_find_by_name_and_type) {
  registry r;
  const quark::codec::entry& e = r.add<point>("test.point");
  EXPECT_EQ(e.name, "test.point");
  EXPECT_TRUE(e.holds<point>());
  EXPECT_FALSE(e.holds<line>());
  EXPECT_EQ(r.find("test.point"), &e);
  EXPECT_EQ(r.find<point>(), &e);
  EXPECT_EQ(r.find("test.nope"), nullptr);
  EXPECT_EQ(r.find<line>(), nullptr);
  EXPECT_EQ(r.size(), 1u);
}

TEST(codec_registry, add_of_same_name_and_type_again_is_a_no_op) {
  registry r;
  const quark::codec::entry& first = r.add<point>("test.point");
  EXPECT_EQ(&r.add<point>("test.point"), &first);
  EXPECT_EQ(r.size(), 1u);
}

TEST(codec_registry, add_throws_at_once_on_a_name_taken_by_another_type) {
  registry r;
  r.add<point>("test.thing");
  const quark::error e = config_error_of([&] { r.add<line>("test.thing"); });
  EXPECT_EQ(e.code, quark::errc::duplicate_name);
  EXPECT_EQ(e.context, "test.thing");
  EXPECT_EQ(e.message, R"(stable name "test.thing" is registered for two types: codec_test::point and codec_test::line)");
  EXPECT_TRUE(r.find("test.thing")->holds<point>());  // the first registration stands
  EXPECT_EQ(r.size(), 1u);
}

TEST(codec_registry, add_throws_at_once_on_a_second_name_for_one_type) {
  registry r;
  r.add<point>("test.a");
  const quark::error e = config_error_of([&] { r.add<point>("test.b"); });
  EXPECT_EQ(e.code, quark::errc::duplicate_name);
  EXPECT_EQ(e.message, R"(type codec_test::point is registered under two names: "test.a" and "test.b")");
  EXPECT_EQ(r.find("test.b"), nullptr);
}

TEST(codec_registry, add_rejects_an_invalid_name) {
  registry r;
  EXPECT_EQ(config_error_of([&] { r.add<point>("has space"); }).code, quark::errc::invalid_argument);
  EXPECT_EQ(config_error_of([&] { r.add<point>(""); }).code, quark::errc::invalid_argument);
}

TEST(codec_registry, record_never_throws_and_validate_reports_the_duplicate) {
  registry r;
  r.record<point>("test.thing");  // what QUARK_CODEC_TYPE does during static initialisation
  r.record<point>("test.thing");  // same pair again (the macro in a header): fine
  EXPECT_NO_THROW(r.validate());
  r.record<line>("test.thing");  // noexcept: kept for validate()
  static_assert(noexcept(r.record<line>("test.thing")));
  const quark::error e = config_error_of([&] { r.validate(); });
  EXPECT_EQ(e.code, quark::errc::duplicate_name);
  EXPECT_EQ(e.context, "test.thing");
  EXPECT_EQ(e.message, R"(stable name "test.thing" is registered for two types: codec_test::point and codec_test::line)");
  EXPECT_TRUE(r.find("test.thing")->holds<point>());
}

TEST(codec_registry, validate_counts_further_problems) {
  registry r;
  r.record<point>("test.a");
  r.record<line>("test.a");
  r.record<point>("test.b");
  r.record<line>("bad name");
  const quark::error e = config_error_of([&] { r.validate(); });
  EXPECT_THAT(e.message, testing::EndsWith("(and 2 more registration problems)"));
}

TEST(codec_registry, macro_registers_into_the_global_registry) {
  const registry& g = registry::global();
  const quark::codec::entry* e = g.find("test.order");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->holds<order>());
  EXPECT_EQ(g.find<deposited>()->name, "test.deposited");
  EXPECT_NO_THROW(g.validate());  // test_types.hpp is included by many files: no duplicates
}

TEST(codec_registry, entries_are_listed_by_name) {
  registry r;
  r.add<line>("b.line");
  r.add<point>("a.point");
  const auto all = r.entries();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]->name, "a.point");
  EXPECT_EQ(all[1]->name, "b.line");
}

TEST(codec_registry, type_erased_round_trip_through_an_entry) {
  const quark::codec::entry& e = *registry::global().find("test.order");
  const order o = sample_order();

  const std::string json = e.to_json(&o);
  EXPECT_EQ(json, quark::codec::to_json(o));
  order from_json;
  e.from_json(json, &from_json);
  EXPECT_EQ(from_json, o);

  std::string bytes;
  e.to_binary(&o, bytes);
  EXPECT_EQ(bytes, quark::codec::to_binary(o));
  order from_binary;
  e.from_binary(bytes, &from_binary);
  EXPECT_EQ(from_binary, o);

  ASSERT_NE(e.decode_binary, nullptr);
  EXPECT_EQ(std::any_cast<order>(e.decode_binary(bytes)), o);
  EXPECT_EQ(std::any_cast<order>(e.decode_json(json)), o);

  order from_value;
  e.from_json_value(e.to_json_value(&o), &from_value);
  EXPECT_EQ(from_value, o);
}

TEST(codec_registry, entry_transcodes_between_binary_and_json) {
  const quark::codec::entry& e = *registry::global().find("test.withdrawn");
  const std::string bytes = quark::codec::to_binary(withdrawn{3, "fee"});
  EXPECT_EQ(e.binary_to_json(bytes), R"({"cents":3,"reason":"fee"})");
  EXPECT_EQ(e.json_to_binary(R"({"cents":3,"reason":"fee"})"), bytes);
  EXPECT_THROW((void)e.binary_to_json("\x01"), quark::codec_error);
}

TEST(codec_registry, cpp_name_is_for_messages) {
  EXPECT_EQ(registry::global().find<order>()->cpp_name(), "codec_test::order");
}

}  // namespace
