// Event types without reflection: stable names, schema versions, upcaster chains, and the
// errors of an event that cannot be read.

#include <quark/journal/event.hpp>

#include <boost/describe.hpp>
#include <gtest/gtest.h>

namespace event_set_test {

struct opened {
  std::string owner;
};
BOOST_DESCRIBE_STRUCT(opened, (), (owner))

// Today's deposited is version 3: cents + currency + note. Version 1 stored "amount" in
// whole euros; version 2 stored cents without currency.
struct deposited {
  std::int64_t cents = 0;
  std::string currency;
  std::string note;
};
BOOST_DESCRIBE_STRUCT(deposited, (), (cents, currency, note))
struct deposited_v1 {
  std::int64_t amount = 0;
};
BOOST_DESCRIBE_STRUCT(deposited_v1, (), (amount))
struct deposited_v2 {
  std::int64_t cents = 0;
};
BOOST_DESCRIBE_STRUCT(deposited_v2, (), (cents))

}  // namespace event_set_test

QUARK_EVENT(event_set_test::opened, "test.es.opened", 1);
QUARK_EVENT(event_set_test::deposited, "test.es.deposited", 3);
QUARK_UPCASTER(event_set_test::deposited, 1, event_set_test::deposited_v1,
               [](const event_set_test::deposited_v1& old) { return event_set_test::deposited_v2{old.amount * 100}; });
QUARK_UPCASTER(event_set_test::deposited, 2, event_set_test::deposited_v2,
               [](const event_set_test::deposited_v2& old) { return event_set_test::deposited{old.cents, "EUR", ""}; });

namespace event_set_test {
namespace {

using events = quark::event_set<opened, deposited>;

quark::recorded_event stored(std::string type, std::uint32_t schema, std::string payload) {
  quark::recorded_event e;
  e.stream = "acc/1";
  e.version = 7;
  e.type = std::move(type);
  e.schema_version = schema;
  e.payload = std::move(payload);
  return e;
}

TEST(event_set, encode_uses_the_declared_name_and_version) {
  const quark::event_data d = events::encode(deposited{250, "USD", "tip"}, {"corr", "cause", {}});
  EXPECT_EQ(d.type, "test.es.deposited");
  EXPECT_EQ(d.schema_version, 3u);
  EXPECT_EQ(d.payload, R"({"cents":250,"currency":"USD","note":"tip"})");
  EXPECT_EQ(d.metadata.correlation_id, "corr");
  EXPECT_FALSE(d.id.is_nil());
  EXPECT_NE(events::encode(opened{"ann"}).id, events::encode(opened{"ann"}).id);
}

TEST(event_set, decode_round_trips_today_s_version) {
  const auto v = events::decode(stored("test.es.deposited", 3, R"({"cents":5,"currency":"GBP","note":"x"})"));
  ASSERT_TRUE(std::holds_alternative<deposited>(v));
  EXPECT_EQ(std::get<deposited>(v).currency, "GBP");
  EXPECT_EQ(std::get<opened>(events::decode(stored("test.es.opened", 1, R"({"owner":"ann"})"))).owner, "ann");
}

TEST(event_set, upcasters_chain_v1_to_v2_to_v3) {
  const auto from_v1 = std::get<deposited>(events::decode(stored("test.es.deposited", 1, R"({"amount":3})")));
  EXPECT_EQ(from_v1.cents, 300);
  EXPECT_EQ(from_v1.currency, "EUR");
  const auto from_v2 = std::get<deposited>(events::decode(stored("test.es.deposited", 2, R"({"cents":42})")));
  EXPECT_EQ(from_v2.cents, 42);
  EXPECT_EQ(from_v2.currency, "EUR");
}

void expect_error(const quark::recorded_event& e, const std::string& fragment) {
  try {
    (void)events::decode(e);
    ADD_FAILURE() << "decoding " << e.type << " should fail";
  } catch (const quark::codec_error& x) {
    EXPECT_EQ(x.value().context, "acc/1@7");
    EXPECT_NE(x.value().message.find(fragment), std::string::npos) << x.value().message;
  }
}

TEST(event_set, unreadable_events_name_stream_version_and_type) {
  expect_error(stored("test.es.closed", 1, "{}"), "unknown event type \"test.es.closed\"");
  expect_error(stored("test.es.opened", 2, R"({"owner":"ann"})"), "schema version 2, this build knows versions up to 1");
  expect_error(stored("test.es.opened", 0, R"({"owner":"ann"})"), "schema version 0");
  expect_error(stored("test.es.opened", 1, "not json at all"), "test.es.opened");
  expect_error(stored("test.es.opened", 1, R"({"owner":42})"), "does not decode");
  expect_error(stored("test.es.deposited", 1, R"({"amount":"three"})"), "test.es.deposited");
  expect_error(stored("test.es.deposited", 1, "[1,2"), "test.es.deposited");
}

}  // namespace
}  // namespace event_set_test
