// quark_bench_journal: the embedded event store (quark::sqlite::open_event_store) on a file
// in a fresh temp directory, with the provider's settings (WAL, synchronous=NORMAL).
//
// What is timed:
// - append: one caller, single-event appends to its own stream with the exact expected
//   version, sequentially (one append in flight); each sample is one `append` (steady_clock
//   around sync_wait, including the hop to the database thread and back). The rate is
//   appends/s over the timed appends. Goal (issue 4): >= 20,000 events/s.
// - append_8_streams: one thread, 8 coroutines each appending single events to its own
//   stream with exact versions (8 appends in flight, as a silo's actors would); events/s.
//   The database thread then runs appends back to back instead of waking for each.
// - append_batch100: as append, 100 events per append; events/s (what a caller that can
//   batch gets).
// - read100: `read(stream, 1, all)` of a random stream of a store seeded with 10,000 streams
//   x 100 events, interleaved (event v of every stream, then v + 1: a stream's rows are
//   spread over the file), decoded into recorded_events. Seed targets: p99 < 10 ms.
//
// - replay: a silo activates an event-sourced actor (snapshots off) whose stream holds
//   100,000 events, i.e. reads them in pages, decodes each (JSON → the event type) and
//   applies it; events/s of that first call, best of 3 fresh silos, on the SQLite store and
//   on the memory store (decode + apply alone). Goal (issue 4): >= 200,000 events/s.
//   Also the heap allocations per replayed event (memory store, whole activation).
//
// Samples are in microseconds; percentiles are nearest-rank (latency.hpp). Every call runs
// through quark::sync_wait on the benchmark thread (its io_context is the caller's shard).
#include "alloc_counter.hpp"
#include "bench_helpers.hpp"
#include "run_benchmarks.hpp"

#include <quark/async/sync_wait.hpp>
#include <quark/async/task.hpp>
#include <quark/async/when_all.hpp>
#include <quark/quark.hpp>
#include <quark/sqlite/event_store.hpp>
#include <quark/testing/temp_dir.hpp>

#include <benchmark/benchmark.h>
#include <boost/asio/io_context.hpp>
#include <boost/describe.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace journal_bench {

using quark::bench::figure_spec;
using quark::bench::micros;
using quark::bench::set_latency;
using steady = std::chrono::steady_clock;

constexpr int append_warmup = 1'000;
constexpr int append_samples = 30'000;
constexpr int lanes = 8;
constexpr int lane_appends = 4'000;
constexpr int batch_size = 100;
constexpr int batch_appends = 300;
constexpr int seed_streams = 10'000;
constexpr int seed_events_per_stream = 100;
constexpr int read_warmup = 200;
constexpr int read_samples = 3'000;

using quark::testing::temp_dir;

quark::event_data make_event(int n) {
  quark::event_data e;
  e.id = quark::uuid::generate();
  e.type = "bench.happened";
  e.payload = "{\"n\":" + std::to_string(n) + ",\"note\":\"a typical small event payload\"}";
  e.metadata.correlation_id = "bench";
  return e;
}

/// `count` appends of `per_append` events to `stream`, exact versions from `version`;
/// returns each append's duration in microseconds.
std::vector<double> append_samples_of(quark::event_store& store, boost::asio::io_context& ctx,
                                      const std::string& stream, quark::stream_version& version, int count,
                                      int per_append) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    std::vector<quark::event_data> batch;
    for (int j = 0; j < per_append; ++j) batch.push_back(make_event(i));
    const auto start = steady::now();
    version = quark::sync_wait(ctx, store.append(stream, std::move(batch), quark::expected_version::exact(version),
                                                 quark::deadline::never()))
                  .version;
    out.push_back(micros(steady::now() - start));
  }
  return out;
}

