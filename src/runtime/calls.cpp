#include "activation.hpp"
#include "runtime.hpp"
#include "shard.hpp"

#include <quark/runtime/actor_type.hpp>
#include <quark/runtime/detail/envelope.hpp>

namespace quark::detail {

std::string envelope::describe() const {
  std::string out{type != nullptr ? type->name : std::string_view{"<timer>"}};
  out += '/';
  out += key;
  if (type != nullptr && method < type->methods.size()) {
    out += "::";
    out += type->methods[method];
  }
  return out;
}

void submit_call(envelope& env, pending_call& pending, clock::duration timeout, std::coroutine_handle<> caller) {
  shard* here = shard::current();
  if (here == nullptr) {
    throw exception(errc::invalid_argument,
                    "actor calls must be awaited on a silo thread: inside an actor, or in a coroutine "
                    "given to silo::run / silo::block_on",
                    env.describe());
  }
  runtime& rt = here->rt();
  env.caller = caller;
  env.caller_shard = here;
  pending.env = &env;
  pending.due = here->pass_time() + (timeout.count() != 0 ? timeout : rt.options().call_timeout);
  here->arm(pending);
  // Warm local call: the activation is on this shard; no directory lock.
  if (activation* local = here->find_local({env.type, env.key})) {
    local->enqueue(&env);
    return;
  }
  std::uint32_t target = rt.dir().route({env.type, env.key}, here->index());
  if (target == here->index()) {
    here->deliver(&env);
  } else {
    rt.shard_at(target).post(&env);
  }
}

void settle_call(pending_call& pending) noexcept {
  if (pending.linked) {
    if (shard* here = shard::current()) here->disarm(pending);
  }
}

}  // namespace quark::detail
