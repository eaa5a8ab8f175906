// The `quark` command. Subcommands: `demo` (the shop demo, see docs/demo.md) and `events`
// (inspect an event store, see docs/journal.md).

#include "events.hpp"

#include <shop/demo.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <charconv>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>
#include <system_error>

namespace {

/// CLI11 check of `--dir`: empty or an existing non-directory is refused before anything runs.
CLI::Validator usable_directory() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        if (value.empty()) return "the directory must not be empty";
        std::error_code ec;
        std::filesystem::path p{value};
        if (std::filesystem::exists(p, ec) && !std::filesystem::is_directory(p, ec)) {
          return "'" + value + "' exists and is not a directory";
        }
        return {};
      },
      "DIR", "usable directory");
}

/// CLI11 check of a count: a whole number in [min, max], said plainly when it is not.
CLI::Validator count_in(std::int64_t min, std::int64_t max) {
  return CLI::Validator(
      [min, max](std::string& value) -> std::string {
        std::int64_t n = 0;
        const char* end = value.data() + value.size();
        auto [stop, ec] = std::from_chars(value.data(), end, n);
        if (ec == std::errc{} && stop == end && n >= min && n <= max) return {};
        return fmt::format("expected a whole number from {} to {}, got '{}'", min, max, value);
      },
      fmt::format("{}..{}", min, max), "count");
}

struct demo_args {
  std::string dir = "quark-demo";
  std::int64_t accounts = 100;
  std::int64_t orders = 10'000;
  std::int64_t shards = 0;
  std::int64_t concurrency = 64;
};

void add_demo(CLI::App& app, demo_args& args) {
  auto* demo = app.add_subcommand(
      "demo", "Run the shop demo: fund accounts, place orders concurrently, audit, restart, audit again");
  demo->add_option("--dir", args.dir, "Directory for the SQLite store (created if missing)")
      ->check(usable_directory())
      ->capture_default_str();
  demo->add_option("--accounts", args.accounts, "Accounts to fund and order from")
      ->check(count_in(1, 1'000'000))
      ->capture_default_str();
  demo->add_option("--orders", args.orders, "Orders to place")
      ->check(count_in(0, 10'000'000))
      ->capture_default_str();
  demo->add_option("--shards", args.shards, "Silo shards (0: one per core)")
      ->check(count_in(0, 256))
      ->capture_default_str();
  demo->add_option("--concurrency", args.concurrency, "Orders in flight at once")
      ->check(count_in(1, 100'000))
      ->capture_default_str();
}

int run_demo(const demo_args& args) {
  shop::demo_options options;
  options.dir = args.dir;
  options.accounts = args.accounts;
  options.orders = args.orders;
  options.shards = static_cast<std::size_t>(args.shards);
  options.concurrency = static_cast<std::size_t>(args.concurrency);
  return shop::run_demo(options);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"quark: virtual actors for C++20", "quark"};
  app.set_version_flag("--version", std::string{"quark "} + QUARK_VERSION);
  app.require_subcommand(0, 1);
  demo_args demo;
  add_demo(app, demo);
  quark_cli::events_args events;
  CLI::App* events_cmd = quark_cli::add_events(app, events);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (app.got_subcommand("demo")) return run_demo(demo);
    if (app.got_subcommand("events")) return quark_cli::run_events(*events_cmd, events);
  } catch (const std::exception& e) {
    fmt::print(stderr, "quark: {}\n", e.what());
    return 2;
  }
  fmt::print(stderr, "quark: a command is required: quark demo [--dir PATH] [--accounts N] [--orders M] [--shards K]\n"
                     "   or: quark events [--store URL] list | show STREAM | tail [--follow]\n"
                     "Run with --help for more information.\n");
  return 2;
}
