#include <shop/price_quoter.hpp>

#include <fmt/core.h>

#include <array>

namespace shop {

namespace {

constexpr std::array<catalog_item, 8> items{{
    {"coffee", 450},
    {"croissant", 325},
    {"tea", 375},
    {"sandwich", 895},
    {"notebook", 1299},
    {"mug", 1450},
    {"pen", 249},
    {"headphones", 4999},
}};

}  // namespace

std::span<const catalog_item> catalog() noexcept { return items; }

std::optional<std::int64_t> price_of(std::string_view sku, std::int32_t quantity) noexcept {
  if (quantity < 1 || quantity > 100) return std::nullopt;
  for (const auto& item : items) {
    if (item.sku != sku) continue;
    std::int64_t total = item.unit_cents * quantity;
    return quantity >= 3 ? total - total / 20 : total;
  }
  return std::nullopt;
}

quark::task<std::int64_t> price_quoter::quote(std::string sku, std::int32_t quantity) {
  auto price = price_of(sku, quantity);
  if (!price) throw quark::rejected(fmt::format("cannot price {} x '{}'", quantity, sku));
  co_return *price;
}

}  // namespace shop
