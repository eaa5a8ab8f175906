#pragma once
/// @file
/// The typed conformance suite every `quark::event_store` backend runs (STYLE rule 5).
///
/// A backend supplies a *factory*: a struct with `static std::shared_ptr<quark::event_store>
/// make()` returning a fresh, empty store, and optionally `static void cleanup()`, called
/// after each test once the store is destroyed (remove a temp dir, drop a schema).
///
/// @code
/// struct memory_factory {
///   static std::shared_ptr<quark::event_store> make() { return quark::make_memory_event_store(); }
/// };
/// namespace quark::testing {
/// INSTANTIATE_TYPED_TEST_SUITE_P(memory, event_store_conformance, ::testing::Types<memory_factory>);
/// }
/// @endcode
///
/// Instantiate inside `namespace quark::testing` (GoogleTest names the suite unqualified).

#include <quark/async/sync_wait.hpp>
#include <quark/async/task.hpp>
#include <quark/base/error.hpp>
#include <quark/journal/event_store.hpp>
#include <quark/testing/store_fixture.hpp>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace quark::testing {

/// A type that makes fresh event stores for the conformance suite.
template <class Factory>
concept event_store_factory = store_factory<Factory, event_store>;

/// An event of type `type` with a fresh id and payload `{"n":<n>}`.
event_data make_event(int n, std::string type = "test.happened");

/// True when two JSON texts hold the same value (PostgreSQL's JSONB may reorder keys and
/// drop whitespace, so payloads compare as values).
bool same_json(const std::string& a, const std::string& b);

/// Outcome of `race_appends`.
struct append_race_result {
  int appended = 0;       ///< appends that committed
  int conflicts = 0;      ///< appends that threw `concurrency_error` with the right stream
  int other_errors = 0;   ///< anything else (should be 0)
  std::string first_other_error;
  std::set<std::string> committed_ids;  ///< ids of every committed event
};

/// `writers` threads (own `io_context` each), started together, each appending
/// `appends_per_writer` single events to `stream` with `exact(<the version it last read>)`,
/// re-reading the version after each conflict. Blocks until all are done.
append_race_result race_appends(std::shared_ptr<event_store> store, const std::string& stream, int writers,
                                int appends_per_writer);

/// What a tailing reader saw while `writers` threads appended `per_writer` events each to
/// their own streams.
struct tail_result {
  std::vector<recorded_event> seen;  ///< in delivery order
  std::size_t appended = 0;          ///< events the writers committed
  int errors = 0;
  std::string first_error;
};

/// Starts `writers` threads appending `per_writer` events each (one stream per writer),
/// while the calling thread tails `read_all` in batches of `batch` from the beginning,
/// advancing its checkpoint to the last delivered position each time, until it has seen
/// every committed event or `timeout` passes.
tail_result tail_while_appending(std::shared_ptr<event_store> store, int writers, int per_writer, std::size_t batch,
                                 std::chrono::milliseconds timeout);

/// Fixture of the suite: a fresh store per test and synchronous helpers over it.
template <class Factory>
class event_store_conformance : public store_fixture<event_store, Factory> {
 protected:
  using store_fixture<event_store, Factory>::ctx_;
  using store_fixture<event_store, Factory>::store_;
  using store_fixture<event_store, Factory>::wait;

  append_result append(const std::string& stream, std::vector<event_data> events, expected_version expected) {
    return wait(store_->append(stream, std::move(events), expected, deadline::never()));
  }
  std::vector<recorded_event> read(const std::string& stream, stream_version from = 1,
                                   std::size_t max = std::numeric_limits<std::size_t>::max()) {
    return wait(store_->read(stream, from, max, deadline::never()));
  }
  std::vector<recorded_event> read_backward(const std::string& stream,
                                            stream_version from = std::numeric_limits<stream_version>::max(),
                                            std::size_t max = std::numeric_limits<std::size_t>::max()) {
    return wait(store_->read_backward(stream, from, max, deadline::never()));
  }
  std::vector<recorded_event> read_all(event_position after = {},
                                       std::size_t max = std::numeric_limits<std::size_t>::max()) {
    return wait(store_->read_all(after, max, deadline::never()));
  }
  std::optional<stream_info> info(const std::string& stream) { return wait(store_->stream(stream, deadline::never())); }
  /// `n` fresh events with payloads `{"n":first}`, `{"n":first+1}`...
  static std::vector<event_data> events(int n, int first = 1) {
    std::vector<event_data> out;
    for (int i = 0; i < n; ++i) out.push_back(make_event(first + i));
    return out;
  }
  static deadline already_expired() { return deadline{clock::now() - std::chrono::seconds{1}}; }
};

