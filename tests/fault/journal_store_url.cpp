#include "journal_store_url.hpp"

#include <quark/base/error.hpp>
#include <quark/postgres/event_store.hpp>
#include <quark/sqlite/event_store.hpp>

#include <string>

namespace quark::fault {
namespace {

constexpr std::string_view sqlite_prefix = "sqlite:";
constexpr std::string_view postgres_prefix = "postgresql://";

}  // namespace

std::shared_ptr<event_store> open_event_store_url(std::string_view url) {
  if (url.starts_with(sqlite_prefix)) {
    return sqlite::open_event_store(std::string(url.substr(sqlite_prefix.size())));
  }
  if (url.starts_with(postgres_prefix)) {
    const std::size_t hash = url.find('#');
    if (hash == std::string_view::npos || hash + 1 == url.size()) {
      throw config_error(errc::invalid_argument, "a PostgreSQL event store URL names its schema after '#'",
                         std::string(url));
    }
    postgres::event_store_options options;
    options.conninfo = std::string(url.substr(0, hash));
    options.schema = std::string(url.substr(hash + 1));
    options.pool_size = 2;
    return postgres::make_event_store(std::move(options));
  }
  throw config_error(errc::invalid_argument,
                     "unknown event store URL (known: sqlite:<path>, postgresql://...#<schema>)", std::string(url));
}

}  // namespace quark::fault
