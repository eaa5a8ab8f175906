#include <shop/ledger.hpp>

#include <algorithm>
#include <utility>

namespace shop {

quark::task<run_ticket> ledger::begin_run(std::int64_t accounts, std::int64_t orders) {
  if (accounts < 0 || orders < 0) throw quark::rejected("account and order counts must not be negative");
  run_ticket ticket{.before = std::as_const(*this).state(), .run = 0, .first_order = 0};
  auto& s = state();
  ticket.run = ++s.runs;
  ticket.first_order = s.orders;
  s.accounts = std::max(s.accounts, accounts);
  s.orders += orders;
  co_await save_state();
  co_return ticket;
}

quark::task<ledger_state> ledger::view() { co_return std::as_const(*this).state(); }

}  // namespace shop
