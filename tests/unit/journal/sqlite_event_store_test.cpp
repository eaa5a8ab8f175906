// SQLite-specific behaviour of the event store: durability across reopening, the schema,
// positions, sharing a file with the state store, bad files, and a 10,000-event stream.

#include "sqlite_event_store_fixture.hpp"

#include <quark/sqlite/error.hpp>
#include <quark/sqlite/state_store.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>

namespace quark::test {
namespace {

TEST_F(sqlite_event_store, events_snapshots_and_checkpoints_survive_reopening_the_file) {
  open();
  auto batch = events(3);
  batch[2].metadata = event_metadata{"corr", "cause", {{"tenant", "acme"}}};
  const append_result first = append("a", batch, expected_version::no_stream());
  append("b", events(2));
  wait(store_->delete_stream("b", expected_version::exact(2), deadline::never()));
  wait(store_->truncate_before("a", 2, deadline::never()));
  wait(store_->save_snapshot("a", snapshot{3, "v1", R"({"n":3})"}, deadline::never()));
  wait(store_->save_checkpoint("proj", first.positions[1], deadline::never()));
  const auto before = read_all();
  close();

  open();
  EXPECT_EQ(read_all().size(), before.size());
  const auto a = read("a");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].version, 2u);
  EXPECT_EQ(a[1].id, batch[2].id);
  EXPECT_EQ(a[1].position, first.positions[2]);
  EXPECT_EQ(a[1].metadata, batch[2].metadata);
  EXPECT_EQ(a[1].timestamp, before[1].timestamp);
  EXPECT_TRUE(wait(store_->stream("b", deadline::never()))->deleted);
  EXPECT_THROW(append("b", events(1)), stream_deleted_error);
  EXPECT_EQ(wait(store_->load_snapshot("a", deadline::never()))->state, R"({"n":3})");
  EXPECT_EQ(wait(store_->load_checkpoint("proj", deadline::never())), first.positions[1]);
  // The retried first append is still recognised, and new events go after the old ones.
  EXPECT_EQ(append("a", {batch[2]}).positions, std::vector<event_position>{first.positions[2]});
  const append_result next = append("a", events(1), expected_version::exact(3));
  EXPECT_EQ(next.version, 4u);
  EXPECT_GT(next.positions[0], before.back().position);
}

TEST_F(sqlite_event_store, positions_are_the_rowid_and_never_reused) {
  open();
  const append_result r = append("s", events(3));
  EXPECT_EQ(r.positions[0], (event_position{1, 1}));
  EXPECT_EQ(r.positions[2], (event_position{3, 3}));
  // The newest row is always the last event of its stream, which truncation keeps and
  // nothing else deletes, so SQLite never hands its number (or a lower one) out again.
  wait(store_->truncate_before("s", 1000, deadline::never()));
  EXPECT_EQ(append("t", events(1)).positions[0], (event_position{4, 4}));
  wait(store_->truncate_before("t", 1000, deadline::never()));
  EXPECT_EQ(wait(store_->delete_stream("t", expected_version::any(), deadline::never())), 2u);
  EXPECT_EQ(append("s", events(1), expected_version::exact(3)).positions[0], (event_position{6, 6}));
  // A position whose commit and sequence differ (another backend's) compares as documented.
  EXPECT_EQ(read_all(event_position{6, 5}).size(), 1u);
  EXPECT_EQ(read_all(event_position{6, 6}).size(), 0u);
  EXPECT_EQ(read_all(event_position{5, 9}).size(), 1u);
}

