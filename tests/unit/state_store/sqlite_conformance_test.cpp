// The SQLite state store runs the state_store conformance suite: on one connection, and
// through two connections (two `database`s) on one file, the way two processes share it.

#include <quark/testing/round_robin_store.hpp>
#include "temp_dir.hpp"

#include <quark/sqlite/state_store.hpp>
#include <quark/testing/state_store_conformance.hpp>

#include <atomic>
#include <optional>
#include <vector>

namespace {

using quark::test::temp_dir;

struct sqlite_factory {
  static inline std::optional<temp_dir> dir;
  static std::shared_ptr<quark::state_store> make() {
    dir.emplace();
    return quark::sqlite::open_state_store(*dir / "state.db");
  }
  static void cleanup() { dir.reset(); }
};

// Spreads calls over several stores (one connection each) on the same file.
using quark::testing::round_robin_store;

struct sqlite_two_connections_factory {
  static inline std::optional<temp_dir> dir;
  static std::shared_ptr<quark::state_store> make() {
    dir.emplace();
    auto path = *dir / "state.db";
    return std::make_shared<round_robin_store>(std::vector<std::shared_ptr<quark::state_store>>{
        quark::sqlite::open_state_store(path), quark::sqlite::open_state_store(path)});
  }
  static void cleanup() { dir.reset(); }
};

}  // namespace

namespace quark::testing {
INSTANTIATE_TYPED_TEST_SUITE_P(sqlite, state_store_conformance, ::testing::Types<sqlite_factory>);
INSTANTIATE_TYPED_TEST_SUITE_P(sqlite_two_connections, state_store_conformance,
                               ::testing::Types<sqlite_two_connections_factory>);
}  // namespace quark::testing
