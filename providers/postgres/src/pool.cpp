#include <quark/postgres/pool.hpp>

#include <quark/async/use_task.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace quark::postgres {

pooled_connection::pooled_connection(std::shared_ptr<pool> owner, std::unique_ptr<connection> conn) noexcept
    : owner_(std::move(owner)), conn_(std::move(conn)) {}

pooled_connection& pooled_connection::operator=(pooled_connection&& other) noexcept {
  if (this != &other) {
    give_back();
    owner_ = std::move(other.owner_);
    conn_ = std::move(other.conn_);
  }
  return *this;
}

pooled_connection::~pooled_connection() { give_back(); }

void pooled_connection::give_back() noexcept {
  if (owner_ && conn_) owner_->release(std::move(conn_));
  owner_.reset();
  conn_.reset();
}

pool::pool(boost::asio::io_context& ctx, pool_options options, int) : ctx_(ctx), options_(std::move(options)) {}

std::shared_ptr<pool> pool::create(boost::asio::io_context& ctx, pool_options options) {
  if (options.max_size == 0) throw config_error(errc::invalid_argument, "postgres pool: max_size must be at least 1");
  // Parse now so that a bad string fails at start-up, not on the first query.
  connection::validate(options.conninfo);
  return std::make_shared<pool>(ctx, std::move(options), 0);
}

task<pooled_connection> pool::acquire(deadline until) {
  std::shared_ptr<pool> self = shared_from_this();
  for (;;) {
    while (!idle_.empty()) {
      std::unique_ptr<connection> c = std::move(idle_.front());
      idle_.pop_front();
      if (c->is_healthy()) co_return pooled_connection{self, std::move(c)};
      --open_;  // closed by the server meanwhile (restart): drop it, open another
    }
    if (until.expired()) {
      throw timeout_error(errc::timeout,
                          fmt::format("no PostgreSQL connection became free before the deadline ({} open, max {})",
                                      open_, options_.max_size));
    }
    if (open_ < options_.max_size) {
      ++open_;
      try {
        deadline attempt = std::min(until, deadline::after(options_.connect_timeout));
        std::unique_ptr<connection> c = co_await connection::connect(ctx_, options_.conninfo, attempt);
        co_return pooled_connection{self, std::move(c)};
      } catch (...) {
        --open_;
        wake_one();
        throw;
      }
    }
    boost::asio::steady_timer wait{ctx_, until.at};
    waiters_.push_back(&wait);
    co_await wait.async_wait(use_task_nothrow);  // cancelled by a release, or expired
    auto it = std::find(waiters_.begin(), waiters_.end(), &wait);
    if (it != waiters_.end()) waiters_.erase(it);
    // Woken (cancelled) by a release, or the deadline passed: loop; the top checks both.
  }
}

task<result> pool::query(std::string sql, params args, deadline until) {
  pooled_connection c = co_await acquire(until);
  co_return co_await c->query(std::move(sql), std::move(args), until);
}

void pool::release(std::unique_ptr<connection> conn) noexcept {
  if (conn->is_broken() || conn->in_transaction()) {
    conn.reset();
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  wake_one();
}

void pool::wake_one() noexcept {
  if (waiters_.empty()) return;
  boost::asio::steady_timer* t = waiters_.front();
  waiters_.pop_front();
  t->cancel();
}

}  // namespace quark::postgres
