#include <quark/redis/command.hpp>

#include <quark/base/error.hpp>

#include <charconv>
#include <cstddef>
#include <cstring>

namespace quark::redis {

namespace {

constexpr std::size_t max_digits = 20;  // of a std::size_t

// `kind` (`*` or `$`), `n` in decimal, CRLF. Counts and lengths below 100 (nearly all of
// them) skip to_chars.
char* put_header(char* at, char kind, std::size_t n) {
  *at++ = kind;
  if (n < 10) {
    *at++ = static_cast<char>('0' + n);
  } else if (n < 100) {
    *at++ = static_cast<char>('0' + n / 10);
    *at++ = static_cast<char>('0' + n % 10);
  } else {
    at = std::to_chars(at, at + max_digits, n).ptr;
  }
  *at++ = '\r';
  *at++ = '\n';
  return at;
}

}  // namespace

command::command(const std::vector<std::string>& args)
    : command(encode(std::vector<std::string_view>(args.begin(), args.end()))) {}

command::command(std::span<const std::string_view> args) : command(encode(args)) {}

// The RESP array of bulk strings that hiredis's redisFormatCommandArgv produces, byte for
// byte (protocol_test checks it against hiredis), written in one allocation without printf.
command::encoded command::encode(std::span<const std::string_view> args) {
  if (args.empty()) throw config_error(errc::invalid_argument, "a redis command needs at least its name", "redis command");
  std::size_t bound = 3 + max_digits;
  for (auto a : args) bound += a.size() + 5 + max_digits;
  std::string wire(bound, '\0');
  char* at = put_header(wire.data(), '*', args.size());
  std::size_t name_at = 0;
  for (auto a : args) {
    at = put_header(at, '$', a.size());
    if (name_at == 0) name_at = static_cast<std::size_t>(at - wire.data());
    if (!a.empty()) std::memcpy(at, a.data(), a.size());
    at += a.size();
    *at++ = '\r';
    *at++ = '\n';
  }
  wire.resize(static_cast<std::size_t>(at - wire.data()));
  return encoded{std::move(wire), name_at, args.front().size()};
}

}  // namespace quark::redis
