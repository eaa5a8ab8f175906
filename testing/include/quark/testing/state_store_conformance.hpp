#pragma once
/// @file
/// The typed conformance suite every `quark::state_store` backend runs (STYLE rule 5).
///
/// A backend supplies a *factory*: a struct with `static std::shared_ptr<quark::state_store>
/// make()` returning a fresh, empty store, and optionally `static void cleanup()`, called
/// after each test once the store is destroyed (remove a temp dir, drop a schema).
///
/// @code
/// struct memory_factory {
///   static std::shared_ptr<quark::state_store> make() { return quark::make_memory_state_store(); }
/// };
/// namespace quark::testing {
/// INSTANTIATE_TYPED_TEST_SUITE_P(memory, state_store_conformance, ::testing::Types<memory_factory>);
/// }
/// @endcode
///
/// Instantiate inside `namespace quark::testing` (GoogleTest names the suite unqualified).

#include <quark/async/sync_wait.hpp>
#include <quark/async/task.hpp>
#include <quark/base/error.hpp>
#include <quark/runtime/state_store.hpp>
#include <quark/testing/store_fixture.hpp>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quark::testing {

/// A type that makes fresh state stores for the conformance suite.
template <class Factory>
concept state_store_factory = store_factory<Factory, state_store>;

/// `size` deterministic pseudo-random bytes (every byte value, NULs included) from `seed`.
std::string random_bytes(std::size_t size, std::uint32_t seed);

/// Outcome of concurrent writers racing on one state.
struct race_result {
  int wins = 0;                ///< writes that returned a version
  int conflicts = 0;           ///< writes that threw `quark::version_conflict`
  int other_errors = 0;        ///< writes that threw anything else
  int winner = -1;             ///< index of the (last) winning writer
  state_version version = 0;   ///< version the winner got
};

/// `writers` threads, each with its own `io_context`, released together by a latch, each
/// writing `"writer-<i>"` to `(type, key)` with `expected`. Blocks until all are done.
race_result race_writes_on_threads(std::shared_ptr<state_store> store, std::string type, std::string key,
                                   int writers, state_version expected);

/// `writers` coroutines started together on `ctx` (run by the calling thread, which acts as
/// one shard), each writing `"writer-<i>"` to `(type, key)` with `expected`.
race_result race_writes_on_one_shard(boost::asio::io_context& ctx, std::shared_ptr<state_store> store,
                                     std::string type, std::string key, int writers, state_version expected);

/// Fixture of the suite: a fresh store per test and synchronous helpers over it.
template <class Factory>
class state_store_conformance : public store_fixture<state_store, Factory> {
 protected:
  using store_fixture<state_store, Factory>::ctx_;
  using store_fixture<state_store, Factory>::store_;
  using store_fixture<state_store, Factory>::wait;

  std::optional<stored_state> read(const std::string& type, const std::string& key,
                                   deadline until = deadline::never()) {
    return wait(store_->read(type, key, until));
  }
  state_version write(const std::string& type, const std::string& key, const std::string& data,
                      state_version expected, deadline until = deadline::never()) {
    return wait(store_->write(type, key, data, expected, until));
  }
  void clear(const std::string& type, const std::string& key, state_version expected,
             deadline until = deadline::never()) {
    wait(store_->clear(type, key, expected, until));
  }
  /// Asserts `(type, key)` holds exactly `data` at `version`.
  void expect_stored(const std::string& type, const std::string& key, const std::string& data,
                     state_version version) {
    auto got = read(type, key);
    ASSERT_TRUE(got.has_value()) << type << "/" << key << " is missing";
    EXPECT_EQ(got->version, version);
    EXPECT_TRUE(got->data == data) << type << "/" << key << ": stored " << got->data.size() << " bytes, expected "
                                   << data.size();
  }
  static deadline already_expired() { return deadline{clock::now() - std::chrono::seconds{1}}; }
};

TYPED_TEST_SUITE_P(state_store_conformance);

