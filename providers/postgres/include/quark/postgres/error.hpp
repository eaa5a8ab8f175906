#pragma once
/// @file
/// PostgreSQL errors: every failure of the client is a `quark::storage_error` subclass that
/// carries the server's SQLSTATE, except a passed deadline (`quark::timeout_error`) and a
/// malformed connection string (`quark::config_error`).
///
/// | situation                                   | type                    | SQLSTATE          |
/// | ------------------------------------------- | ----------------------- | ----------------- |
/// | any server error not listed below            | `pg_error`              | the server's      |
/// | duplicate key                                | `unique_violation`      | 23505             |
/// | serializable / repeatable read conflict      | `serialization_failure` | 40001             |
/// | cannot connect, connection lost, admin kill  | `connection_error`      | 08xxx, 57P0x      |
/// | wrong password, role not allowed             | `auth_error`            | 28P01, 28000      |
/// | deadline passed (query cancelled)            | `quark::timeout_error`  | —                 |
/// | connection string does not parse            | `quark::config_error`   | —                 |

#include <quark/base/error.hpp>

#include <string>
#include <string_view>

namespace quark::postgres {

/// A failed PostgreSQL operation. `code()` is `errc::storage`; the message holds the server's
/// primary message, detail and SQLSTATE; the context names the server (`host:port/db`).
class pg_error : public storage_error {
 public:
  /// @param sqlstate five-character SQLSTATE, or empty when the client failed locally.
  pg_error(std::string sqlstate, std::string message, std::string context);
  /// The SQLSTATE (`"23505"`, `"40001"`, ...), empty for a local client failure.
  [[nodiscard]] const std::string& sqlstate() const noexcept { return sqlstate_; }

 private:
  std::string sqlstate_;
};

/// A UNIQUE or PRIMARY KEY constraint was violated (SQLSTATE 23505): an expected outcome
/// (a duplicate), not a fault. `constraint()` names the violated constraint.
class unique_violation : public pg_error {
 public:
  unique_violation(std::string message, std::string context, std::string constraint);
  /// Name of the violated constraint (e.g. `"quark_state_pkey"`), empty when unknown.
  [[nodiscard]] const std::string& constraint() const noexcept { return constraint_; }

 private:
  std::string constraint_;
};

/// The transaction could not be serialized (SQLSTATE 40001): retry the whole transaction.
class serialization_failure : public pg_error {
 public:
  using pg_error::pg_error;
};

/// The connection could not be opened or was lost (server restarted, network failure,
/// SQLSTATE class 08 or 57P01..57P03). The connection is unusable; a pool replaces it.
class connection_error : public pg_error {
 public:
  using pg_error::pg_error;
};

/// The server refused the credentials (wrong password, no password, role may not log in).
class auth_error : public connection_error {
 public:
  using connection_error::connection_error;
};

/// Throws the subclass of `pg_error` that matches `sqlstate` (see the table above).
[[noreturn]] void throw_pg_error(std::string_view sqlstate, std::string message, std::string context,
                                 std::string constraint = {});

}  // namespace quark::postgres
