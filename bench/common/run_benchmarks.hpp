#pragma once
/// @file
/// A `main` for benchmark binaries: run Google Benchmark, then turn counters into figures.

#include <span>
#include <string>

namespace quark::bench {

/// Which Google Benchmark counter becomes which figure.
struct figure_spec {
  /// The benchmark's function name, plus `/args` if it has arguments: `"BM_round_trip"`,
  /// `"BM_fan_out/1000"` (matched against `run_name.function_name[/args]`).
  std::string benchmark;
  /// The user counter to read (`state.counters[...]`), already finalised by Google
  /// Benchmark (a `kIsRate` counter is divided by the measured time: real time under
  /// `->UseRealTime()`).
  std::string counter;
  std::string name;    ///< figure name, see `record`
  std::string unit;    ///< figure unit
  std::string target;  ///< figure target
  std::string peer{};  ///< figure peer (optional)
};

/// Checks the allocation counter (`require_alloc_counter`), initialises Google Benchmark
/// with `argc/argv` (so `--benchmark_filter` etc. work), runs every registered benchmark
/// with the console reporter, then `record`s one figure per spec whose benchmark ran
/// without error (from the last iteration run, or the median aggregate under
/// `--benchmark_repetitions`). A spec whose benchmark did not run is reported on stderr.
/// Returns the process exit code: 0, or 1 if an argument was not recognised or a
/// benchmark reported an error.
int run_benchmarks(int argc, char** argv, std::span<const figure_spec> figures);

}  // namespace quark::bench
