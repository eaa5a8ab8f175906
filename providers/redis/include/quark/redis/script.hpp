#pragma once
/// @file
/// `quark::redis::script`: a Lua script and its SHA1, for `client::eval`.

#include <memory>
#include <string>

namespace quark::redis {

/// A Lua script, identified on the server by the SHA1 of its source (computed here, once).
/// `client::eval` runs it with `EVALSHA` and loads it (`SCRIPT LOAD`) the first time the
/// server answers `NOSCRIPT` (after a restart or `SCRIPT FLUSH`). Immutable and cheap to
/// copy (shared source): define scripts once, e.g. as statics, and use them from any thread.
///
/// @code
/// static const redis::script incr_by{"return redis.call('INCRBY', KEYS[1], ARGV[1])"};
/// auto n = (co_await client.eval(incr_by, {"counter"}, {"5"})).as_integer();
/// @endcode
class script {
 public:
  explicit script(std::string source);
  /// The Lua source.
  [[nodiscard]] const std::string& source() const noexcept { return data_->source; }
  /// Lower-case hex SHA1 of the source, as `SCRIPT LOAD` returns it.
  [[nodiscard]] const std::string& sha1() const noexcept { return data_->sha1; }

 private:
  struct data {
    std::string source;
    std::string sha1;
  };
  std::shared_ptr<const data> data_;
};

}  // namespace quark::redis
