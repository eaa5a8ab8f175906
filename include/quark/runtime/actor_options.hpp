#pragma once
/// @file
/// Per-type behaviour of an actor: reentrancy, stateless workers, idle age, call timeout.

#include <quark/base/deadline.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace quark {

/// Pool bounds of a stateless worker type: `min` instances are kept warm, more are added
/// while calls queue, never more than `max`; idle extras are removed by the idle sweep.
struct stateless_workers {
  std::size_t min = 1;
  std::size_t max = 4;
};

/// How a silo picks the shard of a new activation.
enum class shard_placement : std::uint8_t {
  /// The caller's shard (a same-shard call is a queue push, a cross-shard one a hand-off),
  /// unless that shard is clearly busier than the least loaded one. The default.
  prefer_caller,
  /// A hash of the key: spreads a type evenly over the shards whoever calls it.
  hashed,
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
  /// Shard choice for new activations (stateless workers always use the caller's shard).
  shard_placement placement = shard_placement::prefer_caller;
};

/// Options of one call, overriding the type's defaults.
struct call_options {
  /// Time allowed for the reply (0: the type's or the silo's default).
  clock::duration timeout{0};
};

}  // namespace quark
