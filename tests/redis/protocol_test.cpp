// The Redis client's value types and protocol handling: URLs, commands, replies, the RESP
// parser, and a malformed reply arriving on a socket.

#include "redis_fixture.hpp"

#include <quark/async/sync_wait.hpp>
#include <quark/redis/client.hpp>
#include <quark/redis/command.hpp>
#include <quark/redis/config.hpp>
#include <quark/redis/error.hpp>
#include <quark/redis/reply.hpp>
#include <quark/redis/reply_parser.hpp>
#include <quark/redis/script.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quark::redis::test {
namespace {

using namespace std::chrono_literals;

TEST_F(redis_test, a_url_gives_host_port_database_and_credentials) {
  auto c = config::from_url("redis://127.0.0.1:6390/2");
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 6390);
  EXPECT_EQ(c.database, 2);
  auto d = config::from_url("redis://localhost");
  EXPECT_EQ(d.host, "localhost");
  EXPECT_EQ(d.port, 6379);
  EXPECT_EQ(d.database, 0);
  auto e = config::from_url("redis://user:p@ss@[::1]:7000");
  EXPECT_EQ(e.username, "user");
  EXPECT_EQ(e.password, "p@ss");
  EXPECT_EQ(e.host, "::1");
  EXPECT_EQ(e.endpoint(), "[::1]:7000");
}

TEST_F(redis_test, a_garbage_url_is_a_config_error_that_never_shows_the_password) {
  for (const char* url : {"", "garbage", "http://host:1", "redis://", "redis://:6379", "redis://host:", "redis://host:0",
                          "redis://host:65536", "redis://host:12ab", "redis://host:1/x", "redis://host:1/-1",
                          "redis://ho st:1", "redis://[::1", "redis://:secret@host:99999"}) {
    try {
      (void)config::from_url(url);
      ADD_FAILURE() << "accepted: " << url;
    } catch (const config_error& e) {
      EXPECT_EQ(e.code(), errc::invalid_argument);
      EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
    }
  }
}

TEST_F(redis_test, a_command_is_encoded_binary_safe) {
  command c{"SET", "k", std::string_view("a\0b", 3)};
  EXPECT_EQ(c.wire(), std::string("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\na\0b\r\n", 29));
  EXPECT_EQ(c.name(), "SET");
  EXPECT_EQ((command{"EXPIRE", "k", 60}.wire()), "*3\r\n$6\r\nEXPIRE\r\n$1\r\nk\r\n$2\r\n60\r\n");
  EXPECT_THROW(command{std::vector<std::string>{}}, config_error);
}

/// What hiredis's redisFormatCommandArgv makes of `args`.
std::string hiredis_encoding(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  char* buffer = nullptr;
  int n = redisFormatCommandArgv(&buffer, static_cast<int>(args.size()), argv.data(), lengths.data());
  if (n < 0) throw std::bad_alloc();
  std::string out(buffer, static_cast<std::size_t>(n));
  redisFreeCommand(buffer);
  return out;
}

TEST_F(redis_test, a_command_is_encoded_byte_for_byte_as_hiredis_encodes_it) {
  std::vector<std::vector<std::string>> cases;
  cases.push_back({"PING"});
  cases.push_back({"GET", ""});
  cases.push_back({"SET", "k", std::string("a\0b\r\n", 5)});
  // Lengths and argument counts around every change in their number of digits.
  // 53 and 54: the encoding just fits in the command (inline_capacity) and just does not.
  for (std::size_t size : {9u, 10u, 53u, 54u, 99u, 100u, 999u, 1000u, 65536u, 1000000u}) {
    cases.push_back({"SET", "key", std::string(size, 'v')});
  }
  for (std::size_t count : {9u, 10u, 11u, 99u, 100u, 1001u}) {
    std::vector<std::string> del{"DEL"};
    for (std::size_t i = 1; i < count; ++i) del.push_back("k" + std::to_string(i));
    cases.push_back(del);
  }
  for (const auto& args : cases) {
    command c{args};
    EXPECT_EQ(c.wire(), hiredis_encoding(args)) << args.front() << " with " << args.size() << " arguments";
    EXPECT_EQ(c.name(), args.front());
  }
}

TEST_F(redis_test, the_parser_reads_every_reply_type_incrementally) {
  reply_parser p;
  p.feed("+OK\r\n:42\r\n$-1\r\n-ERR bad\r\n*2\r\n$3\r\nabc\r\n:");
  EXPECT_EQ(p.next(), reply::status("OK"));
  EXPECT_EQ(p.next(), reply::integer(42));
  EXPECT_EQ(p.next(), reply::nil());
  EXPECT_EQ(p.next(), reply::error("ERR bad"));
  EXPECT_EQ(p.next(), std::nullopt);  // the array is incomplete
  p.feed("7\r\n");
  EXPECT_EQ(p.next(), reply::array({reply::string("abc"), reply::integer(7)}));
  EXPECT_EQ(p.next(), std::nullopt);
}

TEST_F(redis_test, a_copied_or_moved_command_keeps_its_encoding_inline_or_not) {
  static_assert(command::inline_capacity == 80, "the sizes below assume 80");
  for (std::size_t size : {53u, 54u}) {  // an encoding of 80 bytes (inline), one of 81 (heap)
    command original{"SET", "k", std::string(size, 'v')};
    const std::string expected(original.wire());
    EXPECT_EQ(expected.size(), size + 27);
    command copy = original;
    command moved = std::move(original);
    EXPECT_EQ(copy.wire(), expected);
    EXPECT_EQ(moved.wire(), expected);
    EXPECT_EQ(moved.name(), "SET");
    copy = moved;
    EXPECT_EQ(copy.wire(), expected);
  }
}

