#pragma once
/// @file
/// The compact binary encoding: `to_binary` / `from_binary` for every encodable type (see
/// docs/codec.md for the kinds and the byte layout).
///
/// Every function here is a pure function of its arguments: call it from any thread or turn.
///
/// @code
/// struct point { std::int64_t x; std::string label; };
/// BOOST_DESCRIBE_STRUCT(point, (), (x, label))
///
/// std::string bytes = quark::codec::to_binary(point{1, "ab"});  // 01 02 02 61 62
/// point p = quark::codec::from_binary<point>(bytes);
/// @endcode

#include <quark/base/error.hpp>
#include <quark/codec/binary_io.hpp>
#include <quark/codec/detail/kinds.hpp>

#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <bit>
#include <limits>
#include <string>
#include <string_view>

namespace quark::codec {

namespace detail {

template <class T>
void write_binary(binary_writer& w, const T& v);
template <class T>
T read_binary(binary_reader& r);

/// The fewest bytes T's binary encoding can take; bounds container lengths on decode.
template <class T>
constexpr std::size_t min_binary_size() {
  if constexpr (custom_codec<T>) {
    if constexpr (requires { codec_traits<T>::min_binary_size; }) {
      return codec_traits<T>::min_binary_size;
    } else {
      return 1;
    }
  } else if constexpr (std::is_same_v<T, float>) {
    return 4;
  } else if constexpr (std::is_same_v<T, double>) {
    return 8;
  } else if constexpr (is_std_array<T>) {
    return std::tuple_size_v<T> * min_binary_size<typename T::value_type>();
  } else if constexpr (is_tuple<T>) {
    return []<std::size_t... I>(std::index_sequence<I...>) {
      return (std::size_t{0} + ... + min_binary_size<std::tuple_element_t<I, T>>());
    }(std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return 0;
  } else if constexpr (is_duration<T>) {
    return min_binary_size<typename T::rep>();
  } else if constexpr (is_sys_time<T>) {
    return min_binary_size<typename T::duration>();
  } else if constexpr (is_described_struct<T>) {
    return []<template <class...> class L, class... D>(L<D...>) {
      return (std::size_t{0} + ... + min_binary_size<member_t<D>>());
    }(members<T>{});
  } else {
    return 1;  // every other kind starts with at least a byte (tag, length or value)
  }
}

/// How many elements to reserve for a declared length `n`: never more than ~1 MiB ahead of
/// what the input has actually delivered.
template <class T>
constexpr std::size_t reserve_hint(std::size_t n) noexcept {
  return std::min(n, std::max<std::size_t>(1, (std::size_t{1} << 20) / sizeof(T)));
}

template <class T>
void write_float(binary_writer& w, T v) {
  static_assert(std::numeric_limits<T>::is_iec559, "IEEE 754 floating point required");
  using bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  auto bits = std::bit_cast<bits_t>(v);
  for (std::size_t i = 0; i < sizeof(T); ++i, bits >>= 8) w.put_byte(static_cast<std::uint8_t>(bits));
}

template <class T>
T read_float(binary_reader& r) {
  using bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  const std::string_view b = r.get_bytes(sizeof(T));
  bits_t bits = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    bits |= static_cast<bits_t>(static_cast<unsigned char>(b[i])) << (8 * i);
  }
  return std::bit_cast<T>(bits);
}

template <class T>
T read_integer(binary_reader& r) {
  if constexpr (std::is_signed_v<T>) {
    const std::int64_t v = r.get_svarint();
    if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) {
      r.fail("integer " + std::to_string(v) + " out of range for " + std::string(integer_label<T>()));
    }
    return static_cast<T>(v);
  } else {
    const std::uint64_t v = r.get_varint();
    if (v > std::numeric_limits<T>::max()) {
      r.fail("integer " + std::to_string(v) + " out of range for " + std::string(integer_label<T>()));
    }
    return static_cast<T>(v);
  }
}

template <class E>
void write_enum(binary_writer& w, E v) {
  using U = std::underlying_type_t<E>;
  bool known = false;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>(
      [&](auto d) { known = known || d.value == v; });
  if (!known) {
    throw codec_error(errc::codec,
                      "value " + std::to_string(static_cast<U>(v)) + " is not an enumerator", "$");
  }
  write_binary(w, static_cast<U>(v));
}

template <class E>
E read_enum(binary_reader& r) {
  const auto v = static_cast<E>(read_integer<std::underlying_type_t<E>>(r));
  bool known = false;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>(
      [&](auto d) { known = known || d.value == v; });
  if (!known) {
    r.fail("invalid enumerator " + std::to_string(static_cast<std::underlying_type_t<E>>(v)));
  }
  return v;
}

template <class T>
T read_element(binary_reader& r, std::size_t i) {
  auto at = r.where().index(i);
  return read_binary<T>(r);
}

template <class V, std::size_t... I>
V read_variant(binary_reader& r, std::size_t index, std::index_sequence<I...>) {
  using reader_fn = V (*)(binary_reader&);
  static constexpr reader_fn table[] = {+[](binary_reader& in) -> V {
    auto at = in.where().field("value");
    return V{std::in_place_index<I>, read_binary<std::variant_alternative_t<I, V>>(in)};
  }...};
  return table[index](r);
}

template <class M>
M read_map(binary_reader& r) {
  using value_t = typename M::mapped_type;
  const std::size_t n = r.get_length(1 + min_binary_size<value_t>());
  M out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string key = read_binary<std::string>(r);
    value_t value = [&] {
      auto at = r.where().key(key);
      return read_binary<value_t>(r);
    }();
    if (!out.try_emplace(std::move(key), std::move(value)).second) {
      r.fail("duplicate map key \"" + key + "\"");
    }
  }
  return out;
}

