#pragma once
// Number formatting for the demo's output (private).

#include <cstdint>
#include <string>

namespace shop::detail {

/// `1234567` → `"1,234,567"`.
std::string with_commas(std::int64_t n);

/// `(1, "order")` → `"1 order"`, `(1200, "order")` → `"1,200 orders"`.
std::string count_of(std::int64_t n, const char* noun);

}  // namespace shop::detail
