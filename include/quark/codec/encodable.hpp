#pragma once
/// @file
/// `quark::codec::encodable<T>`: true when the codec can encode and decode T (the same rules
/// as `to_json_value` / `write_binary`, checked recursively, without instantiating them).

#include <quark/codec/detail/kinds.hpp>
#include <quark/codec/traits.hpp>

#include <boost/mp11/algorithm.hpp>

#include <string>
#include <tuple>
#include <type_traits>
#include <variant>

namespace quark::codec {

namespace detail {

template <class T>
constexpr bool encodable_impl();

template <class... Ts>
constexpr bool all_encodable(std::type_identity<std::tuple<Ts...>>) {
  return (encodable_impl<Ts>() && ...);
}
template <class A, class B>
constexpr bool all_encodable(std::type_identity<std::pair<A, B>>) {
  return encodable_impl<A>() && encodable_impl<B>();
}
template <class... Ts>
constexpr bool all_encodable(std::type_identity<std::variant<Ts...>>) {
  return (encodable_impl<Ts>() && ...);
}

template <class T>
struct member_encodable {
  template <class D>
  using fn = std::bool_constant<encodable_impl<std::remove_cvref_t<decltype(std::declval<T&>().*D::pointer)>>()>;
};

template <class T>
constexpr bool encodable_impl() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_void_v<U> || std::is_reference_v<U> || std::is_pointer_v<U>) {
    return false;
  } else if constexpr (custom_codec<U>) {
    return true;
  } else if constexpr (std::is_same_v<U, bool> || is_integer<U> || std::is_same_v<U, float> ||
                       std::is_same_v<U, double> || std::is_same_v<U, std::byte> || is_described_enum<U> ||
                       std::is_same_v<U, std::string> || is_bytes<U> || std::is_same_v<U, std::monostate> ||
                       is_duration<U> || is_sys_time<U>) {
    return true;
  } else if constexpr (is_vector<U> || is_std_array<U> || is_optional<U>) {
    return encodable_impl<typename U::value_type>();
  } else if constexpr (is_string_map<U>) {
    return encodable_impl<typename U::mapped_type>();
  } else if constexpr (is_tuple<U> || is_variant<U>) {
    return all_encodable(std::type_identity<U>{});
  } else if constexpr (is_described_struct<U>) {
    return boost::mp11::mp_all_of_q<members<U>, member_encodable<U>>::value;
  } else {
    return false;
  }
}

}  // namespace detail

/// True when T can go through the codec (JSON and binary).
/// @code static_assert(quark::codec::encodable<std::vector<my_event>>); @endcode
template <class T>
concept encodable = detail::encodable_impl<T>();

}  // namespace quark::codec
