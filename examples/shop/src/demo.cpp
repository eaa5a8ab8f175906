#include <shop/demo.hpp>

#include "format.hpp"
#include "progress.hpp"
#include "workload.hpp"

#include <shop/balances.hpp>

#include <quark/quark.hpp>
#include <quark/sqlite/database.hpp>
#include <quark/sqlite/event_store.hpp>
#include <quark/sqlite/state_store.hpp>

#include <fmt/core.h>

#include <chrono>
#include <system_error>
#include <utility>

namespace shop {

namespace {

using steady = std::chrono::steady_clock;

double seconds_since(steady::time_point start) {
  return std::chrono::duration<double>(steady::now() - start).count();
}

/// Prints to `out` unless it is null.
template <class... Args>
void say(std::FILE* out, fmt::format_string<Args...> format, Args&&... args) {
  if (out != nullptr) fmt::print(out, format, std::forward<Args>(args)...);
}

void validate(const demo_options& o) {
  auto bad = [](std::string message, std::string option) {
    throw quark::config_error(quark::errc::invalid_argument, std::move(message), std::move(option));
  };
  if (o.dir.empty()) bad("the directory must not be empty", "dir");
  if (o.accounts < 1) bad(fmt::format("need at least 1 account, got {}", o.accounts), "accounts");
  if (o.orders < 0) bad(fmt::format("the number of orders must not be negative, got {}", o.orders), "orders");
  if (o.concurrency < 1) bad("concurrency must be at least 1", "concurrency");
}

/// Creates `dir` if needed. @throws quark::config_error when it is not a usable directory.
void prepare_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
    throw quark::config_error(quark::errc::invalid_argument,
                              fmt::format("'{}' exists and is not a directory", dir.string()), "dir");
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw quark::config_error(quark::errc::invalid_argument,
                              fmt::format("cannot create directory '{}': {}", dir.string(), ec.message()), "dir");
  }
}

/// One SQLite file for everything: order state, account events, the balances read model.
struct shop_store {
  explicit shop_store(const std::filesystem::path& path)
      : db(quark::sqlite::database::open(path)),
        states(quark::sqlite::make_state_store(db)),
        events(quark::sqlite::make_event_store(db)) {}
  std::shared_ptr<quark::sqlite::database> db;
  std::shared_ptr<quark::state_store> states;
  std::shared_ptr<quark::event_store> events;
};

quark::silo_options silo_options_for(const demo_options& o, const shop_store& store) {
  return quark::silo_options{}.with_shards(o.shards).with_store(store.states).with_events(store.events);
}

std::string reasons_text(const detail::placement& p) {
  std::string out;
  for (const auto& [reason, count] : p.reasons) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", detail::with_commas(count), reason);
  }
  return out;
}

void print_audit(std::FILE* out, const shop_totals& t) {
  say(out, "balances {} + paid orders {} {} deposits {}", format_cents(t.balances_cents), format_cents(t.paid_cents),
      t.balances_cents + t.paid_cents == t.deposits_cents ? "=" : "!=", format_cents(t.deposits_cents));
  say(out, " ({}, {})\n", detail::count_of(t.accounts, "account"), detail::count_of(t.orders, "order"));
  for (const auto& p : t.problems) say(out, "     problem: {}\n", p);
}

