#include <quark/async/run_on.hpp>
#include <quark/async/sync_wait.hpp>
#include <quark/async/use_task.hpp>
#include <quark/journal/projection.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

namespace quark {
namespace {

task<void> pause(clock::duration d) {
  boost::asio::steady_timer t{*detail::current_io_context(), d};
  auto wait = t.async_wait(use_task_nothrow);
  co_await wait;
}

}  // namespace

namespace {

/// Delivers a batch one event at a time (an `event_handler` seen as a `batch_handler`).
struct one_by_one {
  event_handler each;
  task<void> operator()(std::span<const recorded_event> page) const {
    for (const recorded_event& e : page) {
      auto handle = each(e);
      co_await handle;
    }
  }
};

}  // namespace

task<event_position> subscribe_all(event_store& store, event_position after, batch_handler handler,
                                   subscription_control& control, subscription_options options) {
  if (options.batch == 0) throw config_error(errc::invalid_argument, "a subscription's batch must be at least 1");
  while (!control.stop.load()) {
    const std::uint64_t seen = store.appended().generation();
    std::vector<recorded_event> page;
    bool failed = false;
    try {
      auto read = store.read_all(after, options.batch, deadline::after(options.read_timeout));
      page = co_await read;
    } catch (const exception& e) {
      spdlog::warn("quark: subscription read after {} failed, retrying: {}", after.to_string(), e.value().describe());
      failed = true;
    }
    if (failed) {
      co_await pause(options.retry_delay);
      continue;
    }
    if (!page.empty()) {
      auto handle = handler(std::span<const recorded_event>(page));
      co_await handle;
      after = page.back().position;
      if (control.on_batch) {
        auto saved = control.on_batch(after);
        co_await saved;
      }
    }
    if (page.size() < options.batch && !control.stop.load()) {
      auto wait = store.appended().wait(seen, options.poll_interval);
      co_await wait;
    }
  }
  co_return after;
}

task<event_position> subscribe_all(event_store& store, event_position after, event_handler handler,
                                   subscription_control& control, subscription_options options) {
  return subscribe_all(store, after, batch_handler{one_by_one{std::move(handler)}}, control, options);
}

projection::projection(std::shared_ptr<event_store> store, std::string name, event_handler handler,
                       subscription_options options)
    : projection(std::move(store), std::move(name), batch_handler{one_by_one{std::move(handler)}}, options) {}

projection::projection(std::shared_ptr<event_store> store, std::string name, batch_handler handler,
                       subscription_options options)
    : store_(std::move(store)), name_(std::move(name)), handler_(std::move(handler)), options_(options) {
  if (name_.empty()) throw config_error(errc::invalid_argument, "a projection needs a name (its checkpoint key)");
  if (!store_) throw config_error(errc::invalid_argument, "a projection needs an event store", name_);
}

projection::~projection() { stop(); }

void projection::start() {
  std::lock_guard lock{mutex_};
  if (running_) throw config_error(errc::invalid_argument, "the projection is already running", name_);
  running_ = true;
  error_ = nullptr;
  control_.stop.store(false);
  delivered_.store(0);
  thread_ = std::thread([this] { run(); });
}

void projection::stop() {
  control_.stop.store(true);
  store_->appended().notify();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock{mutex_};
  running_ = false;
}

event_position projection::checkpoint() const {
  std::lock_guard lock{mutex_};
  return checkpoint_;
}

std::exception_ptr projection::error() const {
  std::lock_guard lock{mutex_};
  return error_;
}

bool projection::wait_until(event_position position, std::chrono::milliseconds timeout) {
  std::unique_lock lock{mutex_};
  progressed_.wait_for(lock, timeout, [&] { return checkpoint_ >= position || !running_ || error_; });
  return checkpoint_ >= position;
}

void projection::run() {
  boost::asio::io_context ctx;
  try {
    const deadline until = deadline::after(options_.read_timeout);
    const std::optional<event_position> stored = sync_wait(ctx, store_->load_checkpoint(name_, until));
    {
      std::lock_guard lock{mutex_};
      checkpoint_ = stored.value_or(event_position{});
    }
    // The handler counts deliveries; the batch hook stores the checkpoint, then publishes it.
    batch_handler counted = [this](std::span<const recorded_event> page) {
      delivered_.fetch_add(page.size());
      return handler_(page);
    };
    control_.on_batch = [this](event_position p) { return save_checkpoint(p); };
    const event_position last = sync_wait(ctx, subscribe_all(*store_, checkpoint(), counted, control_, options_));
    sync_wait(ctx, save_checkpoint(last));
  } catch (...) {
    spdlog::error("quark: projection {} stopped: {}", name_, error_from_current_exception(errc::storage).describe());
    std::lock_guard lock{mutex_};
    error_ = std::current_exception();
  }
  std::lock_guard lock{mutex_};
  running_ = false;
  progressed_.notify_all();
}

task<void> projection::save_checkpoint(event_position p) {
  auto save = store_->save_checkpoint(name_, p, deadline::after(options_.read_timeout));
  co_await save;
  std::lock_guard lock{mutex_};
  checkpoint_ = p;
  progressed_.notify_all();
}

}  // namespace quark