TEST_F(sqlite_event_store, schema_is_the_documented_one) {
  open();
  auto columns = db_->run_blocking([](sqlite::connection& c) {
    std::vector<std::string> out;
    auto st = c.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info('quark_events') ORDER BY cid");
    while (st.step()) {
      out.push_back(st.column<std::string>(0) + " " + st.column<std::string>(1) + " " +
                    std::to_string(st.column<int>(2)) + " " + std::to_string(st.column<int>(3)));
    }
    return out;
  });
  EXPECT_EQ(columns, (std::vector<std::string>{
                         "position INTEGER 0 1", "id TEXT 1 0", "stream TEXT 1 0", "version INTEGER 1 0",
                         "type TEXT 1 0", "schema_version INTEGER 1 0", "payload TEXT 1 0",
                         "correlation_id TEXT 1 0", "causation_id TEXT 1 0", "metadata TEXT 1 0",
                         "created_at INTEGER 1 0"}));
  auto unique_keys = db_->run_blocking([](sqlite::connection& c) {
    std::set<std::string> out;
    auto st = c.prepare(
        "SELECT group_concat(i.name, ',') FROM pragma_index_list('quark_events') l, pragma_index_info(l.name) i "
        "WHERE l.\"unique\" = 1 GROUP BY l.name");
    while (st.step()) out.insert(st.column<std::string>(0));
    return out;
  });
  EXPECT_EQ(unique_keys, (std::set<std::string>{"id", "stream,version"}));
  auto applied = db_->run_blocking([](sqlite::connection& c) {
    return sqlite::applied_migrations(c, sqlite::event_store_component);
  });
  EXPECT_EQ(applied, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(sqlite::event_store_migrations().size(), 3u);
}

TEST_F(sqlite_event_store, shares_a_database_with_the_state_store) {
  open();
  auto states = sqlite::make_state_store(db_);
  append("s", events(2));
  EXPECT_EQ(wait(states->write("counter", "a", "v1", 0, deadline::never())), 1u);
  auto again = sqlite::make_event_store(db_);  // migrations already applied: a no-op
  EXPECT_EQ(wait(again->read("s", 1, 10, deadline::never())).size(), 2u);
  EXPECT_TRUE(wait(states->read("counter", "a", deadline::never())).has_value());
}

TEST_F(sqlite_event_store, a_newer_schema_in_the_file_is_refused) {
  open();
  exec("INSERT INTO quark_migrations(component, version, applied_at) VALUES ('event_store', 99, 0)");
  EXPECT_THROW(sqlite::make_event_store(db_), storage_error);
}

TEST_F(sqlite_event_store, a_null_database_is_a_config_error) {
  EXPECT_THROW(sqlite::make_event_store(nullptr), config_error);
}

TEST_F(sqlite_event_store, a_garbage_file_is_a_clear_storage_error_and_is_left_untouched) {
  std::string garbage(8192, '\0');
  std::mt19937 random{11};
  for (char& ch : garbage) ch = static_cast<char>(random() & 0xff);
  {
    std::ofstream out{path_, std::ios::binary};
    out.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  try {
    sqlite::open_event_store(path_);
    FAIL() << "expected storage_error";
  } catch (const storage_error& e) {
    EXPECT_EQ(e.code(), errc::storage);
    EXPECT_NE(e.value().message.find(path_.string()), std::string::npos) << e.what();
    EXPECT_NE(e.value().message.find("not a SQLite database"), std::string::npos) << e.what();
  }
  std::ifstream in{path_, std::ios::binary};
  EXPECT_TRUE(std::string(std::istreambuf_iterator<char>{in}, {}) == garbage) << "the bad file must not change";
}

// Checkpoints run mostly on the database's checkpoint thread, and the writer restarts the
// WAL after them (docs/sqlite.md, "WAL and synchronous=NORMAL"): the database file receives
// the pages and the WAL never grows past its hard limit, whatever the disk's speed.
TEST_F(sqlite_event_store, the_wal_is_checkpointed_and_stays_bounded_under_a_continuous_writer) {
  open();
  const auto wal = dir_.path() / "events.db-wal";
  constexpr std::uintmax_t frame = 24 + 4096;
  constexpr std::uintmax_t hard_limit = 32 + (12'000 + 64) * frame;  // + the frames of one commit
  const auto initial = std::filesystem::file_size(path_);
  std::uintmax_t largest = 0;
  stream_version version = 0;
  // About 21,000 WAL frames (three pages per append): past the hard limit without restarts.
  for (int i = 0; i < 7'000; ++i) {
    version = append("s", events(1, i), expected_version::exact(version)).version;
    largest = std::max(largest, std::filesystem::file_size(wal));
  }
  EXPECT_LE(largest, hard_limit);
  EXPECT_GE(std::filesystem::file_size(path_), initial + 1024 * 1024) << "nothing was checkpointed";
  EXPECT_EQ(read("s").size(), 7'000u);
}

TEST_F(sqlite_event_store, ten_thousand_events_read_back_in_pages) {
  open();
  constexpr int total = 10'000;
  std::vector<uuid> ids;
  stream_version version = 0;
  for (int i = 0; i < total; ++i) {
    auto one = events(1, i);
    ids.push_back(one[0].id);
    version = append("big", std::move(one), expected_version::exact(version)).version;
  }
  ASSERT_EQ(version, static_cast<stream_version>(total));

  std::size_t seen = 0;
  for (stream_version from = 1;;) {
    const auto page = read("big", from, 512);
    if (page.empty()) break;
    for (const auto& e : page) {
      ASSERT_EQ(e.version, seen + 1);
      ASSERT_EQ(e.id, ids[seen]);
      ++seen;
    }
    from = page.back().version + 1;
  }
  EXPECT_EQ(seen, ids.size());

  std::size_t all = 0;
  event_position after{};
  for (auto page = read_all(after, 1000); !page.empty(); page = read_all(after, 1000)) {
    for (const auto& e : page) {
      ASSERT_GT(e.position, after);
      ASSERT_EQ(e.id, ids[all]);
      after = e.position;
      ++all;
    }
  }
  EXPECT_EQ(all, ids.size());

  const auto tail = wait(store_->read_backward("big", std::numeric_limits<stream_version>::max(), 100, deadline::never()));
  ASSERT_EQ(tail.size(), 100u);
  EXPECT_EQ(tail.front().version, static_cast<stream_version>(total));
  EXPECT_EQ(tail.back().version, static_cast<stream_version>(total - 99));
}

}  // namespace
}  // namespace quark::test
