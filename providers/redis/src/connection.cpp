#include <quark/redis/connection.hpp>

#include <quark/async/use_task.hpp>
#include <quark/base/error.hpp>
#include <quark/redis/error.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>

namespace quark::redis {

namespace asio = boost::asio;

/// Queues a command when awaited and suspends its coroutine until the reply (or failure)
/// arrives. The request lives in the awaiter, that is in the awaiting coroutine's frame.
/// `check` turns an error reply into `server_error` (execute) rather than a value
/// (try_execute).
struct connection::request_awaiter {
  request_awaiter(connection& conn, const command& cmd, deadline dl, bool check) : c(conn), sent(cmd), throws(check) {
    r.deadline = dl.at;
  }
  connection& c;
  const command& sent;
  bool throws;
  request r;
  bool await_ready() {
    c.enqueue(r, sent.wire());
    return r.done;
  }
  void await_suspend(std::coroutine_handle<> h) noexcept { r.waiter = h; }
  reply await_resume() {
    if (r.error) std::rethrow_exception(r.error);
    if (throws && r.result.is_error()) throw server_error(r.result.as_string(), std::string(sent.name()));
    return std::move(r.result);
  }
};

namespace {
command ping_command() { return command{"PING"}; }

std::exception_ptr lost(std::string message, const std::string& endpoint) {
  return std::make_exception_ptr(connection_lost(errc::storage, std::move(message), endpoint));
}
}  // namespace

connection::connection(private_tag, asio::io_context& ctx, config cfg)
    : ctx_(ctx),
      cfg_(std::move(cfg)),
      endpoint_(cfg_.endpoint()),
      socket_(ctx),
      resolver_(ctx),
      connect_timer_(ctx),
      deadline_timer_(ctx) {}

connection::~connection() = default;

std::shared_ptr<connection> connection::open(asio::io_context& ctx, config cfg) {
  auto c = std::make_shared<connection>(private_tag{}, ctx, std::move(cfg));
  connect_loop(c);
  return c;
}

task<std::shared_ptr<connection>> connection::connect(asio::io_context& ctx, config cfg, deadline dl) {
  auto c = open(ctx, std::move(cfg));
  co_await c->execute(ping_command(), dl);
  co_return c;
}

// execute and try_execute are one coroutine each (not one awaiting the other): a command
// costs one frame and one resumption, and its reply is moved from the parser into the
// request, then out of the awaiter into the task's result. Neither holds a reference to the
// connection while it waits: until the connection fails its requests, connect_loop or
// read_loop holds one, and fail() holds one while it resumes them; once resumed, the
// coroutines no longer touch the connection.
task<reply> connection::execute(command cmd, deadline dl) {
  if (state_ == state::closed) throw connection_lost(errc::storage, "redis connection is closed", endpoint_);
  request_awaiter awaiter{*this, cmd, dl, true};
  co_return co_await awaiter;
}

task<reply> connection::try_execute(command cmd, deadline dl) {
  if (state_ == state::closed) throw connection_lost(errc::storage, "redis connection is closed", endpoint_);
  request_awaiter awaiter{*this, cmd, dl, false};
  co_return co_await awaiter;
}

void connection::close() {
  fail(lost("redis connection closed by the client", endpoint_));
}

void connection::enqueue(request& r, std::string_view wire) {
  pending_.push_back(&r);
  out_ += wire;
  if (r.deadline != clock::time_point::max()) arm_deadline(r.deadline);
  flush();
}

void connection::flush() {
  // While the reader completes a batch of replies, the commands their coroutines issue wait
  // for the reader to flush them all in one write at the end of the batch.
  if (state_ != state::open || writing_ || flush_posted_ || delivering_ || out_.empty()) return;
  // A lone command goes out at once (latency). With others in flight, the write is deferred
  // to the end of what the shard is running now, so every command queued by the current
  // batch of coroutines leaves in one write (pipelining without a system call per command).
  if (pending_.size() <= 1) {
    write_now();
    return;
  }
  flush_posted_ = true;
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    self->flush_posted_ = false;
    if (self->state_ == state::open && !self->writing_ && !self->out_.empty()) self->write_now();
  });
}

// One non-blocking send of the whole buffer, on the calling thread: no coroutine, no
// completion handler. What the socket does not take is left to write_loop.
void connection::write_now() {
  boost::system::error_code ec;
  std::size_t n = socket_.write_some(asio::buffer(out_), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    ec = {};
    n = 0;
  }
  if (ec) {
    fail(lost(fmt::format("redis connection lost while writing: {}", ec.message()), endpoint_));
    return;
  }
  if (n == out_.size()) {
    out_.clear();
    return;
  }
  out_.erase(0, n);
  write_loop(shared_from_this());
}

