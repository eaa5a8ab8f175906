#pragma once
/// @file
/// `quark::testing::round_robin_store`: a `state_store` that spreads calls over several stores
/// of one backing database, so the conformance suite also checks what two silos sharing a
/// database see (versions written through one are conflicts through the other).

#include <quark/runtime/state_store.hpp>

#include <atomic>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace quark::testing {

/// Forwards each call to the next of `stores` in turn. Thread-safe.
class round_robin_store final : public state_store {
 public:
  explicit round_robin_store(std::vector<std::shared_ptr<state_store>> stores) : stores_(std::move(stores)) {}

  task<std::optional<stored_state>> read(std::string type, std::string key, deadline until) override {
    return next().read(std::move(type), std::move(key), until);
  }
  task<state_version> write(std::string type, std::string key, std::string data, state_version expected,
                            deadline until) override {
    return next().write(std::move(type), std::move(key), std::move(data), expected, until);
  }
  task<void> clear(std::string type, std::string key, state_version expected, deadline until) override {
    return next().clear(std::move(type), std::move(key), expected, until);
  }

 private:
  state_store& next() { return *stores_[next_.fetch_add(1, std::memory_order_relaxed) % stores_.size()]; }

  std::vector<std::shared_ptr<state_store>> stores_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace quark::testing
