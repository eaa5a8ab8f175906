#pragma once
// Compile-time facts about an actor method pointer. Not part of the public API.

#include <quark/async/task.hpp>

#include <tuple>
#include <type_traits>

namespace quark::detail {

template <class M>
struct method_traits;

#define QUARK_DETAIL_METHOD_TRAITS(CV, NOEXCEPT)                           \
  template <class C, class R, class... P>                                  \
  struct method_traits<task<R> (C::*)(P...) CV NOEXCEPT> {                 \
    using self = C;                                                        \
    using result = R;                                                      \
    using args = std::tuple<std::remove_cvref_t<P>...>;                    \
    static constexpr std::size_t arity = sizeof...(P);                     \
  };
QUARK_DETAIL_METHOD_TRAITS(, )
QUARK_DETAIL_METHOD_TRAITS(const, )
QUARK_DETAIL_METHOD_TRAITS(, noexcept)
QUARK_DETAIL_METHOD_TRAITS(const, noexcept)
#undef QUARK_DETAIL_METHOD_TRAITS

}  // namespace quark::detail
