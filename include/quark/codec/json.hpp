#pragma once
/// @file
/// The JSON encoding: `to_json` / `from_json` (text) and `to_json_value` / `from_json_value`
/// (`boost::json::value`, for composition) for every encodable type. The mapping of each
/// kind is in docs/codec.md ("JSON").
///
/// Every function here is a pure function of its arguments: call it from any thread or turn.
///
/// @code
/// struct point { std::int64_t x; std::string label; };
/// BOOST_DESCRIBE_STRUCT(point, (), (x, label))
///
/// std::string text = quark::codec::to_json(point{1, "ab"});  // {"x":1,"label":"ab"}
/// point p = quark::codec::from_json<point>(text);
/// @endcode

#include <quark/base/error.hpp>
#include <quark/codec/detail/json_support.hpp>
#include <quark/codec/detail/kinds.hpp>
#include <quark/codec/path.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <string_view>

namespace quark::codec {

template <class T>
[[nodiscard]] boost::json::value to_json_value(const T& value);
template <class T>
[[nodiscard]] T from_json_value(const boost::json::value& json, path& at);

/// Parses JSON text (at most `path::max_depth + 2` levels deep).
/// @throws codec_error (context `$`) with the parser's reason and the byte offset.
[[nodiscard]] boost::json::value parse_json(std::string_view text);
/// `parse_json` building the value in `storage` (e.g. a `boost::json::monotonic_resource`).
[[nodiscard]] boost::json::value parse_json(std::string_view text, boost::json::storage_ptr storage);
/// Serialises a JSON value compactly (no spaces).
[[nodiscard]] std::string serialize_json(const boost::json::value& json);

namespace detail {

template <class T>
constexpr std::string_view alternative_name() noexcept {
  if constexpr (named<T>) {
    return name_of<T>();
  } else {
    return {};
  }
}

template <class V, std::size_t... I>
V variant_from_json(const boost::json::value& json, path& at, std::size_t index,
                    std::index_sequence<I...>) {
  using reader_fn = V (*)(const boost::json::value&, path&);
  static constexpr reader_fn table[] = {+[](const boost::json::value& j, path& p) -> V {
    return V{std::in_place_index<I>, from_json_value<std::variant_alternative_t<I, V>>(j, p)};
  }...};
  return table[index](json, at);
}

template <class V>
boost::json::value variant_to_json(const V& v) {
  if (v.valueless_by_exception()) throw codec_error(errc::codec, "cannot encode a valueless variant", "$");
  constexpr auto names = []<class... Ts>(std::variant<Ts...>*) {
    return std::array<std::string_view, sizeof...(Ts)>{alternative_name<Ts>()...};
  }(static_cast<V*>(nullptr));
  boost::json::object o;
  if (names[v.index()].empty()) {
    o.emplace("index", v.index());
  } else {
    o.emplace("type", json_from_string(names[v.index()]));
  }
  o.emplace("value", std::visit([](const auto& alt) { return to_json_value(alt); }, v));
  return o;
}

template <class V>
V variant_from_json(const boost::json::value& json, path& at) {
  constexpr std::size_t n = std::variant_size_v<V>;
  constexpr auto names = []<class... Ts>(std::variant<Ts...>*) {
    return std::array<std::string_view, sizeof...(Ts)>{alternative_name<Ts>()...};
  }(static_cast<V*>(nullptr));
  const boost::json::object& o = json_object(json, at);
  std::size_t index = n;
  if (const boost::json::value* type = json_find(o, "type")) {
    auto in_type = at.field("type");
    const std::string_view name = json_string(*type, at);
    index = static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
    if (name.empty() || index == n) at.fail("unknown variant alternative \"" + std::string(name) + "\"");
  } else if (const boost::json::value* i = json_find(o, "index")) {
    auto in_index = at.field("index");
    const std::uint64_t x = json_unsigned(*i, at, std::numeric_limits<std::uint64_t>::max(), "index");
    if (x >= n) at.fail("invalid variant index " + std::to_string(x) + " (" + std::to_string(n) + " alternatives)");
    index = static_cast<std::size_t>(x);
  } else {
    at.fail("variant object needs a \"type\" or an \"index\" member");
  }
  static const boost::json::value null_value;
  const boost::json::value* value = json_find(o, "value");
  auto in_value = at.field("value");
  return variant_from_json<V>(value ? *value : null_value, at, index, std::make_index_sequence<n>{});
}

template <class E>
boost::json::value enum_to_json(E v) {
  std::string_view name;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (name.empty() && d.value == v) name = d.name;
  });
  if (name.empty()) {
    throw codec_error(errc::codec,
                      "value " + std::to_string(static_cast<std::underlying_type_t<E>>(v)) +
                          " is not an enumerator", "$");
  }
  return json_from_string(name);
}

