#include "runtime.hpp"

#include <quark/codec/registry.hpp>
#include <quark/runtime/actor_type.hpp>
#include <quark/journal/event_store.hpp>
#include <quark/runtime/state_store.hpp>

#include <thread>

namespace quark::detail {

namespace {
silo_options resolve(silo_options o) {
  if (o.shards == 0) o.shards = std::max(1u, std::thread::hardware_concurrency());
  if (!o.store) o.store = make_memory_state_store();
  if (!o.events) o.events = make_memory_event_store();
  if (o.call_timeout <= clock::duration::zero()) {
    throw config_error(errc::invalid_argument, "silo_options::call_timeout must be positive");
  }
  if (o.collection_quantum <= clock::duration::zero() || o.idle_timeout <= clock::duration::zero()) {
    throw config_error(errc::invalid_argument, "silo_options idle_timeout and collection_quantum must be positive");
  }
  return o;
}
}  // namespace

runtime::runtime(silo_options options) : options_(resolve(std::move(options))), directory_(options_.shards) {
  shards_.reserve(options_.shards);
  for (std::uint32_t i = 0; i < options_.shards; ++i) shards_.push_back(std::make_unique<shard>(*this, i));
}

runtime::~runtime() { stop(); }

void runtime::start() {
  std::lock_guard lock{mutex_};
  if (started_) return;
  if (stopped_) throw shutdown_error(errc::shutting_down, "a stopped silo cannot be restarted; create a new one");
  actor_registry::global().validate();
  codec::registry::global().validate();
  for (auto& s : shards_) s->start();
  started_ = true;
}

void runtime::begin_client_task() {
  if (!started_) start();
  std::lock_guard lock{mutex_};
  if (stopping_.load()) throw shutdown_error(errc::shutting_down, "the silo is stopping and accepts no new work");
  ++client_tasks_;
}

void runtime::end_client_task() noexcept {
  std::lock_guard lock{mutex_};
  --client_tasks_;
  cv_.notify_all();
}

void runtime::post_to_shard(std::function<void()> fn) {
  std::uint32_t i = next_client_shard_.fetch_add(1, std::memory_order_relaxed) % shards_.size();
  shards_[i]->post_fn(std::move(fn));
}

void runtime::activation_destroyed() noexcept {
  live_.fetch_sub(1, std::memory_order_relaxed);
  notify();
}

void runtime::deactivation_ended() noexcept {
  deactivating_.fetch_sub(1, std::memory_order_relaxed);
  notify();
}

void runtime::notify() noexcept {
  std::lock_guard lock{mutex_};
  cv_.notify_all();
}

void runtime::wait_until(const std::function<bool()>& pred) {
  std::unique_lock lock{mutex_};
  cv_.wait(lock, pred);
}

void runtime::collect_idle() {
  if (!started_) return;
  std::size_t acks = 0;
  for (auto& s : shards_) {
    s->post_fn([this, &acks, sh = s.get()] {
      sh->sweep_idle();
      std::lock_guard lock{mutex_};
      ++acks;
      cv_.notify_all();
    });
  }
  wait_until([&] { return acks == shards_.size() && deactivating_.load() == 0; });
}

void runtime::stop() {
  {
    std::unique_lock lock{mutex_};
    if (!started_ || stopped_) {
      stopped_ = true;
      return;
    }
    stopping_.store(true);
    // Client work already running finishes (its calls have deadlines).
    cv_.wait(lock, [&] { return client_tasks_ == 0; });
  }
  for (auto& s : shards_) s->post_fn([sh = s.get()] { sh->drain_all(); });
  wait_until([&] { return live_.load() == 0 && deactivating_.load() == 0; });
  for (auto& s : shards_) s->stop_and_join();
  std::lock_guard lock{mutex_};
  stopped_ = true;
}

}  // namespace quark::detail