TYPED_TEST_SUITE_P(event_store_conformance);

TYPED_TEST_P(event_store_conformance, append_then_read_returns_every_field) {
  auto batch = this->events(3);
  batch[1].type = "test.other";
  batch[1].schema_version = 4;
  batch[1].payload = R"({"text":"h\u00e9llo \"quoted\" \\ \n","nested":{"a":[1,2,3]},"n":2})";
  batch[2].metadata = event_metadata{"corr-1", "cause-9", {{"tenant", "acme"}, {"user", "ann"}}};
  const auto before = std::chrono::system_clock::now() - std::chrono::seconds(5);
  const append_result r = this->append("acc-1", batch, expected_version::no_stream());
  EXPECT_EQ(r.version, 3u);
  ASSERT_EQ(r.positions.size(), 3u);
  EXPECT_LT(r.positions[0], r.positions[1]);
  EXPECT_LT(r.positions[1], r.positions[2]);

  const auto got = this->read("acc-1");
  ASSERT_EQ(got.size(), 3u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(got[i].id, batch[i].id);
    EXPECT_EQ(got[i].stream, "acc-1");
    EXPECT_EQ(got[i].version, i + 1);
    EXPECT_EQ(got[i].position, r.positions[i]);
    EXPECT_EQ(got[i].type, batch[i].type);
    EXPECT_EQ(got[i].schema_version, batch[i].schema_version);
    EXPECT_TRUE(same_json(got[i].payload, batch[i].payload)) << got[i].payload;
    EXPECT_EQ(got[i].metadata, batch[i].metadata);
    EXPECT_GT(got[i].timestamp, before);
    EXPECT_LT(got[i].timestamp, std::chrono::system_clock::now() + std::chrono::seconds(5));
  }
  const auto stream = this->info("acc-1");
  ASSERT_TRUE(stream.has_value());
  EXPECT_EQ(stream->version, 3u);
  EXPECT_EQ(stream->first_version, 1u);
  EXPECT_FALSE(stream->deleted);
}

TYPED_TEST_P(event_store_conformance, missing_stream_reads_empty) {
  EXPECT_TRUE(this->read("nobody").empty());
  EXPECT_TRUE(this->read_backward("nobody").empty());
  EXPECT_FALSE(this->info("nobody").has_value());
  EXPECT_TRUE(this->read_all().empty());
}

TYPED_TEST_P(event_store_conformance, expected_version_modes) {
  // no_stream: only on a missing stream.
  this->append("s", this->events(2), expected_version::no_stream());
  try {
    this->append("s", this->events(1), expected_version::no_stream());
    ADD_FAILURE() << "no_stream on an existing stream must conflict";
  } catch (const concurrency_error& e) {
    EXPECT_EQ(e.stream(), "s");
    EXPECT_EQ(e.expected(), expected_version::no_stream());
    EXPECT_EQ(e.actual(), 2u);
    EXPECT_EQ(e.code(), errc::version_conflict);
    EXPECT_NE(std::string(e.what()).find("s"), std::string::npos);
  }
  // stream_exists: only on an existing stream.
  EXPECT_THROW(this->append("t", this->events(1), expected_version::stream_exists()), concurrency_error);
  EXPECT_EQ(this->append("s", this->events(1), expected_version::stream_exists()).version, 3u);
  // exact: only at that version.
  try {
    this->append("s", this->events(1), expected_version::exact(2));
    ADD_FAILURE() << "a stale exact version must conflict";
  } catch (const concurrency_error& e) {
    EXPECT_EQ(e.expected(), expected_version::exact(2));
    EXPECT_EQ(e.actual(), 3u);
  }
  EXPECT_THROW(this->append("s", this->events(1), expected_version::exact(4)), concurrency_error);
  EXPECT_THROW(this->append("u", this->events(1), expected_version::exact(1)), concurrency_error);
  EXPECT_EQ(this->append("s", this->events(2), expected_version::exact(3)).version, 5u);
  // any: always.
  EXPECT_EQ(this->append("s", this->events(1), expected_version::any()).version, 6u);
  EXPECT_EQ(this->append("v", this->events(1), expected_version::any()).version, 1u);
  // exact(0) is no_stream.
  EXPECT_EQ(this->append("w", this->events(1), expected_version::exact(0)).version, 1u);
  // Nothing of a failed append was written.
  EXPECT_EQ(this->read("s").size(), 6u);
  EXPECT_FALSE(this->info("t").has_value());
  EXPECT_FALSE(this->info("u").has_value());
}

