// quark_bench_journal_pg: the PostgreSQL event store (quark::postgres::make_event_store)
// against the real server started by scripts/services (QUARK_PG_URL), compared in the report
// with pgbench running the equivalent SQL on the same table in the same invocation
// (bench/peers/journal_peers.sh). Sessions on both sides keep synchronous_commit=on: every
// append waits for its WAL flush, as a journal's must.
//
// Everything lives in schema quark_bench_journal (the store's migrations create it). The
// first run against a server seeds 10,000 streams x 100 events, interleaved (event v of
// every stream, then event v + 1 of every stream: a stream's events are spread over the
// heap), with one INSERT ... SELECT generate_series, then VACUUM ANALYZE; later rounds of the
// same scripts/bench invocation find it seeded.
//
// What is timed, and what the peer does:
// - append: one caller, single-event appends to its own stream with the exact expected
//   version, sequentially; each sample is one `append` (steady_clock around the co_await,
//   including the hop to the store's I/O thread). Peer: pgbench -M prepared -c 1, a prepared
//   single-row INSERT INTO quark_events (own stream, next version) per transaction. Once
//   more with a store whose NOTIFY is off (p50 only), to show what the wake-up costs.
// - read100: `read(stream, 1, all)` of a random seeded stream (100 events, decoded). Peer:
//   pgbench -M prepared -c 1, SELECT of the same columns WHERE stream = $1 ORDER BY version.
// - writers8: 8 concurrent callers (one thread, 8 coroutines) appending single events to 8
//   distinct streams with exact versions for 3 s; events/s. Peer: pgbench -c 8 -j 2 -T 3
//   with the append peer's INSERT. Once with NOTIFY (the default) and once without, to show
//   what the wake-up costs.
//
// Samples are in microseconds; percentiles are nearest-rank (latency.hpp). Coroutines are
// named functions taking their arguments by value (g++ 12).
#include "bench_helpers.hpp"
#include "run_benchmarks.hpp"

#include <quark/async/sync_wait.hpp>
#include <quark/async/task.hpp>
#include <quark/async/when_all.hpp>
#include <quark/postgres/connection.hpp>
#include <quark/postgres/event_store.hpp>
#include <quark/postgres/state_store.hpp>

#include <benchmark/benchmark.h>
#include <boost/asio/io_context.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace journal_pg_bench {

using namespace std::chrono_literals;
using quark::bench::figure_spec;
using quark::bench::env;
using quark::bench::micros;
using quark::bench::run;
using quark::bench::set_latency;
using steady = std::chrono::steady_clock;

constexpr int append_warmup = 200;
constexpr int append_samples = 2'000;  // = pgbench -t in journal_peers.sh
constexpr int read_warmup = 200;
constexpr int read_samples = 2'000;    // = pgbench -t
constexpr int seed_streams = 10'000;
constexpr int seed_events = 100;
constexpr int writers = 8;
constexpr auto writers_duration = 3s;  // = pgbench -T

const char* const schema = "quark_bench_journal";

const char* const seed_sql =
    "INSERT INTO quark_events(stream, version, id, type, payload) "
    "SELECT 'seed-' || s, v, gen_random_uuid(), 'bench.seeded', "
    "jsonb_build_object('n', v, 'note', 'a seeded event of moderate size') "
    "FROM generate_series(1, 100) v, generate_series(1, 10000) s";

/// A name no earlier round used for its streams.
std::string nonce() {
  std::random_device rd;
  return std::to_string(::getpid()) + "-" + std::to_string(rd() % 1'000'000);
}

/// The stores of this process (one with NOTIFY, one without), opened by main.
struct stores {
  std::shared_ptr<quark::event_store> notifying;
  std::shared_ptr<quark::event_store> quiet;
  std::string error;
};
stores& the_stores() {
  static stores s;
  return s;
}

bool store(benchmark::State& state, bool notify, std::shared_ptr<quark::event_store>& out) {
  const stores& s = the_stores();
  out = notify ? s.notifying : s.quiet;
  if (!out) state.SkipWithError(s.error.c_str());
  return out != nullptr;
}

