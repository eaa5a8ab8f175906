// The shop's actors and the demo driver, called in-process.

#include <quark/testing/temp_dir.hpp>
#include <shop/account.hpp>
#include <shop/demo.hpp>
#include <shop/order.hpp>
#include <shop/price_quoter.hpp>

#include <quark/quark.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace shop_test {
namespace {

namespace fs = std::filesystem;


/// Everything written to a `FILE*` the code under test prints to.
struct captured_file {
  captured_file() : file(std::tmpfile()) {}
  ~captured_file() {
    if (file != nullptr) std::fclose(file);
  }
  captured_file(const captured_file&) = delete;
  captured_file& operator=(const captured_file&) = delete;
  std::string text() const {
    std::fflush(file);
    std::rewind(file);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, file)) > 0;) out.append(buf, n);
    return out;
  }
  std::FILE* file;
};

shop::demo_options quiet(const fs::path& dir, std::int64_t accounts, std::int64_t orders) {
  shop::demo_options o;
  o.dir = dir;
  o.accounts = accounts;
  o.orders = orders;
  o.shards = 2;
  o.out = nullptr;
  o.err = nullptr;
  return o;
}

TEST(shop_demo, the_books_balance_with_many_concurrent_orders_on_few_accounts) {
  quark::testing::temp_dir dir{"quark-shop"};
  auto options = quiet(dir.path(), 8, 1'500);  // ~190 orders per account, 64 in flight
  options.concurrency = 64;
  auto r = shop::run_shop(options);
  EXPECT_TRUE(r.ok()) << (r.before_restart.problems.empty() ? "" : r.before_restart.problems.front());
  EXPECT_EQ(r.placed, 1'500);
  EXPECT_EQ(r.paid + r.rejected, 1'500);
  EXPECT_GT(r.paid, 0);
  EXPECT_GT(r.rejected, 0) << "the funding leaves some accounts short";
  const auto& t = r.before_restart;
  EXPECT_EQ(t.accounts, 8);
  EXPECT_EQ(t.orders, 1'500);
  EXPECT_EQ(t.paid_orders, r.paid);
  EXPECT_EQ(t.open_orders, 0);
  EXPECT_EQ(t.balances_cents + t.paid_cents, t.deposits_cents);
  EXPECT_EQ(r.after_restart, r.before_restart);
}

TEST(shop_demo, a_second_run_continues_the_books_of_the_first) {
  quark::testing::temp_dir dir{"quark-shop"};
  auto first = shop::run_shop(quiet(dir.path(), 5, 100));
  auto second = shop::run_shop(quiet(dir.path(), 7, 50));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first.run, 1);
  EXPECT_EQ(second.run, 2);
  EXPECT_EQ(second.earlier_orders, 100);
  EXPECT_EQ(second.after_restart.orders, 150);
  EXPECT_EQ(second.after_restart.accounts, 7);
  EXPECT_GT(second.after_restart.deposits_cents, first.after_restart.deposits_cents);
}

TEST(shop_demo, run_demo_prints_a_summary_and_returns_zero) {
  quark::testing::temp_dir dir{"quark-shop"};
  captured_file out;
  captured_file err;
  auto options = quiet(dir.path(), 3, 30);
  options.out = out.file;
  options.err = err.file;
  options.progress = shop::progress_style::lines;
  EXPECT_EQ(shop::run_demo(options), 0) << err.text();
  auto text = out.text();
  EXPECT_NE(text.find("30/30 orders (100%)"), std::string::npos) << text;
  EXPECT_NE(text.find("summary: run 1 | 30 orders in the store"), std::string::npos) << text;
  EXPECT_EQ(err.text(), "");
}

TEST(shop_demo, run_demo_refuses_bad_options_with_a_clear_message) {
  quark::testing::temp_dir dir{"quark-shop"};
  captured_file err;
  auto options = quiet(dir.path() / "d", 0, 10);
  options.err = err.file;
  EXPECT_EQ(shop::run_demo(options), 2);
  EXPECT_EQ(err.text(), "quark demo: need at least 1 account, got 0 (accounts)\n");
  EXPECT_FALSE(fs::exists(dir.path() / "d"));
}

TEST(shop_demo, format_cents_groups_thousands) {
  EXPECT_EQ(shop::format_cents(0), "$0.00");
  EXPECT_EQ(shop::format_cents(5), "$0.05");
  EXPECT_EQ(shop::format_cents(123456789), "$1,234,567.89");
  EXPECT_EQ(shop::format_cents(-100000), "-$1,000.00");
}

quark::task<quark::result<std::int64_t>> withdraw(quark::client& c, std::string key, std::int64_t cents) {
  co_return co_await c.ref<shop::account>(std::move(key)).try_call<&shop::account::withdraw>(cents);
}
quark::task<std::int64_t> deposit(quark::client& c, std::string key, std::int64_t cents) {
  co_return co_await c.ref<shop::account>(std::move(key)).call<&shop::account::deposit>(cents);
}
quark::task<shop::account_state> view_account(quark::client& c, std::string key) {
  co_return co_await c.ref<shop::account>(std::move(key)).call<&shop::account::view>();
}
quark::task<shop::order_state> place(quark::client& c, std::string key, shop::order_request request) {
  co_return co_await c.ref<shop::order>(std::move(key)).call<&shop::order::place>(std::move(request));
}

TEST(shop_actors, a_withdrawal_beyond_the_balance_is_rejected_and_changes_nothing) {
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  EXPECT_EQ(silo.block_on(deposit(silo.client(), "a", 500)), 500);
  auto r = silo.block_on(withdraw(silo.client(), "a", 800));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, quark::errc::rejected);
  EXPECT_EQ(r.error().message, "insufficient funds");
  auto s = silo.block_on(view_account(silo.client(), "a"));
  EXPECT_EQ(s.balance_cents, 500);
  EXPECT_EQ(s.spent_cents, 0);
  EXPECT_EQ(silo.block_on(withdraw(silo.client(), "a", 500)).value(), 0);
}

TEST(shop_actors, an_order_is_paid_once_even_when_placed_twice) {
  quark::silo silo{quark::silo_options{}.with_shards(2)};
  silo.block_on(deposit(silo.client(), "buyer", 10'000));
  shop::order_request request{.account = "buyer", .sku = "coffee", .quantity = 3};
  auto first = silo.block_on(place(silo.client(), "o1", request));
  auto again = silo.block_on(place(silo.client(), "o1", request));
  EXPECT_EQ(first.status, shop::order_status::paid);
  EXPECT_EQ(first.amount_cents, *shop::price_of("coffee", 3));
  EXPECT_EQ(again.amount_cents, first.amount_cents);
  EXPECT_EQ(silo.block_on(view_account(silo.client(), "buyer")).balance_cents, 10'000 - first.amount_cents);
}

TEST(shop_actors, an_order_the_account_cannot_pay_is_rejected_with_the_reason) {
  quark::silo silo{quark::silo_options{}.with_shards(1)};
  silo.block_on(deposit(silo.client(), "poor", 100));
  auto o = silo.block_on(place(silo.client(), "o2", {.account = "poor", .sku = "headphones", .quantity = 1}));
  EXPECT_EQ(o.status, shop::order_status::rejected);
  EXPECT_EQ(o.reason, "insufficient funds");
  EXPECT_EQ(o.amount_cents, 0);
  auto unknown = silo.block_on(place(silo.client(), "o3", {.account = "poor", .sku = "yacht", .quantity = 1}));
  EXPECT_EQ(unknown.status, shop::order_status::rejected);
  EXPECT_EQ(unknown.reason, "cannot price 1 x 'yacht'");
}

}  // namespace
}  // namespace shop_test
