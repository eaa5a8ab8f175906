#include <quark/redis/client.hpp>

#include <quark/async/run_on.hpp>
#include <quark/base/error.hpp>
#include <quark/redis/error.hpp>

#include <string_view>
#include <utility>

namespace quark::redis {

namespace {

boost::asio::io_context& shard_context() {
  auto* ctx = quark::detail::current_io_context();
  if (ctx == nullptr) {
    throw config_error(errc::invalid_argument, "redis::client(config) must be created on a shard thread",
                       "redis client");
  }
  return *ctx;
}

// Built outside the coroutine: g++ 12 mishandles initializer lists inside coroutine bodies.
command evalsha_command(const script& s, const std::vector<std::string>& keys, const std::vector<std::string>& args) {
  std::vector<std::string_view> argv;
  argv.reserve(3 + keys.size() + args.size());
  std::string key_count = std::to_string(keys.size());
  argv.push_back("EVALSHA");
  argv.push_back(s.sha1());
  argv.push_back(key_count);
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  return command{std::span<const std::string_view>(argv)};
}

command script_load_command(const script& s) { return command{"SCRIPT", "LOAD", s.source()}; }

}  // namespace

client::client(boost::asio::io_context& ctx, config cfg) : ctx_(ctx), cfg_(std::move(cfg)) {
  if (cfg_.pool_size == 0) throw config_error(errc::invalid_argument, "redis pool_size must be at least 1", "redis client");
  connections_.reserve(cfg_.pool_size);
}

client::client(config cfg) : client(shard_context(), std::move(cfg)) {}

client::~client() {
  for (auto& c : connections_) c->close();
}

std::size_t client::connection_count() const noexcept { return connections_.size(); }

std::shared_ptr<connection> client::pick() {
  std::erase_if(connections_, [](const std::shared_ptr<connection>& c) { return !c->is_usable(); });
  connection* best = nullptr;
  std::shared_ptr<connection>* best_slot = nullptr;
  for (auto& c : connections_) {
    if (best == nullptr || c->in_flight() < best->in_flight()) {
      best = c.get();
      best_slot = &c;
      if (best->in_flight() == 0) return c;
    }
  }
  if (connections_.size() < cfg_.pool_size) return connections_.emplace_back(connection::open(ctx_, cfg_));
  return *best_slot;
}

task<reply> client::run(command cmd, deadline dl, bool check) {
  auto conn = pick();
  if (check) co_return co_await conn->execute(std::move(cmd), dl);
  co_return co_await conn->try_execute(std::move(cmd), dl);
}

task<reply> client::execute(command cmd) { return run(std::move(cmd), deadline::after(cfg_.command_timeout), true); }

task<reply> client::execute(command cmd, deadline dl) { return run(std::move(cmd), dl, true); }

task<reply> client::try_execute(command cmd, deadline dl) { return run(std::move(cmd), dl, false); }

task<reply> client::eval(script s, std::vector<std::string> keys, std::vector<std::string> args) {
  return eval(std::move(s), std::move(keys), std::move(args), deadline::after(cfg_.command_timeout));
}

task<reply> client::eval(script s, std::vector<std::string> keys, std::vector<std::string> args, deadline dl) {
  command evalsha = evalsha_command(s, keys, args);
  reply r = co_await try_execute(evalsha, dl);
  if (r.is_error() && r.as_string().starts_with("NOSCRIPT")) {
    reply loaded = co_await execute(script_load_command(s), dl);
    if (loaded.as_string() != s.sha1()) {
      throw protocol_error(errc::storage, "SCRIPT LOAD returned " + loaded.describe() + ", expected " + s.sha1(),
                           "redis EVALSHA");
    }
    r = co_await try_execute(std::move(evalsha), dl);
  }
  if (r.is_error()) throw server_error(r.as_string(), "EVALSHA " + s.sha1());
  co_return r;
}

}  // namespace quark::redis
