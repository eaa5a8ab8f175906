#pragma once
/// @file
/// `quark::redis::config`: where the server is and how the client behaves; parsed from a
/// `redis://` URL.

#include <quark/base/deadline.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace quark::redis {

/// Connection and pool settings of a `client`.
struct config {
  /// Host name or IP address (IPv6 without brackets).
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  /// Logical database, selected (`SELECT`) on every new connection when not 0.
  int database = 0;
  /// Sent with `AUTH` on every new connection when `password` is not empty (the user name
  /// only when it is not empty either: Redis 6 ACL form).
  std::string username;
  std::string password;
  /// Most connections a `client` opens; commands are pipelined on each.
  std::size_t pool_size = 4;
  /// Longest time a TCP connect may take before the commands waiting for it fail with
  /// `connection_error`.
  clock::duration connect_timeout = std::chrono::seconds(5);
  /// Deadline of a command given none (`client::execute(cmd)`).
  clock::duration command_timeout = std::chrono::seconds(30);

  /// Parses `redis://[[user]:password@]host[:port][/db]` (host may be `[ipv6]`; the port
  /// defaults to 6379, the database to 0). Other settings keep their defaults.
  /// @throws quark::config_error naming the problem (the password is never echoed) for a
  /// wrong scheme, empty host, a port that is not 1..65535, a database that is not a
  /// non-negative number, or trailing garbage.
  static config from_url(std::string_view url);

  /// `host:port`, the context of connection errors.
  [[nodiscard]] std::string endpoint() const;
};

}  // namespace quark::redis
