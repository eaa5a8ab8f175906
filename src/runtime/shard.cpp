#include "shard.hpp"

#include "activation.hpp"
#include "runtime.hpp"

#include <quark/async/detail/spin.hpp>
#include <quark/async/run_on.hpp>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace quark::detail {

namespace {
thread_local shard* current_shard = nullptr;

// Iterations of the loop without work before the shard sleeps in the io_context. A hand-off
// to a sleeping thread costs tens of microseconds (DESIGN.md, "Shards"), a spin a few.
constexpr int spin_limit = 2000;
// Busy passes of the loop between two polls of the io_context.
constexpr unsigned io_poll_interval = 16;
}  // namespace

struct shard::function_node : inbox_node {
  explicit function_node(std::function<void()> f) : inbox_node(node_kind::function), fn(std::move(f)) {}
  std::function<void()> fn;
};

shard::shard(runtime& rt, std::uint32_t index)
    : rt_(rt), index_(index), deadline_timer_(io_), idle_timer_(io_) {
  ready_.reserve(256);
  running_.reserve(256);
}

shard::~shard() { stop_and_join(); }

shard* shard::current() noexcept { return current_shard; }

void shard::start() {
  thread_ = std::thread([this] { loop(); });
}

void shard::stop_and_join() {
  if (!thread_.joinable()) return;
  stop_.store(true, std::memory_order_seq_cst);
  boost::asio::post(io_, [] {});
  thread_.join();
}

void shard::post(inbox_node* node) noexcept {
  inbox_.push(node);
  if (sleeping_.load(std::memory_order_seq_cst) && !wake_pending_.exchange(true, std::memory_order_acq_rel)) {
    boost::asio::post(io_, [this] { wake_pending_.store(false, std::memory_order_release); });
  }
}

void shard::post_fn(std::function<void()> fn) { post(new function_node(std::move(fn))); }

void shard::loop() {
  current_shard = this;
  set_current_io_context(&io_);
  auto work = boost::asio::make_work_guard(io_);
  now_ = clock::now();
  start_idle_timer();
  unsigned passes = 0;
  while (!stop_.load(std::memory_order_acquire)) {
    now_ = clock::now();
    bool worked = drain_inbox();
    worked |= run_ready();
    // I/O and timers cost a system call (epoll) per poll: poll on every idle pass, and
    // every io_poll_interval busy passes so a busy shard still serves its timers and I/O.
    if (!worked || ++passes % io_poll_interval == 0) worked |= io_.poll() > 0;
    if (worked || spin_for_work()) continue;
    sleeping_.store(true, std::memory_order_seq_cst);
    if (inbox_.empty() && !stop_.load(std::memory_order_seq_cst)) io_.run_one();
    sleeping_.store(false, std::memory_order_relaxed);
  }
  deadline_timer_.cancel();
  idle_timer_.cancel();
  // Nodes posted while stopping (the runtime's own drain requests) still run and are freed.
  while (drain_inbox() || run_ready()) {
  }
  io_.poll();
  set_current_io_context(nullptr);
  current_shard = nullptr;
}

bool shard::spin_for_work() {
  // Watch the inbox (two loads, no system call) for a while before sleeping: a hand-off to
  // a spinning shard costs microseconds, to a sleeping one tens of them.
  for (int i = 1; i <= spin_limit; ++i) {
    if (!inbox_.empty() || stop_.load(std::memory_order_relaxed)) return true;
    if (i % 256 == 0 && io_.poll() > 0) return true;
    cpu_relax();
  }
  return false;
}

clock::time_point shard::now() const { return rt_.options().now ? rt_.options().now() : now_; }

bool shard::drain_inbox() {
  bool any = false;
  // Bounded batch so the ready queue and I/O are not starved by a flood of hand-offs.
  for (int i = 0; i < 1024; ++i) {
    inbox_node* n = inbox_.pop();
    if (n == nullptr) break;
    any = true;
    handle(n);
  }
  return any;
}

void shard::handle(inbox_node* node) {
  if (node->node == inbox_node::node_kind::function) {
    auto* f = static_cast<function_node*>(node);
    try {
      f->fn();
    } catch (const std::exception& e) {
      spdlog::error("quark: shard {} task failed: {}", index_, e.what());
    }
    delete f;
    return;
  }
  auto* env = static_cast<envelope*>(node);
  if (env->what == envelope::kind::reply) {
    ready(env->caller);
  } else {
    deliver(env);
  }
}

bool shard::run_ready() {
  if (ready_.empty()) return false;
  running_.swap(ready_);
  for (const ready_item& item : running_) {
    if (item.handle) {
      item.handle.resume();
    } else {
      item.act->scheduled = false;
      item.act->pump();
    }
  }
  running_.clear();
  return true;
}

void shard::ready(std::coroutine_handle<> h) { ready_.push_back({h, nullptr}); }

