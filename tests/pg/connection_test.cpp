#include "pg_test.hpp"

#include <quark/postgres/error.hpp>

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace quark::postgres::test {
namespace {

using namespace std::chrono_literals;

class connection_test : public pg_test {};

TEST_F(connection_test, round_trip_with_typed_results) {
  auto c = connect();
  auto r = run(c->query("SELECT $1::int + $2::int AS sum, $3::text AS name, NULL::int AS nothing, "
                        "$4::bool AS flag, $5::float8 AS ratio, $6::bigint AS big",
                        {40, 2, std::string{"quark"}, true, 1.5, std::int64_t{-9'000'000'000}}));
  ASSERT_EQ(r.rows(), 1);
  ASSERT_EQ(r.columns(), 6);
  EXPECT_EQ(r.get<int>(0, 0), 42);
  EXPECT_EQ(r.get<std::string>(0, "name"), "quark");
  EXPECT_TRUE(r.is_null(0, 2));
  EXPECT_EQ(r.get<std::optional<int>>(0, "nothing"), std::nullopt);
  EXPECT_THROW((void)r.get<int>(0, "nothing"), codec_error);
  EXPECT_TRUE(r.get<bool>(0, "flag"));
  EXPECT_DOUBLE_EQ(r.get<double>(0, "ratio"), 1.5);
  EXPECT_EQ(r.get<std::int64_t>(0, "big"), -9'000'000'000);
  EXPECT_THROW((void)r.get<std::int32_t>(0, "big"), codec_error) << "out of range for int32";
  EXPECT_THROW((void)r.get<int>(0, "name"), codec_error) << "not a number";
  EXPECT_THROW((void)r.column_index("missing"), codec_error);
}

TEST_F(connection_test, null_and_binary_parameters_round_trip) {
  auto c = connect();
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
  auto r = run(c->query("SELECT $1::bytea, $2::text IS NULL", {bytea_view{bytes}, std::optional<std::string>{}}));
  EXPECT_EQ(r.bytes(0, 0), bytes);
  EXPECT_TRUE(r.get<bool>(0, 1));
}

TEST_F(connection_test, values_are_never_spliced_into_sql) {
  auto c = connect();
  const std::string hostile = "'; DROP TABLE nothing; --";
  auto r = run(c->query("SELECT $1::text", {hostile}));
  EXPECT_EQ(r.get<std::string>(0, 0), hostile);
}

TEST_F(connection_test, prepared_statements) {
  auto c = connect();
  run(c->prepare("twice", "SELECT $1::int * 2"));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(run(c->execute("twice", {i})).get<int>(0, 0), 2 * i);
  EXPECT_THROW(run(c->prepare("broken", "SELEKT 1")), pg_error);
  EXPECT_EQ(run(c->execute("twice", {21})).get<int>(0, 0), 42) << "usable after an error";
}

TEST_F(connection_test, server_error_carries_sqlstate_and_connection_stays_usable) {
  auto c = connect();
  try {
    run(c->query("SELECT 1/0"));
    FAIL() << "expected a pg_error";
  } catch (const pg_error& e) {
    EXPECT_EQ(e.sqlstate(), "22012");
    EXPECT_EQ(e.code(), errc::storage);
    EXPECT_NE(std::string{e.what()}.find("division by zero"), std::string::npos) << e.what();
  }
  EXPECT_EQ(run(c->query("SELECT 7")).get<int>(0, 0), 7);
}

TEST_F(connection_test, unique_violation_is_mapped) {
  auto c = connect();
  run(c->execute_script("CREATE TEMP TABLE uv(id int PRIMARY KEY)"));
  run(c->query("INSERT INTO uv VALUES ($1)", {1}));
  try {
    run(c->query("INSERT INTO uv VALUES ($1)", {1}));
    FAIL() << "expected a unique_violation";
  } catch (const unique_violation& e) {
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_EQ(e.constraint(), "uv_pkey");
  }
  EXPECT_EQ(run(c->query("SELECT count(*) FROM uv")).get<int>(0, 0), 1);
}

TEST_F(connection_test, garbage_connection_string_is_a_config_error) {
  try {
    run(connection::connect(ctx_, "this is = not a 'connection string", deadline::after(5s)));
    FAIL() << "expected a config_error";
  } catch (const config_error& e) {
    EXPECT_NE(std::string{e.what()}.find("invalid PostgreSQL connection string"), std::string::npos) << e.what();
  }
  EXPECT_THROW(run(connection::connect(ctx_, "postgresql://[::1", deadline::after(5s))), config_error);
  EXPECT_THROW(run(connection::connect(ctx_, "nonsense_option=1", deadline::after(5s))), config_error);
}

unsigned short closed_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  return a.local_endpoint().port();  // closed again when `a` goes
}

TEST_F(connection_test, unreachable_host_is_a_connection_error_within_the_deadline) {
  std::string url = "postgresql://quark@127.0.0.1:" + std::to_string(closed_port()) + "/quark";
  auto start = clock::now();
  try {
    run(connection::connect(ctx_, url, deadline::after(5s)));
    FAIL() << "expected a connection_error";
  } catch (const connection_error& e) {
    EXPECT_NE(std::string{e.what()}.find("cannot connect"), std::string::npos) << e.what();
    EXPECT_EQ(e.sqlstate(), "08001");
  }
  EXPECT_LT(clock::now() - start, 5s);
}

TEST_F(connection_test, connect_deadline_is_a_timeout) {
  // 10.255.255.1 is not routed on a test machine: the SYN goes unanswered (or fails fast).
  auto start = clock::now();
  try {
    run(connection::connect(ctx_, "postgresql://quark@10.255.255.1:5432/quark", deadline::after(300ms)));
    FAIL() << "expected an error";
  } catch (const timeout_error&) {
  } catch (const connection_error&) {
  }
  EXPECT_LT(clock::now() - start, 3s);
}

TEST_F(connection_test, wrong_password_is_an_auth_error) {
  std::string auth = env("QUARK_PG_AUTH_URL");
  ASSERT_FALSE(auth.empty()) << "QUARK_PG_AUTH_URL is not set: run the tests through scripts/test";
  auto at = auth.find('@');
  auto colon = auth.rfind(':', at);
  ASSERT_NE(at, std::string::npos);
  ASSERT_NE(colon, std::string::npos);
  std::string wrong = auth.substr(0, colon + 1) + "wrong-password" + auth.substr(at);
  try {
    run(connection::connect(ctx_, wrong, deadline::after(10s)));
    FAIL() << "expected an auth_error";
  } catch (const auth_error& e) {
    EXPECT_NE(std::string{e.what()}.find("password authentication failed"), std::string::npos) << e.what();
    EXPECT_EQ(std::string{e.what()}.find("wrong-password"), std::string::npos) << "never echo a password";
  }
  auto ok = run(connection::connect(ctx_, auth, deadline::after(10s)));
  EXPECT_EQ(run(ok->query("SELECT 1")).get<int>(0, 0), 1);
}

TEST_F(connection_test, deadline_cancels_the_query) {
  auto c = connect();
  int pid = run(c->query("SELECT pg_backend_pid()")).get<int>(0, 0);
  auto start = clock::now();
  EXPECT_THROW(run(c->query("SELECT pg_sleep(5)", {}, deadline::after(200ms))), timeout_error);
  EXPECT_LT(clock::now() - start, 2s);
  EXPECT_TRUE(c->is_broken());
  EXPECT_THROW(run(c->query("SELECT 1")), connection_error) << "a timed-out connection is discarded";
  auto fresh = connect();
  EXPECT_EQ(run(fresh->query("SELECT 1")).get<int>(0, 0), 1);
  // The server-side query was cancelled, not left sleeping.
  int sleeping = 1;
  for (int i = 0; i < 50 && sleeping > 0; ++i) {
    // This connection's backend only: other tests (in parallel processes) sleep too.
    sleeping = run(fresh->query("SELECT count(*)::int FROM pg_stat_activity WHERE pid = $1 "
                                "AND query = 'SELECT pg_sleep(5)' AND state = 'active'",
                                {pid}))
                   .get<int>(0, 0);
    if (sleeping > 0) run(fresh->query("SELECT pg_sleep(0.05)"));
  }
  EXPECT_EQ(sleeping, 0);
}

TEST_F(connection_test, expired_deadline_leaves_connection_usable) {
  auto c = connect();
  EXPECT_THROW(run(c->query("SELECT 1", {}, deadline{clock::now() - 1s})), timeout_error);
  EXPECT_FALSE(c->is_broken());
  EXPECT_EQ(run(c->query("SELECT 1")).get<int>(0, 0), 1);
}

TEST_F(connection_test, pipeline_of_a_thousand_statements) {
  auto c = connect();
  run(c->execute_script("CREATE TEMP TABLE pipe(id int PRIMARY KEY, name text)"));
  std::vector<statement> batch;
  for (int i = 0; i < 1000; ++i) batch.push_back({"INSERT INTO pipe VALUES ($1, $2)", {i, "n" + std::to_string(i)}});
  auto results = run(c->pipeline(std::move(batch)));
  ASSERT_EQ(results.size(), 1000u);
  EXPECT_EQ(results[999].affected_rows(), 1);
  EXPECT_EQ(run(c->query("SELECT count(*)::int FROM pipe")).get<int>(0, 0), 1000);
}

TEST_F(connection_test, failing_pipeline_has_no_effect) {
  auto c = connect();
  run(c->execute_script("CREATE TEMP TABLE pipe2(id int PRIMARY KEY)"));
  std::vector<statement> batch;
  for (int i = 0; i < 10; ++i) batch.push_back({"INSERT INTO pipe2 VALUES ($1)", {i == 7 ? 3 : i}});
  try {
    run(c->pipeline(std::move(batch)));
    FAIL() << "expected a unique_violation";
  } catch (const unique_violation& e) {
    EXPECT_NE(std::string{e.what()}.find("statement 7 of 10"), std::string::npos) << e.what();
  }
  EXPECT_EQ(run(c->query("SELECT count(*)::int FROM pipe2")).get<int>(0, 0), 0);
}

}  // namespace
}  // namespace quark::postgres::test
