// Rows of quark_events damaged behind the store's back (by a tool, a bug, a bad restore):
// a garbage payload or metadata never makes a stream unreadable; a corrupt column the store
// relies on (id, version, schema version, timestamp) is a storage_error naming the event.

#include "sqlite_event_store_fixture.hpp"

namespace quark::test {
namespace {

class sqlite_damaged_rows : public sqlite_event_store {
 protected:
  void SetUp() override {
    open();
    append("s", events(3), expected_version::no_stream());
  }
  /// The storage_error message of reading stream "s" (empty when none was thrown).
  std::string read_error() {
    try {
      read("s");
    } catch (const storage_error& e) {
      EXPECT_EQ(e.code(), errc::storage);
      return e.value().message;
    }
    return {};
  }
};

TEST_F(sqlite_damaged_rows, a_garbage_payload_is_returned_as_stored) {
  exec("UPDATE quark_events SET payload = 'this is {not json' WHERE version = 2");
  exec("UPDATE quark_events SET payload = X'00FFFE7B' WHERE version = 3");  // bytes, not even text
  const auto got = read("s");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(testing::same_json(got[0].payload, R"({"n":1})"));
  EXPECT_EQ(got[1].payload, "this is {not json");
  EXPECT_EQ(got[2].payload, std::string("\x00\xFF\xFE\x7B", 4));
  EXPECT_EQ(read_all().size(), 3u);
  // The stream goes on.
  EXPECT_EQ(append("s", events(1), expected_version::exact(3)).version, 4u);
}

TEST_F(sqlite_damaged_rows, a_row_inserted_with_a_garbage_payload_reads_back) {
  const std::string id = uuid::generate().to_string();
  exec("INSERT INTO quark_events(id, stream, version, type, schema_version, payload, created_at) VALUES ('" + id +
       "', 's', 4, 'test.happened', 1, '{\"n\": [1, 2', 0)");
  const auto got = read("s", 4);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id.to_string(), id);
  EXPECT_EQ(got[0].payload, "{\"n\": [1, 2");
  EXPECT_TRUE(got[0].metadata.values.empty());
  EXPECT_EQ(got[0].timestamp, std::chrono::system_clock::time_point{});
  EXPECT_THROW(append("s", events(1), expected_version::exact(3)), concurrency_error);
}

TEST_F(sqlite_damaged_rows, unreadable_metadata_comes_back_raw_under_one_key) {
  exec("UPDATE quark_events SET metadata = 'garbage{', correlation_id = 'corr' WHERE version = 1");
  exec("UPDATE quark_events SET metadata = '[\"a\",\"b\"]' WHERE version = 2");
  exec("UPDATE quark_events SET metadata = '{\"n\":5,\"s\":\"x\",\"o\":{\"k\":true}}' WHERE version = 3");
  const auto got = read("s");
  ASSERT_EQ(got.size(), 3u);
  using values = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(got[0].metadata.values, (values{{"$unreadable", "garbage{"}}));
  EXPECT_EQ(got[0].metadata.correlation_id, "corr");
  EXPECT_EQ(got[1].metadata.values, (values{{"$unreadable", "[\"a\",\"b\"]"}}));
  // Values that are not strings are handed back as their JSON text.
  EXPECT_EQ(got[2].metadata.values, (values{{"n", "5"}, {"s", "x"}, {"o", "{\"k\":true}"}}));
}

TEST_F(sqlite_damaged_rows, a_corrupt_id_names_the_stream_and_version) {
  exec("UPDATE quark_events SET id = 'not-a-uuid' WHERE version = 2");
  const std::string message = read_error();
  EXPECT_NE(message.find("event s@2"), std::string::npos) << message;
  EXPECT_NE(message.find("corrupt id column"), std::string::npos) << message;
  EXPECT_NE(message.find(path_.string()), std::string::npos) << message;
  // Tools still reach the rest of the stream around it.
  EXPECT_EQ(read("s", 3).size(), 1u);
  EXPECT_EQ(wait(store_->read_backward("s", 1, 10, deadline::never())).size(), 1u);
}

TEST_F(sqlite_damaged_rows, a_corrupt_version_schema_version_or_timestamp_is_a_storage_error) {
  exec("UPDATE quark_events SET schema_version = 'one' WHERE version = 1");
  EXPECT_NE(read_error().find("event s@1 "), std::string::npos);
  exec("UPDATE quark_events SET schema_version = 1, created_at = 1e300 WHERE version = 1");
  EXPECT_NE(read_error().find("corrupt created_at column"), std::string::npos);
  exec("UPDATE quark_events SET created_at = 0 WHERE version = 1");
  EXPECT_EQ(read_error(), "");
  exec("PRAGMA ignore_check_constraints = ON; UPDATE quark_events SET version = 'x' WHERE version = 3;"
       "PRAGMA ignore_check_constraints = OFF;");
  const auto all = [&] {
    try {
      read_all();
    } catch (const storage_error& e) {
      return std::string(e.value().message);
    }
    return std::string();
  }();
  EXPECT_NE(all.find("event s@x in"), std::string::npos) << all;
  EXPECT_NE(all.find("corrupt version column"), std::string::npos) << all;
}

}  // namespace
}  // namespace quark::test
