#pragma once
/// @file
/// `quark::postgres::params`: the values of a parameterised statement (`$1`, `$2`, ...).
/// Values always travel separately from the SQL text; nothing is spliced into a string.

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace quark::postgres {

/// A binary parameter (sent in binary format, for a `bytea` placeholder: `$1::bytea`).
struct bytea_view {
  std::string_view data;
};

/// The parameters of one statement, in order. Integers, `bool`, `double`, strings,
/// `bytea_view` and `std::optional` of those (`nullopt` is SQL NULL) are accepted.
///
/// @code
/// co_await conn.query("SELECT $1::int + $2::int", {40, 2});
/// co_await conn.query("INSERT INTO blobs VALUES ($1, $2::bytea)", {name, bytea_view{bytes}});
/// @endcode
class params {
 public:
  params() = default;
  /// One parameter per argument, in order.
  template <class... Args>
    requires(sizeof...(Args) > 0 && (!std::same_as<std::remove_cvref_t<Args>, params> && ...))
  params(const Args&... args) {  // NOLINT: implicit on purpose, for `{a, b, c}`
    (add(args), ...);
  }

  /// Appends SQL NULL.
  params& add(std::nullopt_t);
  /// Appends a boolean (`true`/`false`).
  params& add(bool value);
  /// Appends an integer (sent as its decimal text).
  template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>)
  params& add(T value) {
    return add_text(std::to_string(value));
  }
  /// Appends a floating-point value (shortest text that round-trips).
  params& add(double value);
  /// Appends a text value (any bytes but NUL; use `bytea_view` for binary data).
  params& add(std::string_view value) { return add_text(std::string{value}); }
  /// Appends a text value.
  params& add(const std::string& value) { return add_text(value); }
  /// Appends a text value.
  params& add(const char* value) { return add_text(std::string{value}); }
  /// Appends binary data (format 1), for a `bytea` parameter.
  params& add(bytea_view value);
  /// Appends `value`, or NULL when it is empty.
  template <class T>
  params& add(const std::optional<T>& value) {
    return value ? add(*value) : add(std::nullopt);
  }

  /// Number of parameters.
  [[nodiscard]] int size() const noexcept { return static_cast<int>(values_.size()); }
  /// libpq's arrays, valid until this object changes: values (nullptr for NULL), lengths, formats.
  [[nodiscard]] std::vector<const char*> value_pointers() const;
  [[nodiscard]] const std::vector<int>& lengths() const noexcept { return lengths_; }
  [[nodiscard]] const std::vector<int>& formats() const noexcept { return formats_; }

 private:
  params& add_text(std::string value);
  std::vector<std::optional<std::string>> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

}  // namespace quark::postgres
