#include "format.hpp"

#include <shop/demo.hpp>

#include <fmt/core.h>

namespace shop {

namespace detail {

std::string with_commas(std::int64_t n) {
  std::string digits = fmt::format("{}", n < 0 ? -static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n));
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (n < 0) out.push_back('-');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string count_of(std::int64_t n, const char* noun) {
  return fmt::format("{} {}{}", with_commas(n), noun, n == 1 ? "" : "s");
}

}  // namespace detail

std::string format_cents(std::int64_t cents) {
  std::uint64_t magnitude = cents < 0 ? -static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  std::string whole = detail::with_commas(static_cast<std::int64_t>(magnitude / 100));
  return fmt::format("{}${}.{:02}", cents < 0 ? "-" : "", whole, magnitude % 100);
}

}  // namespace shop
