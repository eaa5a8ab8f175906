#pragma once
// The demo's phases as coroutines run on a silo through its client (private).

#include "progress.hpp"

#include <shop/demo.hpp>
#include <shop/ledger.hpp>
#include <shop/order.hpp>

#include <quark/quark.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace shop::detail {

/// `acct-<i>`, `order-<i>`.
std::string account_key(std::int64_t i);
std::string order_key(std::int64_t i);

/// Order number `i` of a shop with `accounts` accounts: a deterministic pseudo-random
/// account, catalog item and quantity (1 to 3).
order_request make_request(std::int64_t i, std::int64_t accounts);

/// What run `run` deposits into account `i` when it places `orders` orders over `accounts`
/// accounts: 70% to 120% of the account's expected spending, so that some orders bounce.
std::int64_t funding_for(std::int64_t i, std::int64_t run, std::int64_t accounts, std::int64_t orders);

/// Result of the funding phase.
struct funding {
  std::int64_t deposited_cents = 0;
  std::int64_t carried_cents = 0;  ///< balances the accounts already held
};

/// Result of the order phase.
struct placement {
  std::int64_t placed = 0;
  std::int64_t paid = 0;
  std::int64_t rejected = 0;
  std::int64_t paid_cents = 0;
  std::map<std::string, std::int64_t> reasons;  ///< rejection reason → count
};

/// Asks the ledger for a run ticket (see `ledger::begin_run`).
quark::task<run_ticket> begin_run(quark::client& client, std::int64_t accounts, std::int64_t orders);

/// Deposits `funding_for(i, ...)` into accounts [0, accounts), `lanes` calls at a time.
quark::task<funding> fund_accounts(quark::client& client, run_ticket ticket, std::int64_t accounts,
                                   std::int64_t orders, std::size_t lanes);

/// Places orders [first, first + count), `lanes` at a time, reporting to `progress`.
quark::task<placement> place_orders(quark::client& client, std::int64_t first, std::int64_t count,
                                    std::int64_t accounts, std::size_t lanes, progress_meter* progress);

/// Reads the ledger, then every account and order it lists, and checks the books.
quark::task<shop_totals> audit(quark::client& client, std::size_t lanes);

}  // namespace shop::detail
