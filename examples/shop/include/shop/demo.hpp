#pragma once
/// @file
/// The shop demo: funds accounts, places orders concurrently, audits the books, restarts
/// the silo on the same SQLite file and audits again. `quark demo` runs it; see docs/demo.md.

#include <shop/balances.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace shop {

/// How progress is shown while orders are placed.
enum class progress_style {
  automatic,  ///< a bar redrawn with '\r' when `out` is a terminal, else `lines`
  bar,        ///< always the redrawn bar
  lines,      ///< a plain line at 25%, 50%, 75% and 100%
  none,       ///< nothing
};

/// What to run. Defaults are the `quark demo` defaults.
struct demo_options {
  std::filesystem::path dir = "quark-demo";  ///< created if missing; holds `shop.db`
  std::int64_t accounts = 100;               ///< accounts this run funds and orders from (>= 1)
  std::int64_t orders = 10'000;              ///< orders this run places (>= 0)
  std::size_t shards = 0;                    ///< silo shards (0: one per core)
  std::size_t concurrency = 64;              ///< orders in flight at once (>= 1)
  progress_style progress = progress_style::automatic;
  std::FILE* out = stdout;  ///< the story and the summary; nullptr: silent
  std::FILE* err = stderr;  ///< `run_demo`'s error messages; nullptr: silent
};

/// The books as the audit found them, over every account and order in the store.
struct shop_totals {
  std::int64_t accounts = 0;
  std::int64_t orders = 0;
  std::int64_t deposits_cents = 0;
  std::int64_t balances_cents = 0;
  std::int64_t paid_cents = 0;      ///< sum of the amounts of paid orders
  std::int64_t paid_orders = 0;
  std::int64_t rejected_orders = 0;
  std::int64_t open_orders = 0;     ///< reserved but never settled (a run that died midway)
  std::vector<std::string> problems;  ///< per-account inconsistencies found (first few)

  /// `balances + paid == deposits` and no per-account problem.
  [[nodiscard]] bool consistent() const noexcept {
    return problems.empty() && balances_cents + paid_cents == deposits_cents;
  }
  friend bool operator==(const shop_totals&, const shop_totals&) = default;
};

/// What a run did and found.
struct demo_report {
  std::int64_t run = 0;            ///< 1 for a fresh directory, then 2, 3, ...
  std::int64_t earlier_orders = 0; ///< orders already in the store when this run began
  std::int64_t placed = 0;         ///< orders this run placed
  std::int64_t paid = 0;           ///< ... of which paid
  std::int64_t rejected = 0;       ///< ... of which rejected
  shop_totals before_restart;      ///< audit with the silo that placed the orders
  shop_totals after_restart;       ///< audit with a fresh silo on the same file
  balance_totals projected;        ///< the balances read model, caught up after trading
  double seconds = 0;              ///< wall time of the whole run

  /// Both audits consistent and identical, and the read model agrees with the accounts.
  [[nodiscard]] bool ok() const noexcept {
    return before_restart.consistent() && after_restart.consistent() && before_restart == after_restart &&
           projected.accounts == before_restart.accounts && projected.balance_cents == before_restart.balances_cents;
  }
};

/// Runs the demo and returns its report, printing the story to `options.out`.
/// Blocks the calling thread (runs and stops its own silos); call it from `main` or a test.
/// @throws quark::config_error for invalid options (naming the option) or a `dir` that is
/// not a directory; quark::storage_error (or a subclass) when SQLite fails; what actor
/// calls throw other than `rejected`.
demo_report run_shop(const demo_options& options);

/// `run_shop` for a command: prints the story and a summary to `options.out`, and errors
/// to `options.err`. Returns 0 when the books balance before and after the restart, 1 when
/// they do not (the problems are printed), 2 when the demo could not run.
int run_demo(const demo_options& options);

/// `1234567` → `"$12,345.67"`.
std::string format_cents(std::int64_t cents);

}  // namespace shop
