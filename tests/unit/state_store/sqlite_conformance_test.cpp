// The SQLite state store runs the state_store conformance suite: on one connection, and
// through two connections (two `database`s) on one file, the way two processes share it.

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
class round_robin_store final : public quark::state_store {
 public:
  explicit round_robin_store(std::vector<std::shared_ptr<quark::state_store>> stores) : stores_(std::move(stores)) {}

  quark::task<std::optional<quark::stored_state>> read(std::string type, std::string key,
                                                       quark::deadline until) override {
    return next().read(std::move(type), std::move(key), until);
  }
  quark::task<quark::state_version> write(std::string type, std::string key, std::string data,
                                          quark::state_version expected, quark::deadline until) override {
    return next().write(std::move(type), std::move(key), std::move(data), expected, until);
  }
  quark::task<void> clear(std::string type, std::string key, quark::state_version expected,
                          quark::deadline until) override {
    return next().clear(std::move(type), std::move(key), expected, until);
  }

 private:
  quark::state_store& next() { return *stores_[next_.fetch_add(1) % stores_.size()]; }

  std::vector<std::shared_ptr<quark::state_store>> stores_;
  std::atomic<std::size_t> next_{0};
};

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
