// quark_bench_caf: the CAF 0.17 peer figures for the Quark runtime benchmarks.
//
// One actor_system with exactly 2 scheduler workers (this machine has 2 cores). Google
// Benchmark times each workload (the whole workload per iteration, fixed iteration counts so
// the binary stays well under 90 s, real time); run_benchmarks() then records the figures.
//
// Two CAF 0.17 traits shape these numbers (perf, this machine):
// - An event-based actor keeps its pending request/then handlers in a
//   `detail::unordered_flat_map`, a vector searched linearly (`scheduled_actor::categorize`),
//   so each reply costs O(requests outstanding in that actor): the fan-out rate falls as its
//   window grows (measured: window 100 ~600k/s, 1,000 ~300k/s, 10,000 ~32k/s; all 1M at
//   once is hopeless). caf.fan_out.rate uses 1,000 in flight, one per callee on average.
// - Spawning from inside an actor queues each new actor's start on the spawning worker's
//   local queue; the idle worker then steals through `double_ended_queue::take_tail`, which
//   dominates (62% of samples) and makes the burst superlinear: 100,000 actors took ~94 s
//   (and ~54 s with plain sends instead of requests, so it is not the response map). The
//   burst therefore runs 20,000 actors and its unit says so.
#include "caf_actors.hpp"

#include "alloc_counter.hpp"
#include "process_memory.hpp"
#include "run_benchmarks.hpp"

#include <benchmark/benchmark.h>

#include <array>
#include <string>

