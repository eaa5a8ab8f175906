#pragma once
/// @file
/// `quark::actor_ref<T>`: the address of a virtual actor and the way to call it.

#include <quark/runtime/actor_options.hpp>
#include <quark/runtime/detail/call.hpp>

#include <string>
#include <type_traits>
#include <utility>

namespace quark {

/// What `QUARK_ACTOR` declares about `T` (stable name, callable methods, descriptor).
/// Using a ref to a type without `QUARK_ACTOR` is a compile-time error.
template <class T>
struct actor_traits;

/// A copyable, comparable value naming actor `T` with `key`. It holds no pointer into the
/// runtime, so it can be stored, sent in messages and encoded (the codec writes the key).
/// Calls are made from a silo thread: inside an actor's turn or inside code run by
/// `silo::run` / `silo::block_on`.
///
/// @code
/// auto alice = client.ref<counter>("alice");
/// std::int64_t total = co_await alice.call<&counter::add>(5);
/// quark::result<std::int64_t> r = co_await alice.try_call<&counter::add>(5);  // no throw
/// co_await alice.call_with<&counter::add>({.timeout = 2s}, 5);
/// @endcode
template <class T>
class actor_ref {
 public:
  actor_ref() = default;
  explicit actor_ref(std::string key) : key_(std::move(key)) {}

  /// The actor's key within its type.
  [[nodiscard]] const std::string& key() const noexcept { return key_; }
  /// The type's stable name, e.g. "bank.account".
  [[nodiscard]] static constexpr std::string_view type_name() noexcept { return actor_traits<T>::name; }

  /// Calls method `M` (a member of `T` listed in its `QUARK_ACTOR`) with `args`; awaiting
  /// the result returns the method's value.
  /// @throws the exception matching the error: `actor_error` (the method threw; context
  ///   names actor and method), `rejected`, `timeout_error` (no reply before the deadline,
  ///   default 30 s), `shutdown_error`, `config_error`.
  template <auto M, class... A>
  [[nodiscard]] auto call(A&&... args) const {
    return make<M, true>(call_options{}, std::forward<A>(args)...);
  }
  /// Like `call`, with explicit options (timeout).
  template <auto M, class... A>
  [[nodiscard]] auto call_with(call_options options, A&&... args) const {
    return make<M, true>(options, std::forward<A>(args)...);
  }
  /// Like `call` but never throws: awaiting yields `quark::result<R>`.
  template <auto M, class... A>
  [[nodiscard]] auto try_call(A&&... args) const {
    return make<M, false>(call_options{}, std::forward<A>(args)...);
  }

  friend bool operator==(const actor_ref&, const actor_ref&) = default;

 private:
  template <auto M, bool Throwing, class... A>
  detail::call_awaiter<M, Throwing> make(call_options options, A&&... args) const {
    using traits = detail::method_traits<decltype(M)>;
    static_assert(std::is_base_of_v<typename traits::self, T>, "the method does not belong to this actor type");
    constexpr int index = actor_traits<T>::template method_index<M>();
    static_assert(index >= 0, "the method is not listed in the type's QUARK_ACTOR declaration");
    clock::duration timeout = options.timeout.count() != 0 ? options.timeout : actor_traits<T>::info.options.call_timeout;
    auto* env = new detail::call_envelope<M>(&actor_traits<T>::info, key_, static_cast<std::uint16_t>(index),
                                             std::forward<A>(args)...);
    return detail::call_awaiter<M, Throwing>(env, timeout);
  }

  std::string key_;
};

}  // namespace quark
