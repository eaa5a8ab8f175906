// quark_bench_runtime: Quark runtime figures, the same workloads as bench/peers/caf_bench.cpp.
//
// Every benchmark builds one 2-shard silo (this machine has 2 cores) before its timing loop
// and runs the whole workload inside the silo: a `driver` actor makes the calls, so what is
// timed is actor-to-actor messaging, not the client hand-off (one `block_on` per iteration).
// Fixed iteration counts keep the binary under ~30 s on an idle machine (the cross-shard
// round trip is the one that stretches when other processes compete for the two cores: its
// call count is kept low so the binary stays under 90 s even at a few thousand calls/s).
// Times are real time.
//
// Placement decides same-shard versus cross-shard (DESIGN.md, "Shards"):
// - `ponger` uses the default placement, so its activation lands on the caller's shard:
//   the driver's (same-shard round trips, warm-call allocations);
// - `far_ponger`, `echo` and `fresh` are `hashed`: the driver probes keys until it finds a
//   `far_ponger` on the other shard; `echo` and `fresh` actors spread over both shards;
// - `idle` uses the default placement (the directory spreads it once the caller's shard is
//   ahead).
//
// Windows: the fan-out awaits `when_all` over consecutive batches of 1,000 calls (at most
// 1,000 in flight, as caf.fan_out.window); activation uses a sliding window of lanes (each
// answer releases the next key), as CAF's bounded spawn (256).
//
// Coroutines are named functions taking their arguments by value (no capturing lambda
// coroutines, no lambdas inside a co_await expression: g++ 12).
#include "alloc_counter.hpp"
#include "process_memory.hpp"
#include "run_benchmarks.hpp"

#include <quark/quark.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace runtime_bench {

using namespace std::chrono_literals;

/// Answers a ping on the caller's shard (default placement).
class ponger : public quark::actor<ponger> {
 public:
  quark::task<std::int64_t> ping(std::int64_t x) { co_return x + 1; }
};

/// Same, placed by key hash (so a key can be chosen on the other shard).
class far_ponger : public quark::actor<far_ponger> {
 public:
  static constexpr quark::actor_options options{.placement = quark::shard_placement::hashed};
  quark::task<std::int64_t> ping(std::int64_t x) { co_return x + 1; }
  quark::task<std::thread::id> where() { co_return std::this_thread::get_id(); }
};

/// Fan-out callee, spread over the shards.
class echo : public quark::actor<echo> {
 public:
  static constexpr quark::actor_options options{.placement = quark::shard_placement::hashed};
  quark::task<std::int64_t> ping(std::int64_t x) { co_return x + 1; }
};

/// Activated once by its first call, then collected (idle age 1 ms, swept between
/// iterations, untimed).
class fresh : public quark::actor<fresh> {
 public:
  static constexpr quark::actor_options options{.idle_timeout = std::chrono::milliseconds(1),
                                                .placement = quark::shard_placement::hashed};
  quark::task<std::int64_t> ping(std::int64_t x) { co_return x + 1; }
};

/// No fields at all: what an idle activation costs is the runtime's own overhead.
class idle : public quark::actor<idle> {
 public:
  quark::task<std::int64_t> ping(std::int64_t x) { co_return x + 1; }
};

/// Heap and RSS retained per idle activation.
struct idle_cost {
  double heap_bytes = 0;
  double live_allocs = 0;
  double rss_bytes = 0;
};

/// The actor that drives every workload from inside the silo.
class driver : public quark::actor<driver> {
 public:
  quark::task<std::int64_t> round_trips(std::string ponger_key, std::int64_t n);
  quark::task<std::int64_t> far_round_trips(std::string far_key, std::int64_t n);
  quark::task<std::string> find_far_key();
  quark::task<std::int64_t> fan_out(std::int64_t calls, std::int64_t actors, std::int64_t window);
  quark::task<std::int64_t> activate(std::int64_t first_key, std::int64_t count, std::int64_t window);
  quark::task<double> warm_call_allocs(std::string ponger_key, std::int64_t n);
  quark::task<idle_cost> idle_activations(std::int64_t count);
};

}  // namespace runtime_bench

