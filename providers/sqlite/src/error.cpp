#include <quark/sqlite/error.hpp>

#include <fmt/format.h>
#include <sqlite3.h>

namespace quark::sqlite {

sqlite_error::sqlite_error(int result, std::string message, std::string context)
    : storage_error(errc::storage, std::move(message), std::move(context)), result_(result) {}

bool sqlite_error::is_constraint_violation() const noexcept { return primary_result_code() == SQLITE_CONSTRAINT; }

bool sqlite_error::is_busy() const noexcept {
  return primary_result_code() == SQLITE_BUSY || primary_result_code() == SQLITE_LOCKED;
}

void throw_sqlite_error(::sqlite3* db, int result, std::string_view operation, std::string context) {
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(result);
  throw sqlite_error(result, fmt::format("{}: {} (sqlite result {})", operation, detail, result), std::move(context));
}

}  // namespace quark::sqlite
