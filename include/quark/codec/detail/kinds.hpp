#pragma once
/// @file
/// Internal: which built-in rule encodes a type. Shared by the JSON and binary engines so
/// both agree on what a type *is*. Not part of the public API.

#include <quark/codec/traits.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace quark::codec::detail {

/// Dependent false, for `static_assert` in a discarded `if constexpr` branch.
template <class>
inline constexpr bool always_false = false;

template <class T>
inline constexpr bool is_integer =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && sizeof(T) <= 8;

template <class T>
inline constexpr bool is_vector = false;
template <class T, class A>
inline constexpr bool is_vector<std::vector<T, A>> = true;

template <class T>
inline constexpr bool is_bytes = std::is_same_v<T, std::vector<std::byte>>;

template <class T>
inline constexpr bool is_std_array = false;
template <class T, std::size_t N>
inline constexpr bool is_std_array<std::array<T, N>> = true;

template <class T>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;

/// std::map / std::unordered_map keyed by std::string.
template <class T>
inline constexpr bool is_string_map = false;
template <class V, class C, class A>
inline constexpr bool is_string_map<std::map<std::string, V, C, A>> = true;
template <class V, class H, class E, class A>
inline constexpr bool is_string_map<std::unordered_map<std::string, V, H, E, A>> = true;

template <class T>
inline constexpr bool is_variant = false;
template <class... Ts>
inline constexpr bool is_variant<std::variant<Ts...>> = true;

/// std::tuple and std::pair: a fixed sequence of heterogeneous elements.
template <class T>
inline constexpr bool is_tuple = false;
template <class... Ts>
inline constexpr bool is_tuple<std::tuple<Ts...>> = true;
template <class A, class B>
inline constexpr bool is_tuple<std::pair<A, B>> = true;

template <class T>
inline constexpr bool is_duration = false;
template <class R, class P>
inline constexpr bool is_duration<std::chrono::duration<R, P>> = true;

/// `std::chrono::sys_time<D>`: a system_clock time point (the only clock with a stable epoch).
template <class T>
inline constexpr bool is_sys_time = false;
template <class D>
inline constexpr bool is_sys_time<std::chrono::time_point<std::chrono::system_clock, D>> = true;

template <class T>
inline constexpr bool is_described_enum =
    std::is_enum_v<T> && boost::describe::has_describe_enumerators<T>::value;

/// Members the codec encodes: every non-static data member described, base classes first.
inline constexpr unsigned member_mods =
    boost::describe::mod_any_access | boost::describe::mod_inherited;

template <class T>
inline constexpr bool is_described_struct =
    std::is_class_v<T> && !std::is_union_v<T> && boost::describe::has_describe_members<T>::value;

template <class T>
using members = boost::describe::describe_members<T, member_mods>;

template <class C, class M>
M member_type_of(M C::*);
/// The type of the data member a Describe descriptor D points to.
template <class D>
using member_t = std::remove_cvref_t<decltype(member_type_of(D::pointer))>;

/// A short label of an integer type for messages: "int32", "uint8"...
template <class T>
constexpr std::string_view integer_label() noexcept {
  constexpr std::array<std::string_view, 4> s{"int8", "int16", "int32", "int64"};
  constexpr std::array<std::string_view, 4> u{"uint8", "uint16", "uint32", "uint64"};
  constexpr std::size_t i = sizeof(T) == 1 ? 0 : sizeof(T) == 2 ? 1 : sizeof(T) == 4 ? 2 : 3;
  return std::is_signed_v<T> ? s[i] : u[i];
}

}  // namespace quark::codec::detail
