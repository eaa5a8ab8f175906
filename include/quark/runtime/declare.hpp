#pragma once
/// @file
/// `QUARK_ACTOR(Type, "stable.name", methods...)`: the one declaration that makes a class an
/// actor type — its stable name and its callable methods, resolved at compile time.

#include <quark/codec/encodable.hpp>
#include <quark/codec/json.hpp>
#include <quark/runtime/actor_ref.hpp>
#include <quark/runtime/actor_type.hpp>

#include <boost/preprocessor/seq/enum.hpp>
#include <boost/preprocessor/seq/transform.hpp>
#include <boost/preprocessor/stringize.hpp>
#include <boost/preprocessor/variadic/size.hpp>
#include <boost/preprocessor/variadic/to_seq.hpp>

#include <array>
#include <string_view>
#include <type_traits>

namespace quark::detail {

template <auto>
struct method_tag {};

/// True when A and B name the same member. Compared as template arguments: g++ 12 refuses
/// `A == B` on member function pointers in a constant expression under -fsanitize=undefined.
template <auto A, auto B>
constexpr bool same_method() {
  return std::is_same_v<method_tag<A>, method_tag<B>>;
}

/// Position of `M` in `Ms...`, or -1.
template <auto M, auto... Ms>
constexpr int index_of() {
  int i = 0;
  int found = -1;
  ((found = (found < 0 && same_method<M, Ms>()) ? i : found, ++i), ...);
  return found;
}

template <class T>
constexpr actor_options options_of() {
  if constexpr (requires { T::options; }) {
    return T::options;
  } else {
    return actor_options{};
  }
}

template <class T>
actor_base* create_actor() {
  return new T();
}

/// The JSON invoker of method `M` (see `json_invoker`).
template <auto M>
task<std::string> invoke_json(actor_base& instance, std::string args_json) {
  using traits = method_traits<decltype(M)>;
  auto args = codec::from_json<typename traits::args>(args_json);
  auto& self = static_cast<typename traits::self&>(instance);
  auto call = [&self](auto&... xs) { return (self.*M)(std::move(xs)...); };
  if constexpr (std::is_void_v<typename traits::result>) {
    auto running = std::apply(call, args);
    co_await running;
    co_return std::string{"null"};
  } else {
    auto running = std::apply(call, args);
    co_return codec::to_json(co_await running);
  }
}

template <auto M>
constexpr json_invoker json_invoker_of() {
  using traits = method_traits<decltype(M)>;
  if constexpr (codec::encodable<typename traits::args> &&
                (std::is_void_v<typename traits::result> || codec::encodable<typename traits::result>)) {
    return &invoke_json<M>;
  } else {
    return nullptr;
  }
}

}  // namespace quark::detail

#define QUARK_DETAIL_METHOD_PTR(s, type, name) &type::name
#define QUARK_DETAIL_METHOD_NAME(s, type, name) BOOST_PP_STRINGIZE(name)
#define QUARK_DETAIL_METHOD_INVOKER(s, type, name) ::quark::detail::json_invoker_of<&type::name>()

/// Declares actor type `Type` (a class deriving from `quark::actor<Type>`) under the stable
/// name `Name`, with the listed methods callable through `actor_ref<Type>::call`. Use it once,
/// at global namespace scope, after the class definition:
/// @code
/// QUARK_ACTOR(bank::account, "bank.account", deposit, withdraw, balance)
/// @endcode
/// The name is what the wire and storage use: never change it once deployed. Two types
/// with one name make `silo::start` throw `config_error` (errc::duplicate_name).
#define QUARK_ACTOR(Type, Name, ...)                                                                       \
  template <>                                                                                              \
  struct quark::actor_traits<Type> {                                                                       \
    using type = Type;                                                                                     \
    static constexpr std::string_view name = Name;                                                         \
    static constexpr std::array<std::string_view, BOOST_PP_VARIADIC_SIZE(__VA_ARGS__)> method_names{       \
        BOOST_PP_SEQ_ENUM(BOOST_PP_SEQ_TRANSFORM(QUARK_DETAIL_METHOD_NAME, Type,                           \
                                                 BOOST_PP_VARIADIC_TO_SEQ(__VA_ARGS__)))};                 \
    template <auto M>                                                                                      \
    static constexpr int method_index() {                                                                  \
      return ::quark::detail::index_of<M, BOOST_PP_SEQ_ENUM(BOOST_PP_SEQ_TRANSFORM(                        \
                                              QUARK_DETAIL_METHOD_PTR, Type,                               \
                                              BOOST_PP_VARIADIC_TO_SEQ(__VA_ARGS__)))>();                  \
    }                                                                                                      \
    static constexpr std::array<::quark::json_invoker, BOOST_PP_VARIADIC_SIZE(__VA_ARGS__)> invokers{      \
        BOOST_PP_SEQ_ENUM(BOOST_PP_SEQ_TRANSFORM(QUARK_DETAIL_METHOD_INVOKER, Type,                        \
                                                 BOOST_PP_VARIADIC_TO_SEQ(__VA_ARGS__)))};                 \
    static constexpr ::quark::actor_type_info info{name, ::quark::detail::options_of<Type>(),              \
                                                   &::quark::detail::create_actor<Type>, method_names,    \
                                                   invokers, BOOST_PP_STRINGIZE(Type)};                    \
    static inline const bool registered = ::quark::actor_registry::global().add(&info);                   \
  }
