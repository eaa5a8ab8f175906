#include "workload.hpp"

#include <shop/account.hpp>
#include <shop/price_quoter.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <string_view>
#include <vector>

namespace shop::detail {

namespace {

std::uint64_t mix(std::uint64_t x) noexcept {  // splitmix64
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Mean price of an order as `make_request` draws them.
std::int64_t mean_order_cents() {
  std::int64_t sum = 0;
  std::int64_t n = 0;
  for (const auto& item : catalog()) {
    for (std::int32_t q = 1; q <= 3; ++q, ++n) sum += price_of(item.sku, q).value_or(0);
  }
  return sum / n;
}

/// Shared by the lanes of one phase; every lane resumes on the client's shard, so plain
/// fields are enough.
struct cursor {
  std::int64_t next = 0;
  std::int64_t count = 0;
  bool failed = false;
};

/// Runs `step->run(i)` for the cursor's items, one after another, until none is left.
template <class Step>
quark::task<void> lane(Step* step, cursor* at) {
  while (!at->failed && at->next < at->count) {
    std::int64_t i = at->next++;
    try {
      co_await step->run(i);
    } catch (...) {
      at->failed = true;
      throw;
    }
  }
}

/// Runs `step` over [0, count) on `lanes` concurrent lanes.
template <class Step>
quark::task<void> run_lanes(Step* step, std::int64_t count, std::size_t lanes) {
  cursor at{.next = 0, .count = count, .failed = false};
  std::vector<quark::task<void>> tasks;
  auto n = std::min<std::int64_t>(static_cast<std::int64_t>(std::max<std::size_t>(lanes, 1)), count);
  for (std::int64_t l = 0; l < n; ++l) tasks.push_back(lane(step, &at));
  co_await quark::when_all(std::move(tasks));
}

struct funding_step {
  quark::client* client;
  run_ticket ticket;
  std::int64_t accounts;
  std::int64_t orders;
  funding result{};

  quark::task<void> run(std::int64_t i) {
    std::int64_t amount = funding_for(i, ticket.run, accounts, orders);
    auto target = client->ref<account>(account_key(i));
    std::int64_t balance = co_await target.call<&account::deposit>(amount);
    result.deposited_cents += amount;
    result.carried_cents += balance - amount;
  }
};

struct order_step {
  quark::client* client;
  std::int64_t first;
  std::int64_t accounts;
  progress_meter* progress;
  placement result{};

  quark::task<void> run(std::int64_t i) {
    auto target = client->ref<order>(order_key(first + i));
    order_request request = make_request(first + i, accounts);
    order_state placed = co_await target.call<&order::place>(std::move(request));
    ++result.placed;
    if (placed.status == order_status::paid) {
      ++result.paid;
      result.paid_cents += placed.amount_cents;
    } else if (placed.status == order_status::rejected) {
      ++result.rejected;
      ++result.reasons[placed.reason];
    }
    progress->update(result.placed);
  }
};

struct audit_step {
  quark::client* client;
  std::int64_t accounts;
  std::vector<account_state> account_views;
  std::vector<order_state> order_views;

  quark::task<void> run(std::int64_t i) {
    if (i < accounts) {
      auto target = client->ref<account>(account_key(i));
      account_views[static_cast<std::size_t>(i)] = co_await target.call<&account::view>();
    } else {
      auto target = client->ref<order>(order_key(i - accounts));
      order_views[static_cast<std::size_t>(i - accounts)] = co_await target.call<&order::view>();
    }
  }
};

/// Index of account key `acct-<i>`, or -1.
std::int64_t account_index(std::string_view key, std::int64_t accounts) {
  constexpr std::string_view prefix = "acct-";
  if (!key.starts_with(prefix)) return -1;
  std::int64_t i = -1;
  auto digits = key.substr(prefix.size());
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
  if (ec != std::errc{} || end != digits.data() + digits.size() || i < 0 || i >= accounts) return -1;
  return i;
}

constexpr std::size_t max_problems = 5;

void add_problem(shop_totals& t, std::string text) {
  if (t.problems.size() < max_problems) t.problems.push_back(std::move(text));
}

/// Sums the views and checks every account against the orders it paid for.
shop_totals check_books(const std::vector<account_state>& accounts, const std::vector<order_state>& orders) {
  shop_totals t;
  t.accounts = static_cast<std::int64_t>(accounts.size());
  t.orders = static_cast<std::int64_t>(orders.size());
  std::vector<std::int64_t> paid_by(accounts.size(), 0);
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const auto& o = orders[i];
    if (o.status == order_status::open) {
      ++t.open_orders;
      continue;
    }
    if (o.status == order_status::rejected) {
      ++t.rejected_orders;
      continue;
    }
    ++t.paid_orders;
    t.paid_cents += o.amount_cents;
    std::int64_t a = account_index(o.account, t.accounts);
    if (a < 0) {
      add_problem(t, fmt::format("{} was paid by unknown account '{}'", order_key(static_cast<std::int64_t>(i)),
                                 o.account));
    } else {
      paid_by[static_cast<std::size_t>(a)] += o.amount_cents;
    }
  }
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const auto& a = accounts[i];
    t.deposits_cents += a.deposited_cents;
    t.balances_cents += a.balance_cents;
    auto key = account_key(static_cast<std::int64_t>(i));
    if (a.balance_cents != a.deposited_cents - a.spent_cents || a.balance_cents < 0) {
      add_problem(t, fmt::format("{}: balance {} is not deposits {} - spent {}", key, a.balance_cents,
                                 a.deposited_cents, a.spent_cents));
    }
    if (a.spent_cents != paid_by[i]) {
      add_problem(t, fmt::format("{}: spent {} cents but its paid orders total {} cents", key, a.spent_cents,
                                 paid_by[i]));
    }
  }
  return t;
}

}  // namespace

