#include "activation.hpp"
#include "runtime.hpp"
#include "shard.hpp"

#include <quark/runtime/actor.hpp>

namespace quark {

const std::string& actor_base::key() const noexcept { return activation_->id().key; }

std::string_view actor_base::type_name() const noexcept { return activation_->id().type->name; }

void actor_base::deactivate_on_idle() noexcept { activation_->request_deactivation(); }

state_store& actor_base::store() const noexcept { return *activation_->home().rt().options().store; }
const std::shared_ptr<event_store>& actor_base::journal() const noexcept {
  return activation_->home().rt().options().events;
}

deadline actor_base::storage_deadline() const noexcept {
  return deadline::after(activation_->home().rt().options().call_timeout);
}

}  // namespace quark
