#include "pg_test.hpp"

#include <quark/postgres/error.hpp>
#include <quark/postgres/transaction.hpp>

#include <stdexcept>

namespace quark::postgres::test {
namespace {

class transaction_test : public pg_test {
 protected:
  void SetUp() override {
    pg_test::SetUp();
    if (HasFatalFailure()) return;
    conn_ = connect();
    run(conn_->execute_script("CREATE TEMP TABLE accounts(id int PRIMARY KEY, balance int NOT NULL);"
                              "INSERT INTO accounts VALUES (1, 100), (2, 0)"));
  }
  void TearDown() override { conn_.reset(); }
  int balance(int id) { return run(conn_->query("SELECT balance FROM accounts WHERE id = $1", {id})).get<int>(0, 0); }
  std::unique_ptr<connection> conn_;
};

task<int> transfer(transaction& tx, int from, int to, int amount) {
  co_await tx.query("UPDATE accounts SET balance = balance - $2 WHERE id = $1", {from, amount});
  co_await tx.query("UPDATE accounts SET balance = balance + $2 WHERE id = $1", {to, amount});
  auto r = co_await tx.query("SELECT balance FROM accounts WHERE id = $1", {from});
  co_return r.get<int>(0, 0);
}

task<void> transfer_then_fail(transaction& tx, int amount) {
  co_await tx.query("UPDATE accounts SET balance = balance - $1 WHERE id = 1", {amount});
  throw std::runtime_error("business rule says no");
}

TEST_F(transaction_test, commits_and_returns_the_body_value) {
  EXPECT_EQ(run(in_transaction(*conn_, {}, transfer, 1, 2, 30)), 70);
  EXPECT_EQ(balance(1), 70);
  EXPECT_EQ(balance(2), 30);
  EXPECT_FALSE(conn_->in_transaction());
}

TEST_F(transaction_test, rolls_back_on_exception) {
  EXPECT_THROW(run(in_transaction(*conn_, {}, transfer_then_fail, 50)), std::runtime_error);
  EXPECT_EQ(balance(1), 100);
  EXPECT_FALSE(conn_->in_transaction());
}

TEST_F(transaction_test, rolls_back_on_server_error) {
  auto fails = [](transaction& tx) -> task<void> {  // capture-less: allowed
    co_await tx.query("UPDATE accounts SET balance = 0 WHERE id = 1");
    co_await tx.query("INSERT INTO accounts VALUES (2, 1)");
  };
  EXPECT_THROW(run(in_transaction(*conn_, {}, fails)), unique_violation);
  EXPECT_EQ(balance(1), 100);
  EXPECT_FALSE(conn_->in_transaction());
}

TEST_F(transaction_test, serialization_failure_is_mapped) {
  run(conn_->execute_script("CREATE TABLE IF NOT EXISTS ser_test(v int); TRUNCATE ser_test"));
  auto a = connect();
  auto b = connect();
  transaction_options serializable{.isolation = isolation::serializable};
  run(begin_transaction(*a, serializable));
  run(begin_transaction(*b, serializable));
  run(a->query("SELECT count(*) FROM ser_test"));
  run(b->query("SELECT count(*) FROM ser_test"));
  run(a->query("INSERT INTO ser_test VALUES (1)"));
  run(b->query("INSERT INTO ser_test VALUES (2)"));
  run(commit_transaction(*a, deadline::never()));
  try {
    run(commit_transaction(*b, deadline::never()));
    FAIL() << "expected a serialization_failure";
  } catch (const serialization_failure& e) {
    EXPECT_EQ(e.sqlstate(), "40001");
  }
  run(rollback_transaction(*b, deadline::never()));
  run(conn_->execute_script("DROP TABLE ser_test"));
}

}  // namespace
}  // namespace quark::postgres::test
