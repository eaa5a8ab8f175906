// client::call_json: a call addressed by names with JSON arguments.

#include <quark/async/task.hpp>
#include <quark/runtime/actor_type.hpp>
#include <quark/runtime/detail/envelope.hpp>
#include <quark/runtime/silo.hpp>

namespace quark {

namespace {

struct json_call_envelope final : detail::envelope, detail::pooled {
  json_call_envelope(const actor_type_info* t, std::string k, std::uint16_t m, std::string a)
      : envelope(t, std::move(k), m), args(std::move(a)) {}

  detail::detached run(actor_base& instance, detail::activation& act) override {
    try {
      auto running = type->json_invokers[method](instance, std::move(args));
      result = co_await running;
    } catch (...) {
      failure = error_from_current_exception(errc::actor_failed, describe());
    }
    detail::turn_finished(act, *this);
  }

  std::string args;
  std::string result;
};

struct json_call_awaiter {
  json_call_envelope* env;
  clock::duration timeout;
  detail::pending_call pending{};

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> caller) { detail::submit_call(*env, pending, timeout, caller); }
  result<std::string> await_resume() {
    detail::settle_call(pending);
    if (pending.timed_out) return error{errc::timeout, "no reply before the deadline", std::move(pending.context)};
    std::unique_ptr<json_call_envelope> owned{env};
    if (owned->failure) return std::move(owned->failure);
    return std::move(owned->result);
  }
};

std::uint16_t method_index(const actor_type_info& type, std::string_view method) {
  for (std::size_t i = 0; i < type.methods.size(); ++i) {
    if (type.methods[i] != method) continue;
    if (type.json_invokers[i] == nullptr) {
      throw config_error(errc::unknown_method,
                         "method \"" + std::string{method} + "\" has argument or result types the codec cannot encode",
                         std::string{type.name});
    }
    return static_cast<std::uint16_t>(i);
  }
  throw config_error(errc::unknown_method, "actor type has no callable method \"" + std::string{method} + "\"",
                     std::string{type.name});
}

}  // namespace

task<std::string> client::call_json(std::string type, std::string key, std::string method, std::string args_json,
                                    call_options options) const {
  const actor_type_info* info = actor_registry::global().find(type);
  if (info == nullptr) {
    throw config_error(errc::unknown_actor_type, "no actor type is registered as \"" + type + "\"", type);
  }
  std::uint16_t index = method_index(*info, method);
  clock::duration timeout = options.timeout.count() != 0 ? options.timeout : info->options.call_timeout;
  json_call_awaiter awaiter{new json_call_envelope(info, std::move(key), index, std::move(args_json)), timeout};
  result<std::string> r = co_await awaiter;
  co_return std::move(r).value();
}

}  // namespace quark
