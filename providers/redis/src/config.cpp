#include <quark/redis/config.hpp>

#include <quark/base/error.hpp>

#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <optional>

namespace quark::redis {

namespace {

constexpr std::string_view scheme = "redis://";

[[noreturn]] void bad_url(std::string_view why, std::string_view shown) {
  throw config_error(errc::invalid_argument, fmt::format("invalid redis URL: {}", why), std::string(shown));
}

/// A non-negative decimal number in [0, max], or nothing.
std::optional<long long> number(std::string_view s, long long max) {
  long long v = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < 0 || v > max) return std::nullopt;
  return v;
}

}  // namespace

config config::from_url(std::string_view url) {
  config cfg;
  if (!url.starts_with(scheme)) bad_url("it must start with redis://", url.substr(0, url.find('@')));
  std::string_view rest = url.substr(scheme.size());
  // userinfo: everything before the last '@' (passwords may contain '@').
  std::string shown(scheme);
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view user_info = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = user_info.find(':');
    if (colon == std::string_view::npos) {
      cfg.password = user_info;
    } else {
      cfg.username = user_info.substr(0, colon);
      cfg.password = user_info.substr(colon + 1);
    }
    shown += "***@";
  }
  shown += rest;
  std::string_view authority = rest.substr(0, rest.find('/'));
  std::string_view path = authority.size() < rest.size() ? rest.substr(authority.size() + 1) : std::string_view{};
  std::string_view port_text;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) bad_url("unterminated [IPv6] host", shown);
    cfg.host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) bad_url("garbage after the [IPv6] host", shown);
      port_text = after.substr(1);
      if (port_text.empty()) bad_url("empty port", shown);
    }
  } else {
    auto colon = authority.find(':');
    cfg.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) bad_url("empty port", shown);
    }
  }
  if (cfg.host.empty()) bad_url("no host", shown);
  for (char c : cfg.host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_' || c == ':';
    if (!ok) bad_url("the host has a character that is not allowed", shown);
  }
  if (!port_text.empty()) {
    auto port = number(port_text, 65535);
    if (!port || *port == 0) bad_url("the port must be a number in 1..65535", shown);
    cfg.port = static_cast<std::uint16_t>(*port);
  }
  if (!path.empty()) {
    auto db = number(path, std::numeric_limits<int>::max());
    if (!db) bad_url("the database (after /) must be a non-negative number", shown);
    cfg.database = static_cast<int>(*db);
  }
  return cfg;
}

std::string config::endpoint() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

}  // namespace quark::redis
