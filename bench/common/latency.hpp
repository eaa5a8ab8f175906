#pragma once
/// @file
/// Latency percentiles from raw samples.

#include <vector>

namespace quark::bench {

/// Nearest-rank percentiles of a set of samples (any unit; the result keeps it).
struct latency_summary {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
  std::size_t samples = 0;
};

/// Nearest-rank percentile `q` in [0, 1] of `samples`; reorders `samples` (nth_element).
/// Returns 0 for an empty vector.
double percentile(std::vector<double>& samples, double q);

/// p50, p99 and max of `samples` (taken by value: sort it in place with `std::move`).
latency_summary summarize(std::vector<double> samples);

}  // namespace quark::bench