void shard::schedule(activation* a) {
  if (a->scheduled) return;
  a->scheduled = true;
  ready_.push_back({nullptr, a});
}

void shard::deliver(envelope* env) {
  actor_id_view id{env->type, env->key};
  if (auto it = local_.find(id); it != local_.end()) {
    it->second->enqueue(env);
    return;
  }
  std::uint32_t owner = rt_.dir().route(id, index_);
  if (owner != index_) {
    rt_.shard_at(owner).post(env);
    return;
  }
  auto* act = new activation(*this, env->type, env->key);
  local_.emplace(act->id(), act);
  lru_push_back(act);
  rt_.activation_created();
  if (draining_) act->request_deactivation();
  act->enqueue(env);
  act->begin();
  if (std::size_t max = rt_.options().max_activations; max != 0) evict_for(max);
}

void shard::evict_for(std::size_t max) {
  // Evict least recently used idle activations of this shard while the silo is over bound.
  std::size_t live = rt_.live();
  for (activation* a = lru_head_; a != nullptr && live > max;) {
    activation* next = a->lru_next;
    if (a->idle()) {
      a->request_deactivation();
      --live;
    }
    a = next;
  }
}

void shard::forget(activation* a) {
  local_.erase(a->id());
  lru_unlink(a);
  rt_.dir().remove(a->id().view(), index_);
}

void shard::touch(activation* a) noexcept {
  lru_unlink(a);
  lru_push_back(a);
}

void shard::lru_unlink(activation* a) noexcept {
  if (a->lru_prev != nullptr) a->lru_prev->lru_next = a->lru_next; else if (lru_head_ == a) lru_head_ = a->lru_next;
  if (a->lru_next != nullptr) a->lru_next->lru_prev = a->lru_prev; else if (lru_tail_ == a) lru_tail_ = a->lru_prev;
  a->lru_prev = a->lru_next = nullptr;
}

void shard::lru_push_back(activation* a) noexcept {
  a->lru_prev = lru_tail_;
  a->lru_next = nullptr;
  if (lru_tail_ != nullptr) lru_tail_->lru_next = a; else lru_head_ = a;
  lru_tail_ = a;
}

void shard::sweep_idle() {
  clock::time_point now = this->now();
  for (activation* a = lru_head_; a != nullptr;) {
    activation* next = a->lru_next;  // sweep may unlink a
    a->sweep(now);
    a = next;
  }
}

void shard::drain_all() {
  draining_ = true;
  std::vector<activation*> all;
  all.reserve(local_.size());
  for (auto& [id, a] : local_) all.push_back(a);
  for (activation* a : all) a->request_deactivation();
}

void shard::start_idle_timer() {
  idle_timer_.expires_after(rt_.options().collection_quantum);
  idle_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    sweep_idle();
    start_idle_timer();
  });
}

// --- deadlines of calls awaited on this shard ---------------------------------------

void shard::arm(pending_call& p) {
  // Deadlines mostly arrive in increasing order: insert from the back.
  pending_call* after = deadline_tail_;
  while (after != nullptr && after->due > p.due) after = after->prev;
  p.prev = after;
  p.next = after != nullptr ? after->next : deadline_head_;
  if (p.next != nullptr) p.next->prev = &p; else deadline_tail_ = &p;
  if (after != nullptr) after->next = &p; else deadline_head_ = &p;
  p.linked = true;
  if (p.due < armed_for_) rearm_deadline_timer();
}

void shard::disarm(pending_call& p) noexcept {
  if (!p.linked) return;
  if (p.prev != nullptr) p.prev->next = p.next; else deadline_head_ = p.next;
  if (p.next != nullptr) p.next->prev = p.prev; else deadline_tail_ = p.prev;
  p.prev = p.next = nullptr;
  p.linked = false;
}

void shard::rearm_deadline_timer() {
  if (deadline_head_ == nullptr) {
    armed_for_ = clock::time_point::max();
    return;
  }
  armed_for_ = deadline_head_->due;
  deadline_timer_.expires_at(armed_for_);
  deadline_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;  // re-armed or stopping
    on_deadline();
  });
}

void shard::on_deadline() {
  clock::time_point now = clock::now();
  while (deadline_head_ != nullptr && deadline_head_->due <= now) {
    pending_call& p = *deadline_head_;
    disarm(p);
    envelope* env = p.env;
    // The envelope is alive while its state is pending; read what we need before the CAS.
    std::coroutine_handle<> caller = env->caller;
    std::string context = env->describe();
    call_state expected = call_state::pending;
    if (env->state.compare_exchange_strong(expected, call_state::abandoned, std::memory_order_acq_rel)) {
      p.timed_out = true;
      p.context = std::move(context);
      ready(caller);
    }
    // else: the reply is on its way and will resume the caller.
  }
  rearm_deadline_timer();
}

}  // namespace quark::detail
