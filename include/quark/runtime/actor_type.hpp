#pragma once
/// @file
/// `quark::actor_type_info`: what the runtime knows about an actor type, produced once per
/// type by `QUARK_ACTOR` and registered in the process-wide actor type registry.

#include <quark/runtime/actor_options.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace quark {

class actor_base;
template <class T>
class task;

/// Calls one method of an actor with its arguments given as a JSON array and returns the
/// result as JSON (`null` for void). Generated per method by `QUARK_ACTOR`; null when the
/// method's argument or result types are not encodable by the codec.
using json_invoker = task<std::string> (*)(actor_base& instance, std::string args_json);

/// Descriptor of an actor type. Built by `QUARK_ACTOR`; never written by hand.
struct actor_type_info {
  std::string_view name;                         ///< stable name, e.g. "bank.account"
  actor_options options;                         ///< the type's declared options
  actor_base* (*create)();                       ///< constructs a fresh instance
  std::span<const std::string_view> methods;     ///< callable method names, by method index
  std::span<const json_invoker> json_invokers;   ///< by method index; see `client::call_json`
  std::string_view cpp_name;                     ///< C++ spelling, for error messages only
};

/// The process-wide registry of actor types (filled at static initialisation by QUARK_ACTOR).
class actor_registry {
 public:
  /// The registry `QUARK_ACTOR` registers into.
  static actor_registry& global();

  /// Records a type. Never throws: duplicates are remembered and reported by `validate()`.
  bool add(const actor_type_info* info) noexcept;
  /// The type registered under `name`, or nullptr.
  /// Thread rule: the registry is filled before `main`; lookups are read-only after that.
  [[nodiscard]] const actor_type_info* find(std::string_view name) const noexcept;
  /// @throws quark::config_error (errc::duplicate_name) naming the name and both C++ types
  ///         when two types were registered under one name. Called by `silo::start`.
  void validate() const;

 private:
  std::vector<const actor_type_info*> types_;
  std::vector<std::pair<const actor_type_info*, const actor_type_info*>> duplicates_;
};

}  // namespace quark
