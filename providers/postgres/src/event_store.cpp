// quark::event_store on PostgreSQL: the store's I/O thread, its pool, its LISTEN loop and
// debounced NOTIFY, and the hop from the caller's shard to that thread and back. The SQL is
// in event_sql.hpp / event_queries.cpp.

#include "event_queries.hpp"
#include "run_task_on.hpp"
#include "store_io.hpp"

#include <quark/async/detached.hpp>
#include <quark/async/sync_wait.hpp>
#include <quark/async/use_task.hpp>
#include <quark/postgres/event_store.hpp>
#include <quark/postgres/listener.hpp>
#include <quark/postgres/state_store.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <optional>
#include <thread>
#include <utility>

namespace quark::postgres {
namespace {

using namespace std::chrono_literals;

/// How often the LISTEN loop looks at the stop flag (bounds the destructor's wait).
constexpr auto listen_slice = 200ms;

/// The store's io_context and what lives on it; shared with the thread that runs it and with
/// the background loops, so that all of it outlives `run()`.
struct io_runner : store_io {
  append_signal signal;
  std::atomic<bool> stopping{false};
  event_store_options options;
  bool notify_in_flight = false;  // store's thread only
  bool notify_again = false;      // store's thread only
};

// One NOTIFY at a time per store, then a pause of `notify_interval`; appends meanwhile ask
// for one more, sent after the pause. Outside every append's transaction, committed without a
// WAL flush (event_queries::notify).
quark::detail::detached notifier(std::shared_ptr<io_runner> r) {
  do {
    r->notify_again = false;
    try {
      auto n = event_queries::notify(r->db, deadline::after(5s));
      co_await n;
    } catch (const std::exception&) {
      // a wake-up is best effort: subscribers also poll
    }
    if (r->options.notify_interval.count() > 0) {
      boost::asio::steady_timer pause{r->ctx, r->options.notify_interval};
      auto wait = pause.async_wait(use_task_nothrow);
      co_await wait;
    }
  } while (r->notify_again && !r->stopping.load() && r->db);
  r->notify_in_flight = false;
}

void request_notify(const std::shared_ptr<io_runner>& r) {
  if (!r->options.notify || r->stopping.load() || !r->db) return;
  if (r->notify_in_flight) {
    r->notify_again = true;
    return;
  }
  r->notify_in_flight = true;
  notifier(r);
}

// LISTENs on the store's channel and turns every notification (and every reconnection,
// after which notifications may have been lost) into a wake-up of `appended()`.
quark::detail::detached listen_loop(std::shared_ptr<io_runner> r) {
  std::unique_ptr<listener> l;
  std::uint64_t reconnections = 0;
  while (!r->stopping.load()) {
    bool failed = false;
    try {
      if (!l) {
        auto opening = listener::open(r->ctx, {.conninfo = r->options.conninfo, .reconnect_timeout = 2s},
                                      deadline::after(5s));
        l = co_await opening;
        auto listening = l->listen(std::string{event_store_channel}, deadline::after(5s));
        co_await listening;
        reconnections = l->reconnections();
        r->signal.notify();  // anything appended while nobody listened
      }
      auto next = l->next(deadline::after(listen_slice));
      co_await next;
      r->signal.notify();
    } catch (const timeout_error&) {
      // nothing this slice: look at the stop flag
    } catch (const std::exception&) {
      failed = true;
    }
    if (l && l->reconnections() != reconnections) {
      reconnections = l->reconnections();
      r->signal.notify();
    }
    if (failed && !r->stopping.load()) {
      l.reset();
      boost::asio::steady_timer pause{r->ctx, listen_slice};
      auto wait = pause.async_wait(use_task_nothrow);
      co_await wait;
    }
  }
}

// The operations that signal, as named coroutines on the store's thread.
task<append_result> append_on(std::shared_ptr<io_runner> r, std::string stream, std::vector<event_data> events,
                              expected_version expected, deadline until) {
  auto a = event_queries::append(r->db, std::move(stream), std::move(events), expected, until);
  append_result out = co_await a;
  r->signal.notify();
  request_notify(r);
  co_return out;
}

task<stream_version> delete_on(std::shared_ptr<io_runner> r, std::string stream, expected_version expected,
                               deadline until) {
  std::vector<event_data> tombstone(1);
  tombstone[0].id = uuid::generate();
  tombstone[0].type = std::string(tombstone_type);
  tombstone[0].payload = "{}";
  auto a = append_on(std::move(r), std::move(stream), std::move(tombstone), expected, until);
  append_result out = co_await a;
  co_return out.version;
}

class pg_event_store final : public event_store, public std::enable_shared_from_this<pg_event_store> {
 public:
  explicit pg_event_store(event_store_options options) : runner_(std::make_shared<io_runner>()) {
    runner_->db = pool::create(runner_->ctx, {.conninfo = with_search_path(options.conninfo, options.schema),
                                              .max_size = options.pool_size});
    runner_->options = std::move(options);
  }

