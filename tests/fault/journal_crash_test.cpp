// Crash test of the event store: a child process (quark_journal_crash_child) appends
// batches in a loop and reports every append the store acknowledged; the test kills it
// with SIGKILL mid-run, reopens the store and checks that every reported append is there,
// and that nothing partial is: every stored batch is complete and versions are contiguous.
// The store is named by URL (journal_store_url.hpp), so other backends run the same check.

#include "journal_crash.hpp"

#include <quark/testing/temp_dir.hpp>

#include <gtest/gtest.h>

namespace quark::fault {
namespace {

TEST(fault, acknowledged_sqlite_appends_survive_sigkill_and_nothing_partial_is_stored) {
  testing::temp_dir dir{"quark-journal-crash"};
  crash_and_check("sqlite:" + (dir / "events.db").string(), 500);
}

}  // namespace
}  // namespace quark::fault