template <class T>
T read_struct(binary_reader& r) {
  static_assert(std::is_default_constructible_v<T>, "a described struct must be default-constructible to be decoded");
  T out{};
  boost::mp11::mp_for_each<members<T>>([&](auto d) {
    auto at = r.where().field(d.name);
    out.*d.pointer = read_binary<member_t<decltype(d)>>(r);
  });
  return out;
}

template <class T>
void write_binary(binary_writer& w, const T& v) {
  if constexpr (custom_codec<T>) {
    codec_traits<T>::to_binary(v, w);
  } else if constexpr (std::is_same_v<T, bool>) {
    w.put_byte(v ? 1 : 0);
  } else if constexpr (is_integer<T>) {
    if constexpr (std::is_signed_v<T>) {
      w.put_svarint(v);
    } else {
      w.put_varint(v);
    }
  } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    write_float(w, v);
  } else if constexpr (std::is_same_v<T, std::byte>) {
    w.put_byte(static_cast<std::uint8_t>(v));
  } else if constexpr (is_described_enum<T>) {
    write_enum(w, v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    w.put_varint(v.size());
    w.put_bytes(v);
  } else if constexpr (is_bytes<T>) {
    w.put_varint(v.size());
    w.put_bytes({reinterpret_cast<const char*>(v.data()), v.size()});
  } else if constexpr (is_vector<T>) {
    w.put_varint(v.size());
    for (const auto& e : v) write_binary<typename T::value_type>(w, e);
  } else if constexpr (is_std_array<T>) {
    for (const auto& e : v) write_binary(w, e);
  } else if constexpr (is_optional<T>) {
    w.put_byte(v ? 1 : 0);
    if (v) write_binary(w, *v);
  } else if constexpr (is_string_map<T>) {
    w.put_varint(v.size());
    for (const auto& [key, value] : v) {
      write_binary(w, key);
      write_binary(w, value);
    }
  } else if constexpr (is_variant<T>) {
    if (v.valueless_by_exception()) throw codec_error(errc::codec, "cannot encode a valueless variant", "$");
    w.put_varint(v.index());
    std::visit([&](const auto& alt) { write_binary(w, alt); }, v);
  } else if constexpr (is_tuple<T>) {
    std::apply([&](const auto&... e) { (write_binary(w, e), ...); }, v);
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    // nothing: the alternative index says it all
  } else if constexpr (is_duration<T>) {
    write_binary(w, v.count());
  } else if constexpr (is_sys_time<T>) {
    write_binary(w, v.time_since_epoch());
  } else if constexpr (is_described_struct<T>) {
    boost::mp11::mp_for_each<members<T>>([&](auto d) { write_binary(w, v.*d.pointer); });
  } else {
    static_assert(always_false<T>,
                  "quark::codec: T is not encodable; describe it with BOOST_DESCRIBE_STRUCT / "
                  "BOOST_DESCRIBE_ENUM or specialise quark::codec::codec_traits<T>");
  }
}

