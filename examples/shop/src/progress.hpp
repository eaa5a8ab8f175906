#pragma once
// The progress display of the order phase (private).

#include <shop/demo.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace shop::detail {

/// Shows `done/total` as a bar redrawn with '\r' (terminals) or as plain lines at each
/// quarter. Not thread-safe: call from one thread (the demo's client coroutine).
class progress_meter {
 public:
  /// `style` automatic picks the bar when `out` is a terminal. `out` may be null.
  progress_meter(std::FILE* out, progress_style style, std::int64_t total);

  /// Reports that `done` items are finished; draws at most every 100 ms (bar) or at each
  /// quarter (lines), and always when `done == total`.
  void update(std::int64_t done);
  /// Ends the display (the bar's final newline).
  void finish();

 private:
  using clock = std::chrono::steady_clock;
  void draw_bar(std::int64_t done);

  std::FILE* out_;
  progress_style style_;
  std::int64_t total_;
  std::int64_t next_quarter_ = 1;
  bool drawn_ = false;
  clock::time_point start_ = clock::now();
  clock::time_point last_draw_{};
};

}  // namespace shop::detail
