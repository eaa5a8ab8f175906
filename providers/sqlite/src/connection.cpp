#include <quark/sqlite/connection.hpp>
#include <quark/sqlite/error.hpp>

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <system_error>
#include <utility>

namespace quark::sqlite {
namespace {

constexpr std::size_t max_sql_shown = 200;

std::string shown(std::string_view sql) {
  return sql.size() <= max_sql_shown ? std::string{sql} : fmt::format("{}...", sql.substr(0, max_sql_shown));
}

bool is_in_memory(const std::filesystem::path& path) { return path.empty() || path == ":memory:"; }

// Why an open failed, in words a user can act on.
std::string open_hint(const std::filesystem::path& path, bool create) {
  if (is_in_memory(path)) return {};
  std::error_code ec;
  auto parent = path.parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    return fmt::format(" (directory '{}' does not exist)", parent.string());
  }
  if (std::filesystem::is_directory(path, ec)) return " (the path is a directory)";
  if (!create && !std::filesystem::exists(path, ec)) return " (the file does not exist)";
  return {};
}

}  // namespace

connection::connection(std::filesystem::path path, const open_options& options)
    : path_(std::move(path)),
      context_(path_.string()),
      busy_timeout_(options.busy_timeout),
      cache_capacity_(options.statement_cache_capacity) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  if (options.create_if_missing) flags |= SQLITE_OPEN_CREATE;
  int result = sqlite3_open_v2(context_.c_str(), &db_, flags, nullptr);
  if (result != SQLITE_OK) {
    std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(result);
    close();
    throw sqlite_error(result,
                       fmt::format("cannot open SQLite database '{}': {}{}", context_, detail,
                                   open_hint(path_, options.create_if_missing)),
                       context_);
  }
  try {
    configure();
  } catch (const sqlite_error& e) {
    close();
    std::string detail = e.primary_result_code() == SQLITE_NOTADB
                             ? fmt::format("the file is not a SQLite database (sqlite result {})", e.result_code())
                             : e.value().message;
    throw sqlite_error(e.result_code(), fmt::format("cannot open SQLite database '{}': {}", context_, detail), context_);
  }
}

connection::~connection() { close(); }

void connection::close() noexcept {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);  // nullptr (borrowed) is a no-op
  cache_.clear();
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

void connection::configure() {
  // The first statement reads the file header: a file that is not a database fails here.
  auto journal = prepare("PRAGMA journal_mode=WAL");
  std::string mode = journal.step() ? std::string{journal.column_text(0)} : std::string{};
  journal = statement{};
  std::transform(mode.begin(), mode.end(), mode.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (mode != "wal" && !(is_in_memory(path_) && mode == "memory")) {
    throw sqlite_error(SQLITE_ERROR, fmt::format("could not switch to WAL mode (journal mode is '{}')", mode), context_);
  }
  exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  set_busy_timeout(busy_timeout_);
}

::sqlite3_stmt* connection::compile(std::string_view sql) {
  ::sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int result = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                  &tail);
  if (result != SQLITE_OK) throw_sqlite_error(db_, result, fmt::format("prepare `{}`", shown(sql)), context_);
  std::string_view rest{tail, static_cast<std::size_t>(sql.data() + sql.size() - tail)};
  bool only_space = rest.find_first_not_of(" \t\r\n;") == std::string_view::npos;
  if (stmt == nullptr || !only_space) {
    sqlite3_finalize(stmt);
    throw sqlite_error(SQLITE_MISUSE, fmt::format("prepare `{}`: expected exactly one SQL statement", shown(sql)), context_);
  }
  return stmt;
}

statement connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && it->second != nullptr) {
    return statement{this, std::exchange(it->second, nullptr), &it->second};
  }
  ::sqlite3_stmt* stmt = compile(sql);
  if (it == cache_.end() && cache_.size() < cache_capacity_) {
    it = cache_.emplace(std::string{sql}, nullptr).first;  // borrowed until the statement returns
    return statement{this, stmt, &it->second};
  }
  return statement{this, stmt, nullptr};  // in use already, or the cache is full
}

void connection::exec(std::string_view script) {
  std::string text{script};
  char* message = nullptr;
  int result = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (result == SQLITE_OK) return;
  std::string detail = message != nullptr ? message : sqlite3_errstr(result);
  sqlite3_free(message);
  throw sqlite_error(result, fmt::format("exec `{}`: {} (sqlite result {})", shown(script), detail, result), context_);
}

std::int64_t connection::changes() const noexcept { return sqlite3_changes64(db_); }

std::int64_t connection::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }

bool connection::in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }

void connection::set_busy_timeout(std::chrono::milliseconds timeout) noexcept {
  sqlite3_busy_timeout(db_, static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 0, std::numeric_limits<int>::max())));
}

}  // namespace quark::sqlite
