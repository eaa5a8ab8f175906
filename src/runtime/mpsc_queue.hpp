#pragma once
// Intrusive multi-producer single-consumer queue (Vyukov). Producers never block; the
// consumer is the shard thread. Nodes are inbox_node (envelopes and function nodes).

#include <quark/runtime/detail/envelope.hpp>

#include <atomic>

namespace quark::detail {

class mpsc_queue {
 public:
  mpsc_queue() noexcept : stub_(inbox_node::node_kind::function), head_(&stub_), tail_(&stub_) {}
  mpsc_queue(const mpsc_queue&) = delete;
  mpsc_queue& operator=(const mpsc_queue&) = delete;

  /// Any thread.
  void push(inbox_node* n) noexcept {
    n->next.store(nullptr, std::memory_order_relaxed);
    inbox_node* prev = head_.exchange(n, std::memory_order_seq_cst);
    prev->next.store(n, std::memory_order_release);
  }

  /// Consumer only. Returns nullptr when empty (or when a push is half-way: retry later).
  inbox_node* pop() noexcept {
    inbox_node* tail = tail_;
    inbox_node* next = tail->next.load(std::memory_order_acquire);
    if (tail == &stub_) {
      if (next == nullptr) return nullptr;
      tail_ = next;
      tail = next;
      next = next->next.load(std::memory_order_acquire);
    }
    if (next != nullptr) {
      tail_ = next;
      return tail;
    }
    if (tail != head_.load(std::memory_order_acquire)) return nullptr;  // producer mid-push
    push(&stub_);
    next = tail->next.load(std::memory_order_acquire);
    if (next != nullptr) {
      tail_ = next;
      return tail;
    }
    return nullptr;
  }

  /// Consumer only: true when no node was pushed since the last pop drained the queue.
  /// Sequentially consistent, so the shard's sleep protocol can rely on it.
  [[nodiscard]] bool empty() const noexcept {
    // A real node at the tail is still to be returned; with the stub at the tail, the queue
    // is empty exactly when no producer has swung head_ away from it.
    return tail_ == &stub_ && head_.load(std::memory_order_seq_cst) == &stub_;
  }

 private:
  inbox_node stub_;
  std::atomic<inbox_node*> head_;
  inbox_node* tail_;
};

}  // namespace quark::detail
