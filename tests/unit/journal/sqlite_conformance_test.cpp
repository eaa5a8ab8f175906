// The SQLite event store runs the event_store conformance suite: on one connection, and
// through two connections (two `database`s) on one file, the way two processes share it.

#include <quark/sqlite/event_store.hpp>
#include <quark/testing/event_store_conformance.hpp>
#include <quark/testing/temp_dir.hpp>

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace {

using quark::testing::temp_dir;

struct sqlite_factory {
  static inline std::optional<temp_dir> dir;
  static std::shared_ptr<quark::event_store> make() {
    dir.emplace("quark-events");
    return quark::sqlite::open_event_store(*dir / "events.db");
  }
  static void cleanup() { dir.reset(); }
};

// Spreads calls over several event stores of one file, so that what one connection wrote is
// what the other must see (versions, conflicts, idempotent retries, positions). Its own
// signal fires after every append or deletion made through it, as one store's would.
class round_robin_event_store final : public quark::event_store {
 public:
  explicit round_robin_event_store(std::vector<std::shared_ptr<quark::event_store>> stores)
      : stores_(std::move(stores)) {}

  quark::task<quark::append_result> append(std::string stream, std::vector<quark::event_data> events,
                                           quark::expected_version expected, quark::deadline until) override {
    auto op = next().append(std::move(stream), std::move(events), expected, until);
    quark::append_result result = co_await op;
    signal_.notify();
    co_return result;
  }
  quark::task<std::vector<quark::recorded_event>> read(std::string stream, quark::stream_version from,
                                                       std::size_t max_count, quark::deadline until) override {
    return next().read(std::move(stream), from, max_count, until);
  }
  quark::task<std::vector<quark::recorded_event>> read_backward(std::string stream, quark::stream_version from,
                                                                std::size_t max_count,
                                                                quark::deadline until) override {
    return next().read_backward(std::move(stream), from, max_count, until);
  }
  quark::task<std::vector<quark::recorded_event>> read_all(quark::event_position after, std::size_t max_count,
                                                           quark::deadline until) override {
    return next().read_all(after, max_count, until);
  }
  quark::task<std::optional<quark::stream_info>> stream(std::string stream, quark::deadline until) override {
    return next().stream(std::move(stream), until);
  }
  quark::task<std::vector<quark::stream_info>> list_streams(std::string after, std::size_t max_count,
                                                            quark::deadline until) override {
    return next().list_streams(std::move(after), max_count, until);
  }
  quark::task<quark::stream_version> delete_stream(std::string stream, quark::expected_version expected,
                                                   quark::deadline until) override {
    auto op = next().delete_stream(std::move(stream), expected, until);
    const quark::stream_version version = co_await op;
    signal_.notify();
    co_return version;
  }
  quark::task<void> truncate_before(std::string stream, quark::stream_version before, quark::deadline until) override {
    return next().truncate_before(std::move(stream), before, until);
  }
  quark::task<void> save_snapshot(std::string stream, quark::snapshot s, quark::deadline until) override {
    return next().save_snapshot(std::move(stream), std::move(s), until);
  }
  quark::task<std::optional<quark::snapshot>> load_snapshot(std::string stream, quark::deadline until) override {
    return next().load_snapshot(std::move(stream), until);
  }
  quark::task<std::optional<quark::event_position>> load_checkpoint(std::string name, quark::deadline until) override {
    return next().load_checkpoint(std::move(name), until);
  }
  quark::task<void> save_checkpoint(std::string name, quark::event_position position, quark::deadline until) override {
    return next().save_checkpoint(std::move(name), position, until);
  }
  quark::append_signal& appended() noexcept override { return signal_; }

 private:
  quark::event_store& next() { return *stores_[next_.fetch_add(1, std::memory_order_relaxed) % stores_.size()]; }

  std::vector<std::shared_ptr<quark::event_store>> stores_;
  std::atomic<std::size_t> next_{0};
  quark::append_signal signal_;
};

struct sqlite_two_connections_factory {
  static inline std::optional<temp_dir> dir;
  static std::shared_ptr<quark::event_store> make() {
    dir.emplace("quark-events");
    const auto path = *dir / "events.db";
    return std::make_shared<round_robin_event_store>(std::vector<std::shared_ptr<quark::event_store>>{
        quark::sqlite::open_event_store(path), quark::sqlite::open_event_store(path)});
  }
  static void cleanup() { dir.reset(); }
};

}  // namespace

namespace quark::testing {
INSTANTIATE_TYPED_TEST_SUITE_P(sqlite, event_store_conformance, ::testing::Types<sqlite_factory>);
INSTANTIATE_TYPED_TEST_SUITE_P(sqlite_two_connections, event_store_conformance,
                               ::testing::Types<sqlite_two_connections_factory>);
}  // namespace quark::testing
