#include <quark/base/error.hpp>

#include <exception>

namespace quark {

std::string_view to_string(errc code) noexcept {
  switch (code) {
    case errc::ok: return "ok";
    case errc::actor_failed: return "actor_failed";
    case errc::rejected: return "rejected";
    case errc::timeout: return "timeout";
    case errc::unknown_actor_type: return "unknown_actor_type";
    case errc::unknown_method: return "unknown_method";
    case errc::version_conflict: return "version_conflict";
    case errc::codec: return "codec";
    case errc::duplicate_name: return "duplicate_name";
    case errc::shutting_down: return "shutting_down";
    case errc::storage: return "storage";
    case errc::invalid_argument: return "invalid_argument";
    case errc::activation_failed: return "activation_failed";
    case errc::stream_deleted: return "stream_deleted";
  }
  return "unknown";
}

std::string error::describe() const {
  std::string out{to_string(code)};
  out += ": ";
  out += message;
  if (!context.empty()) {
    out += " [";
    out += context;
    out += ']';
  }
  return out;
}

exception::exception(error e) : std::runtime_error(e.describe()), error_(std::move(e)) {}

exception::exception(errc code, std::string message, std::string context)
    : exception(error{code, std::move(message), std::move(context)}) {}

void throw_error(error e) {
  switch (e.code) {
    case errc::rejected: throw rejected(std::move(e));
    case errc::timeout: throw timeout_error(std::move(e));
    case errc::version_conflict: throw version_conflict(std::move(e));
    case errc::codec: throw codec_error(std::move(e));
    case errc::unknown_actor_type:
    case errc::unknown_method:
    case errc::duplicate_name:
    case errc::invalid_argument: throw config_error(std::move(e));
    case errc::storage: throw storage_error(std::move(e));
    case errc::shutting_down: throw shutdown_error(std::move(e));
    case errc::stream_deleted: throw stream_deleted_error(std::move(e));
    case errc::actor_failed:
    case errc::activation_failed:
    case errc::ok: throw actor_error(std::move(e));
  }
  throw actor_error(std::move(e));
}

error error_from_current_exception(errc fallback, std::string context) {
  try {
    throw;
  } catch (const exception& e) {
    error out = e.value();
    if (out.context.empty()) out.context = std::move(context);
    return out;
  } catch (const std::exception& e) {
    return error{fallback, e.what(), std::move(context)};
  } catch (...) {
    return error{fallback, "unknown exception", std::move(context)};
  }
}

}  // namespace quark