quark::detail::detached connection::write_loop(std::shared_ptr<connection> self) {
  self->writing_ = true;
  while (self->state_ == state::open && !self->out_.empty()) {
    std::swap(self->out_, self->writing_buf_);
    auto [ec, n] = co_await asio::async_write(self->socket_, asio::buffer(self->writing_buf_), use_task_nothrow);
    (void)n;
    self->writing_buf_.clear();
    if (self->state_ != state::open) break;
    if (ec) {
      self->fail(lost(fmt::format("redis connection lost while writing: {}", ec.message()), self->endpoint_));
      break;
    }
  }
  self->writing_ = false;
}

quark::detail::detached connection::read_loop(std::shared_ptr<connection> self) {
  while (self->state_ == state::open) {
    auto [ec, n] = co_await self->socket_.async_read_some(asio::buffer(self->read_buf_), use_task_nothrow);
    if (self->state_ != state::open) co_return;
    if (ec) {
      std::string why = ec == asio::error::eof ? std::string("the server closed the connection") : ec.message();
      self->fail(lost(fmt::format("redis connection lost: {}", why), self->endpoint_));
      co_return;
    }
    self->deliver(std::string_view(self->read_buf_.data(), n));
  }
}

// Completes the requests answered by `bytes` (each reply is built in its request), resuming
// their coroutines, then sends what those coroutines issued meanwhile in one write.
void connection::deliver(std::string_view bytes) {
  delivering_ = true;
  try {
    parser_.feed(bytes);
    while (state_ == state::open) {
      if (pending_.empty()) {
        if (auto extra = parser_.next()) unexpected(*extra);
        break;
      }
      request* req = pending_.front();
      if (!parser_.next(req->result)) break;
      pending_.pop_front();
      req->done = true;
      if (req->waiter) req->waiter.resume();
    }
  } catch (...) {
    delivering_ = false;
    fail(std::current_exception());
    return;
  }
  delivering_ = false;
  if (state_ == state::open && !writing_ && !out_.empty()) write_now();
}

void connection::unexpected(const reply& r) {
  fail(std::make_exception_ptr(
      protocol_error(errc::storage, "redis sent a reply nobody asked for: " + r.describe(), endpoint_)));
}

void connection::fail(std::exception_ptr reason) {
  if (state_ == state::closed) return;
  state_ = state::closed;
  boost::system::error_code ignored;
  socket_.close(ignored);
  resolver_.cancel();
  connect_timer_.cancel();
  deadline_timer_.cancel();
  out_.clear();
  auto pending = std::move(pending_);
  pending_.clear();
  auto self = shared_from_this();  // a resumed waiter may drop the last other reference
  for (request* r : pending) {
    if (!r->error) r->error = reason;
    r->done = true;
    if (r->waiter) r->waiter.resume();
  }
}

void connection::arm_deadline(clock::time_point at) {
  if (at >= armed_at_) return;
  armed_at_ = at;
  deadline_timer_.expires_at(at);
  auto self = shared_from_this();
  auto on_timer = [self](boost::system::error_code ec) {
    if (ec != asio::error::operation_aborted) self->on_deadline();
  };
  deadline_timer_.async_wait(std::move(on_timer));
}

void connection::on_deadline() {
  if (state_ == state::closed) return;
  auto now = clock::now();
  if (now < armed_at_) return;  // a stale expiry: the timer was re-armed later
  armed_at_ = clock::time_point::max();
  bool expired = false;
  auto next = clock::time_point::max();
  for (request* r : pending_) {
    if (r->deadline == clock::time_point::max()) continue;
    if (r->deadline <= now) {
      r->error = std::make_exception_ptr(
          timeout_error(errc::timeout, "redis command deadline passed before its reply arrived", endpoint_));
      expired = true;
    } else {
      next = std::min(next, r->deadline);
    }
  }
  if (expired) {
    fail(lost("redis connection closed because a command on it timed out", endpoint_));
  } else if (next != clock::time_point::max()) {
    arm_deadline(next);
  }
}

namespace {
command ping_again() { return command{"PING"}; }
std::string handshake_commands(const config& cfg, std::size_t& count) {
  std::string wire;
  count = 0;
  if (!cfg.password.empty()) {
    wire += cfg.username.empty() ? command{"AUTH", cfg.password}.wire() : command{"AUTH", cfg.username, cfg.password}.wire();
    ++count;
  }
  if (cfg.database != 0) {
    wire += command{"SELECT", cfg.database}.wire();
    ++count;
  }
  wire += command{"PING"}.wire();
  return wire;
}
}  // namespace

