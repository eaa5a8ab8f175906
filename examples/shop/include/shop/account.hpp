#pragma once
/// @file
/// `shop::account`: a customer's money, in cents, as an event-sourced actor: its state is the
/// fold of its `deposited` / `withdrawn` events (stream `shop.account/<key>`).

#include <quark/journal/event_sourced_actor.hpp>
#include <quark/quark.hpp>

#include <boost/describe.hpp>

#include <cstdint>

namespace shop {

/// Money came in.
struct deposited {
  std::int64_t cents = 0;
};
BOOST_DESCRIBE_STRUCT(deposited, (), (cents))

/// Money went out (an order was paid).
struct withdrawn {
  std::int64_t cents = 0;
};
BOOST_DESCRIBE_STRUCT(withdrawn, (), (cents))

/// The folded state. Invariant: `balance_cents == deposited_cents - spent_cents >= 0`.
struct account_state {
  std::int64_t balance_cents = 0;
  std::int64_t deposited_cents = 0;  ///< everything ever deposited
  std::int64_t spent_cents = 0;      ///< everything ever withdrawn
  std::int64_t withdrawals = 0;      ///< number of successful withdrawals
};
BOOST_DESCRIBE_STRUCT(account_state, (), (balance_cents, deposited_cents, spent_cents, withdrawals))

}  // namespace shop

QUARK_EVENT(shop::deposited, "shop.account.deposited", 1);
QUARK_EVENT(shop::withdrawn, "shop.account.withdrawn", 1);

namespace shop {

/// One account per key (e.g. "acct-7"). Every change is an event appended before the call
/// returns.
class account : public quark::event_sourced_actor<account, account_state, deposited, withdrawn> {
 public:
  /// Appends `deposited` and returns the new balance.
  /// @throws quark::rejected when `cents <= 0`.
  quark::task<std::int64_t> deposit(std::int64_t cents);
  /// Appends `withdrawn` and returns the new balance.
  /// @throws quark::rejected ("insufficient funds") when the balance is lower than `cents`,
  /// or when `cents <= 0`; nothing is appended then.
  quark::task<std::int64_t> withdraw(std::int64_t cents);
  /// The folded state.
  quark::task<account_state> view();

  static void apply(account_state& s, const deposited& e);
  static void apply(account_state& s, const withdrawn& e);
};

}  // namespace shop

QUARK_ACTOR(shop::account, "shop.account", deposit, withdraw, view);