  pg_event_store(const pg_event_store&) = delete;
  pg_event_store& operator=(const pg_event_store&) = delete;

  ~pg_event_store() override {
    runner_->stopping.store(true);
    stop_store_thread(runner_, thread_);
  }

  /// Creates the schema and applies the migrations on the calling thread, then starts the
  /// store's thread (and its LISTEN loop).
  void start() {
    quark::sync_wait(runner_->ctx, prepare_schema(runner_->db, runner_->options.schema, std::string{event_store_component},
                                                  event_queries::migrations(), deadline::after(60s)));
    std::shared_ptr<io_runner> r = runner_;
    if (r->options.notify) boost::asio::post(r->ctx, [r] { listen_loop(r); });
    thread_ = std::thread([r] { r->ctx.run(); });
  }

  task<append_result> append(std::string stream, std::vector<event_data> events, expected_version expected,
                             deadline until) override {
    event_errors::check_batch(stream, events);
    event_errors::check_deadline(until, "append", stream);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx,
                                   append_on(runner_, std::move(stream), std::move(events), expected, until));
    co_return co_await hop;
  }

  task<std::vector<recorded_event>> read(std::string stream, stream_version from, std::size_t max_count,
                                         deadline until) override {
    event_errors::check_deadline(until, "read", stream);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx,
                                   event_queries::read(runner_->db, std::move(stream), from, max_count, false, until));
    co_return co_await hop;
  }

  task<std::vector<recorded_event>> read_backward(std::string stream, stream_version from, std::size_t max_count,
                                                  deadline until) override {
    event_errors::check_deadline(until, "read_backward", stream);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx,
                                   event_queries::read(runner_->db, std::move(stream), from, max_count, true, until));
    co_return co_await hop;
  }

  task<std::vector<recorded_event>> read_all(event_position after, std::size_t max_count, deadline until) override {
    event_errors::check_deadline(until, "read_all", "$all");
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(
        runner_->ctx, event_queries::read_all(runner_->db, after, max_count, runner_->options.read_all_settle, until));
    co_return co_await hop;
  }

  task<std::optional<stream_info>> stream(std::string stream, deadline until) override {
    event_errors::check_deadline(until, "stream", stream);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx, event_queries::stream(runner_->db, std::move(stream), until));
    co_return co_await hop;
  }

  task<std::vector<stream_info>> list_streams(std::string after, std::size_t max_count, deadline until) override {
    event_errors::check_deadline(until, "list_streams", after);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx,
                                   event_queries::list_streams(runner_->db, std::move(after), max_count, until));
    co_return co_await hop;
  }

  task<stream_version> delete_stream(std::string stream, expected_version expected, deadline until) override {
    event_errors::check_stream_name(stream);
    event_errors::check_deadline(until, "delete_stream", stream);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx, delete_on(runner_, std::move(stream), expected, until));
    co_return co_await hop;
  }

  task<void> truncate_before(std::string stream, stream_version before, deadline until) override {
    event_errors::check_deadline(until, "truncate_before", stream);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx,
                                   event_queries::truncate_before(runner_->db, std::move(stream), before, until));
    co_await hop;
  }

  task<void> save_snapshot(std::string stream, snapshot s, deadline until) override {
    event_errors::check_deadline(until, "save_snapshot", stream);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx,
                                   event_queries::save_snapshot(runner_->db, std::move(stream), std::move(s), until));
    co_await hop;
  }

  task<std::optional<snapshot>> load_snapshot(std::string stream, deadline until) override {
    event_errors::check_deadline(until, "load_snapshot", stream);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx, event_queries::load_snapshot(runner_->db, std::move(stream), until));
    co_return co_await hop;
  }

  task<std::optional<event_position>> load_checkpoint(std::string name, deadline until) override {
    event_errors::check_deadline(until, "load_checkpoint", name);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx, event_queries::load_checkpoint(runner_->db, std::move(name), until));
    co_return co_await hop;
  }

  task<void> save_checkpoint(std::string name, event_position position, deadline until) override {
    event_errors::check_deadline(until, "save_checkpoint", name);
    std::shared_ptr<pg_event_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx,
                                   event_queries::save_checkpoint(runner_->db, std::move(name), position, until));
    co_await hop;
  }

  append_signal& appended() noexcept override { return runner_->signal; }

 private:
  std::shared_ptr<io_runner> runner_;
  std::thread thread_;
};

}  // namespace

std::span<const migration> event_store_migrations() noexcept { return event_queries::migrations(); }

std::shared_ptr<event_store> make_event_store(event_store_options options) {
  auto store = std::make_shared<pg_event_store>(std::move(options));
  store->start();
  return store;
}

}  // namespace quark::postgres
