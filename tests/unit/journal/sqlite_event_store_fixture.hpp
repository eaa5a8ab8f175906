#pragma once
// Fixture of the SQLite event store's own tests: a temp file, a database, a store on it,
// and synchronous helpers.

#include <quark/async/sync_wait.hpp>
#include <quark/sqlite/event_store.hpp>
#include <quark/testing/event_store_conformance.hpp>
#include <quark/testing/temp_dir.hpp>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace quark::test {

class sqlite_event_store : public ::testing::Test {
 protected:
  template <class T>
  T wait(task<T> t) {
    return sync_wait(ctx_, std::move(t));
  }
  /// Opens the database and the store on `path_` (again, after `close`).
  void open() {
    db_ = sqlite::database::open(path_);
    store_ = sqlite::make_event_store(db_);
  }
  void close() {
    store_.reset();
    db_.reset();
  }
  append_result append(const std::string& stream, std::vector<event_data> events,
                       expected_version expected = expected_version::any()) {
    return wait(store_->append(stream, std::move(events), expected, deadline::never()));
  }
  std::vector<recorded_event> read(const std::string& stream, stream_version from = 1,
                                   std::size_t max = std::numeric_limits<std::size_t>::max()) {
    return wait(store_->read(stream, from, max, deadline::never()));
  }
  std::vector<recorded_event> read_all(event_position after = {},
                                       std::size_t max = std::numeric_limits<std::size_t>::max()) {
    return wait(store_->read_all(after, max, deadline::never()));
  }
  /// Runs `sql` (a script) on the store's connection.
  void exec(const std::string& sql) {
    db_->run_blocking([&sql](sqlite::connection& c) { c.exec(sql); });
  }
  static std::vector<event_data> events(int n, int first = 1) {
    std::vector<event_data> out;
    for (int i = 0; i < n; ++i) out.push_back(testing::make_event(first + i));
    return out;
  }

  testing::temp_dir dir_{"quark-events"};
  std::filesystem::path path_ = dir_ / "events.db";
  boost::asio::io_context ctx_;
  std::shared_ptr<sqlite::database> db_;
  std::shared_ptr<event_store> store_;
};

}  // namespace quark::test