/// Phases 1 and 2 and the first audit, on the silo that places the orders.
void trade(const demo_options& o, const std::filesystem::path& db, demo_report& report) {
  std::FILE* out = o.out;
  shop_store store{db};
  balances_view balances{store.db, store.events};
  balances.start();  // follows the account events as they are appended
  quark::silo silo{silo_options_for(o, store)};
  silo.start();
  say(out, "Quark shop demo: store {} (SQLite), {}\n", db.string(),
      detail::count_of(static_cast<std::int64_t>(silo.stats().shards), "shard"));

  run_ticket ticket = silo.block_on(detail::begin_run(silo.client(), o.accounts, o.orders));
  report.run = ticket.run;
  report.earlier_orders = ticket.before.orders;
  if (ticket.run > 1) {
    say(out, "  found {} in this store: {}, {}\n", detail::count_of(ticket.run - 1, "earlier run"),
        detail::count_of(ticket.before.accounts, "account"), detail::count_of(ticket.before.orders, "order"));
  }

  auto phase = steady::now();
  std::int64_t existing = std::min(ticket.before.accounts, o.accounts);
  auto funded = silo.block_on(detail::fund_accounts(silo.client(), ticket, o.accounts, o.orders, o.concurrency));
  say(out, "  1. funded {} with {}", detail::count_of(o.accounts, "account"), format_cents(funded.deposited_cents));
  if (existing > 0) {
    say(out, " ({} already open, carrying {} from earlier runs)", detail::with_commas(existing),
        format_cents(funded.carried_cents));
  }
  say(out, " in {:.2f} s\n", seconds_since(phase));

  phase = steady::now();
  say(out, "  2. placing {}, {} at a time: order -> price_quoter (stateless) -> account\n",
      detail::count_of(o.orders, "order"), o.concurrency);
  detail::progress_meter progress{out, o.progress, o.orders};
  auto placed = silo.block_on(
      detail::place_orders(silo.client(), ticket.first_order, o.orders, o.accounts, o.concurrency, &progress));
  double took = seconds_since(phase);
  report.placed = placed.placed;
  report.paid = placed.paid;
  report.rejected = placed.rejected;
  say(out, "     {} paid ({}), {} rejected{}{} in {:.2f} s ({}/s)\n", detail::with_commas(placed.paid),
      format_cents(placed.paid_cents), detail::with_commas(placed.rejected), placed.reasons.empty() ? "" : ": ",
      reasons_text(placed), took,
      detail::with_commas(took > 0 ? static_cast<std::int64_t>(static_cast<double>(placed.placed) / took) : 0));

  report.before_restart = silo.block_on(detail::audit(silo.client(), o.concurrency));
  say(out, "  3. audit: ");
  print_audit(out, report.before_restart);
  say(out, "     {}\n", report.before_restart.consistent() ? "the books balance" : "THE BOOKS DO NOT BALANCE");
  silo.stop();  // persists anything unsaved, closes the activations

  phase = steady::now();
  balances.catch_up(std::chrono::seconds(60));
  balances.stop();
  report.projected = balances.totals();
  const bool same = report.projected.accounts == report.before_restart.accounts &&
                    report.projected.balance_cents == report.before_restart.balances_cents;
  say(out, "     read model: projection shop.balances handled {} (caught up in {:.2f} s): {} holding {} in table "
      "shop_balances, {}\n",
      detail::count_of(static_cast<std::int64_t>(balances.delivered()), "event"), seconds_since(phase),
      detail::count_of(report.projected.accounts, "account"), format_cents(report.projected.balance_cents),
      same ? "the same as the accounts" : "NOT THE SAME AS THE ACCOUNTS");
}

/// Phase 4: a fresh silo (and store) on the same file; everything is reloaded from SQLite.
void restart(const demo_options& o, const std::filesystem::path& db, demo_report& report) {
  auto phase = steady::now();
  shop_store store{db};
  quark::silo silo{silo_options_for(o, store)};
  report.after_restart = silo.block_on(detail::audit(silo.client(), o.concurrency));
  silo.stop();
  const auto& a = report.after_restart;
  say(o.out, "  4. restarted the silo on the same file: reloaded {} and {} in {:.2f} s\n",
      detail::count_of(a.accounts, "account"), detail::count_of(a.orders, "order"), seconds_since(phase));
  if (a == report.before_restart) {
    say(o.out, "     same books as before the restart: the state survived\n");
  } else {
    say(o.out, "     THE BOOKS CHANGED ACROSS THE RESTART: ");
    print_audit(o.out, a);
  }
}

}  // namespace

demo_report run_shop(const demo_options& options) {
  validate(options);
  auto start = steady::now();
  prepare_dir(options.dir);
  auto db = options.dir / "shop.db";
  demo_report report;
  trade(options, db, report);
  restart(options, db, report);
  report.seconds = seconds_since(start);
  return report;
}

int run_demo(const demo_options& options) {
  try {
    demo_report r = run_shop(options);
    const auto& t = r.after_restart;
    say(options.out, "summary: run {} | {} in the store ({} paid, {} rejected{}) | {} holding {} | {} | {:.1f} s\n",
        r.run, detail::count_of(t.orders, "order"), detail::with_commas(t.paid_orders),
        detail::with_commas(t.rejected_orders),
        t.open_orders > 0 ? fmt::format(", {} never settled", detail::with_commas(t.open_orders)) : "",
        detail::count_of(t.accounts, "account"), format_cents(t.balances_cents),
        r.ok() ? "consistent" : "INCONSISTENT", r.seconds);
    if (!r.ok()) {
      say(options.err, "quark demo: the consistency check failed: balances + paid orders != deposits (see above)\n");
      return 1;
    }
    return 0;
  } catch (const quark::exception& e) {
    const auto& v = e.value();
    bool context_said = v.context.empty() || v.message.find(v.context) != std::string::npos;
    say(options.err, "quark demo: {}{}\n", v.message, context_said ? "" : fmt::format(" ({})", v.context));
  } catch (const std::exception& e) {
    say(options.err, "quark demo: {}\n", e.what());
  }
  return 2;
}

}  // namespace shop
