#pragma once
// Background WAL checkpoints for one `database`: a second connection on its own thread runs
// PASSIVE checkpoints when the WAL has grown by `wal_checkpoint_pages`, instead of SQLite's
// autocheckpoint running them inside whichever COMMIT crossed the threshold (with its two
// fsyncs). Private to the provider.

#include <quark/sqlite/connection.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace quark::sqlite::detail {

/// WAL growth (in pages) that triggers a checkpoint: SQLite's own autocheckpoint default.
inline constexpr int wal_checkpoint_pages = 1000;

/// Checkpoints `main`'s file off its thread. Does nothing for a database that is not in WAL
/// mode (":memory:"); if its own connection cannot be opened it logs a warning and leaves
/// SQLite's autocheckpoint in place. Constructed and destroyed while `main` is idle (before
/// the database thread starts, after it stopped); `main` must outlive it.
class checkpointer {
 public:
  checkpointer(connection& main, const open_options& options);
  checkpointer(const checkpointer&) = delete;
  checkpointer& operator=(const checkpointer&) = delete;
  /// Unhooks `main`, stops the thread and closes the checkpoint connection.
  ~checkpointer();

 private:
  static int on_commit(void* self, ::sqlite3* db, const char* name, int pages);
  void run();

  connection* main_;
  std::unique_ptr<connection> conn_;
  int next_at_ = wal_checkpoint_pages;  // database thread only
  int last_pages_ = 0;                  // database thread only
  std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace quark::sqlite::detail
