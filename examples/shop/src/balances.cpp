#include <shop/account.hpp>
#include <shop/balances.hpp>

#include <quark/async/sync_wait.hpp>
#include <quark/sqlite/database.hpp>
#include <quark/sqlite/statement.hpp>
#include <quark/sqlite/transaction.hpp>

#include <boost/asio/io_context.hpp>

#include <string_view>

namespace shop {
namespace {

constexpr std::string_view account_prefix = "shop.account/";

}  // namespace

balances_view::balances_view(std::shared_ptr<quark::sqlite::database> db, std::shared_ptr<quark::event_store> events)
    : db_(std::move(db)),
      events_(std::move(events)),
      projection_(events_, "shop.balances",
                  quark::batch_handler{[this](std::span<const quark::recorded_event> es) { return handle(es); }}) {
  db_->run_blocking([](quark::sqlite::connection& c) {
    c.exec(
        "CREATE TABLE IF NOT EXISTS shop_balances ("
        " account TEXT PRIMARY KEY,"
        " cents INTEGER NOT NULL,"
        " version INTEGER NOT NULL)");  // the account stream's version applied last
  });
}

void balances_view::start() { projection_.start(); }

void balances_view::stop() { projection_.stop(); }

quark::task<void> balances_view::handle(std::span<const quark::recorded_event> events) {
  struct change {
    std::string account;
    std::int64_t delta;
    std::int64_t version;
  };
  std::vector<change> changes;
  for (const quark::recorded_event& e : events) {
    if (!e.stream.starts_with(account_prefix) || e.type == quark::tombstone_type) continue;
    const std::int64_t delta = std::visit(
        [](const auto& ev) -> std::int64_t {
          if constexpr (std::is_same_v<std::decay_t<decltype(ev)>, deposited>) {
            return ev.cents;
          } else {
            return -ev.cents;
          }
        },
        account::event_types::decode(e));
    changes.push_back({e.stream.substr(account_prefix.size()), delta, static_cast<std::int64_t>(e.version)});
  }
  if (changes.empty()) co_return;
  auto upsert = [changes = std::move(changes)](quark::sqlite::connection& c) {
    quark::sqlite::with_transaction(c, [&changes](quark::sqlite::connection& tx) {
      for (const change& ch : changes) {
        tx.prepare(
              "INSERT INTO shop_balances(account, cents, version) VALUES (?1, ?2, ?3) "
              "ON CONFLICT(account) DO UPDATE SET cents = cents + excluded.cents, version = excluded.version "
              "WHERE shop_balances.version < excluded.version")
            .bind_all(ch.account, ch.delta, ch.version)
            .execute();
      }
    });
  };
  auto write = db_->run(std::move(upsert));
  co_await write;
}

void balances_view::catch_up(std::chrono::milliseconds timeout) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  boost::asio::io_context ctx;
  for (;;) {
    if (auto error = projection_.error()) std::rethrow_exception(error);
    const auto next = quark::sync_wait(ctx, events_->read_all(projection_.checkpoint(), 1, quark::deadline::never()));
    if (next.empty()) return;
    const auto left = give_up - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero() ||
        !projection_.wait_until(next.front().position, std::chrono::duration_cast<std::chrono::milliseconds>(left))) {
      if (auto error = projection_.error()) std::rethrow_exception(error);
      throw quark::timeout_error(quark::errc::timeout, "the balances projection did not catch up in time",
                                 "shop.balances");
    }
  }
}

balance_totals balances_view::totals() const {
  return db_->run_blocking([](quark::sqlite::connection& c) {
    auto q = c.prepare("SELECT count(*), coalesce(sum(cents), 0) FROM shop_balances");
    balance_totals t;
    if (q.step()) {
      t.accounts = q.column_int64(0);
      t.balance_cents = q.column_int64(1);
    }
    return t;
  });
}

}  // namespace shop