template <class T>
T read_binary(binary_reader& r) {
  if constexpr (!std::is_same_v<T, std::remove_cv_t<T>>) {
    return read_binary<std::remove_cv_t<T>>(r);
  } else if constexpr (custom_codec<T>) {
    return codec_traits<T>::from_binary(r);
  } else if constexpr (std::is_same_v<T, bool>) {
    const std::uint8_t b = r.get_byte();
    if (b > 1) r.fail("invalid bool byte " + std::to_string(b));
    return b == 1;
  } else if constexpr (is_integer<T>) {
    return read_integer<T>(r);
  } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    return read_float<T>(r);
  } else if constexpr (std::is_same_v<T, std::byte>) {
    return static_cast<std::byte>(r.get_byte());
  } else if constexpr (is_described_enum<T>) {
    return read_enum<T>(r);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return std::string{r.get_bytes(r.get_length(1))};
  } else if constexpr (is_bytes<T>) {
    const std::string_view b = r.get_bytes(r.get_length(1));
    const auto* p = reinterpret_cast<const std::byte*>(b.data());
    return T(p, p + b.size());
  } else if constexpr (is_vector<T>) {
    using elem_t = typename T::value_type;
    const std::size_t n = r.get_length(min_binary_size<elem_t>());
    T out;
    out.reserve(reserve_hint<elem_t>(n));
    for (std::size_t i = 0; i < n; ++i) out.push_back(read_element<elem_t>(r, i));
    return out;
  } else if constexpr (is_std_array<T>) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return T{read_element<typename T::value_type>(r, I)...};
    }(std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (is_optional<T>) {
    const std::uint8_t tag = r.get_byte();
    if (tag > 1) r.fail("invalid optional tag " + std::to_string(tag));
    if (tag == 0) return T{};
    return T{read_binary<typename T::value_type>(r)};
  } else if constexpr (is_string_map<T>) {
    return read_map<T>(r);
  } else if constexpr (is_variant<T>) {
    constexpr std::size_t n = std::variant_size_v<T>;
    const std::uint64_t index = r.get_varint();
    if (index >= n) {
      r.fail("invalid variant index " + std::to_string(index) + " (" + std::to_string(n) + " alternatives)");
    }
    return read_variant<T>(r, static_cast<std::size_t>(index), std::make_index_sequence<n>{});
  } else if constexpr (is_tuple<T>) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return T{read_element<std::tuple_element_t<I, T>>(r, I)...};
    }(std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return T{};
  } else if constexpr (is_duration<T>) {
    return T{read_binary<typename T::rep>(r)};
  } else if constexpr (is_sys_time<T>) {
    return T{read_binary<typename T::duration>(r)};
  } else if constexpr (is_described_struct<T>) {
    return read_struct<T>(r);
  } else {
    static_assert(always_false<T>,
                  "quark::codec: T is not decodable; describe it with BOOST_DESCRIBE_STRUCT / "
                  "BOOST_DESCRIBE_ENUM or specialise quark::codec::codec_traits<T>");
  }
}

}  // namespace detail

template <class T>
void binary_writer::write(const T& value) {
  detail::write_binary<T>(*this, value);
}

template <class T>
T binary_reader::read() {
  return detail::read_binary<T>(*this);
}

/// Appends the version byte and `value`'s binary encoding to `out` (a byte buffer).
/// @throws codec_error if the value cannot be encoded (an enum value that is not an
/// enumerator, a valueless variant); `out` may then hold a partial encoding.
template <class T>
void to_binary(const T& value, std::string& out) {
  out.push_back(static_cast<char>(binary_format_version));
  binary_writer w{out};
  w.write(value);
}

/// The version byte followed by `value`'s binary encoding.
/// @throws codec_error if the value cannot be encoded.
template <class T>
[[nodiscard]] std::string to_binary(const T& value) {
  std::string out;
  to_binary(value, out);
  return out;
}

/// Decodes a T from exactly `bytes` (version byte first, no trailing bytes).
/// @throws codec_error, with the field path as context, on an unknown version, truncated or
/// malformed input, an out-of-range number, an invalid enum value or variant index, nesting
/// deeper than `path::max_depth`, or trailing bytes.
template <class T>
[[nodiscard]] T from_binary(std::string_view bytes) {
  binary_reader r{bytes};
  if (r.empty()) r.fail("empty input");
  if (const std::uint8_t v = r.get_byte(); v != binary_format_version) {
    r.fail("unsupported binary format version " + std::to_string(v) + " (expected " +
           std::to_string(binary_format_version) + ")");
  }
  T out = r.read<T>();
  if (!r.empty()) r.fail(std::to_string(r.remaining()) + " trailing bytes after the value");
  return out;
}

}  // namespace quark::codec