TYPED_TEST_P(state_store_conformance, read_missing_returns_nullopt) {
  EXPECT_FALSE(this->read("counter", "missing").has_value());
}

TYPED_TEST_P(state_store_conformance, first_write_expects_zero_and_yields_one) {
  EXPECT_EQ(this->write("counter", "a", "one", 0), 1u);
  this->expect_stored("counter", "a", "one", 1);
  EXPECT_EQ(this->write("counter", "a", "two", 1), 2u);
  this->expect_stored("counter", "a", "two", 2);
  EXPECT_EQ(this->write("counter", "a", "three", 2), 3u);
  this->expect_stored("counter", "a", "three", 3);
}

TYPED_TEST_P(state_store_conformance, first_write_with_nonzero_expected_conflicts) {
  EXPECT_THROW(this->write("counter", "a", "x", 1), version_conflict);
  EXPECT_THROW(this->write("counter", "a", "x", 42), version_conflict);
  EXPECT_FALSE(this->read("counter", "a").has_value());
}

TYPED_TEST_P(state_store_conformance, stale_version_conflicts_and_keeps_data) {
  this->write("counter", "a", "v1", 0);
  this->write("counter", "a", "v2", 1);
  EXPECT_THROW(this->write("counter", "a", "stale", 1), version_conflict);
  EXPECT_THROW(this->write("counter", "a", "again", 0), version_conflict);
  this->expect_stored("counter", "a", "v2", 2);
}

TYPED_TEST_P(state_store_conformance, future_version_conflicts_and_keeps_data) {
  this->write("counter", "a", "v1", 0);
  EXPECT_THROW(this->write("counter", "a", "future", 2), version_conflict);
  EXPECT_THROW(this->write("counter", "a", "far", 1000), version_conflict);
  EXPECT_THROW(this->write("counter", "a", "max", std::numeric_limits<state_version>::max()), version_conflict);
  this->expect_stored("counter", "a", "v1", 1);
}

TYPED_TEST_P(state_store_conformance, conflict_names_type_key_and_versions) {
  this->write("conflict-type", "conflict-key", "v1", 0);
  this->write("conflict-type", "conflict-key", "v2", 1);
  this->write("conflict-type", "conflict-key", "v3", 2);
  try {
    this->write("conflict-type", "conflict-key", "late", 71);
    FAIL() << "expected a version_conflict";
  } catch (const version_conflict& e) {
    EXPECT_EQ(e.code(), errc::version_conflict);
    std::string what = e.value().message + " " + e.value().context;
    EXPECT_NE(what.find("conflict-type"), std::string::npos) << what;
    EXPECT_NE(what.find("conflict-key"), std::string::npos) << what;
    EXPECT_NE(what.find("71"), std::string::npos) << what;
    EXPECT_NE(what.find('3'), std::string::npos) << what;
  }
  try {
    this->clear("conflict-type", "conflict-key", 52);
    FAIL() << "expected a version_conflict";
  } catch (const version_conflict& e) {
    EXPECT_NE(e.value().message.find("52"), std::string::npos) << e.what();
  }
}

TYPED_TEST_P(state_store_conformance, clear_with_right_version_removes) {
  this->write("counter", "a", "v1", 0);
  this->write("counter", "a", "v2", 1);
  this->clear("counter", "a", 2);
  EXPECT_FALSE(this->read("counter", "a").has_value());
}

TYPED_TEST_P(state_store_conformance, clear_with_wrong_version_conflicts_and_keeps_data) {
  this->write("counter", "a", "v1", 0);
  this->write("counter", "a", "v2", 1);
  EXPECT_THROW(this->clear("counter", "a", 1), version_conflict);
  EXPECT_THROW(this->clear("counter", "a", 3), version_conflict);
  EXPECT_THROW(this->clear("counter", "a", 0), version_conflict);
  this->expect_stored("counter", "a", "v2", 2);
}

