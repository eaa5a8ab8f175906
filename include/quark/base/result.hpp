#pragma once
/// @file
/// `quark::result<T>`: a value or a `quark::error` — the non-throwing face of a call.

#include <quark/base/error.hpp>

#include <utility>
#include <variant>

namespace quark {

/// Holds either a `T` or an `error`. `value()` throws the error's exception type.
///
/// @code
/// auto r = co_await account.try_call<&account::withdraw>(500);
/// if (!r) log(r.error().describe());
/// @endcode
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  result(quark::error e) : v_(std::in_place_index<1>, std::move(e)) {}      // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value. @throws the exception matching `error().code` when this holds an error.
  T& value() & {
    if (!has_value()) throw_error(std::get<1>(v_));
    return std::get<0>(v_);
  }
  T&& value() && {
    if (!has_value()) throw_error(std::get<1>(v_));
    return std::get<0>(std::move(v_));
  }
  /// The error. @pre `!has_value()`.
  [[nodiscard]] const quark::error& error() const& { return std::get<1>(v_); }

 private:
  std::variant<T, quark::error> v_;
};

/// `result<void>`: success or an error.
template <>
class [[nodiscard]] result<void> {
 public:
  result() = default;
  result(quark::error e) : error_(std::move(e)) {}  // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return has_value(); }
  void value() const {
    if (error_) throw_error(error_);
  }
  [[nodiscard]] const quark::error& error() const& { return error_; }

 private:
  quark::error error_;
};

}  // namespace quark
