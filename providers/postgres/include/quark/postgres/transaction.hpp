#pragma once
/// @file
/// Transactions as a scoped coroutine API: `in_transaction(conn, options, fn, args...)` runs
/// `fn` between `BEGIN` and `COMMIT`, and rolls back when `fn` throws.

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/postgres/connection.hpp>

#include <exception>
#include <string>
#include <type_traits>
#include <utility>

namespace quark::postgres {

/// Isolation level of a transaction.
enum class isolation { read_committed, repeatable_read, serializable };

/// How a transaction starts.
struct transaction_options {
  postgres::isolation isolation = isolation::read_committed;
  bool read_only = false;
  deadline until = deadline::never();  ///< deadline of BEGIN, COMMIT and ROLLBACK
};

/// The open transaction handed to the body of `in_transaction`; forwards to its connection.
/// Valid only inside that body.
class transaction {
 public:
  explicit transaction(connection& conn) noexcept : conn_(conn) {}
  /// `connection::query` inside the transaction.
  task<result> query(std::string sql, params args = {}, deadline until = deadline::never()) {
    return conn_.query(std::move(sql), std::move(args), until);
  }
  /// `connection::pipeline` inside the transaction.
  task<std::vector<result>> pipeline(std::vector<statement> batch, deadline until = deadline::never()) {
    return conn_.pipeline(std::move(batch), until);
  }
  /// The connection the transaction runs on.
  [[nodiscard]] connection& conn() const noexcept { return conn_; }

 private:
  connection& conn_;
};

/// Sends `BEGIN` with `options`. @throws as `connection::query`.
task<void> begin_transaction(connection& conn, transaction_options options);
/// Sends `COMMIT`. @throws as `connection::query` (serialization_failure under SERIALIZABLE).
task<void> commit_transaction(connection& conn, deadline until);
/// Sends `ROLLBACK` when the connection is usable and inside a transaction; never throws (a
/// connection it cannot roll back is left broken or in a transaction, and a pool drops it).
task<void> rollback_transaction(connection& conn, deadline until) noexcept;

/// Runs `co_await fn(tx, args...)` in a transaction on `conn` and commits; if the body or
/// the commit throws, rolls back and rethrows. Returns the body's value.
///
/// `fn` must be a named coroutine function or a capture-less lambda (g++ 12: never a
/// capturing lambda coroutine); pass what it needs as `args` (taken by value).
///
/// @code
/// quark::task<void> transfer(quark::postgres::transaction& tx, int from, int to, int amount) {
///   co_await tx.query("UPDATE accounts SET balance = balance - $2 WHERE id = $1", {from, amount});
///   co_await tx.query("UPDATE accounts SET balance = balance + $2 WHERE id = $1", {to, amount});
/// }
/// co_await quark::postgres::in_transaction(*conn, {}, transfer, 1, 2, 100);
/// @endcode
/// @throws whatever the body throws; pg_error subclasses from BEGIN/COMMIT.
template <class F, class... Args>
auto in_transaction(connection& conn, transaction_options options, F fn, Args... args)
    -> std::invoke_result_t<F&, transaction&, Args&...> {
  using body_task = std::invoke_result_t<F&, transaction&, Args&...>;
  using value_type = typename body_task::value_type;
  co_await begin_transaction(conn, options);
  transaction tx{conn};
  std::exception_ptr error;
  try {
    if constexpr (std::is_void_v<value_type>) {
      co_await fn(tx, args...);
      co_await commit_transaction(conn, options.until);
      co_return;
    } else {
      value_type value = co_await fn(tx, args...);
      co_await commit_transaction(conn, options.until);
      co_return value;
    }
  } catch (...) {
    error = std::current_exception();
  }
  co_await rollback_transaction(conn, options.until);
  std::rethrow_exception(error);
}

}  // namespace quark::postgres
