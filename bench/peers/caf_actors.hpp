#pragma once
// The CAF 0.17 actors behind quark_bench_caf: the same workloads the Quark runtime
// benchmarks run, written the way a CAF user would (untyped event-based actors,
// request/then for every call, a response_promise to tell the driver a run is over).

#include <caf/all.hpp>

#include <cstddef>
#include <vector>

namespace quark::bench::caf_peer {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using run_atom = caf::atom_constant<caf::atom("run")>;
using done_atom = caf::atom_constant<caf::atom("done")>;
using clear_atom = caf::atom_constant<caf::atom("clear")>;

/// Answers `(ping, x)` with `x`; otherwise idle. The callee of every workload.
caf::behavior echo(caf::event_based_actor* self);

/// `(run, n)`: makes `n` sequential request/response round trips to `peer` (each one
/// awaited before the next), then answers `done`.
struct round_trip_state {
  caf::actor peer;
  int remaining = 0;
  caf::response_promise done;
};
caf::behavior round_trip_driver(caf::stateful_actor<round_trip_state>* self, caf::actor peer);

/// `(run, n)`: sends `n` requests round-robin over `workers`, keeping at most `window`
/// outstanding (a reply releases the next request), answers `done` when all `n` replies
/// have arrived.
struct fan_out_state {
  std::vector<caf::actor> workers;
  std::size_t window = 0;
  std::size_t total = 0;
  std::size_t sent = 0;
  std::size_t received = 0;
  caf::response_promise done;
};
caf::behavior fan_out_driver(caf::stateful_actor<fan_out_state>* self,
                             std::vector<caf::actor> workers, std::size_t window);

/// How `spawn_driver` sends each fresh actor its first call.
enum class spawn_mode {
  burst,    ///< spawn all, then request each
  bounded,  ///< at most `window` spawned actors awaiting their first reply, each reply
            ///< spawning the next
};

/// `(run, n)`: spawns `n` fresh `echo` actors and sends each one a first request; answers
/// `done` when every first reply has arrived. The actors stay alive until `clear`.
struct spawn_state {
  spawn_mode mode = spawn_mode::bounded;
  std::size_t window = 0;
  std::size_t total = 0;
  std::size_t replied = 0;
  std::vector<caf::actor> spawned;
  caf::response_promise done;
};
caf::behavior spawn_driver(caf::stateful_actor<spawn_state>* self, spawn_mode mode,
                           std::size_t window);

}  // namespace quark::bench::caf_peer
