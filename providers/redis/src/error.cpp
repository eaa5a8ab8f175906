#include <quark/redis/error.hpp>

namespace quark::redis {

server_error::server_error(std::string message, std::string context)
    : storage_error(errc::storage, std::move(message), std::move(context)) {}

std::string_view server_error::kind() const noexcept {
  std::string_view m = value().message;
  return m.substr(0, m.find(' '));
}

}  // namespace quark::redis
