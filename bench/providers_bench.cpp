// quark_bench_providers: round-trip latency and pipelined throughput of the PostgreSQL and
// Redis clients against the real servers started by scripts/services (QUARK_PG_URL,
// QUARK_REDIS_URL), compared in the report with pgbench and redis-benchmark run against the
// same servers in the same invocation (bench/peers/server_peers.sh).
//
// Both sides run their PostgreSQL sessions with synchronous_commit=off (see session_sql).
//
// What is timed, and what the peer does:
// - pg.insert: one connection, `INSERT INTO bench_insert(payload) VALUES ('x')` prepared once,
//   executed sequentially; each sample is one `execute` (steady_clock around the co_await).
//   Peer: pgbench -M prepared -c 1 -j 1 -t 5000 with the same statement, per-transaction log.
// - pg.pipeline.insert: 10,000 INSERTs (`$1` parameter) in one `pipeline` call (pipeline
//   mode, one sync); rows/s over 3 runs after a warm-up run. Peer: pgbench, \startpipeline 10,000 INSERTs
//   \endpipeline per transaction, 3 transactions.
// - redis.set / redis.get: one connection, SET then GET of one key, sequentially (one
//   command in flight); each sample is one command, SETs and GETs summarised apart. Peer:
//   redis-benchmark -c 1 -t get,set (its SET and its GET figures).
// - redis.pipelined: one connection, 32 lanes each issuing GETs back to back (32 commands
//   always in flight), 200,000 commands, best of 3 runs. Peer: redis-benchmark -c 1 -P 32
//   -t get, best of 3 runs.
//
// Samples are in microseconds; percentiles are nearest-rank (latency.hpp). Everything runs
// on the calling thread's io_context through quark::sync_wait (the client's shard).
// Coroutines are named functions taking their arguments by value (g++ 12).
#include "bench_helpers.hpp"
#include "run_benchmarks.hpp"

#include <quark/async/sync_wait.hpp>
#include <quark/async/task.hpp>
#include <quark/async/when_all.hpp>
#include <quark/postgres/connection.hpp>
#include <quark/redis/command.hpp>
#include <quark/redis/config.hpp>
#include <quark/redis/connection.hpp>

#include <benchmark/benchmark.h>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace providers_bench {

using namespace std::chrono_literals;
using quark::bench::figure_spec;
using quark::bench::env;
using quark::bench::micros;
using quark::bench::run;
using quark::bench::set_latency;
using steady = std::chrono::steady_clock;

constexpr int pg_warmup = 500;
constexpr int pg_samples = 5'000;       // = pgbench -t
constexpr int pg_pipeline_rows = 10'000;
constexpr int pg_pipeline_runs = 3;
constexpr int redis_warmup = 2'000;
constexpr int redis_pairs = 50'000;     // 100,000 commands (= redis-benchmark -n per test)
constexpr int redis_in_flight = 32;     // = redis-benchmark -P 32
constexpr int redis_pipelined_ops = 200'000;
constexpr int redis_pipelined_runs = 3;

const char* const insert_sql = "INSERT INTO bench_insert(payload) VALUES ('x')";
// As the peer (PGOPTIONS in server_peers.sh): the commit does not wait for the WAL flush,
// whose fsync on a shared disk adds milliseconds of noise that no client causes or removes.
const char* const session_sql = "SET synchronous_commit = off; SET client_min_messages = warning";
const char* const create_sql = "CREATE TABLE IF NOT EXISTS bench_insert(id bigserial PRIMARY KEY, payload text)";

// -- PostgreSQL ------------------------------------------------------------------------------

quark::task<std::unique_ptr<quark::postgres::connection>> pg_open(boost::asio::io_context& ctx, std::string url) {
  auto conn = co_await quark::postgres::connection::connect(ctx, std::move(url), quark::deadline::after(10s));
  co_await conn->execute_script(session_sql, quark::deadline::after(10s));
  co_await conn->execute_script(create_sql, quark::deadline::after(10s));
  co_return conn;
}

/// Sequential prepared INSERTs: `samples` timed after `warmup` untimed.
quark::task<std::vector<double>> pg_insert_samples(quark::postgres::connection* conn, int warmup, int samples) {
  co_await conn->prepare("bench_insert_x", insert_sql);
  for (int i = 0; i < warmup; ++i) co_await conn->execute("bench_insert_x");
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(samples));
  for (int i = 0; i < samples; ++i) {
    const auto start = steady::now();
    auto r = co_await conn->execute("bench_insert_x");
    out.push_back(micros(steady::now() - start));
    if (r.affected_rows() != 1) throw std::runtime_error("INSERT did not insert one row");
  }
  co_return out;
}

