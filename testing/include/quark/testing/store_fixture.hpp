#pragma once
/// @file
/// The fixture the typed conformance suites share (`state_store_conformance`,
/// `event_store_conformance`): a fresh store per test from a backend's factory, and a
/// synchronous way to await it.

#include <quark/async/sync_wait.hpp>
#include <quark/async/task.hpp>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <concepts>
#include <memory>
#include <utility>

namespace quark::testing {

/// A backend's factory for `Store`: `static std::shared_ptr<Store> make()` returns a fresh,
/// empty store; an optional `static void cleanup()` runs after each test once the store is
/// destroyed (remove a temp dir, drop a schema).
template <class Factory, class Store>
concept store_factory = requires {
  { Factory::make() } -> std::convertible_to<std::shared_ptr<Store>>;
};

/// GoogleTest fixture: `store_` is `Factory::make()`'s store for the test, `wait` runs a task
/// on `ctx_` (the calling thread acting as the caller's shard).
template <class Store, class Factory>
  requires store_factory<Factory, Store>
class store_fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Factory::make();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    if constexpr (requires { Factory::cleanup(); }) Factory::cleanup();
  }

  /// Drives `t` to completion on `ctx_`; returns its value or rethrows its exception.
  template <class T>
  T wait(task<T> t) {
    return quark::sync_wait(ctx_, std::move(t));
  }

  boost::asio::io_context ctx_;
  std::shared_ptr<Store> store_;
};

}  // namespace quark::testing
