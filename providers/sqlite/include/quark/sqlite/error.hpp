#pragma once
/// @file
/// `quark::sqlite::sqlite_error`: the `quark::storage_error` every SQLite failure becomes.
/// It keeps SQLite's extended result code so a component can tell a constraint violation
/// (a duplicate key: an expected outcome such as a concurrency conflict) from an I/O fault.

#include <quark/base/error.hpp>

#include <string>
#include <string_view>

struct sqlite3;

namespace quark::sqlite {

/// A failed SQLite call. `code()` is `errc::storage`; the message names the operation and
/// carries `sqlite3_errmsg`; the context is the database path.
class sqlite_error : public storage_error {
 public:
  /// @param result SQLite's (extended) result code, e.g. `SQLITE_CONSTRAINT_PRIMARYKEY`.
  sqlite_error(int result, std::string message, std::string context);

  /// The extended result code (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_CONSTRAINT_UNIQUE`, ...).
  [[nodiscard]] int result_code() const noexcept { return result_; }
  /// The primary result code (`result_code() & 0xff`: `SQLITE_BUSY`, `SQLITE_CONSTRAINT`, ...).
  [[nodiscard]] int primary_result_code() const noexcept { return result_ & 0xff; }
  /// True for a violated UNIQUE, PRIMARY KEY, NOT NULL, CHECK or FOREIGN KEY constraint.
  [[nodiscard]] bool is_constraint_violation() const noexcept;
  /// True when the database was locked by another connection past the busy timeout.
  [[nodiscard]] bool is_busy() const noexcept;

 private:
  int result_;
};

/// Throws `sqlite_error` for `result`, with message `"<operation>: <sqlite3_errmsg(db)>
/// (sqlite result <n>)"` (`sqlite3_errstr` when `db` is null) and `context`.
/// Call it right after the failing call, on the thread that made it.
[[noreturn]] void throw_sqlite_error(::sqlite3* db, int result, std::string_view operation, std::string context);

}  // namespace quark::sqlite