/// Seeds the table unless an earlier round did (the last seeded stream is complete).
quark::task<bool> seed_once(boost::asio::io_context& ctx, std::string url) {
  auto conn = co_await quark::postgres::connection::connect(
      ctx, quark::postgres::with_search_path(url, schema), quark::deadline::after(10s));
  auto r = co_await conn->query("SELECT count(*)::int FROM quark_events WHERE stream = 'seed-10000'");
  if (r.get<int>(0, 0) == seed_events) co_return false;
  co_await conn->execute_script(seed_sql, quark::deadline::after(300s));
  co_await conn->execute_script("VACUUM ANALYZE quark_events", quark::deadline::after(300s));
  co_return true;
}

quark::task<std::vector<double>> append_samples_of(std::shared_ptr<quark::event_store> store, std::string stream,
                                                   int warmup, int samples) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(samples));
  quark::stream_version version = 0;
  for (int i = 0; i < warmup + samples; ++i) {
    std::vector<quark::event_data> one(1);
    one[0].id = quark::uuid::generate();
    one[0].type = "bench.appended";
    one[0].payload = R"({"n":1})";
    const auto start = steady::now();
    auto r = co_await store->append(stream, std::move(one), quark::expected_version::exact(version),
                                    quark::deadline::after(10s));
    if (i >= warmup) out.push_back(micros(steady::now() - start));
    version = r.version;
  }
  co_return out;
}

quark::task<std::vector<double>> read_samples_of(std::shared_ptr<quark::event_store> store, int warmup,
                                                 int samples) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(1, seed_streams);
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(samples));
  for (int i = 0; i < warmup + samples; ++i) {
    const std::string stream = "seed-" + std::to_string(pick(rng));
    const auto start = steady::now();
    auto events = co_await store->read(stream, 1, SIZE_MAX, quark::deadline::after(10s));
    if (i >= warmup) out.push_back(micros(steady::now() - start));
    if (events.size() != static_cast<std::size_t>(seed_events)) throw std::runtime_error("a seeded stream is short");
  }
  co_return out;
}

/// One writer: single-event appends to `stream` with exact versions until `stop`.
quark::task<std::int64_t> writer(std::shared_ptr<quark::event_store> store, std::string stream, steady::time_point stop) {
  std::int64_t n = 0;
  quark::stream_version version = 0;
  while (steady::now() < stop) {
    std::vector<quark::event_data> one(1);
    one[0].id = quark::uuid::generate();
    one[0].type = "bench.appended";
    one[0].payload = R"({"n":1})";
    auto r = co_await store->append(stream, std::move(one), quark::expected_version::exact(version),
                                    quark::deadline::after(10s));
    version = r.version;
    ++n;
  }
  co_return n;
}

quark::task<double> writers_rate(std::shared_ptr<quark::event_store> store, int lanes, steady::duration duration) {
  const std::string run_id = nonce();
  const auto start = steady::now();
  std::vector<quark::task<std::int64_t>> tasks;
  for (int l = 0; l < lanes; ++l) {
    tasks.push_back(writer(store, "w8-" + run_id + "-" + std::to_string(l), start + duration));
  }
  std::vector<std::int64_t> counts = co_await quark::when_all(std::move(tasks));
  const auto elapsed = steady::now() - start;
  std::int64_t total = 0;
  for (std::int64_t c : counts) total += c;
  co_return static_cast<double>(total) / std::chrono::duration<double>(elapsed).count();
}

