#pragma once
/// @file
/// `shop::balances_view`: a read model of every account's balance in the SQLite table
/// `shop_balances`, kept by a projection over the event store's global order.

#include <quark/journal/event_store.hpp>
#include <quark/journal/projection.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>

namespace quark::sqlite {
class database;
}

namespace shop {

/// Totals read back from the `shop_balances` table.
struct balance_totals {
  std::int64_t accounts = 0;
  std::int64_t balance_cents = 0;
  friend bool operator==(const balance_totals&, const balance_totals&) = default;
};

/// The projection `shop.balances`: for each `shop.account` event, adds its amount to the
/// account's row of `shop_balances`, a batch of events in one transaction. Each row records the stream version it has applied, so
/// an event delivered twice (after a crash, before the checkpoint was stored) changes nothing.
///
/// Threading: `start`, `stop`, `catch_up`, `totals` from any thread except a shard's; the
/// handler runs on the projection's thread and writes through `db`'s thread.
class balances_view {
 public:
  /// Creates the table in `db` if missing. Blocks (start-up only).
  balances_view(std::shared_ptr<quark::sqlite::database> db, std::shared_ptr<quark::event_store> events);

  /// Starts the projection from its stored checkpoint.
  void start();
  /// Stops it, storing the checkpoint.
  void stop();
  /// Blocks until the projection has handled every event now in the store.
  /// @throws quark::timeout_error when that takes longer than `timeout`; the projection's
  /// error when it stopped on one.
  void catch_up(std::chrono::milliseconds timeout);
  /// Sum and count of the table's rows. Blocks.
  [[nodiscard]] balance_totals totals() const;
  /// Events the projection handled since `start`.
  [[nodiscard]] std::uint64_t delivered() const noexcept { return projection_.delivered(); }

 private:
  quark::task<void> handle(std::span<const quark::recorded_event> events);

  std::shared_ptr<quark::sqlite::database> db_;
  std::shared_ptr<quark::event_store> events_;
  quark::projection projection_;
};

}  // namespace shop
