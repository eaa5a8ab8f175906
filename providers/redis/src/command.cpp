#include <quark/redis/command.hpp>

#include <quark/base/error.hpp>

#include <charconv>
#include <cstddef>
#include <cstring>

namespace quark::redis {

namespace {

constexpr std::size_t max_digits = 20;  // of a std::size_t

// Bytes of `*n\r\n` or `$n\r\n`.
std::size_t header_size(std::size_t n) {
  std::size_t digits = 1;
  for (; n >= 10; n /= 10) ++digits;
  return digits + 3;
}

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

command::command(const std::vector<std::string>& args) {
  encode(std::vector<std::string_view>(args.begin(), args.end()));
}

command::command(std::span<const std::string_view> args) { encode(args); }

// The RESP array of bulk strings that hiredis's redisFormatCommandArgv produces, byte for
// byte (protocol_test checks it against hiredis), without printf: in inline_ when it fits,
// else in one allocation.
void command::encode(std::span<const std::string_view> args) {
  if (args.empty()) throw config_error(errc::invalid_argument, "a redis command needs at least its name", "redis command");
  std::size_t size = header_size(args.size());
  for (auto a : args) size += header_size(a.size()) + a.size() + 2;
  char* begin = inline_.data();
  if (size > inline_capacity) {
    heap_.resize(size);
    begin = heap_.data();
  }
  char* at = put_header(begin, '*', args.size());
  at = put_header(at, '$', args.front().size());
  name_at_ = static_cast<std::size_t>(at - begin);
  name_size_ = args.front().size();
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) at = put_header(at, '$', args[i].size());
    if (!args[i].empty()) std::memcpy(at, args[i].data(), args[i].size());
    at += args[i].size();
    *at++ = '\r';
    *at++ = '\n';
  }
  size_ = size;
}

}  // namespace quark::redis
