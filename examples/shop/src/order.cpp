#include <shop/order.hpp>

#include <shop/account.hpp>
#include <shop/price_quoter.hpp>

#include <utility>

namespace shop {

namespace {

/// Records a refusal (from the quoter or the account) and saves it.
void record_rejection(order_state& s, const quark::error& e) {
  s.status = order_status::rejected;
  s.amount_cents = 0;
  s.reason = e.message;
}

}  // namespace

quark::task<order_state> order::place(order_request request) {
  if (std::as_const(*this).state().status != order_status::open) co_return std::as_const(*this).state();
  {
    auto& s = state();
    s.account = request.account;
    s.sku = request.sku;
    s.quantity = request.quantity;
  }
  auto quote = co_await ref<price_quoter>("catalog").try_call<&price_quoter::quote>(request.sku, request.quantity);
  if (!quote) {
    if (quote.error().code != quark::errc::rejected) quark::throw_error(quote.error());
    record_rejection(state(), quote.error());
  } else {
    std::int64_t price = quote.value();
    auto paid = co_await ref<account>(request.account).try_call<&account::withdraw>(price);
    if (paid) {
      state().status = order_status::paid;
      state().amount_cents = price;
    } else if (paid.error().code == quark::errc::rejected) {
      record_rejection(state(), paid.error());
    } else {
      quark::throw_error(paid.error());
    }
  }
  co_await save_state();
  co_return std::as_const(*this).state();
}

quark::task<order_state> order::view() { co_return std::as_const(*this).state(); }

}  // namespace shop
