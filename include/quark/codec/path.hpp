#pragma once
/// @file
/// `quark::codec::path`: where a decoder is inside a value, for error context, and the
/// nesting-depth limit. See docs/codec.md ("Errors").

#include <quark/codec/fwd.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace quark::codec {

/// The position of a decoder inside the value it decodes, rendered JSONPath-style:
/// `$` is the top-level value, `$.items[3].sku` a field of an element of a field,
/// `$.limits["eu"]` the value of a map entry. A decoder pushes a segment as it descends and
/// pops it on the way out (see `scope`), so keeping a path costs no allocation; the text is
/// built only when an error is thrown. Nesting deeper than `max_depth` segments is an error,
/// which bounds the recursion a hostile input can cause.
///
/// Not thread-safe; one path per decode call. The string views pushed must outlive the
/// segment (decoders push the descriptor's field name or the key being decoded).
class path {
  enum class kind : std::uint8_t { field, index, key };

 public:
  /// The deepest nesting (number of segments) a decoder accepts.
  static constexpr std::size_t max_depth = 128;

  /// Pops the segment its constructor's caller pushed. Neither copyable nor movable: bind it
  /// to a local (`auto s = at.field("id");`).
  class [[nodiscard]] scope {
   public:
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;
    ~scope() { --path_->size_; }

   private:
    friend class path;
    explicit scope(path& p) noexcept : path_(&p) {}
    path* path_;
  };

  path() = default;
  path(const path&) = delete;
  path& operator=(const path&) = delete;

  /// Descends into the struct field `name` (`.name`).
  /// @throws codec_error when `max_depth` would be exceeded.
  scope field(std::string_view name) { return push(kind::field, name, 0); }
  /// Descends into element `i` of an array, tuple or vector (`[i]`).
  /// @throws codec_error when `max_depth` would be exceeded.
  scope index(std::size_t i) { return push(kind::index, {}, i); }
  /// Descends into the value of map entry `key` (`["key"]`).
  /// @throws codec_error when `max_depth` would be exceeded.
  scope key(std::string_view key) { return push(kind::key, key, 0); }

  /// Number of segments below the top-level value.
  [[nodiscard]] std::size_t depth() const noexcept { return size_; }
  /// The path as text: `$`, `$.items[3].sku`, `$.limits["eu"]`. Allocates.
  [[nodiscard]] std::string str() const;
  /// Throws `codec_error(errc::codec, message, str())`.
  [[noreturn]] void fail(std::string message) const;

 private:
  struct segment {
    std::string_view text;
    std::size_t index;
    kind what;
  };
  scope push(kind what, std::string_view text, std::size_t i) {
    if (size_ == max_depth) fail_too_deep();
    segments_[size_++] = segment{text, i, what};
    return scope{*this};
  }
  [[noreturn]] void fail_too_deep() const;

  std::array<segment, max_depth> segments_;  // only [0, size_) is ever read
  std::size_t size_ = 0;
};

}  // namespace quark::codec