TYPED_TEST_P(event_store_conformance, retried_append_is_idempotent) {
  const auto batch = this->events(3);
  const append_result first = this->append("s", batch, expected_version::no_stream());
  // The same request again (e.g. the reply was lost), with the same and with another expectation.
  const append_result again = this->append("s", batch, expected_version::no_stream());
  EXPECT_EQ(again.version, first.version);
  EXPECT_EQ(again.positions, first.positions);
  this->append("s", this->events(2), expected_version::exact(3));
  const append_result late = this->append("s", batch, expected_version::any());
  EXPECT_EQ(late.version, 3u);
  EXPECT_EQ(late.positions, first.positions);
  EXPECT_EQ(this->read("s").size(), 5u);
  EXPECT_EQ(this->read_all().size(), 5u);
}

TYPED_TEST_P(event_store_conformance, ids_stored_elsewhere_are_refused) {
  const auto batch = this->events(2);
  this->append("s", batch, expected_version::any());
  // Same ids to another stream.
  EXPECT_THROW(this->append("other", batch, expected_version::any()), config_error);
  // An overlapping batch: one stored id and one new.
  auto mixed = this->events(1);
  mixed.push_back(batch[0]);
  EXPECT_THROW(this->append("s", mixed, expected_version::any()), config_error);
  EXPECT_EQ(this->read("s").size(), 2u);
  EXPECT_FALSE(this->info("other").has_value());
}

TYPED_TEST_P(event_store_conformance, bad_arguments_are_refused) {
  EXPECT_THROW(this->append("", this->events(1), expected_version::any()), config_error);
  EXPECT_THROW(this->append(std::string(201, 's'), this->events(1), expected_version::any()), config_error);
  EXPECT_THROW(this->append("s", {}, expected_version::any()), config_error);
  auto twice = this->events(1);
  twice.push_back(twice[0]);
  EXPECT_THROW(this->append("s", twice, expected_version::any()), config_error);
  EXPECT_TRUE(this->read_all().empty());
  EXPECT_THROW(this->wait(this->store_->append("s", this->events(1), expected_version::any(), this->already_expired())),
               timeout_error);
  EXPECT_THROW(this->wait(this->store_->read("s", 1, 10, this->already_expired())), timeout_error);
  EXPECT_THROW(this->wait(this->store_->read_all({}, 10, this->already_expired())), timeout_error);
  EXPECT_TRUE(this->read_all().empty());
}

TYPED_TEST_P(event_store_conformance, read_forward_from_version_with_max_count) {
  this->append("s", this->events(10), expected_version::no_stream());
  auto page = this->read("s", 4, 3);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0].version, 4u);
  EXPECT_EQ(page[2].version, 6u);
  EXPECT_TRUE(same_json(page[0].payload, R"({"n":4})"));
  EXPECT_EQ(this->read("s", 0, 2).front().version, 1u);
  EXPECT_EQ(this->read("s", 10).size(), 1u);
  EXPECT_TRUE(this->read("s", 11).empty());
  EXPECT_TRUE(this->read("s", 1, 0).empty());
}

TYPED_TEST_P(event_store_conformance, read_backward_from_end_and_middle) {
  this->append("s", this->events(10), expected_version::no_stream());
  auto tail = this->read_backward("s", std::numeric_limits<stream_version>::max(), 3);
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_EQ(tail[0].version, 10u);
  EXPECT_EQ(tail[2].version, 8u);
  auto middle = this->read_backward("s", 5);
  ASSERT_EQ(middle.size(), 5u);
  EXPECT_EQ(middle[0].version, 5u);
  EXPECT_EQ(middle[4].version, 1u);
  EXPECT_TRUE(this->read_backward("s", 0).empty());
}

TYPED_TEST_P(event_store_conformance, read_all_walks_every_stream_in_global_order) {
  this->append("a", this->events(2, 1), expected_version::any());
  this->append("b", this->events(1, 3), expected_version::any());
  this->append("a", this->events(2, 4), expected_version::any());
  const auto all = this->read_all();
  ASSERT_EQ(all.size(), 5u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(same_json(all[i].payload, "{\"n\":" + std::to_string(i + 1) + "}")) << all[i].payload;
    if (i > 0) {
      EXPECT_LT(all[i - 1].position, all[i].position);
    }
  }
  EXPECT_EQ(all[2].stream, "b");
  EXPECT_EQ(all[3].stream, "a");
  EXPECT_EQ(all[3].version, 3u);
  // Paging with the last position as the checkpoint.
  auto first = this->read_all({}, 2);
  ASSERT_EQ(first.size(), 2u);
  auto rest = this->read_all(first.back().position, 10);
  ASSERT_EQ(rest.size(), 3u);
  EXPECT_EQ(rest.front().id, all[2].id);
  EXPECT_TRUE(this->read_all(all.back().position).empty());
}

