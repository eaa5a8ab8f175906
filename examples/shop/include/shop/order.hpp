#pragma once
/// @file
/// `shop::order`: one order, placed once, paid from an account by an actor-to-actor call.

#include <quark/quark.hpp>

#include <boost/describe.hpp>

#include <cstdint>
#include <string>

namespace shop {

/// Where an order stands: `open` until placed, then `paid` or `rejected` for good.
enum class order_status { open, paid, rejected };
BOOST_DESCRIBE_ENUM(order_status, open, paid, rejected)

/// What a customer asks for.
struct order_request {
  std::string account;  ///< key of the `shop::account` that pays
  std::string sku;
  std::int32_t quantity = 1;
};
BOOST_DESCRIBE_STRUCT(order_request, (), (account, sku, quantity))

/// What an order stores. `amount_cents` is what the account paid (0 unless `paid`).
struct order_state {
  std::string account;
  std::string sku;
  std::int32_t quantity = 0;
  std::int64_t amount_cents = 0;
  order_status status = order_status::open;
  std::string reason;  ///< why it was rejected
};
BOOST_DESCRIBE_STRUCT(order_state, (), (account, sku, quantity, amount_cents, status, reason))

/// One order per key (e.g. "order-42").
class order : public quark::stateful_actor<order, order_state> {
 public:
  /// Prices the request (`shop::price_quoter`), withdraws the price from the account and
  /// records the outcome: `paid`, or `rejected` with the reason when the quoter or the
  /// account refused. Placing an order that is no longer `open` changes nothing and
  /// returns its state (so a retried call never charges twice).
  /// @throws what the calls throw other than `rejected` (timeouts, storage errors).
  ///
  /// Not atomic yet: if saving the order fails after the withdrawal, the money is gone
  /// from the account but the order still says `open` (the outbox capability fixes this).
  quark::task<order_state> place(order_request request);
  /// The stored state.
  quark::task<order_state> view();
};

}  // namespace shop

QUARK_ACTOR(shop::order, "shop.order", place, view);
