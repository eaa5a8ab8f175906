#pragma once
/// @file
/// `quark::redis::reply`: one RESP reply as a value (nil, integer, bulk string, status,
/// error, array of replies).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quark::redis {

/// The RESP type of a reply.
enum class reply_type : std::uint8_t {
  nil,      ///< `$-1` / `*-1`: no value (GET of a missing key, BLPOP timeout)
  integer,  ///< `:42`
  string,   ///< bulk string `$3\r\nabc` (binary-safe)
  status,   ///< simple string `+OK`
  error,    ///< `-ERR ...`; the client throws `server_error` for a top-level one
  array,    ///< `*n`: nested replies
};

namespace detail {
struct reply_builder;  // the parser's hiredis callbacks, building replies in place
}  // namespace detail

/// Short name of a reply type ("nil", "integer", ...), for messages.
std::string_view to_string(reply_type t) noexcept;

/// One reply from the server. A plain value: copyable, movable, comparable; safe to keep
/// after the connection that produced it is gone.
///
/// The `as_*` accessors throw `quark::codec_error` (naming both types) when the reply is of
/// another type, so `co_await c.execute({"INCR", "n"})).as_integer()` reads naturally.
///
/// @code
/// redis::reply r = co_await client.execute({"MGET", "a", "b"});
/// for (const auto& e : r.elements()) if (auto v = e.optional_string()) use(*v);
/// @endcode
class reply {
 public:
  /// A nil reply.
  reply() noexcept = default;
  /// Factories, for tests and for building replies by hand.
  static reply nil() { return reply{}; }
  static reply integer(std::int64_t v);
  static reply string(std::string v);
  static reply status(std::string v);
  static reply error(std::string message);
  static reply array(std::vector<reply> elements);

  [[nodiscard]] reply_type type() const noexcept { return type_; }
  [[nodiscard]] bool is_nil() const noexcept { return type_ == reply_type::nil; }
  [[nodiscard]] bool is_integer() const noexcept { return type_ == reply_type::integer; }
  [[nodiscard]] bool is_string() const noexcept { return type_ == reply_type::string; }
  [[nodiscard]] bool is_status() const noexcept { return type_ == reply_type::status; }
  [[nodiscard]] bool is_error() const noexcept { return type_ == reply_type::error; }
  [[nodiscard]] bool is_array() const noexcept { return type_ == reply_type::array; }

  /// The integer. @throws codec_error unless `is_integer()`.
  [[nodiscard]] std::int64_t as_integer() const;
  /// The text of a bulk string, status or error reply.
  /// @throws codec_error for nil, integer and array replies.
  [[nodiscard]] const std::string& as_string() const;
  /// The text of a bulk string or status, or nothing for nil.
  /// @throws codec_error for integer, error and array replies.
  [[nodiscard]] std::optional<std::string> optional_string() const;
  /// The elements of an array. @throws codec_error unless `is_array()`.
  [[nodiscard]] const std::vector<reply>& elements() const;
  /// Element `i` of an array. @throws codec_error unless `is_array()` and `i < size()`.
  [[nodiscard]] const reply& operator[](std::size_t i) const;
  /// Number of elements of an array, 0 for any other type.
  [[nodiscard]] std::size_t size() const noexcept { return elements_.size(); }
  /// True for the status `+OK`.
  [[nodiscard]] bool is_ok() const noexcept { return type_ == reply_type::status && text_ == "OK"; }

  /// A short human-readable rendering (`"string \"abc\""`, `"array[3]"`), for messages.
  [[nodiscard]] std::string describe() const;

  friend bool operator==(const reply&, const reply&) = default;

 private:
  friend struct detail::reply_builder;
  [[noreturn]] void wrong_type(std::string_view wanted) const;

  reply_type type_ = reply_type::nil;
  std::int64_t integer_ = 0;
  std::string text_;
  std::vector<reply> elements_;
};

}  // namespace quark::redis