TYPED_TEST_P(event_store_conformance, deleted_stream_has_tombstone_and_refuses_appends) {
  this->append("s", this->events(2), expected_version::no_stream());
  EXPECT_THROW(this->wait(this->store_->delete_stream("s", expected_version::exact(1), deadline::never())),
               concurrency_error);
  EXPECT_EQ(this->wait(this->store_->delete_stream("s", expected_version::exact(2), deadline::never())), 3u);
  EXPECT_TRUE(this->read("s").empty());
  EXPECT_TRUE(this->read_backward("s").empty());
  const auto stream = this->info("s");
  ASSERT_TRUE(stream.has_value());
  EXPECT_TRUE(stream->deleted);
  EXPECT_EQ(stream->version, 3u);
  try {
    this->append("s", this->events(1), expected_version::any());
    ADD_FAILURE() << "an append to a deleted stream must fail";
  } catch (const stream_deleted_error& e) {
    EXPECT_EQ(e.code(), errc::stream_deleted);
    EXPECT_EQ(e.value().context, "s");
  }
  EXPECT_THROW(this->append("s", this->events(1), expected_version::exact(3)), stream_deleted_error);
  EXPECT_THROW(this->append("s", this->events(1), expected_version::no_stream()), stream_deleted_error);
  EXPECT_THROW(this->wait(this->store_->delete_stream("s", expected_version::any(), deadline::never())),
               stream_deleted_error);
  const auto all = this->read_all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.back().type, tombstone_type);
  EXPECT_EQ(all.back().version, 3u);
}

TYPED_TEST_P(event_store_conformance, truncate_before_keeps_the_rest_and_the_version) {
  this->append("s", this->events(10), expected_version::no_stream());
  this->append("other", this->events(1), expected_version::no_stream());
  this->wait(this->store_->truncate_before("s", 8, deadline::never()));
  auto rest = this->read("s");
  ASSERT_EQ(rest.size(), 3u);
  EXPECT_EQ(rest.front().version, 8u);
  EXPECT_EQ(this->info("s")->first_version, 8u);
  EXPECT_EQ(this->read_backward("s").size(), 3u);
  EXPECT_EQ(this->read_all().size(), 4u);
  // A truncated stream still exists, and a truncated version is not its version.
  EXPECT_THROW(this->append("s", this->events(1), expected_version::no_stream()), concurrency_error);
  EXPECT_THROW(this->append("s", this->events(1), expected_version::exact(3)), concurrency_error);
  EXPECT_EQ(this->info("s")->version, 10u);
  // Truncating past the end keeps the last event, so the version stays known.
  this->wait(this->store_->truncate_before("s", 1000, deadline::never()));
  ASSERT_EQ(this->read("s").size(), 1u);
  EXPECT_EQ(this->info("s")->version, 10u);
  EXPECT_THROW(this->append("s", this->events(1), expected_version::exact(9)), concurrency_error);
  EXPECT_EQ(this->append("s", this->events(1), expected_version::exact(10)).version, 11u);
  this->wait(this->store_->truncate_before("missing", 5, deadline::never()));
}

TYPED_TEST_P(event_store_conformance, snapshots_keep_the_newest) {
  EXPECT_FALSE(this->wait(this->store_->load_snapshot("s", deadline::never())).has_value());
  this->wait(this->store_->save_snapshot("s", snapshot{100, "v1", R"({"x":1})"}, deadline::never()));
  this->wait(this->store_->save_snapshot("s", snapshot{200, "v1", R"({"x":2})"}, deadline::never()));
  this->wait(this->store_->save_snapshot("s", snapshot{150, "v1", R"({"x":3})"}, deadline::never()));
  auto got = this->wait(this->store_->load_snapshot("s", deadline::never()));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->version, 200u);
  EXPECT_EQ(got->schema, "v1");
  EXPECT_TRUE(same_json(got->state, R"({"x":2})"));
  EXPECT_FALSE(this->wait(this->store_->load_snapshot("t", deadline::never())).has_value());
}