std::string account_key(std::int64_t i) { return fmt::format("acct-{}", i); }
std::string order_key(std::int64_t i) { return fmt::format("order-{}", i); }

order_request make_request(std::int64_t i, std::int64_t accounts) {
  std::uint64_t h = mix(static_cast<std::uint64_t>(i));
  auto items = catalog();
  const auto& item = items[(h >> 20) % items.size()];
  return order_request{.account = account_key(static_cast<std::int64_t>(h % static_cast<std::uint64_t>(accounts))),
                       .sku = std::string{item.sku},
                       .quantity = static_cast<std::int32_t>(1 + (h >> 40) % 3)};
}

std::int64_t funding_for(std::int64_t i, std::int64_t run, std::int64_t accounts, std::int64_t orders) {
  static const std::int64_t mean = mean_order_cents();
  std::int64_t expected = orders * mean / std::max<std::int64_t>(accounts, 1);
  auto h = mix(static_cast<std::uint64_t>(i) * 1'000'003ULL + static_cast<std::uint64_t>(run));
  std::int64_t percent = 70 + static_cast<std::int64_t>(h % 51);
  return std::max<std::int64_t>(expected * percent / 100, 1'000);
}

quark::task<run_ticket> begin_run(quark::client& client, std::int64_t accounts, std::int64_t orders) {
  auto books = client.ref<ledger>(ledger_key);
  co_return co_await books.call<&ledger::begin_run>(accounts, orders);
}

quark::task<funding> fund_accounts(quark::client& client, run_ticket ticket, std::int64_t accounts,
                                   std::int64_t orders, std::size_t lanes) {
  funding_step step{.client = &client, .ticket = std::move(ticket), .accounts = accounts, .orders = orders, .result = {}};
  co_await run_lanes(&step, accounts, lanes);
  co_return step.result;
}

quark::task<placement> place_orders(quark::client& client, std::int64_t first, std::int64_t count,
                                    std::int64_t accounts, std::size_t lanes, progress_meter* progress) {
  order_step step{.client = &client, .first = first, .accounts = accounts, .progress = progress, .result = {}};
  co_await run_lanes(&step, count, lanes);
  progress->finish();
  co_return std::move(step.result);
}

quark::task<shop_totals> audit(quark::client& client, std::size_t lanes) {
  auto books = client.ref<ledger>(ledger_key);
  ledger_state seen = co_await books.call<&ledger::view>();
  audit_step step{.client = &client,
                  .accounts = seen.accounts,
                  .account_views = std::vector<account_state>(static_cast<std::size_t>(seen.accounts)),
                  .order_views = std::vector<order_state>(static_cast<std::size_t>(seen.orders))};
  co_await run_lanes(&step, seen.accounts + seen.orders, lanes);
  co_return check_books(step.account_views, step.order_views);
}

}  // namespace shop::detail
