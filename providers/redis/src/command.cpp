#include <quark/redis/command.hpp>

#include <quark/base/error.hpp>

#include <hiredis/hiredis.h>

#include <cstddef>
#include <new>

namespace quark::redis {

command::command(const std::vector<std::string>& args)
    : command(encode(std::vector<std::string_view>(args.begin(), args.end()))) {}

command::command(std::span<const std::string_view> args) : command(encode(args)) {}

command::encoded command::encode(std::span<const std::string_view> args) {
  if (args.empty()) throw config_error(errc::invalid_argument, "a redis command needs at least its name", "redis command");
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (auto a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  char* buffer = nullptr;
  int n = redisFormatCommandArgv(&buffer, static_cast<int>(args.size()), argv.data(), lengths.data());
  if (n < 0 || buffer == nullptr) throw std::bad_alloc();
  encoded out{std::string(buffer, static_cast<std::size_t>(n)), std::string(args.front())};
  redisFreeCommand(buffer);
  return out;
}

}  // namespace quark::redis
