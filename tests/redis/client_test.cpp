// quark::redis::client and connection against a real redis-server.

#include "redis_fixture.hpp"

#include <quark/async/sync_wait.hpp>
#include <quark/async/when_all.hpp>
#include <quark/redis/client.hpp>
#include <quark/redis/connection.hpp>
#include <quark/redis/error.hpp>

#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace quark::redis::test {
namespace {

using namespace std::chrono_literals;

/// How a command ended: "ok", or the kind of error it threw (and its message).
struct outcome {
  std::string kind;
  std::string message;
  reply value;
};

// (Written without braced initialisers around co_await/co_return: g++ 12 miscompiles them.)
task<outcome> outcome_of(task<reply> t) {
  outcome out;
  try {
    out.value = co_await t;
    out.kind = "ok";
  } catch (const server_error& e) {
    out.kind = "server_error";
    out.message = e.server_message();
  } catch (const connection_lost& e) {
    out.kind = "connection_lost";
    out.message = e.what();
  } catch (const connection_error& e) {
    out.kind = "connection_error";
    out.message = e.what();
  } catch (const protocol_error& e) {
    out.kind = "protocol_error";
    out.message = e.what();
  } catch (const timeout_error& e) {
    out.kind = "timeout";
    out.message = e.what();
  }
  co_return out;
}

task<std::vector<outcome>> all_outcomes(std::vector<task<outcome>> tasks) {
  co_return co_await when_all(std::move(tasks));
}

task<std::vector<reply>> all(std::vector<task<reply>> tasks) { co_return co_await when_all(std::move(tasks)); }

TEST_F(redis_test, pipelines_ten_thousand_commands_on_one_connection_in_order) {
  auto conn = sync_wait(ctx, connection::connect(ctx, cfg, deadline::after(5s)));
  constexpr int pairs = 5000;
  std::vector<task<reply>> tasks;
  for (int i = 0; i < pairs; ++i) {
    std::string k = key(std::to_string(i));
    tasks.push_back(conn->execute(command{"SET", k, "value-" + std::to_string(i)}));
    tasks.push_back(conn->execute(command{"GET", k}));
  }
  auto replies = sync_wait(ctx, all(std::move(tasks)));
  ASSERT_EQ(replies.size(), 2u * pairs);
  for (int i = 0; i < pairs; ++i) {
    ASSERT_TRUE(replies[2 * i].is_ok()) << i << ": " << replies[2 * i].describe();
    ASSERT_EQ(replies[2 * i + 1].optional_string(), "value-" + std::to_string(i));
  }
  EXPECT_EQ(conn->in_flight(), 0u);
}

TEST_F(redis_test, values_larger_than_the_socket_buffers_go_out_and_come_back_in_pieces) {
  auto conn = sync_wait(ctx, connection::connect(ctx, cfg, deadline::after(5s)));
  const std::string big(8 << 20, 'b');  // more than a loopback socket takes in one send
  std::vector<task<reply>> tasks;
  for (int i = 0; i < 2; ++i) {
    // Queued behind the first big write, which the socket takes in several pieces.
    tasks.push_back(conn->execute(command{"SET", key(std::to_string(i)), big}));
    tasks.push_back(conn->execute(command{"GET", key(std::to_string(i))}));
    tasks.push_back(conn->execute(command{"SET", key("small" + std::to_string(i)), "s"}));
  }
  auto replies = sync_wait(ctx, all(std::move(tasks)));
  ASSERT_EQ(replies.size(), 6u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(replies[3 * i].is_ok());
    EXPECT_TRUE(replies[3 * i + 1].as_string() == big) << "GET " << i << " returned " << replies[3 * i + 1].describe();
    EXPECT_TRUE(replies[3 * i + 2].is_ok());
  }
  EXPECT_EQ(conn->in_flight(), 0u);
}

task<std::string> set_then_get(client& c, std::string k, std::string v) {
  command set{"SET", k, v};
  command get{"GET", k};
  co_await c.execute(std::move(set));
  reply r = co_await c.execute(std::move(get));
  co_return r.as_string();
}

task<std::vector<std::string>> all_strings(std::vector<task<std::string>> tasks) {
  co_return co_await when_all(std::move(tasks));
}

TEST_F(redis_test, pool_matches_replies_under_ten_thousand_concurrent_commands) {
  cfg.pool_size = 4;
  client c{ctx, cfg};
  constexpr int n = 10000;
  std::vector<task<std::string>> tasks;
  for (int i = 0; i < n; ++i) tasks.push_back(set_then_get(c, key(std::to_string(i)), "v" + std::to_string(i)));
  auto values = sync_wait(ctx, all_strings(std::move(tasks)));
  for (int i = 0; i < n; ++i) ASSERT_EQ(values[i], "v" + std::to_string(i));
  EXPECT_GE(c.connection_count(), 2u);
  EXPECT_LE(c.connection_count(), 4u);
}

TEST_F(redis_test, evalsha_loads_the_script_again_after_script_flush) {
  client c{ctx, cfg};
  script incr_by{"return redis.call('INCRBY', KEYS[1], ARGV[1])"};
  std::string k = key("n");
  sync_wait(ctx, c.execute(command{"DEL", k}));
  EXPECT_EQ(sync_wait(ctx, c.eval(incr_by, {k}, {"5"})).as_integer(), 5);
  EXPECT_TRUE(sync_wait(ctx, c.execute(command{"SCRIPT", "FLUSH"})).is_ok());
  EXPECT_EQ(sync_wait(ctx, c.eval(incr_by, {k}, {"2"})).as_integer(), 7);
  // The sha is Redis's own.
  EXPECT_EQ(sync_wait(ctx, c.execute(command{"SCRIPT", "LOAD", incr_by.source()})).as_string(), incr_by.sha1());
}

TEST_F(redis_test, a_lua_error_is_a_server_error) {
  client c{ctx, cfg};
  script broken{"return redis.error_reply('MYERR the script refused')"};
  auto r = sync_wait(ctx, outcome_of(c.eval(broken, {}, {})));
  EXPECT_EQ(r.kind, "server_error");
  EXPECT_EQ(r.message, "MYERR the script refused");
  script unknown{"return redis.call('NO_SUCH_COMMAND')"};
  r = sync_wait(ctx, outcome_of(c.eval(unknown, {}, {})));
  EXPECT_EQ(r.kind, "server_error");
  EXPECT_NE(r.message.find("Unknown Redis command"), std::string::npos) << r.message;
}

TEST_F(redis_test, an_error_reply_is_a_server_error_with_the_message_and_the_connection_stays_usable) {
  client c{ctx, cfg};
  std::string k = key("text");
  sync_wait(ctx, c.execute(command{"SET", k, "not a number"}));
  auto r = sync_wait(ctx, outcome_of(c.execute(command{"INCR", k})));
  EXPECT_EQ(r.kind, "server_error");
  EXPECT_EQ(r.message, "ERR value is not an integer or out of range");
  try {
    sync_wait(ctx, c.execute(command{"LPUSH", k, "x"}));
    FAIL() << "LPUSH on a string must throw";
  } catch (const server_error& e) {
    EXPECT_EQ(e.kind(), "WRONGTYPE");
    EXPECT_EQ(e.value().context, "LPUSH");
    EXPECT_EQ(e.code(), errc::storage);
  }
  auto as_value = sync_wait(ctx, c.try_execute(command{"INCR", k}, deadline::after(5s)));
  EXPECT_TRUE(as_value.is_error());
  EXPECT_EQ(sync_wait(ctx, c.execute(command{"PING"})).as_string(), "PONG");
  EXPECT_EQ(c.connection_count(), 1u);
}

TEST_F(redis_test, a_deadline_shorter_than_blpop_times_out_and_the_client_recovers) {
  client c{ctx, cfg};
  std::string list = key("empty-list");
  auto started = clock::now();
  auto r = sync_wait(ctx, outcome_of(c.execute(command{"BLPOP", list, "30"}, deadline::after(200ms))));
  auto took = clock::now() - started;
  EXPECT_EQ(r.kind, "timeout") << r.message;
  EXPECT_LT(took, 5s);
  EXPECT_EQ(sync_wait(ctx, c.execute(command{"PING"})).as_string(), "PONG");
  // The BLPOP's connection was closed, so the server is not blocked on it any more: a push is
  // not consumed by a ghost waiter.
  sync_wait(ctx, c.execute(command{"RPUSH", list, "item"}));
  EXPECT_EQ(sync_wait(ctx, c.execute(command{"LLEN", list})).as_integer(), 1);
  sync_wait(ctx, c.execute(command{"DEL", list}));
}

TEST_F(redis_test, other_commands_in_flight_on_a_timed_out_connection_fail_as_connection_lost) {
  auto conn = sync_wait(ctx, connection::connect(ctx, cfg, deadline::after(5s)));
  std::vector<task<outcome>> tasks;
  tasks.push_back(outcome_of(conn->execute(command{"BLPOP", key("l"), "30"}, deadline::after(100ms))));
  tasks.push_back(outcome_of(conn->execute(command{"PING"})));
  auto results = sync_wait(ctx, all_outcomes(std::move(tasks)));
  EXPECT_EQ(results[0].kind, "timeout");
  EXPECT_EQ(results[1].kind, "connection_lost");
  EXPECT_FALSE(conn->is_usable());
  EXPECT_EQ(sync_wait(ctx, outcome_of(conn->execute(command{"PING"}))).kind, "connection_lost");
}

std::uint16_t closed_port(boost::asio::io_context& ctx) {
  boost::asio::ip::tcp::acceptor a{ctx, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  return a.local_endpoint().port();  // closed when `a` goes
}

TEST_F(redis_test, an_unreachable_server_is_a_connection_error_not_a_hang) {
  config bad = cfg;
  bad.host = "127.0.0.1";
  bad.port = closed_port(ctx);
  client c{ctx, bad};
  auto started = clock::now();
  auto r = sync_wait(ctx, outcome_of(c.execute(command{"PING"}, deadline::after(5s))));
  EXPECT_EQ(r.kind, "connection_error") << r.message;
  EXPECT_NE(r.message.find("cannot connect"), std::string::npos) << r.message;
  EXPECT_LT(clock::now() - started, 5s);
  // Still an error (and no crash) on the next try.
  EXPECT_EQ(sync_wait(ctx, outcome_of(c.execute(command{"PING"}, deadline::after(5s)))).kind, "connection_error");
}

TEST_F(redis_test, an_unresolvable_host_is_a_connection_error) {
  config bad = cfg;
  bad.host = "no-such-host.invalid";
  bad.connect_timeout = 2s;
  client c{ctx, bad};
  auto r = sync_wait(ctx, outcome_of(c.execute(command{"PING"}, deadline::after(10s))));
  EXPECT_TRUE(r.kind == "connection_error" || r.kind == "timeout") << r.kind << ": " << r.message;
}

TEST_F(redis_test, a_rejected_password_is_a_connection_error) {
  config bad = cfg;
  bad.password = "wrong-password";
  client c{ctx, bad};
  auto r = sync_wait(ctx, outcome_of(c.execute(command{"PING"}, deadline::after(5s))));
  EXPECT_EQ(r.kind, "connection_error") << r.message;
  EXPECT_NE(r.message.find("AUTH"), std::string::npos) << r.message;
}

TEST_F(redis_test, a_database_from_the_url_is_selected) {
  config db3 = cfg;
  db3.database = 3;
  client c3{ctx, db3};
  client c0{ctx, cfg};
  std::string k = key("db");
  sync_wait(ctx, c3.execute(command{"SET", k, "three"}));
  EXPECT_EQ(sync_wait(ctx, c3.execute(command{"GET", k})).as_string(), "three");
  EXPECT_TRUE(sync_wait(ctx, c0.execute(command{"GET", k})).is_nil());
  sync_wait(ctx, c3.execute(command{"DEL", k}));
}

TEST_F(redis_test, the_next_command_after_a_server_restart_succeeds) {
  const char* services = std::getenv("QUARK_SERVICES");
  ASSERT_TRUE(services != nullptr && *services != '\0')
      << "QUARK_SERVICES is not set: run the tests through scripts/test, or start servers with "
         "`eval $(scripts/services start)`";
  cfg.pool_size = 2;
  client c{ctx, cfg};
  std::string k = key("survivor");
  sync_wait(ctx, c.execute(command{"SET", k, "kept"}));
  std::string restart = std::string("\"") + services + "\" restart redis";
  ASSERT_EQ(std::system(restart.c_str()), 0) << restart;
  // The first command may land on the dead connection (connection_lost); the next reconnects.
  auto first = sync_wait(ctx, outcome_of(c.execute(command{"GET", k}, deadline::after(5s))));
  if (first.kind != "ok") {
    EXPECT_EQ(first.kind, "connection_lost") << first.message;
    first = sync_wait(ctx, outcome_of(c.execute(command{"GET", k}, deadline::after(5s))));
  }
  ASSERT_EQ(first.kind, "ok") << first.message;
  EXPECT_EQ(first.value.optional_string(), "kept");
  sync_wait(ctx, c.execute(command{"DEL", k}));
}

TEST_F(redis_test, a_client_off_a_shard_without_a_context_is_a_config_error) {
  EXPECT_THROW(client{cfg}, config_error);
  config zero = cfg;
  zero.pool_size = 0;
  EXPECT_THROW((client{ctx, zero}), config_error);
}

}  // namespace
}  // namespace quark::redis::test
