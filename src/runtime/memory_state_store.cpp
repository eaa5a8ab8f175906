// In-memory `quark::state_store`: one mutex-protected map, no I/O. Every method finishes
// without suspending, so it never blocks a shard for longer than the map operation.

#include <quark/base/error.hpp>
#include <quark/runtime/state_store.hpp>

#include <map>
#include <mutex>
#include <utility>

namespace quark {
namespace {

using state_errors::check_deadline;
using state_errors::throw_conflict;

class memory_state_store final : public state_store {
 public:
  task<std::optional<stored_state>> read(std::string type, std::string key, deadline until) override {
    check_deadline(until, "read", type, key);
    std::lock_guard lock{mutex_};
    auto it = states_.find(key_of(type, key));
    if (it == states_.end()) co_return std::nullopt;
    co_return it->second;
  }

  task<state_version> write(std::string type, std::string key, std::string data, state_version expected,
                            deadline until) override {
    check_deadline(until, "write", type, key);
    std::lock_guard lock{mutex_};
    auto [it, inserted] = states_.try_emplace(key_of(type, key));
    state_version actual = inserted ? 0 : it->second.version;
    if (actual != expected) {
      if (inserted) states_.erase(it);
      throw_conflict(type, key, expected, actual);
    }
    it->second.data = std::move(data);
    it->second.version = expected + 1;
    co_return it->second.version;
  }

  task<void> clear(std::string type, std::string key, state_version expected, deadline until) override {
    check_deadline(until, "clear", type, key);
    std::lock_guard lock{mutex_};
    auto it = states_.find(key_of(type, key));
    state_version actual = it == states_.end() ? 0 : it->second.version;
    if (actual != expected) throw_conflict(type, key, expected, actual);
    if (it != states_.end()) states_.erase(it);
    co_return;
  }

 private:
  using map_key = std::pair<std::string, std::string>;
  static map_key key_of(const std::string& type, const std::string& key) { return {type, key}; }

  std::mutex mutex_;
  std::map<map_key, stored_state> states_;
};

}  // namespace

std::shared_ptr<state_store> make_memory_state_store() { return std::make_shared<memory_state_store>(); }

}  // namespace quark
