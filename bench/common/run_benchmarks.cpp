#include "run_benchmarks.hpp"

#include "alloc_counter.hpp"
#include "figures.hpp"

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <vector>

namespace quark::bench {
namespace {

using run = benchmark::BenchmarkReporter::Run;

std::string key_of(const run& r) {
  const auto& n = r.run_name;
  return n.args.empty() ? n.function_name : n.function_name + "/" + n.args;
}

/// Prints like the console reporter and keeps the runs that carry figures.
class capturing_reporter final : public benchmark::ConsoleReporter {
 public:
  using ConsoleReporter::ConsoleReporter;

  void ReportRuns(const std::vector<run>& reports) override {
    for (const run& r : reports) {
      if (r.error_occurred) {
        failed_ = true;
        continue;
      }
      const bool median = r.run_type == run::RT_Aggregate && r.aggregate_name == "median";
      if (r.run_type == run::RT_Iteration || median) runs_[key_of(r)] = r;
    }
    ConsoleReporter::ReportRuns(reports);
  }

  const run* find(const std::string& key) const {
    auto it = runs_.find(key);
    return it == runs_.end() ? nullptr : &it->second;
  }

  bool failed() const { return failed_; }

 private:
  std::map<std::string, run> runs_;  // the median aggregate overwrites the repetitions
  bool failed_ = false;
};

}  // namespace

int run_benchmarks(int argc, char** argv, std::span<const figure_spec> figures) {
  require_alloc_counter();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  const auto options = isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_ColorTabular
                                             : benchmark::ConsoleReporter::OO_Tabular;
  capturing_reporter reporter(options);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  for (const figure_spec& f : figures) {
    const run* r = reporter.find(f.benchmark);
    if (r == nullptr || !r->counters.contains(f.counter)) {
      std::fprintf(stderr, "figure %s: no counter '%s' from benchmark %s (not run?)\n",
                   f.name.c_str(), f.counter.c_str(), f.benchmark.c_str());
      continue;
    }
    record(f.name, r->counters.at(f.counter).value, f.unit, f.target, f.peer);
  }
  return reporter.failed() ? 1 : 0;
}

}  // namespace quark::bench
