#pragma once
/// @file
/// The Redis client's exceptions. Each derives from a `quark::exception` of the project's one
/// error model (docs/adr/0003-error-model.md), so a caller can catch the generic
/// `quark::storage_error` / `quark::timeout_error` or the Redis-specific type.
///
/// | what happened                                   | thrown                     | code      |
/// | ----------------------------------------------- | -------------------------- | --------- |
/// | the server answered an error reply (`-ERR ...`) | `redis::server_error`      | storage   |
/// | could not connect (refused, unresolvable, auth) | `redis::connection_error`  | storage   |
/// | the connection dropped with the command in flight | `redis::connection_lost` | storage   |
/// | bytes from the server are not valid RESP        | `redis::protocol_error`    | storage   |
/// | the command's deadline passed                   | `quark::timeout_error`     | timeout   |
/// | a bad URL or option                             | `quark::config_error`      | invalid_argument |

#include <quark/base/error.hpp>

#include <string>
#include <string_view>

namespace quark::redis {

/// The server answered the command with an error reply. `what()` and `value().message` hold
/// the server's message verbatim (e.g. `"WRONGTYPE Operation against a key holding the wrong
/// kind of value"`); `value().context` names the command.
class server_error : public storage_error {
 public:
  /// @param message the error reply's text; @param context the command name.
  server_error(std::string message, std::string context);
  /// The error's first word, upper case by Redis convention: `"ERR"`, `"WRONGTYPE"`,
  /// `"NOSCRIPT"`, `"BUSYGROUP"`...
  [[nodiscard]] std::string_view kind() const noexcept;
  /// The server's message verbatim.
  [[nodiscard]] const std::string& server_message() const noexcept { return value().message; }
};

/// A connection could not be established: connection refused, host not resolvable, the
/// handshake (`AUTH`, `SELECT`) rejected. `value().context` is `host:port`.
class connection_error : public storage_error {
 public:
  using storage_error::storage_error;
};

/// The connection dropped (server restarted, network failure, closed after another command
/// timed out) while this command was queued or in flight. Whether the server executed the
/// command is unknown. The next command on the same `client` reconnects.
class connection_lost : public connection_error {
 public:
  using connection_error::connection_error;
};

/// The server sent bytes that are not valid RESP. The connection is closed; the commands in
/// flight on it fail with this error.
class protocol_error : public storage_error {
 public:
  using storage_error::storage_error;
};

}  // namespace quark::redis
