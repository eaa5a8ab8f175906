#pragma once
/// @file
/// The type registry: explicit, stable names for encodable types, and type-erased codec
/// functions per name (for code that learns a type from a name at run time: a stored event's
/// type, a frame's payload type, a CLI dump). `QUARK_CODEC_TYPE(T, "name")` gives T its name
/// at compile time and registers it in the process-wide registry. See docs/codec.md.
///
/// @code
/// namespace shop {
/// struct order_placed { std::string order_id; std::int64_t cents; };
/// BOOST_DESCRIBE_STRUCT(order_placed, (), (order_id, cents))
/// }
/// QUARK_CODEC_TYPE(shop::order_placed, "shop.order_placed");  // at global scope
///
/// static_assert(quark::codec::name_of<shop::order_placed>() == "shop.order_placed");
/// const quark::codec::entry* e = quark::codec::registry::global().find("shop.order_placed");
/// std::string json = e->binary_to_json(bytes);
/// @endcode

#include <quark/base/error.hpp>
#include <quark/codec/binary.hpp>
#include <quark/codec/json.hpp>
#include <quark/codec/traits.hpp>

#include <boost/core/demangle.hpp>

#include <any>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <typeindex>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <vector>

namespace quark::codec {

/// A registered type: its stable name and its codec behind plain function pointers. The
/// `const void*` / `void*` arguments must point to an object of the entry's type (check
/// `holds<T>()`); `out` is assigned the decoded value. Every decoding function throws
/// `codec_error` as `from_json` / `from_binary` do; encoding ones as `to_json` / `to_binary`.
struct entry {
  std::string name;     ///< the stable name
  std::type_index type;  ///< the C++ type, for identity within this process only
  /// The demangled C++ type name, for human-readable messages only (never an identifier).
  std::string (*cpp_name)();
  /// `codec::to_json_value(*value)`.
  boost::json::value (*to_json_value)(const void* value);
  /// `*out = codec::from_json_value<T>(json)`.
  void (*from_json_value)(const boost::json::value& json, void* out);
  /// `codec::to_json(*value)`: JSON text.
  std::string (*to_json)(const void* value);
  /// `*out = codec::from_json<T>(json)`.
  void (*from_json)(std::string_view json, void* out);
  /// Appends the version byte and the encoding, as `codec::to_binary(*value, out)`.
  void (*to_binary)(const void* value, std::string& out);
  /// `*out = codec::from_binary<T>(bytes)`.
  void (*from_binary)(std::string_view bytes, void* out);
  /// Decodes into a `std::any` holding the type; nullptr if it is not copy-constructible.
  std::any (*decode_json)(std::string_view json);
  /// Decodes into a `std::any` holding the type; nullptr if it is not copy-constructible.
  std::any (*decode_binary)(std::string_view bytes);
  /// Re-encodes a binary value as JSON text (decodes to the type in between).
  std::string (*binary_to_json)(std::string_view bytes);
  /// Re-encodes JSON text as a binary value (decodes to the type in between).
  std::string (*json_to_binary)(std::string_view json);

  /// True when the entry is for T.
  template <class T>
  [[nodiscard]] bool holds() const noexcept {
    return type == std::type_index(typeid(T));
  }
};

/// The entry for T under `name` (not registered anywhere). Instantiates T's codec.
template <class T>
[[nodiscard]] entry make_entry(std::string_view name);

/// Stable name ⇄ type. Names and types are both unique: one name per type, one type per
/// name. Registering the same (name, type) pair again is a no-op, so `QUARK_CODEC_TYPE` may
/// sit in a header included by many translation units.
///
/// Thread-safety: registration (`add`, `record`) is not synchronised and belongs to static
/// initialisation or start-up; after that, the const functions may be called from any thread.
class registry {
 public:
  /// An empty registry (for tests, or a scoped set of types).
  registry() = default;
  registry(const registry&) = delete;
  registry& operator=(const registry&) = delete;

  /// The process-wide registry that `QUARK_CODEC_TYPE` records into. Safe to call during
  /// static initialisation.
  [[nodiscard]] static registry& global() noexcept;

  /// Registers T under `name`, checking at once.
  /// @returns the entry (the existing one if this exact pair is already registered).
  /// @throws config_error with errc::duplicate_name if `name` belongs to another type or T
  /// has another name; with errc::invalid_argument if `name` is not a `valid_name`.
  template <class T>
  const entry& add(std::string_view name) {
    return add(make_entry<T>(name));
  }
  /// Registers a prepared entry; as `add<T>`.
  const entry& add(entry e);

  /// Registers T under `name` without ever throwing: a conflict (or a failure to allocate)
  /// is kept and reported by `validate()`. This is what `QUARK_CODEC_TYPE` calls during
  /// static initialisation, where an exception would terminate the process.
  template <class T>
  void record(std::string_view name) noexcept {
    try {
      record(make_entry<T>(name));
    } catch (...) {
      record_failure(name);
    }
  }
  /// Registers a prepared entry; as `record<T>`.
  void record(entry e) noexcept;

