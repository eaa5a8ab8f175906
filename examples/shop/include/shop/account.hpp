#pragma once
/// @file
/// `shop::account`: a customer's money, in cents, persisted as a `stateful_actor`.

#include <quark/quark.hpp>

#include <boost/describe.hpp>

#include <cstdint>

namespace shop {

/// What an account stores. Invariant: `balance_cents == deposited_cents - spent_cents >= 0`.
struct account_state {
  std::int64_t balance_cents = 0;
  std::int64_t deposited_cents = 0;  ///< everything ever deposited
  std::int64_t spent_cents = 0;      ///< everything ever withdrawn
  std::int64_t withdrawals = 0;      ///< number of successful withdrawals
};
BOOST_DESCRIBE_STRUCT(account_state, (), (balance_cents, deposited_cents, spent_cents, withdrawals))

/// One account per key (e.g. "acct-7"). Every change is saved before the call returns.
class account : public quark::stateful_actor<account, account_state> {
 public:
  /// Adds `cents` and returns the new balance.
  /// @throws quark::rejected when `cents <= 0`.
  quark::task<std::int64_t> deposit(std::int64_t cents);
  /// Takes `cents` out and returns the new balance.
  /// @throws quark::rejected ("insufficient funds") when the balance is lower than `cents`,
  /// or when `cents <= 0`; nothing changes then.
  quark::task<std::int64_t> withdraw(std::int64_t cents);
  /// The stored state.
  quark::task<account_state> view();
};

}  // namespace shop

QUARK_ACTOR(shop::account, "shop.account", deposit, withdraw, view);
