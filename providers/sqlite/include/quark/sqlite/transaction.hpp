#pragma once
/// @file
/// `quark::sqlite::transaction`: RAII `BEGIN` / `COMMIT`, rolled back when not committed
/// (an exception unwinding past it, an early return).

#include <quark/sqlite/connection.hpp>

#include <type_traits>
#include <utility>

namespace quark::sqlite {

/// How `BEGIN` takes locks. `immediate` (the default) takes the write lock at once, so a
/// read-then-write inside the transaction can never be overtaken by another writer.
enum class transaction_mode { deferred, immediate, exclusive };

/// An open transaction on a connection; rolls back on destruction unless committed.
/// Transactions do not nest (SQLite refuses a second `BEGIN`).
///
/// Threading: the connection's thread only (inside `database::run`).
///
/// @code
/// quark::sqlite::transaction tx{conn};
/// conn.prepare("UPDATE ...").bind_all(...).execute();
/// tx.commit();
/// @endcode
class transaction {
 public:
  /// Begins a transaction. @throws sqlite_error (e.g. SQLITE_BUSY past the busy timeout,
  /// or a transaction is already open).
  explicit transaction(connection& conn, transaction_mode mode = transaction_mode::immediate);
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  /// Rolls back when still open; never throws.
  ~transaction();

  /// Commits. @throws sqlite_error when COMMIT fails (the transaction is then rolled back
  /// by the destructor).
  void commit();
  /// Rolls back now. @throws sqlite_error when ROLLBACK fails.
  void rollback();
  /// True until commit or rollback.
  [[nodiscard]] bool active() const noexcept { return active_; }

 private:
  connection* conn_;
  bool active_ = false;
};

/// Runs `fn(conn)` inside a transaction: commits when it returns, rolls back when it throws
/// (and rethrows). Returns what `fn` returns.
template <class Fn>
auto with_transaction(connection& conn, Fn&& fn, transaction_mode mode = transaction_mode::immediate)
    -> std::invoke_result_t<Fn&, connection&> {
  transaction tx{conn, mode};
  if constexpr (std::is_void_v<std::invoke_result_t<Fn&, connection&>>) {
    fn(conn);
    tx.commit();
  } else {
    auto result = fn(conn);
    tx.commit();
    return result;
  }
}

}  // namespace quark::sqlite
