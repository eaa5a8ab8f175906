#pragma once
/// @file
/// `quark::postgres::listener`: `LISTEN`/`NOTIFY` as an asynchronous stream on a connection
/// of its own, which reconnects and re-`LISTEN`s after the connection is lost.

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/postgres/connection.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace quark::postgres {

/// Settings of a listener.
struct listener_options {
  std::string conninfo;  ///< libpq key/value string or `postgresql://` URL
  /// After the connection is lost, how long one `next` or `listen` keeps trying to reconnect
  /// (retrying every 50 ms, backing off to 1 s) before it throws `connection_error`.
  std::chrono::milliseconds reconnect_timeout{30'000};
};

/// A stream of notifications of the channels it `LISTEN`s to, on its own connection.
///
/// Channels are case-sensitive and match `pg_notify`'s first argument exactly (the name is
/// quoted as an identifier, never spliced as SQL). Notifications arrive in the order the
/// server delivers them (commit order); one `NOTIFY` transaction's are never split.
///
/// Reconnection: when the connection is lost (server restart, `pg_terminate_backend`), the
/// next `next` or `listen` opens a new one, `LISTEN`s to every channel again and counts it
/// in `reconnections()`. Notifications sent while no connection listened are lost: a
/// consumer that must not miss events re-reads their source when `reconnections()` changed.
///
/// Threading: a listener belongs to the `io_context` it was opened on (the shard); call it
/// only from that thread, one operation at a time (a second one while `next` waits throws
/// `quark::storage_error`). Destroy it before its `io_context`.
///
/// @code
/// auto events = co_await quark::postgres::listener::open(ctx, {.conninfo = url}, quark::deadline::after(5s));
/// co_await events->listen("jobs");
/// for (;;) {
///   quark::postgres::notification n = co_await events->next(quark::deadline::after(30s));
///   handle(n.channel, n.payload);
/// }
/// @endcode
class listener {
 public:
  /// Opens the listener's connection (listening to nothing yet).
  /// @throws as `connection::connect`.
  static task<std::unique_ptr<listener>> open(boost::asio::io_context& ctx, listener_options options,
                                              deadline until);

  listener(const listener&) = delete;
  listener& operator=(const listener&) = delete;
  ~listener();

  /// `LISTEN`s to `channel` (a no-op for one already listened to). When the connection is
  /// found lost (before or while sending), reconnects and `LISTEN`s to every channel, this
  /// one included. @throws pg_error when the server refuses the channel name;
  /// connection_error, quark::timeout_error as `next`.
  task<void> listen(std::string channel, deadline until = deadline::never());

  /// `UNLISTEN`s `channel` (a no-op for one not listened to); reconnects, without it, when
  /// the connection is found lost. Notifications of it already received stay queued.
  /// @throws as `listen`.
  task<void> unlisten(std::string channel, deadline until = deadline::never());

  /// The next notification: one already received, or the next to arrive.
  /// @throws quark::timeout_error when `until` passes first (also while reconnecting); the
  /// listener stays usable. @throws connection_error naming the last failure when the
  /// connection was lost and no new one could be opened within `reconnect_timeout` (the next
  /// call tries again). @throws auth_error when the server refuses the credentials.
  task<notification> next(deadline until);

  /// Channels listened to, in the order they were added.
  [[nodiscard]] const std::vector<std::string>& channels() const noexcept { return channels_; }
  /// How many times the listener reconnected after losing its connection.
  [[nodiscard]] std::uint64_t reconnections() const noexcept { return reconnections_; }
  /// The server's process id of the current connection (`pg_backend_pid()`), 0 when none.
  [[nodiscard]] int backend_pid() const noexcept { return backend_pid_; }

  listener(boost::asio::io_context& ctx, listener_options options, std::unique_ptr<connection> conn,
           int pid);  // use open()

 private:
  task<void> restore(deadline until);
  task<void> salvage();

  boost::asio::io_context& ctx_;
  listener_options options_;
  std::unique_ptr<connection> conn_;
  std::vector<std::string> channels_;
  std::deque<notification> pending_;  // received by a lost connection, not yet returned
  std::uint64_t reconnections_ = 0;
  int backend_pid_ = 0;
};

}  // namespace quark::postgres
