#pragma once
/// @file
/// `shop::price_quoter`: a stateless worker that prices a line of the catalog.

#include <quark/quark.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace shop {

/// One item the shop sells.
struct catalog_item {
  std::string_view sku;
  std::int64_t unit_cents;
};

/// The shop's catalog (fixed: the demo is about actors, not merchandising).
std::span<const catalog_item> catalog() noexcept;

/// Price of `quantity` × `sku`, with 5% off from 3 items; empty for an unknown sku or a
/// quantity outside 1..100. Pure: the quoter and the demo's planning both use it.
std::optional<std::int64_t> price_of(std::string_view sku, std::int32_t quantity) noexcept;

/// Stateless worker: any instance of the pool (1 to 4 per key, on the caller's shard)
/// serves any call, and nothing is stored.
class price_quoter : public quark::actor<price_quoter> {
 public:
  /// A pool of 1 to 4 instances per key.
  static constexpr quark::actor_options options{.stateless = quark::stateless_workers{.min = 1, .max = 4}};

  /// Price of the line in cents.
  /// @throws quark::rejected for an unknown sku or a quantity outside 1..100.
  quark::task<std::int64_t> quote(std::string sku, std::int32_t quantity);
};

}  // namespace shop

QUARK_ACTOR(shop::price_quoter, "shop.price_quoter", quote);
