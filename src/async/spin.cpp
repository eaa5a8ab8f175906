#include <quark/async/detail/spin.hpp>

#include <boost/asio/io_context.hpp>

namespace quark::detail {

std::size_t run_spinning(boost::asio::io_context& io, std::chrono::nanoseconds spin) {
  using clock = std::chrono::steady_clock;
  std::size_t handled = 0;
  // How long this thread has been waiting for work lately (a moving average of the idle
  // gaps, 1/8 weight for the newest): it spins only while that is shorter than `spin`, so a
  // thread whose work comes back quickly stays awake and one whose work comes rarely (or
  // slowly, a commit that waits for a disk flush) sleeps at once instead of taking CPU from
  // the threads it waits for.
  std::chrono::nanoseconds average_gap = spin / 2;
  while (!io.stopped()) {
    if (const std::size_t n = io.poll(); n > 0) {
      handled += n;
      continue;
    }
    if (io.stopped()) break;  // out of work: poll() stopped it
    const auto idle_since = clock::now();
    bool found = false;
    if (average_gap < spin) {
      const auto until = idle_since + spin;
      // Reading the clock costs about as much as a poll; both every 32 pauses.
      for (unsigned i = 1; !found; ++i) {
        cpu_relax();
        if (i % 32 != 0) continue;
        const std::size_t n = io.poll();
        handled += n;
        found = n > 0 || io.stopped();
        if (clock::now() >= until) break;
      }
    }
    if (!found) handled += io.run_one();
    const std::chrono::nanoseconds gap = clock::now() - idle_since;
    average_gap += (gap - average_gap) / 8;
  }
  return handled;
}

}  // namespace quark::detail
