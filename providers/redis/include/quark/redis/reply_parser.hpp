#pragma once
/// @file
/// `quark::redis::reply_parser`: RESP bytes in, `reply` values out. A thin owner of hiredis's
/// `redisReader` (the client never parses RESP by hand).

#include <quark/redis/reply.hpp>

#include <exception>
#include <optional>
#include <string_view>

struct redisReader;

namespace quark::redis {

/// Incremental RESP parser: feed bytes as they arrive, take complete replies out in order.
/// After a protocol error the parser is unusable (every later call throws again); the
/// connection that owns it is closed. Not thread-safe; one per connection.
///
/// @code
/// redis::reply_parser p;
/// p.feed("+OK\r\n:4");
/// auto a = p.next();   // status "OK"
/// auto b = p.next();   // nothing yet: ":4" is incomplete
/// @endcode
class reply_parser {
 public:
  /// @throws std::bad_alloc when the reader cannot be created.
  reply_parser();
  reply_parser(const reply_parser&) = delete;
  reply_parser& operator=(const reply_parser&) = delete;
  ~reply_parser();

  /// Appends bytes received from the server.
  /// @throws protocol_error after an earlier protocol error.
  void feed(std::string_view bytes);
  /// The next complete reply, or nothing when more bytes are needed.
  /// @throws protocol_error (with hiredis's description and the offending bytes) when the
  /// input is not valid RESP.
  [[nodiscard]] std::optional<reply> next();
  /// As `next()`, but moves the reply into `out` (no intermediate `optional`): true when a
  /// complete reply was there, false (and `out` untouched) when more bytes are needed.
  /// @throws protocol_error as `next()`.
  [[nodiscard]] bool next(reply& out);

 private:
  friend struct detail::reply_builder;
  ::redisReader* reader_;
  reply root_;                 // hiredis builds each top-level reply here, in place
  std::exception_ptr failure_;  // an exception thrown while building (std::bad_alloc)
};

}  // namespace quark::redis
