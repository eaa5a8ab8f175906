#pragma once
// The envelope and awaiter behind `actor_ref<T>::call`. Not part of the public API.

#include <quark/base/result.hpp>
#include <quark/runtime/actor_options.hpp>
#include <quark/runtime/detail/envelope.hpp>
#include <quark/runtime/detail/method_traits.hpp>

#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace quark::detail {

template <class R>
struct result_slot {
  std::optional<R> value;
  R take() { return std::move(*value); }
};
template <>
struct result_slot<void> {
  void take() const noexcept {}
};

/// A call of method `M` with its arguments and, after the turn, its result.
template <auto M>
struct call_envelope final : envelope, pooled {
  using traits = method_traits<decltype(M)>;
  using self_type = typename traits::self;
  using result_type = typename traits::result;

  template <class... A>
  call_envelope(const actor_type_info* t, std::string k, std::uint16_t m, A&&... a)
      : envelope(t, std::move(k), m), args(std::forward<A>(a)...) {}

  detached run(actor_base& instance, activation& act) override {
    try {
      auto& self = static_cast<self_type&>(instance);
      if constexpr (std::is_void_v<result_type>) {
        co_await std::apply([&self](auto&... xs) { return (self.*M)(std::move(xs)...); }, args);
      } else {
        slot.value.emplace(
            co_await std::apply([&self](auto&... xs) { return (self.*M)(std::move(xs)...); }, args));
      }
    } catch (...) {
      failure = error_from_current_exception(errc::actor_failed, describe());
    }
    turn_finished(act, *this);
  }

  typename traits::args args;
  result_slot<result_type> slot;
};

/// Awaiter of one call. Owns the envelope until it is submitted; afterwards the completion
/// protocol (call_state) decides who frees it.
template <auto M, bool Throwing>
class call_awaiter {
 public:
  using envelope_type = call_envelope<M>;
  using result_type = typename envelope_type::result_type;

  call_awaiter(envelope_type* env, clock::duration timeout) noexcept : env_(env), timeout_(timeout) {}
  call_awaiter(call_awaiter&& other) noexcept
      : env_(std::exchange(other.env_, nullptr)), timeout_(other.timeout_) {}
  call_awaiter(const call_awaiter&) = delete;
  call_awaiter& operator=(const call_awaiter&) = delete;
  call_awaiter& operator=(call_awaiter&&) = delete;
  ~call_awaiter() {
    if (env_ != nullptr && !submitted_) delete env_;
  }

  using resume_type = std::conditional_t<Throwing, result_type, result<result_type>>;

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> caller) {
    submit_call(*env_, pending_, timeout_, caller);
    submitted_ = true;
  }
  resume_type await_resume() {
    settle_call(pending_);
    if (pending_.timed_out) {
      env_ = nullptr;  // abandoned: the callee frees it
      return fail(error{errc::timeout, "no reply before the deadline", std::move(pending_.context)});
    }
    auto* env = std::exchange(env_, nullptr);
    struct deleter {
      envelope_type* e;
      ~deleter() { delete e; }
    } guard{env};
    if (env->failure) return fail(std::move(env->failure));
    if constexpr (Throwing) {
      return env->slot.take();
    } else if constexpr (std::is_void_v<result_type>) {
      return resume_type{};
    } else {
      return resume_type{env->slot.take()};
    }
  }

 private:
  static resume_type fail(error e) {
    if constexpr (Throwing) {
      throw_error(std::move(e));
    } else {
      return resume_type{std::move(e)};
    }
  }

  envelope_type* env_;
  clock::duration timeout_;
  pending_call pending_{};
  bool submitted_ = false;
};

}  // namespace quark::detail
