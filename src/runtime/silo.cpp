#include "runtime.hpp"

#include <quark/runtime/silo.hpp>

namespace quark {

silo::silo(silo_options options) : rt_(std::make_unique<detail::runtime>(std::move(options))) {}

silo::~silo() { stop(); }

void silo::start() { rt_->start(); }

void silo::stop() { rt_->stop(); }

silo_stats silo::stats() const { return silo_stats{rt_->live(), rt_->shard_count()}; }

void silo::collect_idle() { rt_->collect_idle(); }

void silo::begin_client_task() { rt_->begin_client_task(); }

void silo::end_client_task() noexcept { rt_->end_client_task(); }

void silo::post_to_shard(void (*fn)(void*), void* arg) {
  rt_->post_to_shard([fn, arg] { fn(arg); });
}

}  // namespace quark
