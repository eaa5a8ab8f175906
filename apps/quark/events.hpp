#pragma once
// `quark events`: list streams, print a stream's events as JSON lines, tail `read_all`.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace quark_cli {

/// Options of `quark events` and its subcommands.
struct events_args {
  std::string store = "sqlite:quark-demo/shop.db";  ///< `sqlite:PATH` or `postgresql://...`
  std::string schema;                                ///< PostgreSQL schema ("" = search_path)
  // list
  std::string after;
  // show
  std::string stream;
  std::uint64_t from_version = 1;
  bool backward = false;
  // tail
  std::string from_position = "0:0";
  bool follow = false;
  // list, show, tail
  std::int64_t limit = 1000;
};

/// Adds `events` with its subcommands `list`, `show`, `tail` to `app`.
CLI::App* add_events(CLI::App& app, events_args& args);

/// Runs the subcommand that was parsed; returns the exit code.
/// @throws std::exception (printed by main) on a store or argument error.
int run_events(const CLI::App& events, const events_args& args);

}  // namespace quark_cli
