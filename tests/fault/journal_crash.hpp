#pragma once
// The event store crash check shared by the SQLite (tests/fault) and PostgreSQL
// (tests/pg_fault) crash tests.

#include <cstddef>
#include <string>

namespace quark::fault {

/// Starts quark_journal_crash_child appending to the store named by `url`
/// (journal_store_url.hpp), kills it with SIGKILL once it reported `acknowledged` appends,
/// reopens the store and checks, with GoogleTest assertions, that every reported append is
/// stored with its ids at its versions, that nothing partial is (versions contiguous per
/// stream, every stored batch complete, at most the one append in flight at the kill stored
/// beyond what was reported) and that the store takes the next append after what it holds.
void crash_and_check(const std::string& url, std::size_t acknowledged);

}  // namespace quark::fault
