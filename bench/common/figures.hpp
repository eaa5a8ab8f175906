#pragma once
/// @file
/// Benchmark figures: one JSON object per line, read back by `quark_bench_report`.

#include <string>

namespace quark::bench {

/// Appends the figure `{"name","value","unit","target","peer"}` as one JSON line to the file
/// named by the environment variable `QUARK_BENCH_OUT` (created if missing, always appended
/// to), or to stdout when the variable is unset or empty.
///
/// - `name`: stable dotted name, e.g. `"caf.round_trip.rate"`.
/// - `unit`: e.g. `"calls/s"`, `"bytes/actor"`.
/// - `target`: what the figure should reach, free text (e.g. `">= 1M"`, `"reference"`).
/// - `peer`: name of another figure to print beside this one, e.g. `"caf.round_trip.rate"`;
///   the report shows its value and the ratio value / peer value.
///
/// Thread-safe (one line is written under a mutex). Throws `std::system_error` when the
/// output file cannot be opened or written.
///
/// @code
/// quark::bench::record("quark.round_trip.rate", 1.2e6, "calls/s", ">= caf",
///                      "caf.round_trip.rate");
/// @endcode
void record(std::string name, double value, std::string unit, std::string target,
            std::string peer = {});

}  // namespace quark::bench
