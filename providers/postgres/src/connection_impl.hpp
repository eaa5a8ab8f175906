#pragma once
// Private: the state behind quark::postgres::connection and the socket waits that drive libpq.

#include <quark/postgres/connection.hpp>
#include <quark/postgres/error.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <libpq-fe.h>

#include <coroutine>
#include <deque>
#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace quark::postgres {

/// What a socket wait ended with.
enum class io_event { readable, writable, timed_out, failed };

struct connection::impl {
  explicit impl(boost::asio::io_context& c) : ctx(c), socket(c), timer(c) {}
  ~impl();

  boost::asio::io_context& ctx;
  PGconn* conn = nullptr;
  boost::asio::ip::tcp::socket socket;  // a dup() of PQsocket, for readiness only
  int attached_fd = -1;                 // libpq's descriptor that `socket` duplicates
  boost::asio::steady_timer timer;
  bool busy = false;
  bool broken = false;
  std::string where;
  std::deque<notification> notifications;
  std::set<std::string, std::less<>> prepared;  // names prepared on this session

  /// (Re)wraps PQsocket when libpq opened a new descriptor. @throws connection_error.
  void attach_socket();
  /// Closes everything; the connection is broken from now on.
  void discard() noexcept;
  /// Cancels the running query off-thread (PQcancel blocks), then discards.
  void cancel_and_discard() noexcept;
  /// Marks broken and throws connection_error with PQerrorMessage.
  [[noreturn]] void throw_lost(std::string_view doing);
  [[noreturn]] void throw_timeout(std::string_view doing);
  /// Moves PQnotifies into `notifications`.
  void drain_notifications();
  /// Throws when not usable or busy; marks busy.
  void begin(std::string_view what);

  /// Sends buffered output (PQflush), waiting as needed.
  task<void> flush(deadline until, std::string_view doing);
  /// Waits until PQisBusy is false (reading input). On timeout: cancel, discard, throw.
  task<void> await_ready(deadline until, std::string_view doing);
  /// Collects every result of the current command; returns the last, throws the first error.
  task<result> collect(deadline until, std::string_view doing);
};

/// Clears `busy` when an operation ends, whatever way.
struct busy_guard {
  connection::impl& im;
  ~busy_guard() { im.busy = false; }
};

/// Throws the pg_error subclass for an error result.
[[noreturn]] void throw_result_error(const PGresult* r, const std::string& where, std::string_view prefix = {});

/// Awaits readability and/or writability of `im.socket` or the deadline, whichever first.
/// Resumes only after every handler it started has run, so nothing outlives the await.
class io_wait {
 public:
  io_wait(connection::impl& im, bool read, bool write, deadline until) noexcept
      : im_(im), read_(read), write_(write), until_(until) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h);
  io_event await_resume() const noexcept { return event_; }

 private:
  struct handler {
    io_wait* self;
    io_event event;
    void operator()(const boost::system::error_code& ec) const { self->complete(event, ec); }
  };
  void complete(io_event e, const boost::system::error_code& ec);

  connection::impl& im_;
  bool read_;
  bool write_;
  deadline until_;
  int pending_ = 0;
  bool decided_ = false;
  io_event event_ = io_event::failed;
  std::coroutine_handle<> handle_;
};

/// A libpq message without its trailing newline and spaces ("" for null).
inline std::string trimmed(const char* message) {
  std::string s = message != nullptr ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace quark::postgres
