#include <shop/account.hpp>

#include <fmt/core.h>

#include <utility>

namespace shop {

quark::task<std::int64_t> account::deposit(std::int64_t cents) {
  if (cents <= 0) throw quark::rejected(fmt::format("a deposit must be positive, got {} cents", cents));
  auto& s = state();
  s.balance_cents += cents;
  s.deposited_cents += cents;
  co_await save_state();
  co_return state().balance_cents;
}

quark::task<std::int64_t> account::withdraw(std::int64_t cents) {
  if (cents <= 0) throw quark::rejected(fmt::format("a withdrawal must be positive, got {} cents", cents));
  const account_state& now = std::as_const(*this).state();
  if (now.balance_cents < cents) throw quark::rejected("insufficient funds");
  auto& s = state();
  s.balance_cents -= cents;
  s.spent_cents += cents;
  ++s.withdrawals;
  co_await save_state();
  co_return state().balance_cents;
}

quark::task<account_state> account::view() { co_return std::as_const(*this).state(); }

}  // namespace shop