  /// Reports what `record` kept. Called by the silo at start-up.
  /// @throws config_error with the first problem's code (errc::duplicate_name: the message
  /// names the stable name and both C++ types; context is the name) and how many more there are.
  void validate() const;

  /// The entry registered under `name`, or nullptr.
  [[nodiscard]] const entry* find(std::string_view name) const noexcept;
  /// The entry of a C++ type, or nullptr.
  [[nodiscard]] const entry* find(std::type_index type) const noexcept;
  /// The entry of T, or nullptr.
  template <class T>
  [[nodiscard]] const entry* find() const noexcept {
    return find(std::type_index(typeid(T)));
  }
  /// Number of registered types.
  [[nodiscard]] std::size_t size() const noexcept { return by_name_.size(); }
  /// Every entry, ordered by name (e.g. to check names against a contracts file).
  [[nodiscard]] std::vector<const entry*> entries() const;

 private:
  void record_failure(std::string_view name) noexcept;

  std::map<std::string, entry, std::less<>> by_name_;
  std::unordered_map<std::type_index, const entry*> by_type_;
  std::vector<error> problems_;
  bool lost_problem_ = false;  // a problem could not even be stored (out of memory)
};

namespace detail {

template <class T>
struct erased {
  static const T& in(const void* p) noexcept { return *static_cast<const T*>(p); }
  static T& out(void* p) noexcept { return *static_cast<T*>(p); }

  static std::string cpp_name() { return boost::core::demangle(typeid(T).name()); }
  static boost::json::value to_json_value(const void* v) { return codec::to_json_value(in(v)); }
  static void from_json_value(const boost::json::value& j, void* o) { out(o) = codec::from_json_value<T>(j); }
  static std::string to_json(const void* v) { return codec::to_json(in(v)); }
  static void from_json(std::string_view j, void* o) { out(o) = codec::from_json<T>(j); }
  static void to_binary(const void* v, std::string& o) { codec::to_binary(in(v), o); }
  static void from_binary(std::string_view b, void* o) { out(o) = codec::from_binary<T>(b); }
  static std::any decode_json(std::string_view j) { return codec::from_json<T>(j); }
  static std::any decode_binary(std::string_view b) { return codec::from_binary<T>(b); }
  static std::string binary_to_json(std::string_view b) { return codec::to_json(codec::from_binary<T>(b)); }
  static std::string json_to_binary(std::string_view j) { return codec::to_binary(codec::from_json<T>(j)); }
};

/// What `QUARK_CODEC_TYPE` runs during static initialisation. Never throws.
template <class T>
bool record_global(std::string_view name) noexcept {
  registry::global().record<T>(name);
  return true;
}

}  // namespace detail

template <class T>
entry make_entry(std::string_view name) {
  using e = detail::erased<T>;
  entry out{std::string(name), std::type_index(typeid(T)), &e::cpp_name, &e::to_json_value,
            &e::from_json_value, &e::to_json, &e::from_json, &e::to_binary, &e::from_binary,
            nullptr, nullptr, &e::binary_to_json, &e::json_to_binary};
  if constexpr (std::is_copy_constructible_v<T>) {
    out.decode_json = &e::decode_json;
    out.decode_binary = &e::decode_binary;
  }
  return out;
}

}  // namespace quark::codec

#define QUARK_CODEC_DETAIL_CAT2(a, b) a##b
#define QUARK_CODEC_DETAIL_CAT(a, b) QUARK_CODEC_DETAIL_CAT2(a, b)

/// Gives type `T` the stable name `NAME` (a string literal) and registers it in
/// `quark::codec::registry::global()` during static initialisation. Use it once per type, at
/// global namespace scope, after the type's `BOOST_DESCRIBE_*` (or `codec_traits`), with `T`
/// fully qualified; in a header it may be included anywhere. `NAME` is checked at compile
/// time (`valid_name`); duplicates are found by `registry::global().validate()`. Never throws.
/// @code QUARK_CODEC_TYPE(shop::order_placed, "shop.order_placed"); @endcode
#define QUARK_CODEC_TYPE(T, NAME)                                                          \
  static_assert(::quark::codec::valid_name(NAME), "QUARK_CODEC_TYPE: invalid stable name " NAME); \
  template <>                                                                              \
  struct quark::codec::type_name<T> {                                                      \
    static constexpr std::string_view value = NAME;                                        \
  };                                                                                       \
  [[maybe_unused]] static const bool QUARK_CODEC_DETAIL_CAT(quark_codec_registered_, __COUNTER__) = \
      ::quark::codec::detail::record_global<T>(NAME)
