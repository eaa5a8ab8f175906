#pragma once
// The unit of work handed between shards: a call (or a timer tick) addressed to an actor.
// Public only because actor_ref's templates build envelopes. Not part of the public API.

#include <quark/async/detached.hpp>
#include <quark/base/deadline.hpp>
#include <quark/base/error.hpp>

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <string>

namespace quark {
class actor_base;
struct actor_type_info;
}  // namespace quark

namespace quark::detail {

class shard;
class activation;

/// Intrusive link of the lock-free shard inbox and of activation mailboxes.
struct inbox_node {
  enum class node_kind : std::uint8_t { envelope, function };
  explicit inbox_node(node_kind k) noexcept : node(k) {}
  std::atomic<inbox_node*> next{nullptr};
  node_kind node;
};

/// Completion protocol between a caller and a callee (see docs/runtime.md, "Calls").
/// Exactly one side frees the envelope: the caller after the reply, or the callee when it
/// finds the caller gone (timed out).
enum class call_state : std::uint8_t { pending, done, abandoned };

struct envelope : inbox_node {
  enum class kind : std::uint8_t { call, reply, tick };

  envelope(const actor_type_info* t, std::string k, std::uint16_t m) noexcept
      : inbox_node(node_kind::envelope), type(t), key(std::move(k)), method(m) {}
  envelope(const envelope&) = delete;
  envelope& operator=(const envelope&) = delete;
  virtual ~envelope() = default;

  /// Runs the turn on `instance`; must end by calling `turn_finished(act, *this)`.
  virtual detached run(actor_base& instance, activation& act) = 0;

  /// "type/key::method", for error contexts (built only on the error path).
  [[nodiscard]] std::string describe() const;

  const actor_type_info* type;
  std::string key;
  std::uint16_t method;
  kind what = kind::call;
  std::atomic<call_state> state{call_state::pending};
  shard* caller_shard = nullptr;
  std::coroutine_handle<> caller;
  actor_base* runner = nullptr;  ///< the instance running the turn (stateless pools have several)
  error failure;
};

/// A call awaiting its reply on the caller's shard, linked in that shard's deadline list.
struct pending_call {
  pending_call* prev = nullptr;
  pending_call* next = nullptr;
  clock::time_point due{};
  envelope* env = nullptr;
  bool linked = false;
  bool timed_out = false;
  std::string context;  ///< "type/key::method", filled only when the call times out
};

/// Called by the envelope's turn when it ends (value or failure already stored).
void turn_finished(activation& act, envelope& env) noexcept;

/// Sends `env` to its actor on behalf of the coroutine `caller` running on this shard:
/// arms the call's deadline, routes it (directory) and hands it to the target shard.
/// @throws quark::exception (errc::invalid_argument) when called off a silo thread.
void submit_call(envelope& env, pending_call& pending, clock::duration timeout, std::coroutine_handle<> caller);

/// Unlinks `pending` from its shard's deadline list after the caller resumed.
void settle_call(pending_call& pending) noexcept;

}  // namespace quark::detail
