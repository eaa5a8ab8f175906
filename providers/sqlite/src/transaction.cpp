#include <quark/sqlite/transaction.hpp>

namespace quark::sqlite {
namespace {

const char* begin_sql(transaction_mode mode) noexcept {
  switch (mode) {
    case transaction_mode::deferred: return "BEGIN DEFERRED";
    case transaction_mode::immediate: return "BEGIN IMMEDIATE";
    case transaction_mode::exclusive: return "BEGIN EXCLUSIVE";
  }
  return "BEGIN IMMEDIATE";
}

}  // namespace

transaction::transaction(connection& conn, transaction_mode mode) : conn_(&conn) {
  conn_->prepare(begin_sql(mode)).execute();
  active_ = true;
}

transaction::~transaction() {
  if (!active_) return;
  try {
    rollback();
  } catch (...) {  // NOLINT(bugprone-empty-catch): nothing better to do while unwinding
  }
}

void transaction::commit() {
  conn_->prepare("COMMIT").execute();
  active_ = false;
}

void transaction::rollback() {
  active_ = false;
  // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR, ...).
  if (conn_->in_transaction()) conn_->prepare("ROLLBACK").execute();
}

}  // namespace quark::sqlite
