#pragma once
/// @file
/// Per-type behaviour of an actor: reentrancy, stateless workers, idle age, call timeout.

#include <quark/base/deadline.hpp>

#include <cstddef>
#include <optional>

namespace quark {

/// Pool bounds of a stateless worker type: `min` instances are kept warm, more are added
/// while calls queue, never more than `max`; idle extras are removed by the idle sweep.
struct stateless_workers {
  std::size_t min = 1;
  std::size_t max = 4;
};

/// Options of an actor type, declared by the type itself:
/// @code
/// class resizer : public quark::actor<resizer> {
///  public:
///   static constexpr quark::actor_options options{.stateless = quark::stateless_workers{1, 8}};
///   ...
/// };
/// @endcode
/// A zero duration means "the silo's default".
struct actor_options {
  /// Calls may interleave at suspension points (default: one turn at a time).
  bool reentrant = false;
  /// When set, the type is a stateless worker pool per key.
  std::optional<stateless_workers> stateless{};
  /// Deactivate after this long without a call (0: `silo_options::idle_timeout`).
  clock::duration idle_timeout{0};
  /// Default deadline of calls to this type (0: `silo_options::call_timeout`).
  clock::duration call_timeout{0};
};

/// Options of one call, overriding the type's defaults.
struct call_options {
  /// Time allowed for the reply (0: the type's or the silo's default).
  clock::duration timeout{0};
};

}  // namespace quark
