#include "latency.hpp"

#include <algorithm>
#include <cmath>

namespace quark::bench {

double percentile(std::vector<double>& samples, double q) {
  if (samples.empty()) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // Nearest rank: the smallest sample with at least q * n samples at or below it.
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples.size())));
  const std::size_t index = rank == 0 ? 0 : rank - 1;
  auto nth = samples.begin() + static_cast<std::ptrdiff_t>(index);
  std::nth_element(samples.begin(), nth, samples.end());
  return *nth;
}

latency_summary summarize(std::vector<double> samples) {
  latency_summary s;
  s.samples = samples.size();
  if (samples.empty()) return s;
  s.p50 = percentile(samples, 0.50);
  s.p99 = percentile(samples, 0.99);
  s.max = *std::max_element(samples.begin(), samples.end());
  return s;
}

}  // namespace quark::bench
