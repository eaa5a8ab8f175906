#include <shop/account.hpp>

#include <fmt/core.h>

namespace shop {

quark::task<std::int64_t> account::deposit(std::int64_t cents) {
  if (cents <= 0) throw quark::rejected(fmt::format("a deposit must be positive, got {} cents", cents));
  co_await raise(deposited{cents});
  co_return state().balance_cents;
}

quark::task<std::int64_t> account::withdraw(std::int64_t cents) {
  if (cents <= 0) throw quark::rejected(fmt::format("a withdrawal must be positive, got {} cents", cents));
  if (state().balance_cents < cents) throw quark::rejected("insufficient funds");
  co_await raise(withdrawn{cents});
  co_return state().balance_cents;
}

quark::task<account_state> account::view() { co_return state(); }

void account::apply(account_state& s, const deposited& e) {
  s.balance_cents += e.cents;
  s.deposited_cents += e.cents;
}

void account::apply(account_state& s, const withdrawn& e) {
  s.balance_cents -= e.cents;
  s.spent_cents += e.cents;
  ++s.withdrawals;
}

}  // namespace shop
