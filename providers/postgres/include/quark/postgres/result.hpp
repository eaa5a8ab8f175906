#pragma once
/// @file
/// `quark::postgres::result`: the rows of one statement, with typed column access.

#include <quark/base/error.hpp>

#include <concepts>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

struct pg_result;

namespace quark::postgres {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

/// The outcome of one statement: its rows (text format) and its command tag. Move-only;
/// owns the libpq result. Reading it needs no connection and may happen on any thread.
///
/// @code
/// auto r = co_await conn.query("SELECT id, name FROM users WHERE id = $1", {7});
/// if (r.rows() == 1) { std::int64_t id = r.get<std::int64_t>(0, 0); auto name = r.get<std::string>(0, "name"); }
/// @endcode
class result {
 public:
  result() noexcept = default;
  /// Takes ownership of a libpq result.
  explicit result(pg_result* r) noexcept : res_(r) {}

  /// Number of rows (0 for a command without rows).
  [[nodiscard]] int rows() const noexcept;
  /// Number of columns.
  [[nodiscard]] int columns() const noexcept;
  /// Name of column `col`. @throws quark::codec_error when out of range.
  [[nodiscard]] std::string_view column_name(int col) const;
  /// Index of the column named `name`. @throws quark::codec_error when there is none.
  [[nodiscard]] int column_index(std::string_view name) const;
  /// Rows inserted, updated or deleted by the command (0 when not applicable).
  [[nodiscard]] std::int64_t affected_rows() const noexcept;
  /// The command tag (`"INSERT 0 1"`, `"SELECT 3"`, ...).
  [[nodiscard]] std::string_view command_tag() const noexcept;

  /// True when the value at (`row`, `col`) is SQL NULL. @throws quark::codec_error out of range.
  [[nodiscard]] bool is_null(int row, int col) const;
  /// The value's text form. @throws quark::codec_error out of range or NULL.
  [[nodiscard]] std::string_view text(int row, int col) const;
  /// A `bytea` value decoded from its hex text form. @throws quark::codec_error when NULL or not hex.
  [[nodiscard]] std::string bytes(int row, int col) const;

  /// The value at (`row`, `col`) as `T`: `bool`, an integer type, `double`, `std::string`,
  /// `std::string_view` (valid while the result lives) or `std::optional` of one (NULL →
  /// nullopt). @throws quark::codec_error naming the column when the value is NULL (non-optional
  /// `T`), does not parse as `T` or does not fit.
  template <class T>
  [[nodiscard]] T get(int row, int col) const {
    if constexpr (is_optional<T>::value) {
      if (is_null(row, col)) return std::nullopt;
      return get<typename T::value_type>(row, col);
    } else if constexpr (std::same_as<T, bool>) {
      return as_bool(row, col);
    } else if constexpr (std::integral<T>) {
      return static_cast<T>(as_integer(row, col, static_cast<long double>(std::numeric_limits<T>::min()),
                                       static_cast<long double>(std::numeric_limits<T>::max()),
                                       std::is_signed_v<T>));
    } else if constexpr (std::floating_point<T>) {
      return static_cast<T>(as_double(row, col));
    } else if constexpr (std::same_as<T, std::string>) {
      return std::string{text(row, col)};
    } else {
      static_assert(std::same_as<T, std::string_view>, "unsupported column type");
      return text(row, col);
    }
  }
  /// `get<T>(row, column_index(name))`.
  template <class T>
  [[nodiscard]] T get(int row, std::string_view name) const {
    return get<T>(row, column_index(name));
  }

  /// The libpq result (nullptr for a default-constructed one).
  [[nodiscard]] pg_result* native() const noexcept { return res_.get(); }

 private:
  bool as_bool(int row, int col) const;
  std::int64_t as_integer(int row, int col, long double min, long double max, bool is_signed) const;
  double as_double(int row, int col) const;
  void check(int row, int col) const;
  [[noreturn]] void bad_value(int row, int col, std::string_view expected) const;

  struct deleter {
    void operator()(pg_result* r) const noexcept;
  };
  std::unique_ptr<pg_result, deleter> res_;
};

}  // namespace quark::postgres
