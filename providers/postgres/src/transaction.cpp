#include <quark/postgres/transaction.hpp>

namespace quark::postgres {

task<void> begin_transaction(connection& conn, transaction_options options) {
  std::string sql = "BEGIN ISOLATION LEVEL ";
  switch (options.isolation) {
    case isolation::read_committed: sql += "READ COMMITTED"; break;
    case isolation::repeatable_read: sql += "REPEATABLE READ"; break;
    case isolation::serializable: sql += "SERIALIZABLE"; break;
  }
  sql += options.read_only ? " READ ONLY" : " READ WRITE";
  co_await conn.query(std::move(sql), {}, options.until);
}

task<void> commit_transaction(connection& conn, deadline until) { co_await conn.query("COMMIT", {}, until); }

task<void> rollback_transaction(connection& conn, deadline until) noexcept {
  if (conn.is_broken() || !conn.in_transaction()) co_return;
  try {
    co_await conn.query("ROLLBACK", {}, until);
  } catch (...) {
    // Left broken or in a transaction: a pool closes it instead of reusing it.
  }
}

}  // namespace quark::postgres
