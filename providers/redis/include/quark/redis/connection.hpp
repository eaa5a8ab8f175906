#pragma once
/// @file
/// `quark::redis::connection`: one TCP connection to Redis with pipelining: any number of
/// commands in flight, replies matched to commands in FIFO order.

#include <quark/async/detached.hpp>
#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/redis/command.hpp>
#include <quark/redis/config.hpp>
#include <quark/redis/reply.hpp>
#include <quark/redis/reply_parser.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <coroutine>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace quark::redis {

/// One connection, owned by one shard: every call must come from the thread running the
/// `io_context` it was opened on, and its commands resume there. Most code uses `client`
/// (a pool of these, reconnecting); use a connection directly for ordering guarantees across
/// commands (two commands issued in order on one connection execute in that order) or to
/// give a blocking command (`BLPOP`, `XREAD BLOCK`) a connection of its own.
///
/// Model: a command is appended to an output buffer and to a FIFO of waiters; one writer
/// coroutine flushes the buffer (everything queued while the previous write was in flight
/// goes out in one write); one reader loop parses replies and completes waiters in order.
///
/// A connection never reconnects. Once closed (server gone, protocol error, a command's
/// deadline passed, `close()`), every waiting command fails and later ones throw
/// `connection_lost` at once; `client` replaces it on its next command.
class connection : public std::enable_shared_from_this<connection> {
 public:
  /// Starts connecting to `cfg`'s server on `ctx` and returns at once; commands issued
  /// before the connection is up are queued and sent when it is. Connecting failures
  /// (refused, unresolvable, `connect_timeout`, `AUTH`/`SELECT` rejected) fail those
  /// commands with `connection_error`. Thread: `ctx`'s thread (or before it runs).
  static std::shared_ptr<connection> open(boost::asio::io_context& ctx, config cfg);

  /// Opens a connection and waits until the server answers a `PING`.
  /// @throws connection_error when it cannot connect; quark::timeout_error when `dl` passes.
  static task<std::shared_ptr<connection>> connect(boost::asio::io_context& ctx, config cfg, deadline dl);

  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection();

  /// Sends `cmd` and returns its reply.
  /// @throws server_error when the reply is an error reply (the connection stays usable);
  /// connection_error / connection_lost when the connection fails before the reply arrives;
  /// protocol_error when the server's bytes are not RESP; quark::timeout_error when `dl`
  /// passes first — the connection is then closed (its reply could not be skipped, and a
  /// blocked server-side command must be aborted), failing the other commands in flight on
  /// it with `connection_lost`.
  task<reply> execute(command cmd, deadline dl = deadline::never());
  /// As `execute`, but an error reply is returned as a `reply` of type `error`, not thrown.
  task<reply> try_execute(command cmd, deadline dl = deadline::never());

  /// Closes the socket; waiting commands fail with `connection_lost`. Idempotent.
  void close();

  /// True until the connection is closed (also while still connecting).
  [[nodiscard]] bool is_usable() const noexcept { return state_ != state::closed; }
  /// True once connected (and not closed).
  [[nodiscard]] bool is_connected() const noexcept { return state_ == state::open; }
  /// Commands sent or queued whose reply has not arrived.
  [[nodiscard]] std::size_t in_flight() const noexcept { return pending_.size(); }
  /// The `io_context` this connection belongs to.
  [[nodiscard]] boost::asio::io_context& context() const noexcept { return ctx_; }
  /// `host:port` of the server.
  [[nodiscard]] const std::string& endpoint() const noexcept { return endpoint_; }

 private:
  enum class state : unsigned char { connecting, open, closed };
  struct request {
    std::coroutine_handle<> waiter;
    reply result;
    std::exception_ptr error;
    clock::time_point deadline = clock::time_point::max();
    bool done = false;
  };
  struct request_awaiter;
  struct private_tag {};

 public:
  /// Use `open`. (Public for `std::make_shared` only.)
  connection(private_tag, boost::asio::io_context& ctx, config cfg);

 private:
  static quark::detail::detached connect_loop(std::shared_ptr<connection> self);
  static quark::detail::detached read_loop(std::shared_ptr<connection> self);
  static quark::detail::detached write_loop(std::shared_ptr<connection> self);
  void enqueue(request& r, std::string_view wire);
  void flush();
  void write_now();
  void deliver(std::string_view bytes);
  void arm_deadline(clock::time_point at);
  void on_deadline();
  void unexpected(const reply& r);
  void fail(std::exception_ptr reason);
  static task<std::exception_ptr> handshake(std::shared_ptr<connection> self);

  boost::asio::io_context& ctx_;
  config cfg_;
  std::string endpoint_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer connect_timer_;
  boost::asio::steady_timer deadline_timer_;
  clock::time_point armed_at_ = clock::time_point::max();
  state state_ = state::connecting;
  bool writing_ = false;
  bool flush_posted_ = false;
  bool delivering_ = false;
  bool connect_timed_out_ = false;
  std::deque<request*> pending_;
  std::string out_;
  std::string writing_buf_;
  reply_parser parser_;
  std::array<char, 16384> read_buf_{};
};

}  // namespace quark::redis
