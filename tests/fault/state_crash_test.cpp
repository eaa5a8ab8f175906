// Crash test: a child process saves actor state on SQLite in a loop and reports every save
// the runtime acknowledged; the test kills it with SIGKILL and checks that every
// acknowledged save is in the file (WAL, synchronous=NORMAL survives a process crash).

#include <quark/async/sync_wait.hpp>
#include <quark/quark.hpp>
#include <quark/sqlite/state_store.hpp>
#include <quark/testing/temp_dir.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

namespace crash_test {

struct tally_state {
  std::int64_t count = 0;
};
BOOST_DESCRIBE_STRUCT(tally_state, (), (count))

class tally : public quark::stateful_actor<tally, tally_state> {
 public:
  quark::task<std::int64_t> bump() {
    ++state().count;
    co_await save_state();
    co_return state().count;
  }
};

}  // namespace crash_test

QUARK_ACTOR(crash_test::tally, "test.fault.tally", bump);

namespace crash_test {
namespace {

quark::task<void> bump_forever(quark::client& c, int report_fd) {
  for (;;) {
    std::int64_t acknowledged = co_await c.ref<tally>("t").call<&tally::bump>();
    // Only now, after save_state returned, is the value reported as committed.
    if (::write(report_fd, &acknowledged, sizeof acknowledged) != sizeof acknowledged) std::_Exit(3);
  }
}

[[noreturn]] void child(const std::filesystem::path& db, int report_fd) {
  quark::silo silo{quark::silo_options{}.with_shards(2).with_store(quark::sqlite::open_state_store(db))};
  silo.block_on(bump_forever(silo.client(), report_fd));
  std::_Exit(2);
}

TEST(fault, acknowledged_state_saves_survive_sigkill) {
  quark::testing::temp_dir dir{"quark-crash"};
  auto db = dir / "state.db";

  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    child(db, fds[1]);
  }
  ::close(fds[1]);

  // Read acknowledgements until a few hundred saves went through, then kill mid-stream.
  std::int64_t last = 0;
  std::int64_t value = 0;
  while (last < 300 && ::read(fds[0], &value, sizeof value) == sizeof value) last = value;
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  while (::read(fds[0], &value, sizeof value) == sizeof value) last = value;  // drain what was sent
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child was expected to die by SIGKILL";
  ::close(fds[0]);
  ASSERT_GE(last, 300);

  auto store = quark::sqlite::open_state_store(db);
  boost::asio::io_context io;
  auto stored = quark::sync_wait(io, store->read("test.fault.tally", "t", quark::deadline::never()));
  ASSERT_TRUE(stored.has_value());
  auto state = quark::codec::from_json<tally_state>(stored->data);
  // Every acknowledged save is there; at most the one in flight at the kill is extra.
  EXPECT_GE(state.count, last);
  EXPECT_LE(state.count, last + 1);
  EXPECT_EQ(static_cast<std::int64_t>(stored->version), state.count);
}

}  // namespace
}  // namespace crash_test
