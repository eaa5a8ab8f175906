#pragma once
/// @file
/// `shop::ledger`: the demo's book-keeping actor — how many runs, accounts and orders
/// the store holds, so a later run (or the audit) knows which keys exist.

#include <quark/quark.hpp>

#include <boost/describe.hpp>

#include <cstdint>

namespace shop {

/// Accounts are keyed `acct-0` .. `acct-<accounts-1>`, orders `order-0` .. `order-<orders-1>`.
struct ledger_state {
  std::int64_t runs = 0;
  std::int64_t accounts = 0;
  std::int64_t orders = 0;
};
BOOST_DESCRIBE_STRUCT(ledger_state, (), (runs, accounts, orders))

/// What `ledger::begin_run` hands a run.
struct run_ticket {
  ledger_state before;            ///< the ledger as earlier runs left it
  std::int64_t run = 0;           ///< this run's number, from 1
  std::int64_t first_order = 0;   ///< this run owns orders [first_order, first_order + orders)
};
BOOST_DESCRIBE_STRUCT(run_ticket, (), (before, run, first_order))

/// The key of the one ledger the demo uses.
inline constexpr const char* ledger_key = "main";

/// One ledger (key `ledger_key`) per store; every run asks it for a `run_ticket` first.
class ledger : public quark::stateful_actor<ledger, ledger_state> {
 public:
  /// Starts a run that uses accounts [0, accounts) and places `orders` new orders:
  /// reserves their numbers and saves. @throws quark::rejected for negative counts.
  quark::task<run_ticket> begin_run(std::int64_t accounts, std::int64_t orders);
  /// The stored state.
  quark::task<ledger_state> view();
};

}  // namespace shop

QUARK_ACTOR(shop::ledger, "shop.ledger", begin_run, view);
