// quark::state_store on PostgreSQL: the store's I/O thread, its pool, and the hop from the
// caller's shard to that thread and back. The SQL is in state_queries.cpp.

#include "run_task_on.hpp"
#include "state_queries.hpp"
#include "store_io.hpp"

#include <quark/async/sync_wait.hpp>
#include <quark/postgres/state_store.hpp>

#include <boost/asio/post.hpp>

#include <chrono>
#include <optional>
#include <thread>
#include <utility>

namespace quark::postgres {
namespace {

using namespace std::chrono_literals;

class pg_state_store final : public state_store, public std::enable_shared_from_this<pg_state_store> {
 public:
  explicit pg_state_store(const state_store_options& options) : runner_(std::make_shared<store_io>()) {
    runner_->db = pool::create(runner_->ctx, {.conninfo = with_search_path(options.conninfo, options.schema),
                                              .max_size = options.pool_size});
  }

  pg_state_store(const pg_state_store&) = delete;
  pg_state_store& operator=(const pg_state_store&) = delete;

  ~pg_state_store() override { stop_store_thread(runner_, thread_); }

  /// Creates the schema and applies the migrations on the calling thread, then starts the
  /// store's thread.
  void start(std::string schema) {
    quark::sync_wait(runner_->ctx, prepare_schema(runner_->db, std::move(schema), std::string{state_store_component},
                                                  state_queries::migrations(), deadline::after(60s)));
    std::shared_ptr<store_io> r = runner_;
    thread_ = std::thread([r] { r->ctx.run(); });
  }

  task<std::optional<stored_state>> read(std::string type, std::string key, deadline until) override {
    state_errors::check_deadline(until, "read", type, key);
    std::shared_ptr<pg_state_store> self = shared_from_this();
    auto hop =
        detail::run_task_on(runner_->ctx, state_queries::read(runner_->db, std::move(type), std::move(key), until));
    co_return co_await hop;
  }

  task<state_version> write(std::string type, std::string key, std::string data, state_version expected,
                            deadline until) override {
    state_errors::check_deadline(until, "write", type, key);
    std::shared_ptr<pg_state_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx, state_queries::write(runner_->db, std::move(type), std::move(key),
                                                                      std::move(data), expected, until));
    co_return co_await hop;
  }

  task<void> clear(std::string type, std::string key, state_version expected, deadline until) override {
    state_errors::check_deadline(until, "clear", type, key);
    std::shared_ptr<pg_state_store> self = shared_from_this();
    auto hop = detail::run_task_on(runner_->ctx,
                                   state_queries::clear(runner_->db, std::move(type), std::move(key), expected, until));
    co_await hop;
  }

 private:
  std::shared_ptr<store_io> runner_;
  std::thread thread_;
};

}  // namespace

std::span<const migration> state_store_migrations() noexcept { return state_queries::migrations(); }

std::shared_ptr<state_store> make_state_store(state_store_options options) {
  auto store = std::make_shared<pg_state_store>(options);
  store->start(std::move(options.schema));
  return store;
}

}  // namespace quark::postgres
