#pragma once
/// @file
/// Makes `quark::actor_ref<T>` encodable: it travels as its key (the type is static).

#include <quark/codec/binary.hpp>
#include <quark/codec/json.hpp>
#include <quark/runtime/actor_ref.hpp>

template <class T>
struct quark::codec::codec_traits<quark::actor_ref<T>> {
  static boost::json::value to_json(const quark::actor_ref<T>& r) { return quark::codec::to_json_value(r.key()); }
  static quark::actor_ref<T> from_json(const boost::json::value& v, quark::codec::path& at) {
    return quark::actor_ref<T>{quark::codec::from_json_value<std::string>(v, at)};
  }
  static void to_binary(const quark::actor_ref<T>& r, quark::codec::binary_writer& w) { w.write(r.key()); }
  static quark::actor_ref<T> from_binary(quark::codec::binary_reader& r) {
    return quark::actor_ref<T>{r.read<std::string>()};
  }
  static constexpr std::size_t min_binary_size = 1;
};
