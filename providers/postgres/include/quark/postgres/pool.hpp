#pragma once
/// @file
/// `quark::postgres::pool`: a bounded set of connections on one `io_context`, with a health
/// check on every checkout and reconnection after the server restarted.

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/postgres/connection.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <string>

namespace quark::postgres {

/// Settings of a pool.
struct pool_options {
  std::string conninfo;             ///< libpq key/value string or `postgresql://` URL
  std::size_t max_size = 8;         ///< connections open at most (idle + checked out)
  std::chrono::milliseconds connect_timeout{10'000};  ///< bound of one connection attempt
};

class pool;

/// A connection checked out of a pool; returns it when destroyed. A broken connection, or
/// one left inside a transaction, is closed instead of returned.
class pooled_connection {
 public:
  pooled_connection() = default;
  pooled_connection(std::shared_ptr<pool> owner, std::unique_ptr<connection> conn) noexcept;
  pooled_connection(pooled_connection&&) noexcept = default;
  pooled_connection& operator=(pooled_connection&& other) noexcept;
  ~pooled_connection();

  connection& operator*() const noexcept { return *conn_; }
  connection* operator->() const noexcept { return conn_.get(); }

 private:
  void give_back() noexcept;
  std::shared_ptr<pool> owner_;
  std::unique_ptr<connection> conn_;
};

/// A bounded connection pool bound to one `io_context`.
///
/// Threading: create it, acquire from it and destroy what you acquired only on the thread
/// running its `io_context` (one pool per shard). Connections open lazily.
///
/// Restart behaviour: an idle connection is checked without blocking before it is handed
/// out (`connection::is_healthy`); one that the server closed meanwhile is dropped and a
/// fresh one opened, so after a server restart the next query succeeds, or fails with
/// `connection_error` while the server is still down — it never hangs past its deadline.
///
/// @code
/// auto db = quark::postgres::pool::create(ctx, {.conninfo = url, .max_size = 4});
/// auto conn = co_await db->acquire(quark::deadline::after(5s));
/// auto r = co_await conn->query("SELECT now()");
/// @endcode
class pool : public std::enable_shared_from_this<pool> {
 public:
  /// A pool on `ctx`. @throws quark::config_error when the connection string does not parse
  /// or `max_size` is 0.
  static std::shared_ptr<pool> create(boost::asio::io_context& ctx, pool_options options);

  /// Checks out a healthy connection: an idle one, a new one while fewer than `max_size`
  /// are open, or the next one returned. @throws quark::timeout_error when `until` passes
  /// first; connection_error / auth_error when a new connection cannot be opened.
  task<pooled_connection> acquire(deadline until);

  /// Runs one statement on a pooled connection (acquire, `query`, return).
  /// @throws as `acquire` and `connection::query`.
  task<result> query(std::string sql, params args = {}, deadline until = deadline::never());

  /// Connections open (idle and checked out).
  [[nodiscard]] std::size_t size() const noexcept { return open_; }
  /// Idle connections.
  [[nodiscard]] std::size_t idle() const noexcept { return idle_.size(); }
  /// The pool's `io_context`.
  [[nodiscard]] boost::asio::io_context& context() const noexcept { return ctx_; }

  pool(boost::asio::io_context& ctx, pool_options options, int);  // use create()

 private:
  friend class pooled_connection;
  void release(std::unique_ptr<connection> conn) noexcept;
  void wake_one() noexcept;

  boost::asio::io_context& ctx_;
  pool_options options_;
  std::size_t open_ = 0;
  std::deque<std::unique_ptr<connection>> idle_;
  std::deque<boost::asio::steady_timer*> waiters_;
};

}  // namespace quark::postgres
