#include <quark/sqlite/connection.hpp>
#include <quark/sqlite/error.hpp>
#include <quark/sqlite/statement.hpp>

#include <fmt/format.h>
#include <sqlite3.h>

#include <utility>

namespace quark::sqlite {
namespace {

// Keeps error messages readable when a statement is long (a migration, a batch insert).
std::string_view abbreviated(std::string_view sql) {
  constexpr std::size_t max_length = 200;
  return sql.size() <= max_length ? sql : sql.substr(0, max_length);
}

}  // namespace

statement::statement(statement&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      slot_(std::exchange(other.slot_, nullptr)) {}

statement& statement::operator=(statement&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    slot_ = std::exchange(other.slot_, nullptr);
  }
  return *this;
}

statement::~statement() { release(); }

void statement::release() noexcept {
  if (stmt_ == nullptr) return;
  if (slot_ != nullptr) {
    reset();
    *slot_ = stmt_;
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
  slot_ = nullptr;
  owner_ = nullptr;
}

void statement::check_bind(int result, int index) {
  if (result != SQLITE_OK) {
    throw_sqlite_error(sqlite3_db_handle(stmt_), result,
                       fmt::format("bind parameter {} of `{}`", index, abbreviated(sql())), owner_->error_context());
  }
}

void statement::throw_unsigned_overflow(int index) const {
  throw config_error(errc::invalid_argument,
                     fmt::format("bind parameter {} of `{}`: unsigned value exceeds the SQLite integer range", index,
                                 abbreviated(sql())),
                     owner_->error_context());
}

void statement::throw_out_of_range(int index, std::int64_t value) const {
  throw storage_error(errc::storage,
                      fmt::format("column {} of `{}`: value {} does not fit the requested type", index,
                                  abbreviated(sql()), value),
                      owner_->error_context());
}

statement& statement::bind(int index, std::nullptr_t) {
  check_bind(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

statement& statement::bind_int64(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

statement& statement::bind(int index, double value) {
  check_bind(sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

statement& statement::bind(int index, std::string_view text) {
  // A null pointer would bind NULL; an empty view must stay an empty string.
  const char* data = text.data() != nullptr ? text.data() : "";
  check_bind(sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
  return *this;
}

statement& statement::bind(int index, blob bytes) {
  if (bytes.bytes.empty()) {
    check_bind(sqlite3_bind_zeroblob(stmt_, index, 0), index);
  } else {
    check_bind(sqlite3_bind_blob64(stmt_, index, bytes.bytes.data(), bytes.bytes.size(), SQLITE_TRANSIENT), index);
  }
  return *this;
}

bool statement::step() {
  int result = sqlite3_step(stmt_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  throw_sqlite_error(sqlite3_db_handle(stmt_), result, fmt::format("step `{}`", abbreviated(sql())),
                     owner_->error_context());
}

std::int64_t statement::execute() {
  while (step()) {
  }
  return sqlite3_changes64(sqlite3_db_handle(stmt_));
}

void statement::reset() noexcept {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int statement::column_count() const noexcept { return sqlite3_column_count(stmt_); }

value_type statement::column_type(int index) const noexcept {
  switch (sqlite3_column_type(stmt_, index)) {
    case SQLITE_INTEGER: return value_type::integer;
    case SQLITE_FLOAT: return value_type::real;
    case SQLITE_TEXT: return value_type::text;
    case SQLITE_BLOB: return value_type::blob;
    default: return value_type::null;
  }
}

std::int64_t statement::column_int64(int index) const noexcept { return sqlite3_column_int64(stmt_, index); }

double statement::column_double(int index) const noexcept { return sqlite3_column_double(stmt_, index); }

std::string_view statement::column_text(int index) const noexcept {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  int size = sqlite3_column_bytes(stmt_, index);  // after the conversion, as SQLite requires
  if (text == nullptr || size <= 0) return {};
  return {text, static_cast<std::size_t>(size)};
}

std::string_view statement::column_blob(int index) const noexcept {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
  int size = sqlite3_column_bytes(stmt_, index);
  if (bytes == nullptr || size <= 0) return {};
  return {bytes, static_cast<std::size_t>(size)};
}

std::string_view statement::sql() const noexcept {
  const char* text = stmt_ != nullptr ? sqlite3_sql(stmt_) : nullptr;
  return text != nullptr ? std::string_view{text} : std::string_view{};
}

}  // namespace quark::sqlite
