#pragma once
/// @file
/// What the benchmark bodies share: latency counters, running a task under a benchmark, the
/// environment. Header-only: the figures library (quark_bench_common) does not link Quark.

#include "latency.hpp"

#include <quark/async/sync_wait.hpp>
#include <quark/async/task.hpp>

#include <benchmark/benchmark.h>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace quark::bench {

/// `d` in microseconds.
inline double micros(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

/// The environment variable `name`, or "" when it is not set.
inline std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

/// Sets counters `<prefix>p50_us`, `<prefix>p99_us`, `<prefix>max_us` and `<prefix>samples`
/// of `samples` (microseconds, nearest-rank percentiles).
inline void set_latency(benchmark::State& state, std::vector<double> samples, const std::string& prefix = "") {
  const latency_summary s = summarize(std::move(samples));
  state.counters[prefix + "p50_us"] = s.p50;
  state.counters[prefix + "p99_us"] = s.p99;
  state.counters[prefix + "max_us"] = s.max;
  state.counters[prefix + "samples"] = static_cast<double>(s.samples);
}

/// Runs `t` on `ctx` (quark::sync_wait) into `out`; a failure becomes the benchmark's error
/// (message on the console) and returns false.
template <class T>
bool run(benchmark::State& state, boost::asio::io_context& ctx, quark::task<T> t, T& out) {
  try {
    out = quark::sync_wait(ctx, std::move(t));
    return true;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return false;
  }
}

}  // namespace quark::bench
