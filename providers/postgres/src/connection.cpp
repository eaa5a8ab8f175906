// quark::postgres::connection: connecting and the public operations. See io.cpp for the waits.

#include "connection_impl.hpp"

#include <fmt/format.h>

#include <poll.h>

#include <utility>

namespace quark::postgres {

void connection::validate(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? trimmed(error) : "out of memory";
    if (error != nullptr) PQfreemem(error);
    throw config_error(errc::invalid_argument, "invalid PostgreSQL connection string: " + message);
  }
  PQconninfoFree(options);
}

namespace {

std::string describe(PGconn* conn) {
  const char* host = PQhost(conn);
  const char* port = PQport(conn);
  const char* db = PQdb(conn);
  return fmt::format("postgresql {}:{}/{}", host != nullptr ? host : "?", port != nullptr ? port : "?",
                     db != nullptr ? db : "?");
}

[[noreturn]] void throw_connect_failure(connection::impl& im) {
  std::string reason = trimmed(PQerrorMessage(im.conn));
  im.discard();
  bool auth = reason.find("password authentication failed") != std::string::npos ||
              reason.find("no password supplied") != std::string::npos ||
              reason.find("authentication failed") != std::string::npos;
  if (auth) {
    throw auth_error("28P01", fmt::format("the server {} refused the credentials: {}", im.where, reason), im.where);
  }
  throw connection_error("08001", fmt::format("cannot connect to {}: {}", im.where, reason), im.where);
}

void ignore_notice(void*, const char*) {}

}  // namespace

connection::connection(std::unique_ptr<impl> im) noexcept : impl_(std::move(im)) {}
connection::~connection() = default;

task<std::unique_ptr<connection>> connection::connect(boost::asio::io_context& ctx, std::string conninfo,
                                                      deadline until) {
  validate(conninfo);
  auto im = std::make_unique<impl>(ctx);
  im->conn = PQconnectStart(conninfo.c_str());
  if (im->conn == nullptr) throw connection_error("", "PQconnectStart: out of memory", "");
  im->where = describe(im->conn);
  if (PQstatus(im->conn) == CONNECTION_BAD) throw_connect_failure(*im);
  PostgresPollingStatusType poll = PGRES_POLLING_WRITING;
  while (poll != PGRES_POLLING_OK) {
    if (poll == PGRES_POLLING_FAILED) throw_connect_failure(*im);
    im->attach_socket();  // every round: libpq may have moved to another address
    io_event ev = co_await io_wait(*im, poll == PGRES_POLLING_READING, poll == PGRES_POLLING_WRITING, until);
    if (ev == io_event::timed_out) {
      im->discard();
      throw timeout_error(errc::timeout, fmt::format("connecting to {} did not finish before the deadline", im->where),
                          im->where);
    }
    if (ev == io_event::failed) throw_connect_failure(*im);
    poll = PQconnectPoll(im->conn);
  }
  im->where = describe(im->conn);
  if (PQsetnonblocking(im->conn, 1) != 0) im->throw_lost("switching to non-blocking mode");
  PQsetNoticeProcessor(im->conn, ignore_notice, nullptr);
  im->attach_socket();
  co_return std::unique_ptr<connection>(new connection(std::move(im)));
}

task<result> connection::query(std::string sql, params args, deadline until) {
  impl& im = *impl_;
  im.begin("a query");
  busy_guard guard{im};
  if (until.expired()) im.throw_timeout("waiting to send a query");
  auto values = args.value_pointers();
  if (PQsendQueryParams(im.conn, sql.c_str(), args.size(), nullptr, values.data(), args.lengths().data(),
                        args.formats().data(), 0) == 0) {
    im.throw_lost("sending a query");
  }
  co_await im.flush(until, "sending a query");
  co_return co_await im.collect(until, "running a query");
}

task<void> connection::prepare(std::string name, std::string sql, deadline until) {
  impl& im = *impl_;
  im.begin("preparing a statement");
  busy_guard guard{im};
  if (until.expired()) im.throw_timeout("waiting to prepare a statement");
  if (PQsendPrepare(im.conn, name.c_str(), sql.c_str(), 0, nullptr) == 0) im.throw_lost("preparing a statement");
  co_await im.flush(until, "preparing a statement");
  co_await im.collect(until, "preparing a statement");
  im.prepared.insert(std::move(name));
}

