// Projections: catch-up then live delivery in global order, a stored checkpoint that a
// restarted projection resumes from without gaps or repeats, and a failing handler.

#include <quark/async/sync_wait.hpp>
#include <quark/journal/projection.hpp>
#include <quark/journal/event_store.hpp>

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

namespace {

using namespace std::chrono_literals;
using quark::expected_version;

/// Collects what a projection delivers (the handler runs on the projection's thread).
struct sink {
  std::mutex mutex;
  std::vector<quark::recorded_event> seen;
  quark::event_handler handler() {
    return [this](const quark::recorded_event& e) -> quark::task<void> { return take(e); };
  }
  quark::task<void> take(const quark::recorded_event& e) {
    std::lock_guard lock{mutex};
    seen.push_back(e);
    co_return;
  }
  std::vector<quark::recorded_event> snapshot() {
    std::lock_guard lock{mutex};
    return seen;
  }
};

quark::event_position append(quark::event_store& store, const std::string& stream, int n) {
  boost::asio::io_context ctx;
  std::vector<quark::event_data> batch;
  for (int i = 0; i < n; ++i) {
    quark::event_data e;
    e.id = quark::uuid::generate();
    e.type = "test.projection.happened";
    e.payload = "{\"n\":" + std::to_string(i) + "}";
    batch.push_back(std::move(e));
  }
  return quark::sync_wait(ctx, store.append(stream, std::move(batch), expected_version::any(), quark::deadline::never()))
      .positions.back();
}

TEST(projection, catches_up_then_delivers_live_events_in_global_order) {
  auto store = quark::make_memory_event_store();
  append(*store, "a", 3);
  append(*store, "b", 2);
  sink out;
  // A long poll interval: live events must arrive through the append signal, not polling.
  quark::projection p{store, "test.catch_up", out.handler(), {.batch = 2, .poll_interval = 1h}};
  p.start();
  ASSERT_TRUE(p.wait_until(append(*store, "a", 1), 10s));
  const auto last = append(*store, "c", 4);
  ASSERT_TRUE(p.wait_until(last, 10s));
  p.stop();
  const auto seen = out.snapshot();
  ASSERT_EQ(seen.size(), 10u);
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_LT(seen[i - 1].position, seen[i].position);
  EXPECT_EQ(seen.back().stream, "c");
  EXPECT_EQ(p.delivered(), 10u);
}

TEST(projection, a_restarted_projection_resumes_after_its_checkpoint_without_repeats) {
  auto store = quark::make_memory_event_store();
  append(*store, "a", 5);
  sink first;
  {
    quark::projection p{store, "test.resume", first.handler()};
    p.start();
    ASSERT_TRUE(p.wait_until(append(*store, "a", 2), 10s));
  }  // destroyed: stopped, checkpoint stored
  append(*store, "b", 3);
  sink second;
  quark::projection p{store, "test.resume", second.handler()};
  p.start();
  const auto last = append(*store, "b", 1);
  ASSERT_TRUE(p.wait_until(last, 10s));
  p.stop();
  EXPECT_EQ(first.snapshot().size(), 7u);
  const auto resumed = second.snapshot();
  ASSERT_EQ(resumed.size(), 4u);
  EXPECT_EQ(resumed.front().stream, "b");
  EXPECT_LT(first.snapshot().back().position, resumed.front().position);
  boost::asio::io_context ctx;
  EXPECT_EQ(quark::sync_wait(ctx, store->load_checkpoint("test.resume", quark::deadline::never())), last);
}

TEST(projection, a_batch_handler_receives_consecutive_batches_and_the_checkpoint_follows_them) {
  auto store = quark::make_memory_event_store();
  const auto last = append(*store, "a", 10);
  std::mutex mutex;
  std::vector<std::size_t> sizes;
  auto record = [&](std::size_t n) {
    std::lock_guard lock{mutex};
    sizes.push_back(n);
  };
  quark::projection p{store, "test.batches",
                      quark::batch_handler{[&record](std::span<const quark::recorded_event> page) {
                        record(page.size());
                        return [](int) -> quark::task<void> { co_return; }(0);
                      }},
                      {.batch = 4}};
  p.start();
  ASSERT_TRUE(p.wait_until(last, 10s));
  p.stop();
  std::lock_guard lock{mutex};
  EXPECT_EQ(sizes, (std::vector<std::size_t>{4, 4, 2}));
  EXPECT_EQ(p.delivered(), 10u);
  EXPECT_EQ(p.checkpoint(), last);
}

TEST(projection, a_failing_handler_stops_the_projection_before_the_failing_event) {
  auto store = quark::make_memory_event_store();
  append(*store, "a", 3);
  int calls = 0;
  quark::projection p{store, "test.failing", [&calls](const quark::recorded_event& e) -> quark::task<void> {
                        if (++calls == 2) throw std::runtime_error("read model unavailable");
                        (void)e;
                        return [](int) -> quark::task<void> { co_return; }(0);
                      }};
  p.start();
  EXPECT_FALSE(p.wait_until(quark::event_position{99, 99}, 10s));
  ASSERT_TRUE(p.error() != nullptr);
  p.stop();
  EXPECT_EQ(calls, 2);
  // Nothing after the first event was acknowledged.
  boost::asio::io_context ctx;
  const auto stored = quark::sync_wait(ctx, store->load_checkpoint("test.failing", quark::deadline::never()));
  EXPECT_TRUE(!stored.has_value() || *stored < append(*store, "z", 1));
  EXPECT_THROW((quark::projection{store, "", [](const quark::recorded_event&) -> quark::task<void> {
                                     return [](int) -> quark::task<void> { co_return; }(0);
                                   }}),
               quark::config_error);
}

}  // namespace
