#include "journal_store_url.hpp"

#include <quark/base/error.hpp>
#include <quark/sqlite/event_store.hpp>

#include <string>

namespace quark::fault {
namespace {

constexpr std::string_view sqlite_prefix = "sqlite:";

}  // namespace

std::shared_ptr<event_store> open_event_store_url(std::string_view url) {
  if (url.starts_with(sqlite_prefix)) {
    return sqlite::open_event_store(std::string(url.substr(sqlite_prefix.size())));
  }
  throw config_error(errc::invalid_argument, "unknown event store URL (known: sqlite:<path>)", std::string(url));
}

}  // namespace quark::fault
