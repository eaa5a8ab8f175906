#pragma once
// WAL checkpoints for one `database`, mostly off its thread. Private to the provider.
//
// SQLite's autocheckpoint runs inside whichever COMMIT pushed the WAL past 1,000 pages, and
// that commit waits while the checkpoint writes the WAL's dirty pages out and fsyncs twice
// (milliseconds, against tens of microseconds for the commit). Here a second connection on
// its own thread runs a PASSIVE checkpoint each time the WAL has grown by
// `background_pages`: it does that flushing while the writer goes on. A background
// checkpoint alone never lets a continuously written WAL start over (the writer always adds
// frames while it runs), so the writer takes part: at the first commit after a background
// pass finished, if the WAL holds `restart_pages`, the writer checkpoints the few frames
// written during that pass itself, and its next transaction restarts the WAL from the start.
// At `hard_limit_pages` (a slow disk kept the background pass busy) the writer waits for
// that pass and checkpoints the rest itself, as SQLite's autocheckpoint would: the WAL stays
// bounded.

#include <quark/sqlite/connection.hpp>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace quark::sqlite::detail {

/// WAL growth (pages) between two background checkpoints: SQLite's autocheckpoint default.
inline constexpr int background_pages = 1000;
/// WAL size (pages) from which the writer restarts the WAL after the next background pass.
inline constexpr int restart_pages = 4000;
/// WAL size (pages) at which the writer checkpoints regardless.
inline constexpr int hard_limit_pages = 3 * restart_pages;

/// Checkpoints `main`'s file as described above. Does nothing for a database that is not in
/// WAL mode (":memory:"); if its own connection cannot be opened it logs a warning and
/// leaves SQLite's autocheckpoint in place. Constructed and destroyed while `main` is idle
/// (before the database thread starts, after it stopped); `main` must outlive it.
class checkpointer {
 public:
  checkpointer(connection& main, const open_options& options);
  checkpointer(const checkpointer&) = delete;
  checkpointer& operator=(const checkpointer&) = delete;
  /// Unhooks `main`, stops the thread and closes the checkpoint connection.
  ~checkpointer();

 private:
  static int on_commit(void* self, ::sqlite3* db, const char* name, int pages);
  void commit_hook(::sqlite3* db, int pages);
  /// Waits until the running background pass ends; false at once if none is running.
  bool wait_for_pass();
  void run();

  connection* main_;
  std::unique_ptr<connection> conn_;
  // Database thread only (the WAL hook runs inside its commits).
  int next_background_at_ = background_pages;
  int last_pages_ = 0;
  // Set by the background thread when a pass finished; taken by the next commit.
  std::atomic<bool> pass_done_{false};
  std::mutex mutex_;
  std::condition_variable wake_;  // a pass requested, finished, or stopping
  bool requested_ = false;
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace quark::sqlite::detail