TYPED_TEST_P(event_store_conformance, checkpoints_are_stored_by_name) {
  EXPECT_FALSE(this->wait(this->store_->load_checkpoint("p", deadline::never())).has_value());
  this->wait(this->store_->save_checkpoint("p", event_position{7, 5}, deadline::never()));
  this->wait(this->store_->save_checkpoint("q", event_position{1, 1}, deadline::never()));
  this->wait(this->store_->save_checkpoint("p", event_position{9, 8}, deadline::never()));
  EXPECT_EQ(this->wait(this->store_->load_checkpoint("p", deadline::never())), (event_position{9, 8}));
  EXPECT_EQ(this->wait(this->store_->load_checkpoint("q", deadline::never())), (event_position{1, 1}));
}

TYPED_TEST_P(event_store_conformance, list_streams_pages_by_name) {
  for (const char* s : {"c", "a", "b", "d"}) this->append(s, this->events(1), expected_version::any());
  this->wait(this->store_->delete_stream("d", expected_version::any(), deadline::never()));
  auto first = this->wait(this->store_->list_streams("", 2, deadline::never()));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].stream, "a");
  EXPECT_EQ(first[1].stream, "b");
  auto rest = this->wait(this->store_->list_streams("b", 10, deadline::never()));
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].stream, "c");
  EXPECT_EQ(rest[0].version, 1u);
  EXPECT_EQ(rest[1].stream, "d");
  EXPECT_TRUE(rest[1].deleted);
}

TYPED_TEST_P(event_store_conformance, appended_signal_fires_on_append) {
  const std::uint64_t before = this->store_->appended().generation();
  this->append("s", this->events(1), expected_version::any());
  // PostgreSQL signals through LISTEN/NOTIFY; give it the time a notification takes.
  this->wait(this->store_->appended().wait(before, std::chrono::seconds(5)));
  EXPECT_NE(this->store_->appended().generation(), before);
}

TYPED_TEST_P(event_store_conformance, concurrent_writers_on_one_stream_never_duplicate_or_lose) {
  constexpr int writers = 8;
  constexpr int appends = 25;
  const append_race_result r = race_appends(this->store_, "hot", writers, appends);
  EXPECT_EQ(r.other_errors, 0) << r.first_other_error;
  EXPECT_EQ(r.appended, writers * appends);
  EXPECT_GT(r.conflicts, 0) << "8 writers racing with exact versions should conflict at least once";
  const auto stored = this->read("hot");
  ASSERT_EQ(stored.size(), static_cast<std::size_t>(writers * appends));
  std::set<std::string> ids;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].version, i + 1);
    ids.insert(stored[i].id.to_string());
  }
  EXPECT_EQ(ids, r.committed_ids);
}

TYPED_TEST_P(event_store_conformance, tailing_reader_sees_every_event_once_in_order) {
  const tail_result r = tail_while_appending(this->store_, 4, 100, 37, std::chrono::seconds(60));
  EXPECT_EQ(r.errors, 0) << r.first_error;
  EXPECT_EQ(r.seen.size(), r.appended);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < r.seen.size(); ++i) {
    ids.insert(r.seen[i].id.to_string());
    if (i > 0) {
      EXPECT_LT(r.seen[i - 1].position, r.seen[i].position) << "at " << i;
    }
  }
  EXPECT_EQ(ids.size(), r.seen.size()) << "an event was delivered twice";
  // Per stream, versions arrive in order without holes.
  std::map<std::string, stream_version> last;
  for (const auto& e : r.seen) {
    EXPECT_EQ(e.version, last[e.stream] + 1) << e.stream;
    last[e.stream] = e.version;
  }
}

REGISTER_TYPED_TEST_SUITE_P(event_store_conformance, append_then_read_returns_every_field,
                            missing_stream_reads_empty, expected_version_modes, retried_append_is_idempotent,
                            ids_stored_elsewhere_are_refused, bad_arguments_are_refused,
                            read_forward_from_version_with_max_count, read_backward_from_end_and_middle,
                            read_all_walks_every_stream_in_global_order,
                            deleted_stream_has_tombstone_and_refuses_appends,
                            truncate_before_keeps_the_rest_and_the_version, snapshots_keep_the_newest,
                            checkpoints_are_stored_by_name, list_streams_pages_by_name,
                            appended_signal_fires_on_append, concurrent_writers_on_one_stream_never_duplicate_or_lose,
                            tailing_reader_sees_every_event_once_in_order);

}  // namespace quark::testing