QUARK_ACTOR(runtime_bench::ponger, "bench.ponger", ping);
QUARK_ACTOR(runtime_bench::far_ponger, "bench.far_ponger", ping, where);
QUARK_ACTOR(runtime_bench::echo, "bench.echo", ping);
QUARK_ACTOR(runtime_bench::fresh, "bench.fresh", ping);
QUARK_ACTOR(runtime_bench::idle, "bench.idle", ping);
QUARK_ACTOR(runtime_bench::driver, "bench.driver", round_trips, far_round_trips, find_far_key, fan_out,
            activate, warm_call_allocs, idle_activations);

namespace runtime_bench {

namespace {

constexpr std::int64_t round_trip_calls = 200'000;
constexpr std::int64_t cross_shard_calls = 20'000;
constexpr std::int64_t fan_out_calls = 1'000'000;
constexpr std::int64_t fan_out_actors = 1'000;
constexpr std::int64_t fan_out_window = 1'000;  // = caf.fan_out.window
constexpr std::int64_t activated_actors = 100'000;
constexpr std::int64_t warm_calls = 100'000;
constexpr std::int64_t idle_actors = 10'000;
constexpr std::int64_t idle_window = 256;

/// Keys are short (SSO): a key copy into an envelope must not allocate.
std::string key_of(char prefix, std::int64_t i) { return prefix + std::to_string(i); }

template <class T>
quark::task<std::int64_t> ping_one(quark::actor_ref<T> ref, std::int64_t x) {
  co_return co_await ref.template call<&T::ping>(x);
}

/// Runs `tasks` concurrently and returns the sum of their results.
quark::task<std::int64_t> sum_all(std::vector<quark::task<std::int64_t>> tasks) {
  std::vector<std::int64_t> values = co_await quark::when_all(std::move(tasks));
  std::int64_t sum = 0;
  for (std::int64_t v : values) sum += v;
  co_return sum;
}

/// Keys still to activate, shared by the lanes of one window (all on the driver's shard).
struct spawn_cursor {
  char prefix;
  std::int64_t first_key;
  std::int64_t next;
  std::int64_t count;
};

/// One lane of a sliding activation window: activates `T` actors one after another, each
/// by its first call.
template <class T>
quark::task<std::int64_t> activation_lane(spawn_cursor* cursor) {
  std::int64_t sum = 0;
  while (cursor->next < cursor->count) {
    const std::int64_t i = cursor->next++;
    auto target = quark::actor_ref<T>(key_of(cursor->prefix, cursor->first_key + i));
    sum += co_await target.template call<&T::ping>(i);
  }
  co_return sum;
}

/// Activates `count` fresh `T` actors with at most `window` first calls outstanding, a
/// sliding window as CAF's bounded spawn (each answer releases the next key).
template <class T>
quark::task<std::int64_t> activate_window(char prefix, std::int64_t first_key, std::int64_t count,
                                          std::int64_t window) {
  spawn_cursor cursor{prefix, first_key, 0, count};
  std::vector<quark::task<std::int64_t>> lanes;
  for (std::int64_t k = 0; k < std::min(window, count); ++k) lanes.push_back(activation_lane<T>(&cursor));
  co_return co_await sum_all(std::move(lanes));
}

}  // namespace

quark::task<std::int64_t> driver::round_trips(std::string ponger_key, std::int64_t n) {
  auto p = ref<ponger>(std::move(ponger_key));
  std::int64_t x = 0;
  for (std::int64_t i = 0; i < n; ++i) x = co_await p.call<&ponger::ping>(x);
  co_return x;
}

quark::task<std::int64_t> driver::far_round_trips(std::string far_key, std::int64_t n) {
  auto p = ref<far_ponger>(std::move(far_key));
  std::int64_t x = 0;
  for (std::int64_t i = 0; i < n; ++i) x = co_await p.call<&far_ponger::ping>(x);
  co_return x;
}

quark::task<std::string> driver::find_far_key() {
  const std::thread::id here = std::this_thread::get_id();
  for (std::int64_t i = 0; i < 64; ++i) {
    std::string key = key_of('f', i);
    const std::thread::id there = co_await ref<far_ponger>(key).call<&far_ponger::where>();
    if (there != here) co_return key;
  }
  throw std::runtime_error("no far_ponger key lands on the other shard");
}

quark::task<std::int64_t> driver::fan_out(std::int64_t calls, std::int64_t actors, std::int64_t window) {
  std::vector<quark::actor_ref<echo>> targets;
  targets.reserve(static_cast<std::size_t>(actors));
  for (std::int64_t a = 0; a < actors; ++a) targets.push_back(ref<echo>(key_of('e', a)));
  std::int64_t sum = 0;
  for (std::int64_t done = 0; done < calls;) {
    const std::int64_t batch = std::min(window, calls - done);
    std::vector<quark::task<std::int64_t>> tasks;
    tasks.reserve(static_cast<std::size_t>(batch));
    for (std::int64_t k = 0; k < batch; ++k, ++done) {
      tasks.push_back(ping_one(targets[static_cast<std::size_t>(done % actors)], done));
    }
    sum += co_await sum_all(std::move(tasks));
  }
  co_return sum;
}

quark::task<std::int64_t> driver::activate(std::int64_t first_key, std::int64_t count, std::int64_t window) {
  co_return co_await activate_window<fresh>('n', first_key, count, window);
}

quark::task<double> driver::warm_call_allocs(std::string ponger_key, std::int64_t n) {
  auto p = ref<ponger>(std::move(ponger_key));
  std::int64_t x = 0;
  for (int i = 0; i < 10'000; ++i) x = co_await p.call<&ponger::ping>(x);  // warm-up
  const auto before = quark::bench::alloc_snapshot();
  for (std::int64_t i = 0; i < n; ++i) x = co_await p.call<&ponger::ping>(x);
  const auto delta = quark::bench::alloc_snapshot() - before;
  benchmark::DoNotOptimize(x);
  co_return static_cast<double>(delta.count) / static_cast<double>(n);
}

quark::task<idle_cost> driver::idle_activations(std::int64_t count) {
  // Warm up with the same window: the frame pools then already hold what the measured run
  // uses, and the first activation of the type has allocated what it allocates once.
  co_await activate_window<idle>('w', 0, 4 * idle_window, idle_window);
  const auto heap_before = quark::bench::alloc_snapshot();
  const auto rss_before = quark::bench::resident_bytes();
  const std::int64_t answered = co_await activate_window<idle>('i', 0, count, idle_window);
  const auto heap = quark::bench::alloc_snapshot() - heap_before;
  const auto rss = quark::bench::resident_bytes() - rss_before;
  benchmark::DoNotOptimize(answered);
  const auto n = static_cast<double>(count);
  co_return idle_cost{static_cast<double>(heap.live_bytes) / n,
                      static_cast<double>(heap.count - heap.frees) / n, static_cast<double>(rss) / n};
}

namespace {

using quark::bench::figure_spec;

// -- block_on entry points (named coroutines, arguments by value) ------------------------

quark::task<std::int64_t> run_round_trips(quark::actor_ref<driver> d, std::string key, std::int64_t n) {
  co_return co_await d.call<&driver::round_trips>(std::move(key), n);
}
quark::task<std::int64_t> run_far_round_trips(quark::actor_ref<driver> d, std::string key, std::int64_t n) {
  co_return co_await d.call<&driver::far_round_trips>(std::move(key), n);
}
quark::task<std::string> run_find_far_key(quark::actor_ref<driver> d) {
  co_return co_await d.call<&driver::find_far_key>();
}
quark::task<std::int64_t> run_fan_out(quark::actor_ref<driver> d, std::int64_t calls, std::int64_t actors,
                                      std::int64_t window) {
  co_return co_await d.call<&driver::fan_out>(calls, actors, window);
}
quark::task<std::int64_t> run_activate(quark::actor_ref<driver> d, std::int64_t first, std::int64_t count,
                                       std::int64_t window) {
  co_return co_await d.call<&driver::activate>(first, count, window);
}
quark::task<double> run_warm_call_allocs(quark::actor_ref<driver> d, std::string key, std::int64_t n) {
  co_return co_await d.call<&driver::warm_call_allocs>(std::move(key), n);
}
quark::task<idle_cost> run_idle_activations(quark::actor_ref<driver> d, std::int64_t count) {
  co_return co_await d.call<&driver::idle_activations>(count);
}

quark::silo_options bench_silo() {
  // Long collection quantum: no idle sweep fires inside a timed loop.
  return quark::silo_options{}.with_shards(2).with_call_timeout(120s).with_collection_quantum(1h);
}

void set_rate(benchmark::State& state, double per_iteration) {
  state.counters["rate"] = benchmark::Counter(per_iteration * static_cast<double>(state.iterations()),
                                              benchmark::Counter::kIsRate);
}

void check(benchmark::State& state, std::int64_t got, std::int64_t want) {
  if (got != want) state.SkipWithError("wrong checksum");
}

/// Sum of `x + 1` over x in [0, n): what ping_one over 0..n-1 adds up to.
constexpr std::int64_t ping_sum(std::int64_t n) { return n * (n - 1) / 2 + n; }

// -- benchmarks ----------------------------------------------------------------------------

/// Driver and ponger on one shard, N sequential request/responses.
void BM_round_trip_same_shard(benchmark::State& state) {
  quark::silo silo{bench_silo()};
  auto d = silo.client().ref<driver>("d");
  silo.block_on(run_round_trips(d, "p", 1'000));  // activates both, warms the pools
  for (auto _ : state) {
    check(state, silo.block_on(run_round_trips(d, "p", round_trip_calls)), round_trip_calls);
  }
  set_rate(state, round_trip_calls);
}
BENCHMARK(BM_round_trip_same_shard)->Iterations(5)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Driver on one shard, ponger on the other, N sequential request/responses.
void BM_round_trip_cross_shard(benchmark::State& state) {
  quark::silo silo{bench_silo()};
  auto d = silo.client().ref<driver>("d");
  const std::string far = silo.block_on(run_find_far_key(d));
  silo.block_on(run_far_round_trips(d, far, 1'000));
  for (auto _ : state) {
    check(state, silo.block_on(run_far_round_trips(d, far, cross_shard_calls)), cross_shard_calls);
  }
  set_rate(state, cross_shard_calls);
}
BENCHMARK(BM_round_trip_cross_shard)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);

/// 1,000,000 calls over 1,000 hashed actors, `window` outstanding (when_all per window).
void BM_fan_out(benchmark::State& state) {
  const std::int64_t window = state.range(0);
  quark::silo silo{bench_silo()};
  auto d = silo.client().ref<driver>("d");
  silo.block_on(run_fan_out(d, fan_out_actors, fan_out_actors, window));  // activates the callees
  const auto heap_before = quark::bench::alloc_snapshot();
  for (auto _ : state) {
    check(state, silo.block_on(run_fan_out(d, fan_out_calls, fan_out_actors, window)), ping_sum(fan_out_calls));
  }
  const auto heap = quark::bench::alloc_snapshot() - heap_before;
  set_rate(state, fan_out_calls);
  state.counters["allocs"] = static_cast<double>(heap.count) / static_cast<double>(fan_out_calls * state.iterations());
  state.counters["window"] = static_cast<double>(window);
}
BENCHMARK(BM_fan_out)->Arg(fan_out_window)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);

/// 100,000 fresh actors per iteration, each activated by its first call, at most `window`
/// first calls outstanding (sliding). Collecting them afterwards is not timed.
void BM_activation(benchmark::State& state) {
  const std::int64_t window = state.range(0);
  quark::silo silo{bench_silo()};
  auto d = silo.client().ref<driver>("d");
  std::int64_t next_key = 0;
  silo.block_on(run_activate(d, next_key, 1'000, window));  // warm-up
  next_key += 1'000;
  quark::bench::alloc_counts heap{};
  for (auto _ : state) {
    const auto heap_before = quark::bench::alloc_snapshot();
    check(state, silo.block_on(run_activate(d, next_key, activated_actors, window)), ping_sum(activated_actors));
    heap = quark::bench::alloc_snapshot() - heap_before;
    next_key += activated_actors;
    state.PauseTiming();
    std::this_thread::sleep_for(5ms);  // past the type's 1 ms idle age
    silo.collect_idle();
    state.ResumeTiming();
  }
  set_rate(state, activated_actors);
  state.counters["window"] = static_cast<double>(window);
  state.counters["allocs"] = static_cast<double>(heap.count) / static_cast<double>(activated_actors);
}
BENCHMARK(BM_activation)->Arg(256)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_activation)->Arg(activated_actors)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Global-heap allocations per warm same-shard call.
void BM_warm_call_allocs(benchmark::State& state) {
  quark::silo silo{bench_silo()};
  auto d = silo.client().ref<driver>("d");
  double allocs = 0;
  for (auto _ : state) allocs = silo.block_on(run_warm_call_allocs(d, "p", warm_calls));
  state.counters["allocs"] = allocs;
}
BENCHMARK(BM_warm_call_allocs)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Heap (and RSS) retained per idle activation of a type with no fields.
void BM_idle_activation(benchmark::State& state) {
  quark::silo silo{bench_silo()};
  auto d = silo.client().ref<driver>("d");
  idle_cost cost;
  for (auto _ : state) cost = silo.block_on(run_idle_activations(d, idle_actors));
  state.counters["heap_bytes"] = cost.heap_bytes;
  state.counters["live_allocs"] = cost.live_allocs;
  state.counters["rss_bytes"] = cost.rss_bytes;
}
BENCHMARK(BM_idle_activation)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

const std::array figures{
    figure_spec{"BM_round_trip_same_shard", "rate", "quark.round_trip.same_shard.rate", "calls/s", ">= 2x caf",
                "caf.round_trip.rate"},
    figure_spec{"BM_round_trip_cross_shard", "rate", "quark.round_trip.cross_shard.rate", "calls/s", "report",
                "caf.round_trip.rate"},
    figure_spec{"BM_fan_out/1000", "rate", "quark.fan_out.rate", "calls/s (1k in flight, when_all windows)",
                ">= 2x caf", "caf.fan_out.rate"},
    figure_spec{"BM_activation/256", "rate", "quark.activation.rate", "actors/s (100k, 256 in flight)",
                ">= caf bounded", "caf.spawn.bounded.rate"},
    figure_spec{"BM_activation/100000", "rate", "quark.activation.burst.rate", "actors/s (100k all in flight; caf burst: 20k)",
                "report", "caf.spawn.burst.rate"},
    figure_spec{"BM_warm_call_allocs", "allocs", "quark.warm_call.allocs", "allocs/call", "<= 1"},
    figure_spec{"BM_idle_activation", "heap_bytes", "quark.idle_activation.bytes", "bytes/activation", "< 512",
                "caf.idle_actor.bytes"},
    figure_spec{"BM_idle_activation", "live_allocs", "quark.idle_activation.allocs", "allocs/activation",
                "report", "caf.idle_actor.allocs"},
    figure_spec{"BM_idle_activation", "rss_bytes", "quark.idle_activation.rss_bytes", "bytes/activation",
                "report", "caf.idle_actor.rss_bytes"},
};

}  // namespace
}  // namespace runtime_bench

int main(int argc, char** argv) { return quark::bench::run_benchmarks(argc, argv, runtime_bench::figures); }