bool connection::is_prepared(std::string_view name) const noexcept {
  return impl_->prepared.find(name) != impl_->prepared.end();
}

task<result> connection::execute(std::string name, params args, deadline until) {
  impl& im = *impl_;
  im.begin("a prepared statement");
  busy_guard guard{im};
  if (until.expired()) im.throw_timeout("waiting to run a prepared statement");
  auto values = args.value_pointers();
  if (PQsendQueryPrepared(im.conn, name.c_str(), args.size(), values.data(), args.lengths().data(),
                          args.formats().data(), 0) == 0) {
    im.throw_lost("sending a prepared statement");
  }
  co_await im.flush(until, "sending a prepared statement");
  co_return co_await im.collect(until, "running a prepared statement");
}

task<void> connection::execute_script(std::string sql, deadline until) {
  impl& im = *impl_;
  im.begin("a script");
  busy_guard guard{im};
  if (until.expired()) im.throw_timeout("waiting to send a script");
  if (PQsendQuery(im.conn, sql.c_str()) == 0) im.throw_lost("sending a script");
  co_await im.flush(until, "sending a script");
  co_await im.collect(until, "running a script");
}

task<std::optional<notification>> connection::next_notification(deadline until) {
  impl& im = *impl_;
  if (!im.notifications.empty()) {
    notification n = std::move(im.notifications.front());
    im.notifications.pop_front();
    co_return n;
  }
  im.begin("waiting for a notification");
  busy_guard guard{im};
  for (;;) {
    if (PQconsumeInput(im.conn) == 0) im.throw_lost("waiting for a notification");
    im.drain_notifications();
    if (!im.notifications.empty()) {
      notification n = std::move(im.notifications.front());
      im.notifications.pop_front();
      co_return n;
    }
    if (PQstatus(im.conn) == CONNECTION_BAD) im.throw_lost("waiting for a notification");
    io_event ev = co_await io_wait(im, true, false, until);
    if (ev == io_event::timed_out) co_return std::nullopt;
    if (ev == io_event::failed) im.throw_lost("waiting for a notification");
  }
}

bool connection::is_broken() const noexcept { return impl_->broken || impl_->conn == nullptr; }

bool connection::in_transaction() const noexcept {
  return impl_->conn != nullptr && PQtransactionStatus(impl_->conn) != PQTRANS_IDLE;
}

bool connection::is_healthy() {
  impl& im = *impl_;
  if (is_broken() || im.busy) return false;
  if (PQstatus(im.conn) != CONNECTION_OK || PQtransactionStatus(im.conn) != PQTRANS_IDLE) return false;
  for (int round = 0; round < 4; ++round) {
    pollfd p{PQsocket(im.conn), POLLIN, 0};
    int n = ::poll(&p, 1, 0);
    if (n == 0) return true;
    if (n < 0 || (p.revents & (POLLERR | POLLNVAL)) != 0 || PQconsumeInput(im.conn) == 0 ||
        PQstatus(im.conn) != CONNECTION_OK) {
      im.discard();
      return false;
    }
    im.drain_notifications();
  }
  return PQstatus(im.conn) == CONNECTION_OK;
}

const std::string& connection::where() const noexcept { return impl_->where; }
boost::asio::io_context& connection::context() const noexcept { return impl_->ctx; }

std::string connection::quote_identifier(std::string_view name) const {
  if (impl_->conn == nullptr) throw connection_error("08003", "the connection is closed", impl_->where);
  char* quoted = PQescapeIdentifier(impl_->conn, name.data(), name.size());
  if (quoted == nullptr) {
    throw pg_error("", fmt::format("cannot quote identifier: {}", trimmed(PQerrorMessage(impl_->conn))), impl_->where);
  }
  std::string out = quoted;
  PQfreemem(quoted);
  return out;
}

}  // namespace quark::postgres
