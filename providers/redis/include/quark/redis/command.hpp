#pragma once
/// @file
/// `quark::redis::command`: a command and its arguments, encoded to RESP once, when built.

#include <array>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quark::redis {

namespace detail {
/// One argument of a `command` as text: a string-like argument viewed, an integer formatted.
class command_arg {
 public:
  template <class T>
    requires std::convertible_to<const T&, std::string_view>
  command_arg(const T& text) noexcept : view_(text) {}  // NOLINT: implicit by design
  template <std::integral T>
  command_arg(T number) noexcept {  // NOLINT: implicit by design
    auto end = std::to_chars(digits_.data(), digits_.data() + digits_.size(), number).ptr;
    view_ = std::string_view(digits_.data(), static_cast<std::size_t>(end - digits_.data()));
  }
  command_arg(const command_arg&) = delete;
  command_arg& operator=(const command_arg&) = delete;
  [[nodiscard]] std::string_view view() const noexcept { return view_; }

 private:
  std::array<char, 24> digits_{};
  std::string_view view_;
};

template <class T>
concept command_argument = std::convertible_to<const T&, std::string_view> || std::integral<T>;
}  // namespace detail

/// One Redis command, already encoded for the wire: a RESP array of bulk strings, byte for
/// byte what hiredis's `redisFormatCommandArgv` produces (a test compares the two). Because
/// the arguments are copied into the encoding when the command is built, they need not
/// outlive it: a `command` is a self-contained value, safe to hand to a coroutine. An
/// encoding of up to `inline_capacity` bytes (a GET or SET of a short key and value) is kept
/// inside the command: building one allocates nothing.
///
/// @code
/// redis::command set{"SET", key, value};            // copied now
/// redis::command expire{"EXPIRE", key, 60};         // integers are formatted
/// std::vector<std::string> argv{"DEL", "a", "b"};
/// redis::command del{argv};
/// co_await client.execute({"GET", key});            // a braced list builds a command too
/// @endcode
///
/// (There is deliberately no `std::initializer_list` constructor: g++ 12 miscompiles
/// initializer lists inside coroutine bodies, where commands are usually written.)
class command {
 public:
  /// Encodings up to this many bytes live in the command itself, longer ones on the heap.
  static constexpr std::size_t inline_capacity = 80;

  /// Encodes `name` and `args`: strings (binary-safe) or integers (in decimal).
  template <detail::command_argument Name, detail::command_argument... Args>
  command(const Name& name, const Args&... args) {  // NOLINT: implicit, for `execute({"GET", k})`
    encode_views(detail::command_arg(name), detail::command_arg(args)...);
  }
  /// Encodes `args`. @throws quark::config_error when `args` is empty.
  explicit command(std::span<const std::string_view> args);
  /// Encodes `args`. @throws quark::config_error when `args` is empty.
  explicit command(const std::vector<std::string>& args);

  /// The RESP encoding sent to the server; valid while the command lives.
  [[nodiscard]] std::string_view wire() const noexcept {
    return std::string_view(heap_.empty() ? inline_.data() : heap_.data(), size_);
  }
  /// The command name (first argument), the context of its errors. A view into `wire()`.
  [[nodiscard]] std::string_view name() const noexcept { return wire().substr(name_at_, name_size_); }

 private:
  template <class... Texts>
  void encode_views(const Texts&... texts) {
    std::array<std::string_view, sizeof...(Texts)> views{texts.view()...};
    encode(views);
  }
  void encode(std::span<const std::string_view> args);

  std::array<char, inline_capacity> inline_{};
  std::string heap_;  // the encoding when longer than inline_capacity, else empty
  std::size_t size_ = 0;
  std::size_t name_at_ = 0;
  std::size_t name_size_ = 0;
};

}  // namespace quark::redis
