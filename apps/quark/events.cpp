#include "events.hpp"

#include <quark/async/sync_wait.hpp>
#include <quark/base/error.hpp>
#include <quark/codec/json.hpp>
#include <quark/journal/event_store.hpp>
#include <quark/journal/projection.hpp>
#include <quark/postgres/event_store.hpp>
#include <quark/sqlite/event_store.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <fmt/chrono.h>
#include <fmt/core.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>

namespace quark_cli {
namespace {

constexpr std::string_view sqlite_prefix = "sqlite:";

std::atomic<bool> interrupted{false};
extern "C" void on_interrupt(int) { interrupted.store(true); }

/// The event store named by `url`: `sqlite:PATH` (the file must exist: a typo should not
/// create an empty store) or a `postgresql://` / `postgres://` URL.
std::shared_ptr<quark::event_store> open_store(const events_args& args) {
  const std::string& url = args.store;
  if (url.starts_with(sqlite_prefix)) {
    const std::filesystem::path path = url.substr(sqlite_prefix.size());
    if (path.empty()) throw quark::config_error(quark::errc::invalid_argument, "sqlite: needs a file path", url);
    if (!std::filesystem::exists(path)) {
      throw quark::config_error(quark::errc::invalid_argument,
                                "no such SQLite file (run `quark demo` first, or pass --store)", path.string());
    }
    return quark::sqlite::open_event_store(path);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    quark::postgres::event_store_options options;
    options.conninfo = url;
    options.schema = args.schema;
    options.pool_size = 2;
    return quark::postgres::make_event_store(options);
  }
  throw quark::config_error(quark::errc::invalid_argument,
                            "unknown store: expected sqlite:PATH or a postgresql:// URL", url);
}

std::string iso_time(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::time_point_cast<std::chrono::milliseconds>(t);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", ms);
}

/// One event as a JSON object; a payload that is not JSON is printed as a string.
std::string to_json_line(const quark::recorded_event& e) {
  boost::json::object o;
  o["stream"] = e.stream;
  o["version"] = e.version;
  o["position"] = e.position.to_string();
  o["id"] = e.id.to_string();
  o["type"] = e.type;
  o["schema_version"] = e.schema_version;
  o["timestamp"] = iso_time(e.timestamp);
  boost::json::object meta;
  if (!e.metadata.correlation_id.empty()) meta["correlation_id"] = e.metadata.correlation_id;
  if (!e.metadata.causation_id.empty()) meta["causation_id"] = e.metadata.causation_id;
  for (const auto& [k, v] : e.metadata.values) meta[k] = v;
  o["metadata"] = std::move(meta);
  try {
    o["payload"] = quark::codec::parse_json(e.payload);
  } catch (const quark::exception&) {
    o["payload_unparsed"] = e.payload;
  }
  return boost::json::serialize(o);
}

std::size_t limit_of(const events_args& args) {
  return args.limit <= 0 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(args.limit);
}

int list(quark::event_store& store, const events_args& args) {
  boost::asio::io_context ctx;
  std::string after = args.after;
  std::size_t left = limit_of(args);
  while (left > 0) {
    const auto page = quark::sync_wait(ctx, store.list_streams(after, std::min<std::size_t>(left, 500),
                                                               quark::deadline::after(std::chrono::seconds(30))));
    for (const auto& s : page) {
      fmt::print("{}\tversion {}{}{}\n", s.stream, s.version,
                 s.first_version > 1 ? fmt::format("\tfrom {}", s.first_version) : "", s.deleted ? "\tdeleted" : "");
    }
    if (page.size() < std::min<std::size_t>(left, 500)) break;
    left -= page.size();
    after = page.back().stream;
  }
  return 0;
}

int show(quark::event_store& store, const events_args& args) {
  boost::asio::io_context ctx;
  const auto until = quark::deadline::after(std::chrono::seconds(30));
  if (!quark::sync_wait(ctx, store.stream(args.stream, until))) {
    fmt::print(stderr, "quark events: no stream named '{}'\n", args.stream);
    return 1;
  }
  std::size_t left = limit_of(args);
  quark::stream_version at = args.backward && args.from_version == 1 ? std::numeric_limits<quark::stream_version>::max()
                                                                     : args.from_version;
  while (left > 0) {
    const std::size_t want = std::min<std::size_t>(left, 500);
    const auto page = quark::sync_wait(ctx, args.backward ? store.read_backward(args.stream, at, want, until)
                                                          : store.read(args.stream, at, want, until));
    for (const auto& e : page) fmt::print("{}\n", to_json_line(e));
    if (page.size() < want) break;
    left -= page.size();
    at = args.backward ? page.back().version - 1 : page.back().version + 1;
    if (args.backward && at == 0) break;
  }
  return 0;
}

quark::task<void> print_event(const quark::recorded_event& e) {
  fmt::print("{}\n", to_json_line(e));
  std::fflush(stdout);
  co_return;
}

int tail(quark::event_store& store, const events_args& args) {
  boost::asio::io_context ctx;
  quark::event_position after = quark::event_position::parse(args.from_position);
  if (!args.follow) {
    std::size_t left = limit_of(args);
    while (left > 0) {
      const std::size_t want = std::min<std::size_t>(left, 500);
      const auto page =
          quark::sync_wait(ctx, store.read_all(after, want, quark::deadline::after(std::chrono::seconds(30))));
      for (const auto& e : page) fmt::print("{}\n", to_json_line(e));
      if (page.size() < want) break;
      left -= page.size();
      after = page.back().position;
    }
    return 0;
  }
  // --follow: until SIGINT / SIGTERM, then print where to resume.
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  quark::subscription_control control;
  quark::subscription_options options;
  options.poll_interval = std::chrono::milliseconds(200);  // also how soon an interrupt is noticed
  std::thread watcher{[&] {
    while (!interrupted.load() && !control.stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    control.stop.store(true);
    store.appended().notify();
  }};
  quark::event_position last = after;
  try {
    last = quark::sync_wait(ctx, quark::subscribe_all(store, after, print_event, control, options));
  } catch (...) {
    control.stop.store(true);
    watcher.join();
    throw;
  }
  watcher.join();
  fmt::print(stderr, "quark events: stopped; resume with --from {}\n", last.to_string());
  return 0;
}

}  // namespace

CLI::App* add_events(CLI::App& app, events_args& args) {
  auto* events = app.add_subcommand("events", "Inspect an event store: list streams, show a stream, tail all events");
  events->add_option("--store", args.store, "sqlite:PATH or a postgresql:// URL")->capture_default_str();
  events->add_option("--schema", args.schema, "PostgreSQL schema of the event store (default: search_path)");
  events->require_subcommand(1);

  auto* list = events->add_subcommand("list", "List streams by name with their versions");
  list->add_option("--after", args.after, "Start after this stream name");
  list->add_option("--limit", args.limit, "At most this many streams (0: all)")->capture_default_str()->check(
      CLI::Range(std::int64_t{0}, std::int64_t{100'000'000}));

  auto* show = events->add_subcommand("show", "Print a stream's events as JSON lines");
  show->add_option("stream", args.stream, "Stream name, e.g. shop.account/acct-7")->required();
  show->add_option("--from", args.from_version, "First version (or last, with --backward)")->capture_default_str()->check(
      CLI::PositiveNumber);
  show->add_flag("--backward", args.backward, "Newest first");
  show->add_option("--limit", args.limit, "At most this many events (0: all)")->capture_default_str()->check(
      CLI::Range(std::int64_t{0}, std::int64_t{100'000'000}));

  auto* tail = events->add_subcommand("tail", "Print every event in global order as JSON lines (read_all)");
  tail->add_option("--from", args.from_position, "Start after this position (commit:sequence)")->capture_default_str();
  tail->add_flag("--follow,-f", args.follow, "Keep printing new events until interrupted");
  tail->add_option("--limit", args.limit, "At most this many events without --follow (0: all)")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{100'000'000}));
  return events;
}

int run_events(const CLI::App& events, const events_args& args) {
  auto store = open_store(args);
  if (events.got_subcommand("list")) return list(*store, args);
  if (events.got_subcommand("show")) return show(*store, args);
  if (events.got_subcommand("tail")) return tail(*store, args);
  return 2;
}

}  // namespace quark_cli
