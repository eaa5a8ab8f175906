// The PostgreSQL state store runs the state_store conformance suite: through one store, and
// through two stores (two pools, two I/O threads) on one schema, the way two silos share it.
// Each test gets a schema of its own (CTest runs tests in parallel processes), dropped after.

#include <quark/testing/round_robin_store.hpp>
#include "pg_test.hpp"

#include <quark/postgres/state_store.hpp>
#include <quark/testing/state_store_conformance.hpp>

#include <string>
#include <vector>

namespace {

using quark::postgres::test::drop_schema;
using quark::postgres::test::env;

struct schema_holder {
  static inline std::string schema;
  static quark::postgres::state_store_options options() {
    if (env("QUARK_PG_URL").empty()) throw quark::config_error(quark::errc::invalid_argument,
                                                               quark::postgres::test::missing_url_message);
    schema = quark::postgres::test::fresh_schema("t_state");
    return {.conninfo = env("QUARK_PG_URL"), .pool_size = 4, .schema = schema};
  }
  static void cleanup() {
    if (!schema.empty()) drop_schema(schema);
    schema.clear();
  }
};

struct postgres_factory : schema_holder {
  static std::shared_ptr<quark::state_store> make() { return quark::postgres::make_state_store(options()); }
};

// Spreads calls over several stores on the same schema.
using quark::testing::round_robin_store;

struct postgres_two_stores_factory : schema_holder {
  static std::shared_ptr<quark::state_store> make() {
    auto o = options();
    return std::make_shared<round_robin_store>(std::vector<std::shared_ptr<quark::state_store>>{
        quark::postgres::make_state_store(o), quark::postgres::make_state_store(o)});
  }
};

}  // namespace

namespace quark::testing {
INSTANTIATE_TYPED_TEST_SUITE_P(postgres, state_store_conformance, ::testing::Types<postgres_factory>);
INSTANTIATE_TYPED_TEST_SUITE_P(postgres_two_stores, state_store_conformance,
                               ::testing::Types<postgres_two_stores_factory>);
}  // namespace quark::testing