TYPED_TEST_P(state_store_conformance, clear_missing_with_zero_is_a_noop) {
  this->clear("counter", "never-written", 0);
  EXPECT_FALSE(this->read("counter", "never-written").has_value());
  EXPECT_THROW(this->clear("counter", "never-written", 1), version_conflict);
}

TYPED_TEST_P(state_store_conformance, write_after_clear_starts_at_one) {
  this->write("counter", "a", "v1", 0);
  this->write("counter", "a", "v2", 1);
  this->clear("counter", "a", 2);
  EXPECT_THROW(this->write("counter", "a", "old", 2), version_conflict);
  EXPECT_EQ(this->write("counter", "a", "fresh", 0), 1u);
  this->expect_stored("counter", "a", "fresh", 1);
}

TYPED_TEST_P(state_store_conformance, keys_are_isolated_by_type_and_key) {
  this->write("A", "k1", "A-k1", 0);
  this->write("A", "k2", "A-k2", 0);
  this->write("B", "k1", "B-k1", 0);
  this->write("B", "k1", "B-k1 v2", 1);
  // A backend that joins type and key into one string must not confuse these two.
  this->write("x/y", "z", "xy-z", 0);
  this->write("x", "y/z", "x-yz", 0);
  this->expect_stored("A", "k1", "A-k1", 1);
  this->expect_stored("A", "k2", "A-k2", 1);
  this->expect_stored("B", "k1", "B-k1 v2", 2);
  this->expect_stored("x/y", "z", "xy-z", 1);
  this->expect_stored("x", "y/z", "x-yz", 1);
  this->clear("A", "k1", 1);
  EXPECT_FALSE(this->read("A", "k1").has_value());
  this->expect_stored("A", "k2", "A-k2", 1);
  this->expect_stored("B", "k1", "B-k1 v2", 2);
  EXPECT_FALSE(this->read("a", "k1").has_value()) << "type names are case-sensitive";
  EXPECT_FALSE(this->read("A", "K2").has_value()) << "keys are case-sensitive";
}

TYPED_TEST_P(state_store_conformance, any_key_string_works) {
  const std::string unicode_type = "сч\xC3\xA9tchik";
  const std::string unicode_key = "ключ-\xE2\x9C\x93 with spaces, 'quotes' and \"more\"";
  this->write(unicode_type, unicode_key, "u", 0);
  this->write("counter", "", "empty key", 0);
  this->write("", "k", "empty type", 0);
  this->expect_stored(unicode_type, unicode_key, "u", 1);
  this->expect_stored("counter", "", "empty key", 1);
  this->expect_stored("", "k", "empty type", 1);
}

TYPED_TEST_P(state_store_conformance, binary_data_round_trips_exactly) {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<char>(b));
  every_byte += every_byte;
  const std::string zeros(100, '\0');
  constexpr char raw[] = "\xFF\xFE\x00\xC3\x28\x00tail";
  const std::string not_utf8(raw, sizeof raw - 1);
  this->write("blob", "every-byte", every_byte, 0);
  this->write("blob", "zeros", zeros, 0);
  this->write("blob", "not-utf8", not_utf8, 0);
  this->write("blob", "empty", "", 0);
  this->expect_stored("blob", "every-byte", every_byte, 1);
  this->expect_stored("blob", "zeros", zeros, 1);
  this->expect_stored("blob", "not-utf8", not_utf8, 1);
  this->expect_stored("blob", "empty", "", 1);
  EXPECT_EQ(this->read("blob", "zeros")->data.size(), 100u);
  EXPECT_EQ(this->read("blob", "not-utf8")->data.size(), 10u);
}

TYPED_TEST_P(state_store_conformance, large_value_round_trips) {
  constexpr std::size_t one_mib = 1024 * 1024;
  const std::string first = random_bytes(one_mib, 1);
  const std::string second = random_bytes(one_mib + 17, 2);
  this->write("big", "a", first, 0);
  this->expect_stored("big", "a", first, 1);
  this->write("big", "a", second, 1);
  this->expect_stored("big", "a", second, 2);
}

