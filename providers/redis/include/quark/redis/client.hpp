#pragma once
/// @file
/// `quark::redis::client`: the Redis client of one shard — a bounded pool of pipelined
/// connections that reconnects after the server restarts. See docs/redis.md.

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/redis/command.hpp>
#include <quark/redis/config.hpp>
#include <quark/redis/connection.hpp>
#include <quark/redis/reply.hpp>
#include <quark/redis/script.hpp>

#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace quark::redis {

/// A pool of at most `config::pool_size` connections on one shard's `io_context`. A command
/// goes to an idle connection, else to a new one while the pool has room, else to the
/// connection with the fewest commands in flight; on each connection commands are pipelined.
/// Connections are opened lazily; a closed one (server restart, timeout) is dropped and the
/// next command opens a replacement, so after a restart the first commands may fail with
/// `connection_lost` and later ones succeed.
///
/// Thread rule: a client belongs to one shard. Create it, call it and destroy it on the
/// thread running its `io_context`; each shard has its own client.
///
/// Two commands issued concurrently may run on different connections, so their relative
/// order is not guaranteed; await the first before issuing the second, or use one
/// `connection` (or `MULTI`/a script) when order matters.
///
/// @code
/// redis::client redis{ctx, redis::config::from_url("redis://127.0.0.1:6379/0")};
/// co_await redis.execute({"SET", "greeting", "hello"});
/// std::optional<std::string> v = (co_await redis.execute({"GET", "greeting"})).optional_string();
/// @endcode
class client {
 public:
  /// A client on `ctx`. Connects lazily (no I/O here).
  /// @throws quark::config_error when `cfg.pool_size` is 0.
  client(boost::asio::io_context& ctx, config cfg);
  /// A client on the calling shard's `io_context`.
  /// @throws quark::config_error off a shard thread, or when `cfg.pool_size` is 0.
  explicit client(config cfg);
  client(const client&) = delete;
  client& operator=(const client&) = delete;
  /// Closes every connection; commands still waiting fail with `connection_lost`. Let the
  /// `io_context` run afterwards so the connections' coroutines can finish.
  ~client();

  /// Sends `cmd` with the default deadline (`config::command_timeout` from now).
  /// @throws as `execute(cmd, dl)`.
  task<reply> execute(command cmd);
  /// Sends `cmd` and returns its reply.
  /// @throws server_error (with the server's message) for an error reply;
  /// connection_error when no connection could be established; connection_lost when the
  /// connection dropped with the command in flight (it may or may not have run);
  /// protocol_error on bytes that are not RESP; quark::timeout_error when `dl` passes (the
  /// connection is then closed and replaced, see `connection::execute`).
  task<reply> execute(command cmd, deadline dl);
  /// As `execute`, but an error reply is returned as a `reply` of type `error`.
  task<reply> try_execute(command cmd, deadline dl);

  /// Runs `s` with `EVALSHA`; on `NOSCRIPT` loads it with `SCRIPT LOAD` and retries once.
  /// The default deadline applies.
  /// @throws as `execute` (a Lua error is a server_error).
  task<reply> eval(script s, std::vector<std::string> keys, std::vector<std::string> args);
  /// As above with deadline `dl` (covering the load and the retry).
  task<reply> eval(script s, std::vector<std::string> keys, std::vector<std::string> args, deadline dl);

  /// Connections currently in the pool (connecting or open).
  [[nodiscard]] std::size_t connection_count() const noexcept;
  /// The settings this client was created with.
  [[nodiscard]] const config& settings() const noexcept { return cfg_; }
  /// The shard `io_context` the client's connections run on.
  [[nodiscard]] boost::asio::io_context& context() const noexcept { return ctx_; }

 private:
  std::shared_ptr<connection> pick();
  task<reply> run(command cmd, deadline dl, bool check);

  boost::asio::io_context& ctx_;
  config cfg_;
  std::vector<std::shared_ptr<connection>> connections_;
};

}  // namespace quark::redis
