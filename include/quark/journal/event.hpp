#pragma once
/// @file
/// Event types without reflection: `QUARK_EVENT(T, "stable.name", version)` declares an
/// event's stored name and schema version once; `QUARK_UPCASTER` maps an older stored schema
/// forward; `event_set<Es...>` encodes a closed set of events to `event_data` and decodes a
/// `recorded_event` back into `std::variant<Es...>`.
///
/// @code
/// struct deposited { std::int64_t cents; std::string currency; };
/// BOOST_DESCRIBE_STRUCT(deposited, (), (cents, currency))
/// QUARK_EVENT(deposited, "bank.deposited", 2);            // today's schema is version 2
///
/// struct deposited_v1 { std::int64_t cents; };              // what version 1 stored
/// BOOST_DESCRIBE_STRUCT(deposited_v1, (), (cents))
/// QUARK_UPCASTER(deposited, 1, deposited_v1,
///                [](const deposited_v1& old) { return deposited{old.cents, "EUR"}; });
/// @endcode
///
/// An upcaster of version V returns either today's type or the `from` type of the upcaster
/// of version V + 1, so a chain v1 → v2 → v3 is written one step at a time.

#include <quark/base/error.hpp>
#include <quark/codec/json.hpp>
#include <quark/codec/registry.hpp>
#include <quark/journal/event_store.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace quark {

/// Today's schema version of event type E. Not specialised by hand: `QUARK_EVENT` does it.
template <class E>
struct event_schema {};

/// The upcaster of E's stored schema version `From`. Not specialised by hand:
/// `QUARK_UPCASTER` does it, giving `using from = <old type>` and
/// `static <E or the next old type> convert(const from&)`.
template <class E, std::uint32_t From>
struct upcaster {};

/// True for a type declared with `QUARK_EVENT`.
template <class E>
concept event_type = codec::named<E> && requires {
  { event_schema<E>::value } -> std::convertible_to<std::uint32_t>;
};

namespace detail {

template <class E, std::uint32_t V>
concept has_upcaster = requires { typename upcaster<E, V>::from; };

/// Follows the chain from a value of stored version V to E.
template <class E, std::uint32_t V, class T>
E finish_upcast(T&& value) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, E>) {
    return std::forward<T>(value);
  } else {
    static_assert(has_upcaster<E, V + 1>, "QUARK_UPCASTER: no upcaster for the next schema version");
    static_assert(std::is_same_v<U, typename upcaster<E, V + 1>::from>,
                  "QUARK_UPCASTER: an upcaster must return today's type or the next upcaster's `from` type");
    return finish_upcast<E, V + 1>(upcaster<E, V + 1>::convert(value));
  }
}

template <class E, std::uint32_t V>
E upcast_json(const boost::json::value& json) {
  using from = typename upcaster<E, V>::from;
  codec::path at;
  return finish_upcast<E, V>(upcaster<E, V>::convert(codec::from_json_value<from>(json, at)));
}

template <class E>
using upcast_fn = E (*)(const boost::json::value&);

/// Table [v - 1] → the upcaster chain from stored version v, or nullptr when none exists.
template <class E, std::size_t... I>
constexpr std::array<upcast_fn<E>, sizeof...(I)> upcast_table(std::index_sequence<I...>) {
  return {[]() -> upcast_fn<E> {
    constexpr auto v = static_cast<std::uint32_t>(I + 1);
    if constexpr (has_upcaster<E, v>) {
      return &upcast_json<E, v>;
    } else {
      return nullptr;
    }
  }()...};
}

/// `"stream@version"`: the context of an event's errors.
std::string event_context(const recorded_event& e);

/// Decodes one stored event of type E (today's version or upcast from an older one).
template <class E>
E decode_event(const recorded_event& e) {
  constexpr std::uint32_t current = event_schema<E>::value;
  try {
    if (e.schema_version == current) return codec::from_json<E>(e.payload);
    if (e.schema_version > current || e.schema_version == 0) {
      throw codec_error(errc::codec,
                        "event \"" + e.type + "\" has schema version " + std::to_string(e.schema_version) +
                            ", this build knows versions up to " + std::to_string(current),
                        event_context(e));
    }
    static constexpr auto table = upcast_table<E>(std::make_index_sequence<current - 1>{});
    const upcast_fn<E> fn = table[e.schema_version - 1];
    if (fn == nullptr) {
      throw codec_error(errc::codec,
                        "event \"" + e.type + "\" has schema version " + std::to_string(e.schema_version) +
                            " and no upcaster is registered for it",
                        event_context(e));
    }
    return fn(codec::parse_json(e.payload));
  } catch (const codec_error& x) {
    if (x.value().context == event_context(e)) throw;
    throw codec_error(errc::codec,
                      "event \"" + e.type + "\" (schema " + std::to_string(e.schema_version) +
                          ") does not decode: " + x.value().message + " at " + x.value().context,
                      event_context(e));
  }
}

}  // namespace detail

/// A closed set of event types, as one `std::variant`.
///
/// Thread-safety: stateless; every function may be called from any thread.
template <event_type... Es>
class event_set {
 public:
  /// The variant of the set's events.
  using variant = std::variant<Es...>;

  /// True when E is one of the set's events.
  template <class E>
  static constexpr bool contains = (std::is_same_v<E, Es> || ...);

  /// The stored type names, in declaration order.
  static constexpr std::array<std::string_view, sizeof...(Es)> names{codec::name_of<Es>()...};

  /// `e` as an event to append, with a fresh id.
  /// @throws codec_error if it does not encode.
  template <class E>
    requires contains<E>
  static event_data encode(const E& e, event_metadata metadata = {}) {
    event_data out;
    out.id = uuid::generate();
    out.type = std::string(codec::name_of<E>());
    out.schema_version = event_schema<E>::value;
    out.payload = codec::to_json(e);
    out.metadata = std::move(metadata);
    return out;
  }

  /// The stored event as a value of the set.
  /// @throws codec_error naming `stream@version` and the type when the type name is not in
  ///   the set, the schema version is unknown (or newer than this build), or the payload
  ///   does not decode.
  static variant decode(const recorded_event& e) {
    using fn = variant (*)(const recorded_event&);
    static constexpr std::array<fn, sizeof...(Es)> decoders{
        +[](const recorded_event& r) -> variant { return variant{detail::decode_event<Es>(r)}; }...};
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == e.type) return decoders[i](e);
    }
    throw codec_error(errc::codec, "unknown event type \"" + e.type + "\"", detail::event_context(e));
  }
};

}  // namespace quark

/// Declares T an event type: its stored name (also registered with the codec registry, see
/// `QUARK_CODEC_TYPE`) and today's schema version (>= 1). Use at global scope.
#define QUARK_EVENT(T, NAME, VERSION)                                                     \
  QUARK_CODEC_TYPE(T, NAME);                                                              \
  static_assert((VERSION) >= 1, "QUARK_EVENT: schema versions start at 1");               \
  template <>                                                                             \
  struct quark::event_schema<T> {                                                         \
    static constexpr std::uint32_t value = (VERSION);                                     \
  }

/// Declares how a payload stored at schema version FROM of event T is read: decoded as
/// OLD_TYPE (a described struct) and passed to FN, which returns T or the OLD_TYPE of the
/// upcaster of FROM + 1. Use at global scope.
#define QUARK_UPCASTER(T, FROM, OLD_TYPE, ...)                               \
  template <>                                                                \
  struct quark::upcaster<T, (FROM)> {                                        \
    using from = OLD_TYPE;                                                   \
    static auto convert(const OLD_TYPE& old) { return (__VA_ARGS__)(old); } \
  }