namespace {

namespace peer = quark::bench::caf_peer;
using quark::bench::figure_spec;

constexpr int round_trips = 200'000;
constexpr int fan_out_calls = 1'000'000;
constexpr int fan_out_actors = 1'000;
constexpr int spawned_actors = 100'000;
constexpr int burst_actors = 20'000;  // not 100k: superlinear in CAF 0.17, see above
constexpr std::size_t spawn_window = 256;  // bounded spawn: first requests in flight
constexpr int idle_actors = 10'000;

caf::actor_system* system_ = nullptr;

/// Sends `(run, n)` to `driver` and blocks until it answers `done`.
void run_on(caf::scoped_actor& self, const caf::actor& driver, int n,
            benchmark::State& state) {
  self->request(driver, caf::infinite, peer::run_atom::value, n)
      .receive([](peer::done_atom) {},
               [&](caf::error& e) { state.SkipWithError(system_->render(e).c_str()); });
}

void set_rate(benchmark::State& state, double per_iteration) {
  state.counters["rate"] = benchmark::Counter(
      per_iteration * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

/// A sends B a request and awaits the reply before the next one.
void BM_round_trip(benchmark::State& state) {
  caf::scoped_actor self{*system_};
  auto callee = system_->spawn(peer::echo);
  auto driver = system_->spawn(peer::round_trip_driver, callee);
  for (auto _ : state) run_on(self, driver, round_trips, state);
  set_rate(state, round_trips);
}
BENCHMARK(BM_round_trip)->Iterations(5)->UseRealTime()->Unit(benchmark::kMillisecond);

/// One driver, 1,000 callees, 1,000,000 request/responses, at most range(0) outstanding
/// (a reply releases the next request; round-robin over the callees).
void BM_fan_out(benchmark::State& state) {
  const auto window = static_cast<std::size_t>(state.range(0));
  caf::scoped_actor self{*system_};
  std::vector<caf::actor> workers;
  for (int i = 0; i < fan_out_actors; ++i) workers.push_back(system_->spawn(peer::echo));
  auto driver = system_->spawn(peer::fan_out_driver, std::move(workers), window);
  for (auto _ : state) run_on(self, driver, fan_out_calls, state);
  set_rate(state, fan_out_calls);
  state.counters["window"] = static_cast<double>(window);
}
BENCHMARK(BM_fan_out)->Arg(1'000)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_fan_out)->Arg(100)->Iterations(2)->UseRealTime()->Unit(benchmark::kMillisecond);

/// One fresh driver per iteration; spawning it and dropping its actors is not timed.
void spawn_benchmark(benchmark::State& state, peer::spawn_mode mode, int actors) {
  caf::scoped_actor self{*system_};
  for (auto _ : state) {
    state.PauseTiming();
    auto driver = system_->spawn(peer::spawn_driver, mode, spawn_window);
    state.ResumeTiming();
    run_on(self, driver, actors, state);
    state.PauseTiming();
    self->request(driver, caf::infinite, peer::clear_atom::value)
        .receive([](peer::done_atom) {}, [](caf::error&) {});
    state.ResumeTiming();
  }
  set_rate(state, actors);
}

void BM_spawn_burst(benchmark::State& state) {
  spawn_benchmark(state, peer::spawn_mode::burst, burst_actors);
  state.counters["actors"] = burst_actors;
}
BENCHMARK(BM_spawn_burst)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_spawn_bounded(benchmark::State& state) {
  spawn_benchmark(state, peer::spawn_mode::bounded, spawned_actors);
  state.counters["window"] = static_cast<double>(spawn_window);
}
BENCHMARK(BM_spawn_bounded)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Spawns idle `echo` actors, pings each once so every one has run its initialisation,
/// and measures what stays allocated: heap (live bytes through operator new) and RSS.
void BM_idle_actor(benchmark::State& state) {
  caf::scoped_actor self{*system_};
  {  // warm up whatever CAF allocates once, on the first spawn or request
    auto warm = system_->spawn(peer::echo);
    self->request(warm, caf::infinite, peer::ping_atom::value, 0)
        .receive([](int) {}, [](caf::error&) {});
  }
  for (auto _ : state) {
    std::vector<caf::actor> actors;
    actors.reserve(idle_actors);
    const auto heap_before = quark::bench::alloc_snapshot();
    const auto rss_before = quark::bench::resident_bytes();
    for (int i = 0; i < idle_actors; ++i) actors.push_back(system_->spawn(peer::echo));
    for (const auto& a : actors) self->send(a, peer::ping_atom::value, 0);
    for (int i = 0; i < idle_actors; ++i) self->receive([](int) {});
    const auto heap = quark::bench::alloc_snapshot() - heap_before;
    const auto rss = quark::bench::resident_bytes() - rss_before;
    state.counters["heap_bytes"] = static_cast<double>(heap.live_bytes) / idle_actors;
    state.counters["rss_bytes"] = static_cast<double>(rss) / idle_actors;
    state.counters["live_allocs"] =
        static_cast<double>(heap.count - heap.frees) / idle_actors;
  }
}
BENCHMARK(BM_idle_actor)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

const std::array figures{
    figure_spec{"BM_round_trip", "rate", "caf.round_trip.rate", "calls/s", "reference"},
    figure_spec{"BM_fan_out/1000", "rate", "caf.fan_out.rate", "calls/s (1k in flight)",
                "reference"},
    figure_spec{"BM_fan_out/1000", "window", "caf.fan_out.window", "requests in flight",
                "reference"},
    figure_spec{"BM_fan_out/100", "rate", "caf.fan_out.window100.rate",
                "calls/s (100 in flight)", "reference"},
    figure_spec{"BM_spawn_burst", "rate", "caf.spawn.burst.rate",
                "actors/s (20k actors, not 100k)", "reference"},
    figure_spec{"BM_spawn_bounded", "rate", "caf.spawn.bounded.rate",
                "actors/s (256 in flight)", "reference"},
    figure_spec{"BM_idle_actor", "heap_bytes", "caf.idle_actor.bytes", "bytes/actor",
                "reference"},
    figure_spec{"BM_idle_actor", "live_allocs", "caf.idle_actor.allocs", "allocs/actor",
                "reference"},
    figure_spec{"BM_idle_actor", "rss_bytes", "caf.idle_actor.rss_bytes", "bytes/actor",
                "reference"},
};

}  // namespace

int main(int argc, char** argv) {
  caf::actor_system_config config;
  config.set("scheduler.max-threads", 2);
  caf::actor_system system{config};
  system_ = &system;
  const int rc = quark::bench::run_benchmarks(argc, argv, figures);
  system_ = nullptr;
  return rc;
}
