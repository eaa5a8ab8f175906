#include "caf_actors.hpp"

#include <algorithm>

namespace quark::bench::caf_peer {

caf::behavior echo(caf::event_based_actor*) {
  return {[](ping_atom, int x) { return x; }};
}

// -- round trip ---------------------------------------------------------------------------

namespace {

void next_round_trip(caf::stateful_actor<round_trip_state>* self) {
  self->request(self->state.peer, caf::infinite, ping_atom::value, self->state.remaining)
      .then([self](int) {
        if (--self->state.remaining == 0)
          self->state.done.deliver(done_atom::value);
        else
          next_round_trip(self);
      });
}

}  // namespace

caf::behavior round_trip_driver(caf::stateful_actor<round_trip_state>* self,
                                caf::actor peer) {
  self->state.peer = std::move(peer);
  return {[self](run_atom, int n) {
    self->state.remaining = n;
    self->state.done = self->make_response_promise();
    next_round_trip(self);
    return self->state.done;
  }};
}

// -- fan-out ------------------------------------------------------------------------------

namespace {

void next_fan_out(caf::stateful_actor<fan_out_state>* self) {
  auto& st = self->state;
  const std::size_t i = st.sent++;
  self->request(st.workers[i % st.workers.size()], caf::infinite, ping_atom::value,
                static_cast<int>(i))
      .then([self](int) {
        auto& s = self->state;
        ++s.received;
        if (s.sent < s.total)
          next_fan_out(self);
        else if (s.received == s.total)
          s.done.deliver(done_atom::value);
      });
}

}  // namespace

caf::behavior fan_out_driver(caf::stateful_actor<fan_out_state>* self,
                             std::vector<caf::actor> workers, std::size_t window) {
  self->state.workers = std::move(workers);
  self->state.window = window;
  return {[self](run_atom, int n) {
    auto& st = self->state;
    st.total = static_cast<std::size_t>(n);
    st.sent = st.received = 0;
    st.done = self->make_response_promise();
    for (std::size_t k = 0; k < std::min(st.window, st.total); ++k) next_fan_out(self);
    return st.done;
  }};
}

// -- spawn --------------------------------------------------------------------------------

namespace {

void first_reply(caf::stateful_actor<spawn_state>* self);

void await_first_reply(caf::stateful_actor<spawn_state>* self, const caf::actor& fresh) {
  self->request(fresh, caf::infinite, ping_atom::value, 0).then([self](int) {
    first_reply(self);
  });
}

void spawn_next(caf::stateful_actor<spawn_state>* self) {
  self->state.spawned.push_back(self->spawn(echo));
  await_first_reply(self, self->state.spawned.back());
}

void first_reply(caf::stateful_actor<spawn_state>* self) {
  auto& st = self->state;
  ++st.replied;
  if (st.mode == spawn_mode::bounded && st.spawned.size() < st.total)
    spawn_next(self);
  else if (st.replied == st.total)
    st.done.deliver(done_atom::value);
}

void start_spawn_run(caf::stateful_actor<spawn_state>* self) {
  auto& st = self->state;
  if (st.mode == spawn_mode::bounded) {
    for (std::size_t k = 0; k < std::min(st.window, st.total); ++k) spawn_next(self);
    return;
  }
  for (std::size_t i = 0; i < st.total; ++i) st.spawned.push_back(self->spawn(echo));
  for (const auto& fresh : st.spawned) await_first_reply(self, fresh);
}

}  // namespace

caf::behavior spawn_driver(caf::stateful_actor<spawn_state>* self, spawn_mode mode,
                           std::size_t window) {
  self->state.mode = mode;
  self->state.window = window;
  return {
      [self](run_atom, int n) {
        auto& st = self->state;
        st.total = static_cast<std::size_t>(n);
        st.replied = 0;
        st.spawned.clear();
        st.spawned.reserve(st.total);
        st.done = self->make_response_promise();
        start_spawn_run(self);
        return st.done;
      },
      [self](clear_atom) {
        self->state.spawned.clear();
        self->state.spawned.shrink_to_fit();
        return done_atom::value;
      },
  };
}

}  // namespace quark::bench::caf_peer
