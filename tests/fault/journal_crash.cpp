// The journal crash check (journal_crash.hpp): spawn the appending child, kill it, verify.

#include "journal_crash.hpp"

#include "journal_store_url.hpp"

#include <quark/async/sync_wait.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <limits>
#include <map>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace quark::fault {
namespace {

/// One append the child reported as acknowledged.
struct reported_append {
  std::string stream;
  stream_version version = 0;  ///< the stream's version after the append
  std::vector<std::string> ids;
};

reported_append parse_line(const std::string& line) {
  reported_append r;
  std::istringstream in{line};
  std::size_t size = 0;
  std::string ids;
  in >> r.stream >> r.version >> size >> ids;
  std::istringstream id_list{ids};
  for (std::string id; std::getline(id_list, id, ',');) r.ids.push_back(id);
  EXPECT_EQ(r.ids.size(), size) << line;
  return r;
}

/// A running child with its stdout on a pipe.
struct child_process {
  pid_t pid = -1;
  int out = -1;
};

child_process spawn_child(const std::string& url) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::string program = QUARK_JOURNAL_CRASH_CHILD;
  std::string arg = url;
  char* argv[] = {program.data(), arg.data(), nullptr};
  child_process child;
  const int rc = ::posix_spawn(&child.pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    throw std::runtime_error("cannot start " + program);
  }
  child.out = fds[0];
  return child;
}

/// Reads whole lines from `fd` into `lines` until `enough` of them arrived or the pipe
/// closed; a trailing partial line stays in `pending`.
void read_lines(int fd, std::vector<std::string>& lines, std::string& pending, std::size_t enough) {
  char buffer[4096];
  while (lines.size() < enough) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) return;
    pending.append(buffer, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      lines.push_back(pending.substr(0, nl));
      pending.erase(0, nl + 1);
    }
  }
}

}  // namespace

void crash_and_check(const std::string& url, std::size_t acknowledged) {
  child_process child = spawn_child(url);
  std::vector<std::string> lines;
  std::string pending;
  read_lines(child.out, lines, pending, acknowledged);
  ASSERT_EQ(::kill(child.pid, SIGKILL), 0);
  read_lines(child.out, lines, pending, std::numeric_limits<std::size_t>::max());  // what was sent before
  ::close(child.out);
  int status = 0;
  ASSERT_EQ(::waitpid(child.pid, &status, 0), child.pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child was expected to die by SIGKILL (did it fail? see its stderr)";
  ASSERT_GE(lines.size(), acknowledged);

  auto store = open_event_store_url(url);
  boost::asio::io_context io;
  // Every reported append is stored, with its ids at its versions.
  std::map<std::string, stream_version> reported_version;
  for (const std::string& line : lines) {
    const reported_append r = parse_line(line);
    const stream_version first = r.version - r.ids.size() + 1;
    const auto got = sync_wait(io, store->read(r.stream, first, r.ids.size(), deadline::never()));
    ASSERT_EQ(got.size(), r.ids.size()) << line;
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].id.to_string(), r.ids[i]) << line;
    reported_version[r.stream] = r.version;
  }
  // Nothing partial: versions contiguous per stream, every batch complete, and at most the
  // one append in flight at the kill stored beyond what was reported.
  const auto all = sync_wait(io, store->read_all({}, std::numeric_limits<std::size_t>::max(), deadline::never()));
  std::map<std::string, stream_version> last;
  std::map<std::int64_t, std::int64_t> batch_events;  // batch -> events stored
  std::map<std::int64_t, std::int64_t> batch_size;
  for (const recorded_event& e : all) {
    EXPECT_EQ(e.version, last[e.stream] + 1) << e.stream;
    last[e.stream] = e.version;
    const boost::json::object payload = boost::json::parse(e.payload).as_object();
    const std::int64_t batch = payload.at("batch").as_int64();
    EXPECT_EQ(payload.at("index").as_int64(), batch_events[batch]++) << e.stream << "@" << e.version;
    batch_size[batch] = payload.at("size").as_int64();
  }
  for (const auto& [batch, size] : batch_size) EXPECT_EQ(batch_events[batch], size) << "batch " << batch;
  EXPECT_GE(batch_size.size(), lines.size());
  EXPECT_LE(batch_size.size(), lines.size() + 1);
  // The store takes the next append after what it holds.
  for (const auto& [stream, version] : last) {
    EXPECT_GE(version, reported_version[stream]);
    std::vector<event_data> one(1);
    one[0].id = uuid::generate();
    one[0].type = "test.fault.after";
    one[0].payload = "{}";
    auto r = sync_wait(io, store->append(stream, std::move(one), expected_version::exact(version), deadline::never()));
    EXPECT_EQ(r.version, version + 1);
  }
}

}  // namespace quark::fault