namespace {
std::exception_ptr handshake_failure(std::string message, const std::string& endpoint) {
  return std::make_exception_ptr(connection_error(errc::storage, "redis: " + std::move(message), endpoint));
}
}  // namespace

// Before any user command is sent: AUTH / SELECT, then PING until the server answers PONG (a
// restarted server answers LOADING while it replays its append-only file). The connect timer
// (still armed) bounds it. Returns the error, null on success.
task<std::exception_ptr> connection::handshake(std::shared_ptr<connection> self) {
  std::size_t setup = 0;
  std::string wire = handshake_commands(self->cfg_, setup);
  asio::steady_timer pause{self->ctx_};
  for (;;) {
    auto [wec, written] = co_await asio::async_write(self->socket_, asio::buffer(wire), use_task_nothrow);
    (void)written;
    if (wec) co_return handshake_failure("handshake write failed: " + wec.message(), self->endpoint_);
    std::optional<reply> pong;
    while (!pong) {
      std::optional<reply> r;
      try {
        r = self->parser_.next();
      } catch (const protocol_error& e) {
        co_return std::make_exception_ptr(e);
      }
      if (!r) {
        auto [rec, n] = co_await self->socket_.async_read_some(asio::buffer(self->read_buf_), use_task_nothrow);
        if (rec) co_return handshake_failure("handshake read failed: " + (rec == asio::error::eof ? std::string("server closed the connection") : rec.message()), self->endpoint_);
        try {
          self->parser_.feed(std::string_view(self->read_buf_.data(), n));
        } catch (const protocol_error& e) {
          co_return std::make_exception_ptr(e);
        }
        continue;
      }
      if (setup > 0) {
        --setup;
        if (r->is_error()) co_return handshake_failure("the server rejected the connection handshake: " + r->as_string(), self->endpoint_);
        continue;
      }
      pong = std::move(r);
    }
    if (!pong->is_error()) co_return nullptr;
    if (!pong->as_string().starts_with("LOADING")) co_return handshake_failure("PING failed: " + pong->as_string(), self->endpoint_);
    pause.expires_after(std::chrono::milliseconds(20));
    co_await pause.async_wait(use_task_nothrow);
    wire = ping_again().wire();
  }
}

quark::detail::detached connection::connect_loop(std::shared_ptr<connection> self) {
  auto on_connect_timeout = [self](boost::system::error_code ec) {
    if (ec || self->state_ != state::connecting) return;
    self->connect_timed_out_ = true;
    boost::system::error_code ignored;
    self->resolver_.cancel();
    self->socket_.close(ignored);
  };
  self->connect_timer_.expires_after(self->cfg_.connect_timeout);
  self->connect_timer_.async_wait(std::move(on_connect_timeout));

  boost::system::error_code ec;
  asio::ip::tcp::resolver::results_type endpoints;
  boost::system::error_code parse_ec;
  auto address = asio::ip::make_address(self->cfg_.host, parse_ec);
  if (!parse_ec) {
    endpoints = asio::ip::tcp::resolver::results_type::create(asio::ip::tcp::endpoint(address, self->cfg_.port),
                                                                self->cfg_.host, std::to_string(self->cfg_.port));
  } else {
    std::tie(ec, endpoints) = co_await self->resolver_.async_resolve(self->cfg_.host, std::to_string(self->cfg_.port),
                                                                     use_task_nothrow);
  }
  if (!ec && self->state_ == state::connecting) {
    auto [connect_ec, ep] = co_await asio::async_connect(self->socket_, endpoints, use_task_nothrow);
    (void)ep;
    ec = connect_ec;
  }
  boost::system::error_code ignored;
  self->socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  self->socket_.non_blocking(true, ignored);  // write_now's write_some must not block
  std::exception_ptr handshake_error;
  if (!ec && self->state_ == state::connecting && !self->connect_timed_out_) handshake_error = co_await handshake(self);
  self->connect_timer_.cancel();
  if (self->state_ != state::connecting) co_return;  // closed meanwhile (client gone, command timed out)
  if (!ec && !self->connect_timed_out_ && handshake_error) {
    self->fail(handshake_error);
    co_return;
  }
  if (ec || self->connect_timed_out_) {
    std::string why = self->connect_timed_out_
                          ? fmt::format("no connection within {} ms",
                                        std::chrono::duration_cast<std::chrono::milliseconds>(self->cfg_.connect_timeout).count())
                          : ec.message();
    self->fail(std::make_exception_ptr(
        connection_error(errc::storage, fmt::format("cannot connect to redis: {}", why), self->endpoint_)));
    co_return;
  }
  self->state_ = state::open;
  read_loop(self);
  self->flush();
}

}  // namespace quark::redis
