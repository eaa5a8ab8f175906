// quark::event_store on SQLite. Each operation is one function on the database thread
// (event_store_ops.cpp); this file checks arguments and deadlines on the caller's thread,
// hops to the database thread and back, and signals appends.

#include <quark/sqlite/event_store.hpp>

#include "event_rows.hpp"
#include "event_store_ops.hpp"

#include <utility>

namespace quark::sqlite {
namespace {

using event_errors::check_deadline;

// Each awaitable is bound to a named local before `co_await`: g++ 12 mis-destroys
// non-trivial temporaries (here, lambdas capturing strings) inside a co_await expression.
// Each coroutine copies `db_` so the database outlives the suspension.
class sqlite_event_store final : public event_store {
 public:
  explicit sqlite_event_store(std::shared_ptr<database> db) : db_(std::move(db)) {}

  task<append_result> append(std::string stream, std::vector<event_data> events, expected_version expected,
                             deadline until) override {
    event_errors::check_batch(stream, events);
    check_deadline(until, "append", stream);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [stream = std::move(stream), events = std::move(events), expected](connection& c) {
      return event_ops::append(c, stream, events, expected);
    });
    append_result result = co_await op;
    signal_.notify();
    co_return result;
  }

  task<std::vector<recorded_event>> read(std::string stream, stream_version from, std::size_t max_count,
                                         deadline until) override {
    check_deadline(until, "read", stream);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [stream = std::move(stream), from, max_count](connection& c) {
      return event_ops::read(c, stream, from, max_count);
    });
    co_return co_await op;
  }

  task<std::vector<recorded_event>> read_backward(std::string stream, stream_version from, std::size_t max_count,
                                                  deadline until) override {
    check_deadline(until, "read_backward", stream);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [stream = std::move(stream), from, max_count](connection& c) {
      return event_ops::read_backward(c, stream, from, max_count);
    });
    co_return co_await op;
  }

  task<std::vector<recorded_event>> read_all(event_position after, std::size_t max_count, deadline until) override {
    check_deadline(until, "read_all", "$all");
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [after, max_count](connection& c) { return event_ops::read_all(c, after, max_count); });
    co_return co_await op;
  }

  task<std::optional<stream_info>> stream(std::string stream, deadline until) override {
    check_deadline(until, "stream", stream);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [stream = std::move(stream)](connection& c) { return event_ops::stream(c, stream); });
    co_return co_await op;
  }

  task<std::vector<stream_info>> list_streams(std::string after, std::size_t max_count, deadline until) override {
    check_deadline(until, "list_streams", after);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [after = std::move(after), max_count](connection& c) {
      return event_ops::list_streams(c, after, max_count);
    });
    co_return co_await op;
  }

  task<stream_version> delete_stream(std::string stream, expected_version expected, deadline until) override {
    event_errors::check_stream_name(stream);
    check_deadline(until, "delete_stream", stream);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [stream = std::move(stream), expected](connection& c) {
      return event_ops::delete_stream(c, stream, expected);
    });
    const stream_version version = co_await op;
    signal_.notify();
    co_return version;
  }

  task<void> truncate_before(std::string stream, stream_version before, deadline until) override {
    check_deadline(until, "truncate_before", stream);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [stream = std::move(stream), before](connection& c) {
      event_ops::truncate_before(c, stream, before);
    });
    co_await op;
  }

  task<void> save_snapshot(std::string stream, snapshot s, deadline until) override {
    check_deadline(until, "save_snapshot", stream);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [stream = std::move(stream), s = std::move(s)](connection& c) {
      event_ops::save_snapshot(c, stream, s);
    });
    co_await op;
  }

  task<std::optional<snapshot>> load_snapshot(std::string stream, deadline until) override {
    check_deadline(until, "load_snapshot", stream);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [stream = std::move(stream)](connection& c) {
      return event_ops::load_snapshot(c, stream);
    });
    co_return co_await op;
  }

  task<std::optional<event_position>> load_checkpoint(std::string name, deadline until) override {
    check_deadline(until, "load_checkpoint", name);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [name = std::move(name)](connection& c) { return event_ops::load_checkpoint(c, name); });
    co_return co_await op;
  }

  task<void> save_checkpoint(std::string name, event_position position, deadline until) override {
    check_deadline(until, "save_checkpoint", name);
    std::shared_ptr<database> db = db_;
    auto op = db->run(until, [name = std::move(name), position](connection& c) {
      event_ops::save_checkpoint(c, name, position);
    });
    co_await op;
  }

  append_signal& appended() noexcept override { return signal_; }

 private:
  std::shared_ptr<database> db_;
  append_signal signal_;
};

}  // namespace

std::span<const migration> event_store_migrations() noexcept { return event_rows::schema(); }

std::shared_ptr<event_store> make_event_store(std::shared_ptr<database> db) {
  if (!db) throw config_error(errc::invalid_argument, "sqlite::make_event_store: database is null");
  db->run_blocking([](connection& c) { apply_migrations(c, event_store_component, event_rows::schema()); });
  return std::make_shared<sqlite_event_store>(std::move(db));
}

std::shared_ptr<event_store> open_event_store(const std::filesystem::path& path, const open_options& options) {
  return make_event_store(database::open(path, options));
}

}  // namespace quark::sqlite
