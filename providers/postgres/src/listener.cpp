// quark::postgres::listener: LISTEN/NOTIFY on a connection of its own, reconnecting and
// re-LISTENing after the connection is lost.

#include <quark/async/use_task.hpp>
#include <quark/postgres/error.hpp>
#include <quark/postgres/listener.hpp>

#include <boost/asio/steady_timer.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace quark::postgres {
namespace {

using namespace std::chrono_literals;

struct opened {
  std::unique_ptr<connection> conn;
  int pid = 0;
};

// Connects and LISTENs to every channel, in one script.
task<opened> connect_listening(boost::asio::io_context& ctx, std::string conninfo, std::vector<std::string> channels,
                               deadline until) {
  auto connecting = connection::connect(ctx, std::move(conninfo), until);
  opened out;
  out.conn = co_await connecting;
  auto pid = out.conn->query("SELECT pg_backend_pid()", {}, until);
  result r = co_await pid;
  out.pid = r.get<int>(0, 0);
  if (!channels.empty()) {
    std::string sql;
    for (const auto& channel : channels) sql += "LISTEN " + out.conn->quote_identifier(channel) + ";";
    auto listen = out.conn->execute_script(std::move(sql), until);
    co_await listen;
  }
  co_return out;
}

std::string channel_list(const std::vector<std::string>& channels) {
  if (channels.empty()) return "no channel";
  std::string out;
  for (const auto& c : channels) out += (out.empty() ? "'" : ", '") + c + "'";
  return out;
}

}  // namespace

listener::listener(boost::asio::io_context& ctx, listener_options options, std::unique_ptr<connection> conn, int pid)
    : ctx_(ctx), options_(std::move(options)), conn_(std::move(conn)), backend_pid_(pid) {}

listener::~listener() = default;

task<std::unique_ptr<listener>> listener::open(boost::asio::io_context& ctx, listener_options options,
                                               deadline until) {
  auto connecting = connect_listening(ctx, options.conninfo, {}, until);
  opened o = co_await connecting;
  co_return std::make_unique<listener>(ctx, std::move(options), std::move(o.conn), o.pid);
}

task<void> listener::salvage() {
  for (;;) {
    try {
      auto queued = conn_->next_notification(deadline{clock::now()});
      std::optional<notification> n = co_await queued;
      if (!n) co_return;
      pending_.push_back(std::move(*n));
    } catch (const connection_error&) {
      co_return;  // nothing left: a lost connection throws once its queue is empty
    }
  }
}

task<void> listener::restore(deadline until) {
  auto keeping = salvage();
  co_await keeping;
  const deadline window = std::min(until, deadline::after(options_.reconnect_timeout));
  auto backoff = std::chrono::milliseconds{50};
  std::string last_error;
  for (;;) {
    try {
      auto connecting = connect_listening(ctx_, options_.conninfo, channels_, window);
      opened o = co_await connecting;
      conn_ = std::move(o.conn);
      backend_pid_ = o.pid;
      ++reconnections_;
      co_return;
    } catch (const auth_error&) {
      throw;
    } catch (const connection_error& e) {
      last_error = e.what();
    } catch (const timeout_error& e) {
      last_error = e.what();
    }
    if (window.remaining() <= backoff) break;
    boost::asio::steady_timer pause{ctx_, backoff};
    auto wait = pause.async_wait(use_task_nothrow);
    co_await wait;
    backoff = std::min(backoff * 2, std::chrono::milliseconds{1000});
  }
  const std::string& where = conn_->where();
  if (window == until) {
    throw timeout_error(errc::timeout,
                        fmt::format("deadline passed while the listener on {} was reconnecting to {}: {}",
                                    channel_list(channels_), where, last_error),
                        where);
  }
  throw connection_error("08006",
                         fmt::format("the listener on {} lost its connection to {} and could not reconnect within "
                                     "{} ms: {}",
                                     channel_list(channels_), where, options_.reconnect_timeout.count(), last_error),
                         where);
}

task<void> listener::listen(std::string channel, deadline until) {
  if (std::find(channels_.begin(), channels_.end(), channel) != channels_.end()) co_return;
  if (!conn_->is_broken()) {
    try {
      auto listening = conn_->execute_script("LISTEN " + conn_->quote_identifier(channel), until);
      co_await listening;
      channels_.push_back(std::move(channel));
      co_return;
    } catch (const connection_error&) {
      // lost: reconnect below, listening to this channel too
    }
  }
  channels_.push_back(std::move(channel));
  try {
    auto reconnecting = restore(until);
    co_await reconnecting;
  } catch (...) {
    channels_.pop_back();
    throw;
  }
}

task<void> listener::unlisten(std::string channel, deadline until) {
  auto it = std::find(channels_.begin(), channels_.end(), channel);
  if (it == channels_.end()) co_return;
  if (!conn_->is_broken()) {
    try {
      auto unlistening = conn_->execute_script("UNLISTEN " + conn_->quote_identifier(channel), until);
      co_await unlistening;
      channels_.erase(std::find(channels_.begin(), channels_.end(), channel));
      co_return;
    } catch (const connection_error&) {
      // lost: reconnect below, without this channel
    }
  }
  channels_.erase(std::find(channels_.begin(), channels_.end(), channel));
  auto reconnecting = restore(until);
  co_await reconnecting;
}

task<notification> listener::next(deadline until) {
  for (;;) {
    if (!pending_.empty()) {
      notification n = std::move(pending_.front());
      pending_.pop_front();
      co_return n;
    }
    try {
      auto waiting = conn_->next_notification(until);
      std::optional<notification> n = co_await waiting;
      if (n) co_return std::move(*n);
      throw timeout_error(errc::timeout,
                          fmt::format("no notification on {} arrived before the deadline", channel_list(channels_)),
                          conn_->where());
    } catch (const connection_error&) {
      // Lost (notifications received before were returned first): reconnect below.
    }
    auto reconnecting = restore(until);
    co_await reconnecting;
  }
}

}  // namespace quark::postgres