template <class E>
E enum_from_json(const boost::json::value& json, path& at) {
  const std::string_view name = json_string(json, at);
  bool found = false;
  E out{};
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (!found && name == d.name) {
      out = d.value;
      found = true;
    }
  });
  if (!found) at.fail("unknown enumerator \"" + std::string(name) + "\"");
  return out;
}

template <class T>
boost::json::value struct_to_json(const T& v) {
  boost::json::object o;
  boost::mp11::mp_for_each<members<T>>([&](auto d) { o.emplace(d.name, to_json_value(v.*d.pointer)); });
  return o;
}

template <class T>
T struct_from_json(const boost::json::value& json, path& at) {
  static_assert(std::is_default_constructible_v<T>, "a described struct must be default-constructible to be decoded");
  const boost::json::object& o = json_object(json, at);
  T out{};
  boost::mp11::mp_for_each<members<T>>([&](auto d) {
    using member = member_t<decltype(d)>;
    auto in_field = at.field(d.name);
    if (const boost::json::value* f = json_find(o, d.name)) {
      out.*d.pointer = from_json_value<member>(*f, at);
    } else if constexpr (is_optional<member>) {
      out.*d.pointer = std::nullopt;
    } else {
      at.fail("missing field");
    }
  });
  return out;
}

template <class T>
boost::json::value sequence_to_json(const T& v) {
  boost::json::array a;
  a.reserve(std::size(v));
  for (const auto& e : v) a.emplace_back(to_json_value<typename T::value_type>(e));
  return a;
}

template <class T>
T element_from_json(const boost::json::array& a, path& at, std::size_t i) {
  auto in_element = at.index(i);
  return from_json_value<T>(a[i], at);
}

template <class M>
M map_from_json(const boost::json::value& json, path& at) {
  M out;
  for (const auto& kv : json_object(json, at)) {
    const std::string_view key{kv.key().data(), kv.key().size()};
    auto in_key = at.key(key);
    out.insert_or_assign(std::string(key), from_json_value<typename M::mapped_type>(kv.value(), at));
  }
  return out;
}

}  // namespace detail

/// `value` as a JSON value. Custom types (`codec_traits<T>`) take precedence over the rules.
/// @throws codec_error if the value cannot be encoded (an enum value that is not an
/// enumerator, a valueless variant).
template <class T>
boost::json::value to_json_value(const T& v) {
  using namespace detail;
  if constexpr (custom_codec<T>) {
    return codec_traits<T>::to_json(v);
  } else if constexpr (std::is_same_v<T, bool>) {
    return boost::json::value(v);
  } else if constexpr (is_integer<T>) {
    if constexpr (std::is_signed_v<T>) {
      return boost::json::value(static_cast<std::int64_t>(v));
    } else {
      return boost::json::value(static_cast<std::uint64_t>(v));
    }
  } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    return json_from_double(static_cast<double>(v));
  } else if constexpr (std::is_same_v<T, std::byte>) {
    return boost::json::value(static_cast<std::uint64_t>(v));
  } else if constexpr (is_described_enum<T>) {
    return enum_to_json(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return json_from_string(v);
  } else if constexpr (is_bytes<T>) {
    return json_from_string(base64_encode({reinterpret_cast<const char*>(v.data()), v.size()}));
  } else if constexpr (is_vector<T> || is_std_array<T>) {
    return sequence_to_json(v);
  } else if constexpr (is_optional<T>) {
    return v ? to_json_value(*v) : boost::json::value(nullptr);
  } else if constexpr (is_string_map<T>) {
    boost::json::object o;
    for (const auto& [key, value] : v) o.emplace(key, to_json_value(value));
    return o;
  } else if constexpr (is_variant<T>) {
    return variant_to_json(v);
  } else if constexpr (is_tuple<T>) {
    boost::json::array a;
    std::apply([&](const auto&... e) { (a.emplace_back(to_json_value(e)), ...); }, v);
    return a;
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return boost::json::value(nullptr);
  } else if constexpr (is_duration<T>) {
    return to_json_value(v.count());
  } else if constexpr (is_sys_time<T>) {
    return to_json_value(v.time_since_epoch());
  } else if constexpr (is_described_struct<T>) {
    return struct_to_json(v);
  } else {
    static_assert(always_false<T>,
                  "quark::codec: T is not encodable; describe it with BOOST_DESCRIBE_STRUCT / "
                  "BOOST_DESCRIBE_ENUM or specialise quark::codec::codec_traits<T>");
  }
}

