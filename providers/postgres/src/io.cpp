// The socket waits and libpq plumbing behind quark::postgres::connection.

#include "connection_impl.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <exception>
#include <thread>
#include <utility>

namespace quark::postgres {

void io_wait::await_suspend(std::coroutine_handle<> h) {
  handle_ = h;
  if (read_) {
    ++pending_;
    im_.socket.async_wait(boost::asio::ip::tcp::socket::wait_read, handler{this, io_event::readable});
  }
  if (write_) {
    ++pending_;
    im_.socket.async_wait(boost::asio::ip::tcp::socket::wait_write, handler{this, io_event::writable});
  }
  if (!until_.is_never()) {
    ++pending_;
    im_.timer.expires_at(until_.at);
    im_.timer.async_wait(handler{this, io_event::timed_out});
  }
}

void io_wait::complete(io_event e, const boost::system::error_code& ec) {
  --pending_;
  if (!decided_ && ec != boost::asio::error::operation_aborted) {
    decided_ = true;
    event_ = ec ? io_event::failed : e;
    boost::system::error_code ignored;
    im_.socket.cancel(ignored);
    im_.timer.cancel();
  }
  if (pending_ == 0) handle_.resume();
}

connection::impl::~impl() { discard(); }

void connection::impl::attach_socket() {
  int fd = PQsocket(conn);
  if (fd < 0) throw_lost("finding the socket");
  boost::system::error_code ec;
  socket.close(ec);
  attached_fd = -1;
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) throw_lost("duplicating the socket");
  socket.assign(boost::asio::ip::tcp::v4(), copy, ec);
  if (ec) {
    ::close(copy);
    throw connection_error("", fmt::format("cannot watch the socket of {}: {}", where, ec.message()), where);
  }
  attached_fd = fd;
}

void connection::impl::discard() noexcept {
  boost::system::error_code ec;
  socket.close(ec);
  timer.cancel();
  attached_fd = -1;
  if (conn != nullptr) PQfinish(conn);
  conn = nullptr;
  broken = true;
}

void connection::impl::cancel_and_discard() noexcept {
  if (conn != nullptr) {
    if (PGcancel* c = PQgetCancel(conn)) {
      try {
        std::thread([c] {
          char message[256];
          PQcancel(c, message, sizeof message);
          PQfreeCancel(c);
        }).detach();
      } catch (...) {
        PQfreeCancel(c);
      }
    }
  }
  discard();
}

void connection::impl::throw_lost(std::string_view doing) {
  std::string message = fmt::format("connection to {} lost while {}: {}", where, doing,
                                    conn != nullptr ? trimmed(PQerrorMessage(conn)) : "closed");
  discard();
  throw connection_error("08006", std::move(message), where);
}

void connection::impl::throw_timeout(std::string_view doing) {
  throw timeout_error(errc::timeout,
                      fmt::format("deadline passed while {} on {}; the query was cancelled and the connection closed",
                                  doing, where),
                      where);
}

void connection::impl::drain_notifications() {
  while (PGnotify* n = PQnotifies(conn)) {
    notifications.push_back(notification{n->relname, n->extra != nullptr ? n->extra : "", n->be_pid});
    PQfreemem(n);
  }
}

void connection::impl::begin(std::string_view what) {
  if (broken || conn == nullptr) {
    throw connection_error("08003",
                           fmt::format("cannot start {}: the connection to {} is closed (lost or timed out earlier); "
                                       "open a new one or use a pool",
                                       what, where),
                           where);
  }
  if (busy) {
    throw storage_error(errc::storage,
                        fmt::format("cannot start {}: the connection to {} is busy with another operation "
                                    "(one at a time per connection; use a pool for concurrency)",
                                    what, where),
                        where);
  }
  busy = true;
}

task<void> connection::impl::flush(deadline until, std::string_view doing) {
  for (;;) {
    int r = PQflush(conn);
    if (r == 0) co_return;
    if (r < 0) throw_lost(doing);
    io_event ev = co_await io_wait(*this, true, true, until);
    if (ev == io_event::timed_out) {
      cancel_and_discard();
      throw_timeout(doing);
    }
    if (ev == io_event::failed) throw_lost(doing);
    if (ev == io_event::readable && PQconsumeInput(conn) == 0) throw_lost(doing);
  }
}

task<void> connection::impl::await_ready(deadline until, std::string_view doing) {
  while (PQisBusy(conn) != 0) {
    io_event ev = co_await io_wait(*this, true, false, until);
    if (ev == io_event::timed_out) {
      cancel_and_discard();
      throw_timeout(doing);
    }
    if (ev == io_event::failed || PQconsumeInput(conn) == 0) throw_lost(doing);
  }
  drain_notifications();
}

task<result> connection::impl::collect(deadline until, std::string_view doing) {
  result last;
  result error;
  for (;;) {
    co_await await_ready(until, doing);
    PGresult* r = PQgetResult(conn);
    if (r == nullptr) break;
    result current{r};
    ExecStatusType status = PQresultStatus(r);
    if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE) {
      if (error.native() == nullptr) error = std::move(current);
    } else {
      last = std::move(current);
    }
  }
  bool lost = PQstatus(conn) == CONNECTION_BAD;
  if (error.native() != nullptr) {
    if (lost) {
      const char* state = PQresultErrorField(error.native(), PG_DIAG_SQLSTATE);
      std::string message = fmt::format("connection to {} lost while {}: {}", where, doing,
                                        trimmed(PQresultErrorMessage(error.native())));
      discard();
      throw connection_error(state != nullptr ? state : "08006", std::move(message), where);
    }
    throw_result_error(error.native(), where);
  }
  if (lost) throw_lost(doing);
  co_return last;
}

void throw_result_error(const PGresult* r, const std::string& where, std::string_view prefix) {
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
  const char* constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
  std::string sqlstate = state != nullptr ? state : "";
  std::string message = fmt::format("{}{} (SQLSTATE {})", prefix,
                                    primary != nullptr ? primary : trimmed(PQresultErrorMessage(r)),
                                    sqlstate.empty() ? "none" : sqlstate);
  if (detail != nullptr) message += fmt::format(": {}", detail);
  throw_pg_error(sqlstate, std::move(message), where, constraint != nullptr ? constraint : "");
}

}  // namespace quark::postgres