void append_benchmark(benchmark::State& state, bool notify) {
  std::shared_ptr<quark::event_store> s;
  if (!store(state, notify, s)) return;
  boost::asio::io_context ctx;
  std::vector<double> samples;
  for (auto _ : state) {
    if (!run(state, ctx, append_samples_of(s, "append-" + nonce(), append_warmup, append_samples), samples)) return;
  }
  set_latency(state, std::move(samples));
}
void BM_journal_pg_append(benchmark::State& state) { append_benchmark(state, true); }
void BM_journal_pg_append_no_notify(benchmark::State& state) { append_benchmark(state, false); }
BENCHMARK(BM_journal_pg_append)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_journal_pg_append_no_notify)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_journal_pg_read100(benchmark::State& state) {
  std::shared_ptr<quark::event_store> s;
  if (!store(state, true, s)) return;
  boost::asio::io_context ctx;
  bool seeded = false;
  if (!run(state, ctx, seed_once(ctx, env("QUARK_PG_URL")), seeded)) return;
  state.counters["seeded_now"] = seeded ? 1 : 0;
  std::vector<double> samples;
  for (auto _ : state) {
    if (!run(state, ctx, read_samples_of(s, read_warmup, read_samples), samples)) return;
  }
  set_latency(state, std::move(samples));
}
BENCHMARK(BM_journal_pg_read100)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void writers_benchmark(benchmark::State& state, bool notify) {
  std::shared_ptr<quark::event_store> s;
  if (!store(state, notify, s)) return;
  boost::asio::io_context ctx;
  double rate = 0;
  for (auto _ : state) {
    if (!run(state, ctx, writers_rate(s, writers, writers_duration), rate)) return;
  }
  state.counters["rate"] = rate;
}
void BM_journal_pg_writers8(benchmark::State& state) { writers_benchmark(state, true); }
void BM_journal_pg_writers8_no_notify(benchmark::State& state) { writers_benchmark(state, false); }
BENCHMARK(BM_journal_pg_writers8)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_journal_pg_writers8_no_notify)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

const std::array figures{
    figure_spec{"BM_journal_pg_append", "p50_us", "journal.pg.append.p50_us",
                "us (1 event, exact version, sequential, synchronous_commit=on)", "report",
                "pgbench.journal.insert.p50_us"},
    figure_spec{"BM_journal_pg_append", "p99_us", "journal.pg.append.p99_us",
                "us (1 event, exact version, sequential, synchronous_commit=on)", "<= 1000 us and <= 2x pgbench",
                "pgbench.journal.insert.p99_us"},
    figure_spec{"BM_journal_pg_append_no_notify", "p50_us", "journal.pg.append_no_notify.p50_us",
                "us (as journal.pg.append, NOTIFY off)", "report", "pgbench.journal.insert.p50_us"},
    figure_spec{"BM_journal_pg_read100", "p50_us", "journal.pg.read100.p50_us",
                "us (100-event stream of 1M events, random)", "report", "pgbench.journal.read100.p50_us"},
    figure_spec{"BM_journal_pg_read100", "p99_us", "journal.pg.read100.p99_us",
                "us (100-event stream of 1M events, random)", "<= 1.5x pgbench", "pgbench.journal.read100.p99_us"},
    figure_spec{"BM_journal_pg_writers8", "rate", "journal.pg.writers8.rate",
                "events/s (8 writers, distinct streams, NOTIFY on)", ">= 0.8x pgbench -c 8",
                "pgbench.journal.writers8.rate"},
    figure_spec{"BM_journal_pg_writers8_no_notify", "rate", "journal.pg.writers8_no_notify.rate",
                "events/s (8 writers, distinct streams, NOTIFY off)", "report", "pgbench.journal.writers8.rate"},
};

}  // namespace journal_pg_bench

int main(int argc, char** argv) {
  using namespace journal_pg_bench;
  stores& s = the_stores();
  const std::string url = env("QUARK_PG_URL");
  if (url.empty()) {
    s.error = "QUARK_PG_URL is not set: run through scripts/bench (scripts/services run)";
  } else {
    try {
      s.notifying = quark::postgres::make_event_store({.conninfo = url, .pool_size = writers + 2, .schema = schema});
      s.quiet = quark::postgres::make_event_store(
          {.conninfo = url, .pool_size = writers + 2, .schema = schema, .notify = false});
    } catch (const std::exception& e) {
      s.error = e.what();
    }
  }
  const int rc = quark::bench::run_benchmarks(argc, argv, figures);
  s.notifying.reset();
  s.quiet.reset();
  return rc;
}
