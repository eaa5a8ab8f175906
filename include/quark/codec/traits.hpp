#pragma once
/// @file
/// The codec's two compile-time traits: `codec_traits<T>`, the customization point that makes
/// a type encodable without Boost.Describe, and `type_name<T>`, the stable name of a type
/// (declared with `QUARK_CODEC_TYPE`, see registry.hpp). See docs/codec.md.

#include <quark/codec/fwd.hpp>

#include <concepts>
#include <cstddef>
#include <string_view>

namespace quark::codec {

/// Customization point: specialise it to make a type encodable that is not described with
/// `BOOST_DESCRIBE_STRUCT` / `BOOST_DESCRIBE_ENUM` and is not one of the built-in kinds. A
/// specialization takes precedence over every built-in rule, and must provide all four:
///
/// @code
/// // in the header that defines my::actor_key, at global namespace scope:
/// #include <quark/codec/binary.hpp>
/// #include <quark/codec/json.hpp>
///
/// template <>
/// struct quark::codec::codec_traits<my::actor_key> {
///   // JSON: the key string. May throw codec_error.
///   static boost::json::value to_json(const my::actor_key& k) {
///     return quark::codec::to_json_value(k.str());
///   }
///   // `at` is where the value sits in the document; use it for errors and nested decodes.
///   static my::actor_key from_json(const boost::json::value& v, quark::codec::path& at) {
///     auto s = quark::codec::from_json_value<std::string>(v, at);
///     if (s.empty()) at.fail("empty actor key");  // throws codec_error naming the path
///     return my::actor_key{std::move(s)};
///   }
///   // Binary: no version byte here, just the payload.
///   static void to_binary(const my::actor_key& k, quark::codec::binary_writer& w) {
///     w.write(k.str());
///   }
///   static my::actor_key from_binary(quark::codec::binary_reader& r) {
///     return my::actor_key{r.read<std::string>()};
///   }
///   // Optional: the fewest bytes to_binary ever writes (default 1); used to bound container
///   // lengths against the remaining input. Declare 0 if it can write nothing.
///   static constexpr std::size_t min_binary_size = 1;
/// };
/// @endcode
///
/// The second parameter lets a partial specialization be constrained, e.g.
/// `template <class T> struct codec_traits<T, std::enable_if_t<is_my_id<T>>>`.
/// The primary template is a marker only: it means "no customization".
template <class T, class>
struct codec_traits {
  /// Present only in the primary template; its absence marks a specialization.
  using unspecialized = void;
};

/// True when `codec_traits<T>` has been specialised for T (it then decides T's encoding).
template <class T>
concept custom_codec = !requires { typename codec_traits<T>::unspecialized; };

/// The stable name of T. Not specialised by hand: `QUARK_CODEC_TYPE(T, "name")` does it
/// (and registers T). A specialization has `static constexpr std::string_view value`.
template <class T>
struct type_name {};

/// True when T has a stable name (declared with `QUARK_CODEC_TYPE`).
template <class T>
concept named = requires {
  { type_name<T>::value } -> std::convertible_to<std::string_view>;
};

/// The stable name of T, at compile time. Ill-formed unless T is `named`.
/// @code static_assert(quark::codec::name_of<shop::order>() == "shop.order"); @endcode
template <named T>
[[nodiscard]] constexpr std::string_view name_of() noexcept {
  return type_name<T>::value;
}

/// True when `name` is acceptable as a stable name: 1 to 255 printable ASCII characters,
/// no space. Usable in constant expressions (`QUARK_CODEC_TYPE` checks its name with it).
[[nodiscard]] constexpr bool valid_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 255) return false;
  for (char c : name) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

}  // namespace quark::codec
