#pragma once
// The runtime behind a silo: options, shards, directory and the counters that shutdown
// and tests wait on.

#include "directory.hpp"
#include "shard.hpp"

#include <quark/runtime/silo.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace quark::detail {

class runtime {
 public:
  explicit runtime(silo_options options);
  ~runtime();

  void start();
  void stop();

  [[nodiscard]] const silo_options& options() const noexcept { return options_; }
  [[nodiscard]] directory& dir() noexcept { return directory_; }
  [[nodiscard]] shard& shard_at(std::uint32_t i) noexcept { return *shards_[i]; }
  [[nodiscard]] std::size_t shard_count() const noexcept { return shards_.size(); }
  [[nodiscard]] clock::duration idle_age(const actor_type_info& t) const noexcept {
    return t.options.idle_timeout.count() != 0 ? t.options.idle_timeout : options_.idle_timeout;
  }

  // Client tasks (block_on).
  void begin_client_task();
  void end_client_task() noexcept;
  void post_to_shard(std::function<void()> fn);

  // Activation counters.
  void activation_created() noexcept { live_.fetch_add(1, std::memory_order_relaxed); }
  void activation_destroyed() noexcept;
  void deactivation_started() noexcept { deactivating_.fetch_add(1, std::memory_order_relaxed); }
  void deactivation_ended() noexcept;
  [[nodiscard]] std::size_t live() const noexcept { return live_.load(std::memory_order_relaxed); }

  void collect_idle();

 private:
  void wait_until(const std::function<bool()>& pred);
  void notify() noexcept;

  silo_options options_;
  directory directory_;
  std::vector<std::unique_ptr<shard>> shards_;
  std::atomic<std::uint32_t> next_client_shard_{0};
  bool started_ = false;
  bool stopped_ = false;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> live_{0};
  std::atomic<std::size_t> deactivating_{0};
  std::size_t client_tasks_ = 0;
  std::mutex mutex_;
  std::condition_variable cv_;
};

}  // namespace quark::detail
