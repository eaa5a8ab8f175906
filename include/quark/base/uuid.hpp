#pragma once
/// @file
/// `quark::uuid`: a 128-bit identifier (RFC 9562) as a plain value — event ids, message ids.

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace quark {

/// A UUID as 16 bytes in network order. Value type: copy, compare, hash via `to_string`.
///
/// @code
/// quark::uuid id = quark::uuid::generate();          // version 7: time-ordered
/// std::string text = id.to_string();                  // "0190f3a2-7c1e-7b3d-9a41-5f0e2c8d1b7a"
/// quark::uuid same = quark::uuid::parse(text);
/// @endcode
struct uuid {
  std::array<std::uint8_t, 16> bytes{};

  /// A new version-7 UUID: 48 bits of Unix milliseconds, then random bits, so ids generated
  /// later sort later (index-friendly) and never repeat within or across processes.
  /// Thread-safe (a thread-local generator per thread).
  [[nodiscard]] static uuid generate();

  /// Parses the canonical 36-character form (hex digits in either case, dashes at 8-13-18-23).
  /// @throws quark::codec_error naming the text when it is not a UUID.
  [[nodiscard]] static uuid parse(std::string_view text);

  /// True when `text` is in the canonical form `parse` accepts.
  [[nodiscard]] static bool valid(std::string_view text) noexcept;

  /// Canonical lower-case form, 36 characters.
  [[nodiscard]] std::string to_string() const;

  /// True for the all-zero ("nil") UUID.
  [[nodiscard]] bool is_nil() const noexcept;

  friend auto operator<=>(const uuid&, const uuid&) = default;
};

}  // namespace quark