/// Decodes a T from `json`, which sits at `at` in the document: the form to call from a
/// `codec_traits<T>::from_json` to decode a nested value. Unknown object members are
/// ignored; a missing member is an error unless it is a `std::optional` (then empty).
/// @throws codec_error naming the path and what was expected on a wrong JSON type, a
/// missing field, an out-of-range or fractional integer, an unknown enumerator or variant
/// alternative, a wrong tuple/array length, bad base64, or nesting beyond `path::max_depth`.
template <class T>
T from_json_value(const boost::json::value& json, path& at) {
  using namespace detail;
  if constexpr (!std::is_same_v<T, std::remove_cv_t<T>>) {
    return from_json_value<std::remove_cv_t<T>>(json, at);
  } else if constexpr (custom_codec<T>) {
    return codec_traits<T>::from_json(json, at);
  } else if constexpr (std::is_same_v<T, bool>) {
    if (const bool* b = json.if_bool()) return *b;
    json_type_error(at, "bool", json);
  } else if constexpr (is_integer<T>) {
    if constexpr (std::is_signed_v<T>) {
      return static_cast<T>(json_signed(json, at, std::numeric_limits<T>::min(),
                                        std::numeric_limits<T>::max(), integer_label<T>()));
    } else {
      return static_cast<T>(json_unsigned(json, at, std::numeric_limits<T>::max(), integer_label<T>()));
    }
  } else if constexpr (std::is_same_v<T, float>) {
    return json_float(json, at);
  } else if constexpr (std::is_same_v<T, double>) {
    return json_double(json, at);
  } else if constexpr (std::is_same_v<T, std::byte>) {
    return static_cast<std::byte>(json_unsigned(json, at, 255, "byte"));
  } else if constexpr (is_described_enum<T>) {
    return enum_from_json<T>(json, at);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return std::string(json_string(json, at));
  } else if constexpr (is_bytes<T>) {
    return base64_decode(json_string(json, at), at);
  } else if constexpr (is_vector<T>) {
    const boost::json::array& a = json_array(json, at);
    T out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      out.push_back(element_from_json<typename T::value_type>(a, at, i));
    }
    return out;
  } else if constexpr (is_std_array<T> || is_tuple<T>) {
    const boost::json::array& a = json_array(json, at, std::tuple_size_v<T>);
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return T{element_from_json<std::tuple_element_t<I, T>>(a, at, I)...};
    }(std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (is_optional<T>) {
    if (json.is_null()) return T{};
    return T{from_json_value<typename T::value_type>(json, at)};
  } else if constexpr (is_string_map<T>) {
    return map_from_json<T>(json, at);
  } else if constexpr (is_variant<T>) {
    return variant_from_json<T>(json, at);
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    json_null(json, at);
    return T{};
  } else if constexpr (is_duration<T>) {
    return T{from_json_value<typename T::rep>(json, at)};
  } else if constexpr (is_sys_time<T>) {
    return T{from_json_value<typename T::duration>(json, at)};
  } else if constexpr (is_described_struct<T>) {
    return struct_from_json<T>(json, at);
  } else {
    static_assert(always_false<T>,
                  "quark::codec: T is not decodable; describe it with BOOST_DESCRIBE_STRUCT / "
                  "BOOST_DESCRIBE_ENUM or specialise quark::codec::codec_traits<T>");
  }
}

/// Decodes a T from a whole JSON document `json` (its path is `$`).
/// @throws codec_error as `from_json_value(json, at)`.
template <class T>
[[nodiscard]] T from_json_value(const boost::json::value& json) {
  path at;
  return from_json_value<T>(json, at);
}

/// `value` as compact JSON text. @throws codec_error as `to_json_value`.
template <class T>
[[nodiscard]] std::string to_json(const T& value) {
  return serialize_json(to_json_value(value));
}

/// Decodes a T from JSON text.
/// @throws codec_error on malformed text (context `$`) or as `from_json_value`.
template <class T>
[[nodiscard]] T from_json(std::string_view text) {
  // The parsed value lives only until T is built: small texts parse into this stack buffer
  // without touching the heap.
  unsigned char buffer[2048];
  boost::json::monotonic_resource scratch{buffer, sizeof buffer};
  return from_json_value<T>(parse_json(text, &scratch));
}

}  // namespace quark::codec
