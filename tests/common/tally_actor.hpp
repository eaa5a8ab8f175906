#pragma once
// A small event-sourced test actor shared by the backend tests of event-sourced actors: a
// tally of `added` events with an order-sensitive checksum, so that a recovery which applied
// the events in another order, twice or not at all gives a different state.

#include <quark/async/sync_wait.hpp>
#include <quark/quark.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/describe.hpp>

#include <cstdint>
#include <string>

namespace tally_test {

struct added {
  std::int64_t n = 0;
};
BOOST_DESCRIBE_STRUCT(added, (), (n))

struct tally {
  std::int64_t sum = 0;
  std::int64_t count = 0;
  std::int64_t checksum = 0;  // order-sensitive
};
BOOST_DESCRIBE_STRUCT(tally, (), (sum, count, checksum))

}  // namespace tally_test

QUARK_EVENT(tally_test::added, "test.tally.added", 1);

namespace tally_test {

class counter : public quark::event_sourced_actor<counter, tally, added> {
 public:
  /// `count` single-event appends of `i % 13`.
  quark::task<void> add_many(std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) co_await raise(added{i % 13});
  }
  quark::task<std::int64_t> add(std::int64_t n) {
    co_await raise(added{n});
    co_return state().sum;
  }
  quark::task<tally> view() { co_return state(); }
  static void apply(tally& s, const added& e) {
    s.sum += e.n;
    ++s.count;
    s.checksum = (s.checksum * 131 + e.n + 1) % 1000000007;
  }
};

/// The stream of counter `key`.
inline std::string stream_of(const std::string& key) { return "test.tally.counter/" + key; }

/// The state a full replay of `stream` gives, folded without the actor.
inline tally full_replay(quark::event_store& store, const std::string& stream) {
  boost::asio::io_context ctx;
  tally s;
  for (const auto& e : quark::sync_wait(ctx, store.read(stream, 1, 1'000'000, quark::deadline::never()))) {
    counter::apply(s, std::get<added>(counter::event_types::decode(e)));
  }
  return s;
}

/// The counter's state as the silo's activation has it.
inline tally view(quark::silo& silo, std::string key) {
  return silo.block_on([](quark::client& c, std::string k) -> quark::task<tally> {
    co_return co_await c.ref<counter>(std::move(k)).call<&counter::view>();
  }(silo.client(), std::move(key)));
}

}  // namespace tally_test

QUARK_ACTOR(tally_test::counter, "test.tally.counter", add_many, add, view);