TEST_F(redis_test, the_parser_builds_nested_empty_and_nil_arrays_fed_byte_by_byte) {
  const std::string bytes = "*3\r\n*2\r\n:1\r\n$-1\r\n*0\r\n+x\r\n*-1\r\n$0\r\n\r\n";
  reply_parser p;
  std::vector<reply> got;
  for (char b : bytes) {
    p.feed(std::string_view(&b, 1));
    while (auto r = p.next()) got.push_back(std::move(*r));
  }
  std::vector<reply> inner;
  inner.push_back(reply::integer(1));
  inner.push_back(reply::nil());
  std::vector<reply> outer;
  outer.push_back(reply::array(std::move(inner)));
  outer.push_back(reply::array({}));
  outer.push_back(reply::status("x"));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], reply::array(std::move(outer)));
  EXPECT_EQ(got[1], reply::nil());
  EXPECT_EQ(got[2], reply::string(""));
}

TEST_F(redis_test, the_parser_moves_a_reply_into_a_given_one_only_when_it_is_complete) {
  reply_parser p;
  reply out = reply::string("untouched");
  p.feed(":12");
  EXPECT_FALSE(p.next(out));
  EXPECT_EQ(out, reply::string("untouched"));
  p.feed("\r\n$3\r\nabc\r\n");
  ASSERT_TRUE(p.next(out));
  EXPECT_EQ(out, reply::integer(12));
  ASSERT_TRUE(p.next(out));
  EXPECT_EQ(out, reply::string("abc"));  // no trace of the integer before it
  EXPECT_FALSE(p.next(out));
}

TEST_F(redis_test, a_malformed_element_inside_an_array_is_a_protocol_error) {
  reply_parser p;
  p.feed("*3\r\n:1\r\n*1\r\n?\r\n");
  EXPECT_THROW((void)p.next(), protocol_error);
  reply out;
  EXPECT_THROW((void)p.next(out), protocol_error);
}

TEST_F(redis_test, a_malformed_reply_fed_to_the_parser_is_a_protocol_error) {
  reply_parser p;
  p.feed("?what is this\r\n");
  try {
    (void)p.next();
    FAIL() << "no protocol error";
  } catch (const protocol_error& e) {
    EXPECT_NE(std::string(e.what()).find("Protocol error"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)p.next(), protocol_error);  // stays failed, never crashes
  EXPECT_THROW(p.feed("+OK\r\n"), protocol_error);
  reply_parser q;
  q.feed(":12x\r\n");
  EXPECT_THROW((void)q.next(), protocol_error);
}

TEST_F(redis_test, reply_accessors_check_the_type) {
  auto a = reply::array({reply::string("x"), reply::nil()});
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].as_string(), "x");
  EXPECT_EQ(a[1].optional_string(), std::nullopt);
  EXPECT_THROW((void)a[2], codec_error);
  EXPECT_THROW((void)a.as_integer(), codec_error);
  EXPECT_THROW((void)reply::integer(1).as_string(), codec_error);
  EXPECT_THROW((void)reply::error("ERR x").optional_string(), codec_error);
  EXPECT_TRUE(reply::status("OK").is_ok());
  EXPECT_EQ(reply::string("abc").describe(), "string \"abc\"");
}

TEST_F(redis_test, a_script_sha_is_the_sha1_of_its_source) {
  EXPECT_EQ(script{"return 1"}.sha1(), "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
}

/// A peer that answers any request with bytes that are not RESP.
void serve_garbage(boost::asio::ip::tcp::acceptor& acceptor) {
  auto peer = std::make_shared<boost::asio::ip::tcp::socket>(acceptor.get_executor());
  auto buf = std::make_shared<std::array<char, 256>>();
  auto on_read = [peer, buf](boost::system::error_code ec, std::size_t) {
    if (ec) return;
    static const std::string junk = "?not resp at all\r\n";
    auto on_written = [peer](boost::system::error_code, std::size_t) {};
    boost::asio::async_write(*peer, boost::asio::buffer(junk), on_written);
  };
  auto on_accept = [peer, buf, on_read](boost::system::error_code ec) {
    if (!ec) peer->async_read_some(boost::asio::buffer(*buf), on_read);
  };
  acceptor.async_accept(*peer, on_accept);
}

task<std::string> error_kind_of(task<reply> t) {
  try {
    co_await t;
    co_return "ok";
  } catch (const protocol_error& e) {
    co_return std::string("protocol_error: ") + e.what();
  } catch (const std::exception& e) {
    co_return std::string("other: ") + e.what();
  }
}

TEST_F(redis_test, a_malformed_reply_on_the_socket_fails_the_command_with_a_protocol_error) {
  boost::asio::ip::tcp::acceptor acceptor{ctx, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  serve_garbage(acceptor);
  config peer = cfg;
  peer.host = "127.0.0.1";
  peer.port = acceptor.local_endpoint().port();
  peer.password.clear();
  peer.database = 0;
  client c{ctx, peer};
  auto kind = sync_wait(ctx, error_kind_of(c.execute(command{"PING"}, deadline::after(5s))));
  EXPECT_EQ(kind.rfind("protocol_error: ", 0), 0u) << kind;
  EXPECT_NE(kind.find("Protocol error"), std::string::npos) << kind;
  EXPECT_EQ(c.connection_count(), 1u);
}

}  // namespace
}  // namespace quark::redis::test