/// `runs` pipelines of `rows` INSERTs each (after one untimed); returns rows/s over all the
/// timed runs, as pgbench's tps over its transactions.
quark::task<double> pg_pipeline_rate(quark::postgres::connection* conn, int rows, int runs) {
  steady::duration total{};
  for (int run_no = 0; run_no <= runs; ++run_no) {  // run 0 warms up
    std::vector<quark::postgres::statement> batch;
    batch.reserve(static_cast<std::size_t>(rows));
    for (int i = 0; i < rows; ++i) {
      quark::postgres::statement st;
      st.sql = "INSERT INTO bench_insert(payload) VALUES ($1)";
      st.args.add("x");
      batch.push_back(std::move(st));
    }
    const auto start = steady::now();
    auto results = co_await conn->pipeline(std::move(batch));
    const auto elapsed = steady::now() - start;
    if (results.size() != static_cast<std::size_t>(rows)) throw std::runtime_error("pipeline lost results");
    if (run_no > 0) total += elapsed;
  }
  co_return static_cast<double>(rows) * runs / std::chrono::duration<double>(total).count();
}

void BM_pg_insert(benchmark::State& state) {
  const std::string url = env("QUARK_PG_URL");
  if (url.empty()) {
    state.SkipWithError("QUARK_PG_URL is not set: run through scripts/bench (scripts/services run)");
    return;
  }
  boost::asio::io_context ctx;
  std::unique_ptr<quark::postgres::connection> conn;
  if (!run(state, ctx, pg_open(ctx, url), conn)) return;
  std::vector<double> samples;
  for (auto _ : state) {
    if (!run(state, ctx, pg_insert_samples(conn.get(), pg_warmup, pg_samples), samples)) return;
  }
  set_latency(state, std::move(samples));
}
BENCHMARK(BM_pg_insert)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_pg_pipeline_insert(benchmark::State& state) {
  const std::string url = env("QUARK_PG_URL");
  if (url.empty()) {
    state.SkipWithError("QUARK_PG_URL is not set: run through scripts/bench (scripts/services run)");
    return;
  }
  boost::asio::io_context ctx;
  std::unique_ptr<quark::postgres::connection> conn;
  if (!run(state, ctx, pg_open(ctx, url), conn)) return;
  double rate = 0;
  for (auto _ : state) {
    if (!run(state, ctx, pg_pipeline_rate(conn.get(), pg_pipeline_rows, pg_pipeline_runs), rate)) return;
  }
  state.counters["rate"] = rate;
  state.counters["rows"] = static_cast<double>(pg_pipeline_rows);
}
BENCHMARK(BM_pg_pipeline_insert)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

// -- Redis -----------------------------------------------------------------------------------

quark::task<std::shared_ptr<quark::redis::connection>> redis_open(boost::asio::io_context& ctx,
                                                                    quark::redis::config cfg) {
  co_return co_await quark::redis::connection::connect(ctx, std::move(cfg), quark::deadline::after(10s));
}

/// Sequential SET/GET pairs on one key: one command in flight; every command is a sample,
/// a SET's and then its GET's.
quark::task<std::vector<double>> redis_get_set_samples(std::shared_ptr<quark::redis::connection> conn, int warmup,
                                                        int pairs) {
  const std::string key = "quark-bench:get_set";
  const std::string value(3, 'x');  // redis-benchmark's default payload: 3 bytes
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(2 * pairs));
  for (int i = 0; i < warmup + pairs; ++i) {
    quark::redis::command set{"SET", key, value};
    quark::redis::command get{"GET", key};
    const auto t0 = steady::now();
    auto set_reply = co_await conn->execute(std::move(set));
    const auto t1 = steady::now();
    auto get_reply = co_await conn->execute(std::move(get));
    const auto t2 = steady::now();
    if (!set_reply.is_ok() || get_reply.optional_string() != value) throw std::runtime_error("wrong reply");
    if (i >= warmup) {
      out.push_back(micros(t1 - t0));
      out.push_back(micros(t2 - t1));
    }
  }
  co_return out;
}

/// One of the lanes of the pipelined run: `n` GETs back to back on the shared connection.
quark::task<std::int64_t> redis_get_lane(std::shared_ptr<quark::redis::connection> conn, std::string key, int n) {
  std::int64_t hits = 0;
  for (int i = 0; i < n; ++i) {
    quark::redis::command get{"GET", key};
    auto r = co_await conn->execute(std::move(get));
    if (r.is_string()) ++hits;
  }
  co_return hits;
}

quark::task<std::int64_t> sum_all(std::vector<quark::task<std::int64_t>> tasks) {
  std::vector<std::int64_t> values = co_await quark::when_all(std::move(tasks));
  std::int64_t sum = 0;
  for (std::int64_t v : values) sum += v;
  co_return sum;
}

