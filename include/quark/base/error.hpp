#pragma once
/// @file
/// Quark's one error model: an error is a small value (code, message, context) that can cross
/// a silo boundary; `quark::exception` and its subclasses carry one to user code that prefers
/// exceptions. See docs/adr/0003-error-model.md.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace quark {

/// Stable error codes. Values are part of the wire contract: append, never renumber.
enum class errc : std::uint16_t {
  ok = 0,
  actor_failed = 1,        ///< an actor method threw; context names the actor and method
  rejected = 2,            ///< the actor refused the request (business rule); not a fault
  timeout = 3,             ///< the call's deadline passed before a reply arrived
  unknown_actor_type = 4,  ///< no actor type is registered under the requested name
  unknown_method = 5,      ///< the type has no callable method of that name / index
  version_conflict = 6,    ///< optimistic concurrency: the stored version moved on
  codec = 7,               ///< a payload could not be encoded or decoded
  duplicate_name = 8,      ///< two types were registered under one stable name
  shutting_down = 9,       ///< the silo no longer accepts calls
  storage = 10,            ///< a storage provider failed (I/O, constraint, corruption)
  invalid_argument = 11,   ///< bad configuration or argument
  activation_failed = 12,  ///< on_activate (or loading state) threw; the call could not run
  stream_deleted = 13,     ///< the event stream was deleted (tombstoned); it takes no more events
};

/// Short, stable name of a code ("timeout", "version_conflict", ...).
std::string_view to_string(errc code) noexcept;

/// An error as a value: what went wrong (code), a human-readable message, and where
/// (context: the actor id, the stream, the field path...). Cheap to move; serialisable.
struct error {
  errc code = errc::ok;
  std::string message;
  std::string context;

  /// `"<code>: <message> [<context>]"`, for logs and exception messages.
  [[nodiscard]] std::string describe() const;
  explicit operator bool() const noexcept { return code != errc::ok; }
  friend bool operator==(const error&, const error&) = default;
};

/// Base of every exception Quark throws; `value()` is the error it carries.
class exception : public std::runtime_error {
 public:
  explicit exception(error e);
  exception(errc code, std::string message, std::string context = {});
  [[nodiscard]] const error& value() const noexcept { return error_; }
  [[nodiscard]] errc code() const noexcept { return error_.code; }

 private:
  error error_;
};

/// An actor method threw something that was not a `quark::exception`.
class actor_error : public exception { public: using exception::exception; };
/// Thrown by actor code to refuse a request; reaches the caller as `rejected`.
class rejected : public exception {
 public:
  using exception::exception;
  explicit rejected(std::string message) : exception(errc::rejected, std::move(message)) {}
};
/// A call's deadline passed.
class timeout_error : public exception { public: using exception::exception; };
/// Optimistic concurrency failure on a state, stream or lease.
class version_conflict : public exception { public: using exception::exception; };
/// Encoding or decoding failed; context is the field path or type name.
class codec_error : public exception { public: using exception::exception; };
/// Configuration or registration problem found at start-up or on a lookup by name.
class config_error : public exception { public: using exception::exception; };
/// A storage provider failed.
class storage_error : public exception { public: using exception::exception; };
/// An append (or delete) targeted an event stream that was deleted; context is the stream.
class stream_deleted_error : public exception { public: using exception::exception; };
/// The silo is stopping and refuses new calls.
class shutdown_error : public exception { public: using exception::exception; };

/// Throws the exception subclass that matches `e.code` (actor_failed → actor_error, ...).
/// @pre `e.code != errc::ok`.
[[noreturn]] void throw_error(error e);

/// Converts the exception currently being handled into an error value; a non-Quark
/// exception becomes `fallback` with its `what()` as message. Call only inside a catch block.
error error_from_current_exception(errc fallback = errc::actor_failed, std::string context = {});

}  // namespace quark
