#pragma once
// Bounded spinning before a thread sleeps: a hand-off to a thread that is still awake costs
// a few microseconds, to one asleep in the kernel tens of them (a futex wake, a context
// switch, on a VM an IPI). Not part of the public API.

#include <chrono>
#include <cstddef>

namespace boost::asio {
class io_context;
}

namespace quark::detail {

/// One pause of a spin loop (the x86 `pause` instruction; nothing elsewhere).
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/// Runs `io` until it stops, as `io.run()` does, except that when it runs out of ready
/// handlers it may keep polling for up to `spin` before sleeping in `run_one()`: a handler
/// posted by a caller that comes straight back (a sequential writer awaiting each reply)
/// then finds the thread awake and costs the poster no wake-up. It spins only while its
/// recent idle gaps (a moving average) are shorter than `spin`: where work comes rarely or
/// slowly it sleeps at once, leaving the CPU to others. For an `io_context` with few or no
/// I/O objects (a poll is then a lock and a queue check), e.g. a blocking library's own
/// thread or `sync_wait`. Returns the number of handlers run.
std::size_t run_spinning(boost::asio::io_context& io, std::chrono::nanoseconds spin);

}  // namespace quark::detail