/// `runs` times `ops` GETs with `lanes` always in flight on one connection; returns the best
/// run's ops/s (the peer also reports its best of 3: throughput on a shared 2-core machine
/// is noisy, and the best run is the one least disturbed).
quark::task<double> redis_pipelined_rate(std::shared_ptr<quark::redis::connection> conn, int lanes, int ops,
                                         int runs) {
  const std::string key = "quark-bench:get_set";
  quark::redis::command set{"SET", key, "xxx"};
  co_await conn->execute(std::move(set));
  std::vector<quark::task<std::int64_t>> warm;
  for (int l = 0; l < lanes; ++l) warm.push_back(redis_get_lane(conn, key, 100));
  co_await sum_all(std::move(warm));

  double best = 0;
  for (int run_no = 0; run_no < runs; ++run_no) {
    std::vector<quark::task<std::int64_t>> tasks;
    for (int l = 0; l < lanes; ++l) tasks.push_back(redis_get_lane(conn, key, ops / lanes));
    const auto start = steady::now();
    const std::int64_t hits = co_await sum_all(std::move(tasks));
    const auto elapsed = steady::now() - start;
    if (hits != static_cast<std::int64_t>(ops / lanes) * lanes) throw std::runtime_error("GET missed the key");
    best = std::max(best, static_cast<double>(hits) / std::chrono::duration<double>(elapsed).count());
  }
  co_return best;
}

bool redis_config(benchmark::State& state, quark::redis::config& cfg) {
  const std::string url = env("QUARK_REDIS_URL");
  if (url.empty()) {
    state.SkipWithError("QUARK_REDIS_URL is not set: run through scripts/bench (scripts/services run)");
    return false;
  }
  cfg = quark::redis::config::from_url(url);
  return true;
}

void BM_redis_get_set(benchmark::State& state) {
  quark::redis::config cfg;
  if (!redis_config(state, cfg)) return;
  boost::asio::io_context ctx;
  std::shared_ptr<quark::redis::connection> conn;
  if (!run(state, ctx, redis_open(ctx, cfg), conn)) return;
  std::vector<double> samples;
  for (auto _ : state) {
    if (!run(state, ctx, redis_get_set_samples(conn, redis_warmup, redis_pairs), samples)) break;
  }
  conn->close();
  ctx.restart();
  ctx.poll();
  if (samples.empty()) return;
  // Each kind beside redis-benchmark's figure for it (its SET takes longer than its GET).
  std::vector<double> sets;
  std::vector<double> gets;
  for (std::size_t i = 0; i < samples.size(); ++i) (i % 2 == 0 ? sets : gets).push_back(samples[i]);
  set_latency(state, std::move(sets), "set_");
  set_latency(state, std::move(gets), "get_");
}
BENCHMARK(BM_redis_get_set)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_redis_pipelined(benchmark::State& state) {
  quark::redis::config cfg;
  if (!redis_config(state, cfg)) return;
  boost::asio::io_context ctx;
  std::shared_ptr<quark::redis::connection> conn;
  if (!run(state, ctx, redis_open(ctx, cfg), conn)) return;
  double rate = 0;
  for (auto _ : state) {
    if (!run(state, ctx, redis_pipelined_rate(conn, redis_in_flight, redis_pipelined_ops, redis_pipelined_runs), rate)) break;
  }
  conn->close();
  ctx.restart();
  ctx.poll();
  state.counters["rate"] = rate;
  state.counters["in_flight"] = static_cast<double>(redis_in_flight);
}
BENCHMARK(BM_redis_pipelined)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

const std::array figures{
    figure_spec{"BM_pg_insert", "p50_us", "pg.insert.p50_us", "us (prepared INSERT, 1 connection, sequential)",
                "<= 1.1x pgbench", "pgbench.insert.p50_us"},
    figure_spec{"BM_pg_insert", "p99_us", "pg.insert.p99_us", "us (prepared INSERT, 1 connection, sequential)",
                "<= 1.1x pgbench", "pgbench.insert.p99_us"},
    figure_spec{"BM_pg_pipeline_insert", "rate", "pg.pipeline.insert.rate", "rows/s (10k INSERTs, one pipeline)",
                "report", "pgbench.pipeline.insert.rate"},
    figure_spec{"BM_redis_get_set", "set_p50_us", "redis.set.p50_us", "us (SET, 1 in flight)",
                "<= 1.1x redis-benchmark", "redis_benchmark.set.p50_us"},
    figure_spec{"BM_redis_get_set", "set_p99_us", "redis.set.p99_us", "us (SET, 1 in flight)",
                "<= 1.1x redis-benchmark", "redis_benchmark.set.p99_us"},
    figure_spec{"BM_redis_get_set", "get_p50_us", "redis.get.p50_us", "us (GET, 1 in flight)",
                "<= 1.1x redis-benchmark", "redis_benchmark.get.p50_us"},
    figure_spec{"BM_redis_get_set", "get_p99_us", "redis.get.p99_us", "us (GET, 1 in flight)",
                "<= 1.1x redis-benchmark", "redis_benchmark.get.p99_us"},
    figure_spec{"BM_redis_pipelined", "rate", "redis.pipelined.rate", "ops/s (GET, 1 connection, 32 in flight)",
                ">= 0.8x redis-benchmark -P 32", "redis_benchmark.p32.rate"},
};

}  // namespace providers_bench

int main(int argc, char** argv) { return quark::bench::run_benchmarks(argc, argv, providers_bench::figures); }
