#pragma once
/// @file
/// `quark::sqlite::statement`: an RAII prepared statement borrowed from a connection's
/// statement cache, with typed `bind` and `column` helpers.

#include <quark/base/error.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

struct sqlite3_stmt;

namespace quark::sqlite {

class connection;

/// Bytes to bind as a BLOB (a string binds as TEXT). The bytes are copied when bound.
struct blob {
  std::string_view bytes;
};

/// The storage class of a column value in the current row.
enum class value_type { integer, real, text, blob, null };

/// A prepared statement, obtained from `connection::prepare`. Move-only; on destruction it
/// is reset, its bindings cleared and it goes back to the connection's cache.
///
/// Threading: use it only inside the `database::run` function that prepared it (the
/// database thread) and destroy it before that function returns.
///
/// @code
/// auto st = conn.prepare("SELECT version, data FROM quark_state WHERE type = ?1 AND key = ?2");
/// st.bind_all(type, key);
/// if (st.step()) { auto version = st.column<std::int64_t>(0); auto data = st.column<std::string>(1); }
/// @endcode
class statement {
 public:
  /// An empty statement (not usable until assigned from `connection::prepare`).
  statement() noexcept = default;
  statement(statement&& other) noexcept;
  statement& operator=(statement&& other) noexcept;
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  ~statement();

  /// Binds SQL NULL to parameter `index` (1-based). @throws sqlite_error on a bad index.
  statement& bind(int index, std::nullptr_t);
  /// Binds an integer. @throws quark::config_error when an unsigned value exceeds INT64_MAX;
  /// sqlite_error on a bad index.
  template <std::integral I>
  statement& bind(int index, I value) {
    if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t)) {
      if (value > static_cast<I>(std::numeric_limits<std::int64_t>::max())) throw_unsigned_overflow(index);
    }
    return bind_int64(index, static_cast<std::int64_t>(value));
  }
  /// Binds a floating-point value. @throws sqlite_error on a bad index.
  statement& bind(int index, double value);
  /// Binds UTF-8 text (copied). @throws sqlite_error on a bad index.
  statement& bind(int index, std::string_view text);
  /// Binds bytes as a BLOB (copied; an empty blob is a zero-length BLOB, not NULL).
  /// @throws sqlite_error on a bad index.
  statement& bind(int index, blob bytes);
  /// Binds the value, or NULL when empty.
  template <class T>
  statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
  }
  /// Binds `args` to parameters 1, 2, ... in order.
  template <class... Args>
  statement& bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }

  /// Advances to the next row: true when a row is available, false when done.
  /// @throws sqlite_error (message names the SQL) when the step fails.
  bool step();
  /// Steps until done, ignoring rows; returns the rows changed (`sqlite3_changes64`).
  /// @throws sqlite_error when a step fails.
  std::int64_t execute();
  /// Rewinds the statement and clears its bindings, ready to run again.
  void reset() noexcept;

  /// Number of columns in the result.
  [[nodiscard]] int column_count() const noexcept;
  /// Storage class of column `index` (0-based) of the current row.
  [[nodiscard]] value_type column_type(int index) const noexcept;
  /// True when column `index` of the current row is NULL.
  [[nodiscard]] bool is_null(int index) const noexcept { return column_type(index) == value_type::null; }
  /// Column `index` as an integer (SQLite converts other storage classes).
  [[nodiscard]] std::int64_t column_int64(int index) const noexcept;
  /// Column `index` as a double.
  [[nodiscard]] double column_double(int index) const noexcept;
  /// Column `index` as UTF-8 text; valid until the next step, reset or destruction.
  [[nodiscard]] std::string_view column_text(int index) const noexcept;
  /// Column `index` as raw bytes (a TEXT value's bytes unchanged); same lifetime as above.
  [[nodiscard]] std::string_view column_blob(int index) const noexcept;

  /// Column `index` converted to `T`: an integral type (range-checked), `bool`, `double`,
  /// `std::string` (bytes copied), `std::string_view` (borrowed) or `std::optional` of one
  /// of these (nullopt for NULL).
  /// @throws quark::storage_error when an integer does not fit `T`.
  template <class T>
  [[nodiscard]] T column(int index) const;

  /// The SQL text the statement was prepared from.
  [[nodiscard]] std::string_view sql() const noexcept;
  /// The underlying handle (for SQLite calls not wrapped here); null when empty.
  [[nodiscard]] ::sqlite3_stmt* native_handle() const noexcept { return stmt_; }
  /// True when the statement holds a prepared handle.
  explicit operator bool() const noexcept { return stmt_ != nullptr; }

 private:
  friend class connection;
  statement(connection* owner, ::sqlite3_stmt* stmt, ::sqlite3_stmt** slot) noexcept
      : owner_(owner), stmt_(stmt), slot_(slot) {}

  statement& bind_int64(int index, std::int64_t value);
  void check_bind(int result, int index);
  [[noreturn]] void throw_unsigned_overflow(int index) const;
  [[noreturn]] void throw_out_of_range(int index, std::int64_t value) const;
  void release() noexcept;

  connection* owner_ = nullptr;
  ::sqlite3_stmt* stmt_ = nullptr;
  ::sqlite3_stmt** slot_ = nullptr;  // cache slot to return to; null when not cached
};

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
}  // namespace detail

template <class T>
T statement::column(int index) const {
  if constexpr (detail::is_optional<T>::value) {
    if (is_null(index)) return std::nullopt;
    return column<typename T::value_type>(index);
  } else if constexpr (std::is_same_v<T, bool>) {
    return column_int64(index) != 0;
  } else if constexpr (std::is_integral_v<T>) {
    std::int64_t value = column_int64(index);
    if (!std::in_range<T>(value)) throw_out_of_range(index, value);
    return static_cast<T>(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(column_double(index));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return std::string{column_blob(index)};
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    return column_blob(index);
  } else {
    static_assert(sizeof(T) == 0, "statement::column: unsupported type");
  }
}

}  // namespace quark::sqlite