void BM_journal_sqlite_append(benchmark::State& state) {
  temp_dir dir{"quark-bench-journal"};
  boost::asio::io_context ctx;
  try {
    auto store = quark::sqlite::open_event_store(dir / "events.db");
    quark::stream_version version = 0;
    append_samples_of(*store, ctx, "bench-append", version, append_warmup, 1);
    std::vector<double> samples;
    double seconds = 0;
    for (auto _ : state) {
      const auto start = steady::now();
      samples = append_samples_of(*store, ctx, "bench-append", version, append_samples, 1);
      seconds = std::chrono::duration<double>(steady::now() - start).count();
    }
    state.counters["rate"] = append_samples / seconds;
    set_latency(state, std::move(samples));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_journal_sqlite_append)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_journal_sqlite_append_batch100(benchmark::State& state) {
  temp_dir dir{"quark-bench-journal"};
  boost::asio::io_context ctx;
  try {
    auto store = quark::sqlite::open_event_store(dir / "events.db");
    quark::stream_version version = 0;
    append_samples_of(*store, ctx, "bench-batch", version, 10, batch_size);
    double seconds = 0;
    for (auto _ : state) {
      const auto start = steady::now();
      append_samples_of(*store, ctx, "bench-batch", version, batch_appends, batch_size);
      seconds = std::chrono::duration<double>(steady::now() - start).count();
    }
    state.counters["rate"] = batch_appends * batch_size / seconds;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_journal_sqlite_append_batch100)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

/// One of the lanes of append_8_streams: `n` sequential single-event appends to `stream`.
quark::task<std::int64_t> append_lane(std::shared_ptr<quark::event_store> store, std::string stream, int n) {
  quark::stream_version version = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<quark::event_data> one;
    one.push_back(make_event(i));
    auto op = store->append(stream, std::move(one), quark::expected_version::exact(version), quark::deadline::never());
    version = (co_await op).version;
  }
  co_return n;
}

quark::task<std::int64_t> run_lanes(std::shared_ptr<quark::event_store> store, std::string prefix, int n) {
  std::vector<quark::task<std::int64_t>> tasks;
  for (int l = 0; l < lanes; ++l) tasks.push_back(append_lane(store, prefix + std::to_string(l), n));
  std::vector<std::int64_t> done = co_await quark::when_all(std::move(tasks));
  std::int64_t total = 0;
  for (std::int64_t d : done) total += d;
  co_return total;
}

void BM_journal_sqlite_append_8_streams(benchmark::State& state) {
  temp_dir dir{"quark-bench-journal"};
  boost::asio::io_context ctx;
  try {
    auto store = quark::sqlite::open_event_store(dir / "events.db");
    quark::sync_wait(ctx, run_lanes(store, "warm-", 100));
    double rate = 0;
    for (auto _ : state) {
      const auto start = steady::now();
      const std::int64_t total = quark::sync_wait(ctx, run_lanes(store, "lane-", lane_appends));
      rate = static_cast<double>(total) / std::chrono::duration<double>(steady::now() - start).count();
    }
    state.counters["rate"] = rate;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_journal_sqlite_append_8_streams)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Fills the store's file with `streams` x `per_stream` events, interleaved by version, in
/// one INSERT ... SELECT (ids are valid UUID texts built from the counters).
void seed(quark::sqlite::database& db, int streams, int per_stream) {
  db.run_blocking([streams, per_stream](quark::sqlite::connection& c) {
    c.exec("BEGIN");
    c.prepare(
         "WITH RECURSIVE v(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM v WHERE n < ?2), "
         "s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ?1 - 1) "
         "INSERT INTO quark_events(id, stream, version, type, schema_version, payload, correlation_id, metadata, "
         "created_at) "
         "SELECT printf('%08x-0000-7000-8000-%012x', s.n, v.n), 'seed-' || s.n, v.n, 'bench.happened', 1, "
         "'{\"n\":' || v.n || ',\"note\":\"a typical small event payload\"}', 'bench', '{}', 0 "
         "FROM v, s ORDER BY v.n, s.n")
        .bind_all(streams, per_stream)
        .execute();
    c.exec("COMMIT");
    c.exec("ANALYZE");
  });
}

void BM_journal_sqlite_read100(benchmark::State& state) {
  temp_dir dir{"quark-bench-journal"};
  boost::asio::io_context ctx;
  try {
    auto db = quark::sqlite::database::open(dir / "events.db");
    auto store = quark::sqlite::make_event_store(db);
    seed(*db, seed_streams, seed_events_per_stream);
    std::mt19937 random{42};
    std::uniform_int_distribution<int> pick{0, seed_streams - 1};
    std::vector<double> samples;
    for (auto _ : state) {
      samples.clear();
      for (int i = 0; i < read_warmup + read_samples; ++i) {
        const std::string stream = "seed-" + std::to_string(pick(random));
        const auto start = steady::now();
        const auto events = quark::sync_wait(ctx, store->read(stream, 1, seed_events_per_stream, quark::deadline::never()));
        const auto elapsed = steady::now() - start;
        if (events.size() != static_cast<std::size_t>(seed_events_per_stream)) {
          throw std::runtime_error("a seeded stream did not read back 100 events");
        }
        if (i >= read_warmup) samples.push_back(micros(elapsed));
      }
    }
    set_latency(state, std::move(samples));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_journal_sqlite_read100)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

// -- replay into an event-sourced actor ----------------------------------------------------

struct credited {
  std::int64_t cents = 0;
  std::string note;
};
BOOST_DESCRIBE_STRUCT(credited, (), (cents, note))

struct ledger_state {
  std::int64_t balance = 0;
  std::int64_t entries = 0;
};
BOOST_DESCRIBE_STRUCT(ledger_state, (), (balance, entries))

}  // namespace journal_bench

QUARK_EVENT(journal_bench::credited, "bench.credited", 1);

namespace journal_bench {

/// The replayed actor: snapshots off, so activation folds every event of its stream.
class ledger : public quark::event_sourced_actor<ledger, ledger_state, credited> {
 public:
  static constexpr std::uint64_t snapshot_every = 0;
  quark::task<std::int64_t> entries() { co_return state().entries; }
  static void apply(ledger_state& s, const credited& e) {
    s.balance += e.cents;
    ++s.entries;
  }
};

}  // namespace journal_bench

QUARK_ACTOR(journal_bench::ledger, "bench.ledger", entries);

namespace journal_bench {

constexpr int replay_events = 100'000;
constexpr int replay_rounds = 3;

/// Appends `replay_events` credits to the ledger "l" in batches of 1,000.
void seed_ledger(quark::event_store& store) {
  boost::asio::io_context ctx;
  for (int b = 0; b < replay_events / 1000; ++b) {
    std::vector<quark::event_data> batch;
    for (int i = 0; i < 1000; ++i) batch.push_back(ledger::event_types::encode(credited{i % 100, "coffee"}));
    quark::sync_wait(ctx, store.append("bench.ledger/l", std::move(batch), quark::expected_version::any(),
                                       quark::deadline::never()));
  }
}

/// Best events/s of `replay_rounds` activations, each on a fresh silo; sets `allocs` to the
/// heap allocations per event of the last one.
double replay_rate(const std::shared_ptr<quark::event_store>& store, double& allocs) {
  double best = 0;
  for (int r = 0; r < replay_rounds; ++r) {
    quark::silo silo{quark::silo_options{}.with_shards(1).with_events(store)};
    silo.start();
    const auto before = quark::bench::alloc_snapshot();
    const auto start = steady::now();
    const std::int64_t n = silo.block_on([](quark::client& c) -> quark::task<std::int64_t> {
      co_return co_await c.ref<ledger>("l").call<&ledger::entries>();
    }(silo.client()));
    const double seconds = std::chrono::duration<double>(steady::now() - start).count();
    const auto used = quark::bench::alloc_snapshot() - before;
    if (n != replay_events) throw std::runtime_error("the replayed ledger has the wrong number of entries");
    best = std::max(best, replay_events / seconds);
    allocs = static_cast<double>(used.count) / replay_events;
  }
  return best;
}

/// Seeds `open()`'s store and reports the replay rate (and, with `with_allocs`, the heap
/// allocations per replayed event).
template <class Open>
void replay_benchmark(benchmark::State& state, Open open, bool with_allocs) {
  try {
    std::shared_ptr<quark::event_store> store = open();
    seed_ledger(*store);
    double allocs = 0;
    for (auto _ : state) state.counters["rate"] = replay_rate(store, allocs);
    if (with_allocs) state.counters["allocs_per_event"] = allocs;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void BM_journal_replay_sqlite(benchmark::State& state) {
  temp_dir dir{"quark-bench-journal"};
  replay_benchmark(state, [&] { return quark::sqlite::open_event_store(dir / "events.db"); }, false);
}
BENCHMARK(BM_journal_replay_sqlite)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_journal_replay_memory(benchmark::State& state) {
  replay_benchmark(state, [] { return quark::make_memory_event_store(); }, true);
}
BENCHMARK(BM_journal_replay_memory)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

const std::array figures{
    figure_spec{"BM_journal_replay_sqlite", "rate", "journal.replay.sqlite.rate",
                "events/s (activation folding 100k events from SQLite: read, decode, apply)", ">= 200000"},
    figure_spec{"BM_journal_replay_memory", "rate", "journal.replay.memory.rate",
                "events/s (activation folding 100k events from memory: copy, decode, apply)", "report"},
    figure_spec{"BM_journal_replay_memory", "allocs_per_event", "journal.replay.allocs_per_event",
                "heap allocations per replayed event (memory store, whole activation)", "report"},
    figure_spec{"BM_journal_sqlite_append", "rate", "journal.sqlite.append.rate",
                "events/s (1 event per append, exact version, sequential, WAL, synchronous=NORMAL)", ">= 20000"},
    figure_spec{"BM_journal_sqlite_append", "p50_us", "journal.sqlite.append.p50_us", "us (1 event, sequential)",
                "report"},
    figure_spec{"BM_journal_sqlite_append", "p99_us", "journal.sqlite.append.p99_us", "us (1 event, sequential)",
                "< 20000"},
    figure_spec{"BM_journal_sqlite_append_8_streams", "rate", "journal.sqlite.append_8_streams.rate",
                "events/s (1 event per append, 8 streams in flight from one thread)", "report"},
    figure_spec{"BM_journal_sqlite_append_batch100", "rate", "journal.sqlite.append_batch100.rate",
                "events/s (100 events per append, sequential)", "report"},
    figure_spec{"BM_journal_sqlite_read100", "p50_us", "journal.sqlite.read100.p50_us",
                "us (100-event stream of 1M events, random)", "report"},
    figure_spec{"BM_journal_sqlite_read100", "p99_us", "journal.sqlite.read100.p99_us",
                "us (100-event stream of 1M events, random)", "< 10000"},
};

}  // namespace journal_bench

int main(int argc, char** argv) { return quark::bench::run_benchmarks(argc, argv, journal_bench::figures); }