TYPED_TEST_P(state_store_conformance, many_writes_count_versions_up) {
  state_version version = 0;
  for (int i = 0; i < 50; ++i) {
    version = this->write("counter", "busy", std::to_string(i), version);
    ASSERT_EQ(version, static_cast<state_version>(i + 1));
  }
  this->expect_stored("counter", "busy", "49", 50);
}

TYPED_TEST_P(state_store_conformance, racing_first_writes_on_threads_exactly_one_wins) {
  constexpr int writers = 8;
  auto r = race_writes_on_threads(this->store_, "race", "first", writers, 0);
  EXPECT_EQ(r.wins, 1);
  EXPECT_EQ(r.conflicts, writers - 1);
  EXPECT_EQ(r.other_errors, 0);
  ASSERT_GE(r.winner, 0);
  this->expect_stored("race", "first", "writer-" + std::to_string(r.winner), 1);
}

TYPED_TEST_P(state_store_conformance, racing_updates_on_threads_exactly_one_wins) {
  constexpr int writers = 8;
  this->write("race", "update", "v1", 0);
  this->write("race", "update", "v2", 1);
  auto r = race_writes_on_threads(this->store_, "race", "update", writers, 2);
  EXPECT_EQ(r.wins, 1);
  EXPECT_EQ(r.conflicts, writers - 1);
  EXPECT_EQ(r.other_errors, 0);
  ASSERT_GE(r.winner, 0);
  EXPECT_EQ(r.version, 3u);
  this->expect_stored("race", "update", "writer-" + std::to_string(r.winner), 3);
}

TYPED_TEST_P(state_store_conformance, racing_coroutines_on_one_shard_exactly_one_wins) {
  constexpr int writers = 16;
  this->write("race", "shard", "v1", 0);
  auto r = race_writes_on_one_shard(this->ctx_, this->store_, "race", "shard", writers, 1);
  EXPECT_EQ(r.wins, 1);
  EXPECT_EQ(r.conflicts, writers - 1);
  EXPECT_EQ(r.other_errors, 0);
  ASSERT_GE(r.winner, 0);
  this->expect_stored("race", "shard", "writer-" + std::to_string(r.winner), 2);
}

TYPED_TEST_P(state_store_conformance, expired_deadline_times_out_and_changes_nothing) {
  const deadline past = TestFixture::already_expired();
  this->write("counter", "a", "v1", 0);
  EXPECT_THROW(this->read("counter", "a", past), timeout_error);
  EXPECT_THROW(this->write("counter", "a", "late", 1, past), timeout_error);
  EXPECT_THROW(this->write("counter", "b", "late", 0, past), timeout_error);
  EXPECT_THROW(this->clear("counter", "a", 1, past), timeout_error);
  try {
    this->read("counter", "a", past);
  } catch (const timeout_error& e) {
    EXPECT_EQ(e.code(), errc::timeout);
  }
  this->expect_stored("counter", "a", "v1", 1);
  EXPECT_FALSE(this->read("counter", "b").has_value());
}

REGISTER_TYPED_TEST_SUITE_P(state_store_conformance, read_missing_returns_nullopt,
                            first_write_expects_zero_and_yields_one, first_write_with_nonzero_expected_conflicts,
                            stale_version_conflicts_and_keeps_data, future_version_conflicts_and_keeps_data,
                            conflict_names_type_key_and_versions, clear_with_right_version_removes,
                            clear_with_wrong_version_conflicts_and_keeps_data, clear_missing_with_zero_is_a_noop,
                            write_after_clear_starts_at_one, keys_are_isolated_by_type_and_key, any_key_string_works,
                            binary_data_round_trips_exactly, large_value_round_trips, many_writes_count_versions_up,
                            racing_first_writes_on_threads_exactly_one_wins,
                            racing_updates_on_threads_exactly_one_wins,
                            racing_coroutines_on_one_shard_exactly_one_wins,
                            expired_deadline_times_out_and_changes_nothing);

}  // namespace quark::testing
