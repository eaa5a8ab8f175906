// Runs the real `quark` binary as a child process.

#include <quark/testing/temp_dir.hpp>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern char** environ;

namespace cli_test {
namespace {

namespace fs = std::filesystem;


struct outcome {
  bool exited = false;  ///< false: killed by a signal
  int code = -1;        ///< exit code when `exited`
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in{p, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

/// Runs `quark args...` with stdout and stderr captured in files of `scratch`.
outcome run_quark(const std::vector<std::string>& args, const fs::path& scratch) {
  std::vector<std::string> argv_storage{QUARK_CLI_PATH};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  auto out_path = scratch / "stdout.txt";
  auto err_path = scratch / "stderr.txt";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  outcome result;
  if (rc != 0) {
    result.err = "posix_spawn failed: " + std::to_string(rc);
    return result;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  result.exited = WIFEXITED(status);
  result.code = result.exited ? WEXITSTATUS(status) : -WTERMSIG(status);
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class cli : public ::testing::Test {
 protected:
  outcome quark(const std::vector<std::string>& args) { return run_quark(args, scratch_.path()); }
  fs::path data_dir() const { return scratch_.path() / "demo"; }

 private:
  quark::testing::temp_dir scratch_{"quark-cli"};
};

TEST_F(cli, demo_runs_and_prints_the_summary) {
  auto r = quark({"demo", "--dir", data_dir().string(), "--accounts", "20", "--orders", "200"});
  ASSERT_TRUE(r.exited) << r.err;
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "1. funded 20 accounts")) << r.out;
  EXPECT_TRUE(contains(r.out, "200/200 orders (100%)")) << r.out;  // plain lines: stdout is a file
  EXPECT_FALSE(contains(r.out, "\r")) << "no bar redraws when stdout is not a terminal";
  EXPECT_TRUE(contains(r.out, "the books balance")) << r.out;
  EXPECT_TRUE(contains(r.out, "the state survived")) << r.out;
  EXPECT_TRUE(contains(r.out, "read model: projection shop.balances handled")) << r.out;
  EXPECT_TRUE(contains(r.out, "the same as the accounts")) << r.out;
  EXPECT_TRUE(contains(r.out, "summary: run 1 | 200 orders in the store")) << r.out;
  EXPECT_TRUE(contains(r.out, "| 20 accounts holding $")) << r.out;
  EXPECT_TRUE(contains(r.out, "| consistent |")) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_TRUE(fs::exists(data_dir() / "shop.db"));
}

TEST_F(cli, a_second_run_on_the_same_dir_finds_the_state_of_the_first) {
  std::vector<std::string> args{"demo", "--dir", data_dir().string(), "--accounts", "20", "--orders", "200"};
  auto first = quark(args);
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  auto second = quark(args);
  ASSERT_EQ(second.code, 0) << second.out << second.err;
  EXPECT_TRUE(contains(second.out, "found 1 earlier run in this store: 20 accounts, 200 orders")) << second.out;
  EXPECT_TRUE(contains(second.out, "(20 already open, carrying $")) << second.out;
  EXPECT_TRUE(contains(second.out, "summary: run 2 | 400 orders in the store")) << second.out;
  EXPECT_TRUE(contains(second.out, "| consistent |")) << second.out;
}

TEST_F(cli, version_prints_the_project_version) {
  auto r = quark({"--version"});
  ASSERT_TRUE(r.exited);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "quark 0.")) << r.out;
}

/// A bad command line: non-zero exit (not a signal), `expected` on stderr, nothing run.
void expect_refused(const outcome& r, const std::string& expected, const fs::path& dir) {
  EXPECT_TRUE(r.exited) << "killed by signal " << -r.code;
  EXPECT_NE(r.code, 0);
  EXPECT_TRUE(contains(r.err, expected)) << "stderr: " << r.err;
  EXPECT_FALSE(contains(r.out, "summary:")) << r.out;
  EXPECT_FALSE(fs::exists(dir / "shop.db"));
}

TEST_F(cli, an_unknown_subcommand_is_refused) {
  expect_refused(quark({"frobnicate"}), "frobnicate", data_dir());
}

TEST_F(cli, no_subcommand_is_refused) { expect_refused(quark({}), "a command is required", data_dir()); }

TEST_F(cli, a_non_numeric_count_is_refused) {
  expect_refused(quark({"demo", "--dir", data_dir().string(), "--orders", "abc"}), "--orders", data_dir());
}

TEST_F(cli, negative_counts_are_refused) {
  expect_refused(quark({"demo", "--dir", data_dir().string(), "--accounts", "-3"}), "--accounts", data_dir());
  expect_refused(quark({"demo", "--dir", data_dir().string(), "--orders", "-1"}), "--orders", data_dir());
  expect_refused(quark({"demo", "--dir", data_dir().string(), "--orders=-1"}), "--orders", data_dir());
}

TEST_F(cli, zero_accounts_are_refused) {
  expect_refused(quark({"demo", "--dir", data_dir().string(), "--accounts", "0"}), "--accounts", data_dir());
}

TEST_F(cli, an_unknown_option_is_refused) {
  expect_refused(quark({"demo", "--dir", data_dir().string(), "--colour"}), "--colour", data_dir());
}

TEST_F(cli, a_dir_that_is_a_file_is_refused) {
  auto file = data_dir().parent_path() / "not-a-dir";
  std::ofstream{file} << "hello";
  auto r = quark({"demo", "--dir", file.string(), "--accounts", "2", "--orders", "2"});
  expect_refused(r, "is not a directory", data_dir());
  EXPECT_EQ(slurp(file), "hello");
}

TEST_F(cli, a_dir_inside_a_file_is_refused_by_the_demo) {
  auto file = data_dir().parent_path() / "plain-file";
  std::ofstream{file} << "x";
  auto r = quark({"demo", "--dir", (file / "sub").string(), "--accounts", "2", "--orders", "2"});
  expect_refused(r, "cannot create directory", data_dir());
}

/// Lines of `text` (without the newlines).
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

TEST_F(cli, events_lists_streams_shows_a_stream_and_tails_all_events) {
  ASSERT_EQ(quark({"demo", "--dir", data_dir().string(), "--accounts", "3", "--orders", "20"}).code, 0);
  const std::string store = "sqlite:" + (data_dir() / "shop.db").string();

  auto list = quark({"events", "--store", store, "list"});
  ASSERT_EQ(list.code, 0) << list.err;
  const auto streams = lines_of(list.out);
  ASSERT_EQ(streams.size(), 3u) << list.out;
  EXPECT_TRUE(streams[0].starts_with("shop.account/acct-0\tversion ")) << streams[0];

  auto show = quark({"events", "--store", store, "show", "shop.account/acct-1"});
  ASSERT_EQ(show.code, 0) << show.err;
  const auto events = lines_of(show.out);
  ASSERT_GE(events.size(), 1u);
  EXPECT_TRUE(contains(events[0], R"("stream":"shop.account/acct-1","version":1,)")) << events[0];
  EXPECT_TRUE(contains(events[0], R"("type":"shop.account.deposited")")) << events[0];
  EXPECT_TRUE(contains(events[0], R"("payload":{"cents":)")) << events[0];

  auto backward = quark({"events", "--store", store, "show", "shop.account/acct-1", "--backward", "--limit", "1"});
  ASSERT_EQ(backward.code, 0) << backward.err;
  ASSERT_EQ(lines_of(backward.out).size(), 1u);
  EXPECT_EQ(lines_of(backward.out)[0], events.back());

  auto tail = quark({"events", "--store", store, "tail"});
  ASSERT_EQ(tail.code, 0) << tail.err;
  const auto all = lines_of(tail.out);
  EXPECT_GE(all.size(), 3u + 1u);  // 3 deposits and at least one payment
  auto page = quark({"events", "--store", store, "tail", "--from", "2:2", "--limit", "1"});
  ASSERT_EQ(page.code, 0) << page.err;
  ASSERT_EQ(lines_of(page.out).size(), 1u);
  EXPECT_EQ(lines_of(page.out)[0], all[2]);
}

TEST_F(cli, events_refuses_bad_stores_and_arguments_clearly) {
  auto missing = quark({"events", "--store", "sqlite:" + (data_dir() / "nope.db").string(), "list"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_TRUE(contains(missing.err, "no such SQLite file")) << missing.err;
  EXPECT_FALSE(fs::exists(data_dir() / "nope.db"));

  auto unknown = quark({"events", "--store", "mysql://localhost/x", "list"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_TRUE(contains(unknown.err, "unknown store")) << unknown.err;

  auto garbage_file = data_dir().parent_path() / "garbage.db";
  std::ofstream{garbage_file} << "this is not a database, just text that is long enough to look like a header";
  auto garbage = quark({"events", "--store", "sqlite:" + garbage_file.string(), "list"});
  EXPECT_TRUE(garbage.exited);
  EXPECT_EQ(garbage.code, 2);
  EXPECT_FALSE(garbage.err.empty());

  ASSERT_EQ(quark({"demo", "--dir", data_dir().string(), "--accounts", "2", "--orders", "2"}).code, 0);
  const std::string store = "sqlite:" + (data_dir() / "shop.db").string();
  auto position = quark({"events", "--store", store, "tail", "--from", "12:x"});
  EXPECT_EQ(position.code, 2);
  EXPECT_TRUE(contains(position.err, "not an event position")) << position.err;
  auto no_stream = quark({"events", "--store", store, "show", "shop.account/nobody"});
  EXPECT_EQ(no_stream.code, 1);
  EXPECT_TRUE(contains(no_stream.err, "no stream named")) << no_stream.err;
  auto negative = quark({"events", "--store", store, "list", "--limit", "-5"});
  EXPECT_NE(negative.code, 0);
  EXPECT_TRUE(contains(negative.err, "--limit")) << negative.err;
  auto no_sub = quark({"events", "--store", store});
  EXPECT_NE(no_sub.code, 0);
  EXPECT_TRUE(no_sub.out.empty()) << no_sub.out;
}

}  // namespace
}  // namespace cli_test
