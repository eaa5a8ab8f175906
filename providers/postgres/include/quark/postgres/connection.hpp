#pragma once
/// @file
/// `quark::postgres::connection`: one asynchronous libpq connection driven by an Asio
/// `io_context` (the shard's) through `PQsocket`. No call blocks the calling thread.

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/postgres/params.hpp>
#include <quark/postgres/result.hpp>

#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quark::postgres {

/// One statement of a pipeline: SQL with `$n` placeholders and its parameters.
struct statement {
  std::string sql;
  postgres::params args{};
};

/// An asynchronous notification received on a `LISTEN`ed channel.
struct notification {
  std::string channel;
  std::string payload;
  int sender_pid = 0;
};

/// A non-blocking libpq connection.
///
/// Threading: a connection belongs to the `io_context` it was opened on; call it only from
/// the thread running that context (the shard). It runs one operation at a time: a second
/// operation started while one is in flight throws `quark::storage_error`; use a `pool` for
/// concurrency.
///
/// Deadlines: every operation takes one. When it passes before the reply arrived, the query
/// is cancelled on the server (`PQcancel`, run off the shard), the connection is closed
/// (`is_broken()` becomes true; a pool replaces it) and `quark::timeout_error` is thrown.
/// A deadline already passed when the call starts throws `quark::timeout_error` and leaves
/// the connection usable.
///
/// Errors: see `quark/postgres/error.hpp` (SQLSTATE-carrying `pg_error` subclasses).
class connection {
 public:
  /// Opens a connection (`PQconnectStart` / `PQconnectPoll`) to `conninfo`, a libpq
  /// key/value string or `postgresql://` URL.
  /// @throws quark::config_error when `conninfo` does not parse.
  /// @throws auth_error when the server refuses the credentials.
  /// @throws connection_error when the server cannot be reached or refuses the connection.
  /// @throws quark::timeout_error when `until` passes first.
  static task<std::unique_ptr<connection>> connect(boost::asio::io_context& ctx, std::string conninfo,
                                                   deadline until);

  /// Checks that `conninfo` parses, without connecting.
  /// @throws quark::config_error naming the problem (never echoing a password).
  static void validate(const std::string& conninfo);

  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Runs one parameterised statement (extended protocol) and returns its result.
  /// @throws pg_error (or a subclass) when the server reports an error; the connection stays
  /// usable. @throws connection_error, quark::timeout_error as described above.
  task<result> query(std::string sql, params args = {}, deadline until = deadline::never());

  /// Prepares `sql` under `name` for `execute` (`PQsendPrepare`); `is_prepared(name)` is
  /// true afterwards. @throws pg_error when the statement does not compile; as `query`.
  task<void> prepare(std::string name, std::string sql, deadline until = deadline::never());

  /// True when `prepare(name, ...)` succeeded on this connection (statements prepared
  /// once per pooled connection: `if (!c->is_prepared(n)) co_await c->prepare(n, sql)`).
  [[nodiscard]] bool is_prepared(std::string_view name) const noexcept;

  /// Runs the prepared statement `name` with `args` (`PQsendQueryPrepared`). @throws as `query`.
  task<result> execute(std::string name, params args = {}, deadline until = deadline::never());

  /// Runs a parameterless script of one or more `;`-separated statements (simple protocol),
  /// for DDL and migrations. Never build `sql` from values. @throws as `query` (the first error).
  task<void> execute_script(std::string sql, deadline until = deadline::never());

  /// Sends every statement in pipeline mode followed by one sync: one round trip. The
  /// statements run in one implicit transaction: if one fails, none has an effect and the
  /// error (naming the statement's index) is thrown. Returns one result per statement.
  /// @throws as `query`.
  task<std::vector<result>> pipeline(std::vector<statement> batch, deadline until = deadline::never());

  /// Waits for the next notification of a `LISTEN`ed channel (see `listener`); nullopt when
  /// `until` passes first (the connection stays usable). @throws connection_error.
  task<std::optional<notification>> next_notification(deadline until);

  /// True when the connection is closed or lost and can no longer be used.
  [[nodiscard]] bool is_broken() const noexcept;
  /// Non-blocking health check: false when broken, inside a transaction, or when the server
  /// has closed the socket meanwhile (e.g. it restarted). Reads pending notifications.
  [[nodiscard]] bool is_healthy();
  /// True when a transaction block is open (`BEGIN` ran without `COMMIT`/`ROLLBACK`).
  [[nodiscard]] bool in_transaction() const noexcept;
  /// `host:port/database`, the context of this connection's errors.
  [[nodiscard]] const std::string& where() const noexcept;
  /// The context the connection is bound to.
  [[nodiscard]] boost::asio::io_context& context() const noexcept;
  /// Quotes `name` as an SQL identifier (`PQescapeIdentifier`), for LISTEN channels and
  /// the like; values always go through `params`. @throws pg_error on invalid input.
  [[nodiscard]] std::string quote_identifier(std::string_view name) const;

  struct impl;

 private:
  explicit connection(std::unique_ptr<impl> im) noexcept;
  std::unique_ptr<impl> impl_;
};

}  // namespace quark::postgres
