#pragma once
// Event stores named by URL, for the journal crash test and its child process: the child
// appends to the store the test names, and the test reopens the same store to check it.

#include <quark/journal/event_store.hpp>

#include <memory>
#include <string_view>

namespace quark::fault {

/// Opens the event store named by `url`. Known forms: `sqlite:<path>` (the file is created
/// if missing) and `postgresql://<libpq URL>#<schema>` (the schema is created if missing).
/// Blocks (start-up only).
/// @throws quark::config_error (invalid_argument) for a URL of no known form; whatever the
/// store's opening throws (storage_error for an unreadable file or unreachable server).
std::shared_ptr<event_store> open_event_store_url(std::string_view url);

}  // namespace quark::fault
