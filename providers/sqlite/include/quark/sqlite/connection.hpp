#pragma once
/// @file
/// `quark::sqlite::connection`: one open SQLite file, configured the Quark way (WAL,
/// `synchronous=NORMAL`, foreign keys, busy timeout), with a prepared-statement cache.
/// Components reach it through `quark::sqlite::database::run`, never directly from a shard.

#include <quark/sqlite/statement.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;

namespace quark::sqlite {

/// How a database file is opened.
struct open_options {
  /// Create the file when it does not exist (its directory must exist).
  bool create_if_missing = true;
  /// How long a statement waits for another connection's lock before failing with
  /// SQLITE_BUSY (a `sqlite_error`). `database::run` shortens it to the call's deadline.
  std::chrono::milliseconds busy_timeout{5000};
  /// Distinct SQL texts kept prepared; statements beyond it are prepared on each use.
  std::size_t statement_cache_capacity = 128;
};

/// An open SQLite database file. Not thread-safe: every call (and every statement it
/// prepared) must come from one thread at a time: the owning `database`'s thread.
class connection {
 public:
  /// Opens (or creates) `path`, then sets `journal_mode=WAL`, `synchronous=NORMAL`,
  /// `foreign_keys=ON` and the busy timeout. `":memory:"` opens a private in-memory
  /// database (journal mode `memory`). Blocks on file I/O.
  /// @throws sqlite_error naming the path when the file cannot be opened or created (its
  /// directory is missing, permissions) or is not a SQLite database; nothing is changed.
  explicit connection(std::filesystem::path path, const open_options& options = {});
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  /// Finalises cached statements and closes the file. Every borrowed `statement` must
  /// have been destroyed.
  ~connection();

  /// A prepared statement for `sql` (one SQL statement), from the cache when this text was
  /// prepared before and is not in use; the statement returns to the cache when destroyed.
  /// @throws sqlite_error naming the SQL when it does not compile.
  [[nodiscard]] statement prepare(std::string_view sql);
  /// Runs `script` (any number of `;`-separated statements, no parameters, not cached).
  /// @throws sqlite_error naming the failing script.
  void exec(std::string_view script);

  /// Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] std::int64_t changes() const noexcept;
  /// Rowid of the last successful INSERT.
  [[nodiscard]] std::int64_t last_insert_rowid() const noexcept;
  /// True while a transaction is open (`BEGIN` without `COMMIT`/`ROLLBACK` yet).
  [[nodiscard]] bool in_transaction() const noexcept;
  /// Changes how long statements wait for another connection's lock.
  void set_busy_timeout(std::chrono::milliseconds timeout) noexcept;
  /// The busy timeout chosen at open (what `set_busy_timeout` is reset to after a call).
  [[nodiscard]] std::chrono::milliseconds default_busy_timeout() const noexcept { return busy_timeout_; }

  /// The file this connection opened.
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// The path as a string: the context of every error this connection raises.
  [[nodiscard]] const std::string& error_context() const noexcept { return context_; }
  /// Number of SQL texts currently held by the statement cache.
  [[nodiscard]] std::size_t cached_statement_count() const noexcept { return cache_.size(); }
  /// The underlying handle, for SQLite calls not wrapped here.
  [[nodiscard]] ::sqlite3* native_handle() const noexcept { return db_; }

 private:
  friend class statement;
  struct sql_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  void configure();
  ::sqlite3_stmt* compile(std::string_view sql);
  void close() noexcept;

  std::filesystem::path path_;
  std::string context_;
  std::chrono::milliseconds busy_timeout_;
  std::size_t cache_capacity_;
  ::sqlite3* db_ = nullptr;
  // SQL text -> idle prepared statement; nullptr while the cached statement is borrowed.
  std::unordered_map<std::string, ::sqlite3_stmt*, sql_hash, std::equal_to<>> cache_;
};

}  // namespace quark::sqlite
