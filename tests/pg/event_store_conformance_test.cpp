// The PostgreSQL event store runs the event_store conformance suite, each test on a fresh
// schema of its own (CTest runs tests in parallel processes), dropped afterwards.

#include "pg_test.hpp"

#include <quark/postgres/event_store.hpp>
#include <quark/testing/event_store_conformance.hpp>

#include <string>

namespace {

using quark::postgres::test::env;

struct postgres_event_factory {
  static inline std::string schema;
  static std::shared_ptr<quark::event_store> make() {
    if (env("QUARK_PG_URL").empty()) {
      throw quark::config_error(quark::errc::invalid_argument, quark::postgres::test::missing_url_message);
    }
    schema = quark::postgres::test::fresh_schema("t_events");
    return quark::postgres::make_event_store({.conninfo = env("QUARK_PG_URL"), .pool_size = 8, .schema = schema});
  }
  static void cleanup() {
    if (!schema.empty()) quark::postgres::test::drop_schema(schema);
    schema.clear();
  }
};

}  // namespace

namespace quark::testing {
INSTANTIATE_TYPED_TEST_SUITE_P(postgres, event_store_conformance, ::testing::Types<postgres_event_factory>);
}  // namespace quark::testing
