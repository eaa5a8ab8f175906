#include "checkpointer.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <exception>
#include <string>

namespace quark::sqlite::detail {
namespace {

bool in_wal_mode(connection& c) {
  auto st = c.prepare("PRAGMA journal_mode");
  return st.step() && st.column_text(0) == "wal";
}

// A PASSIVE checkpoint copies what no reader still needs and never waits for a lock. It
// returns SQLITE_BUSY when another connection is checkpointing, which is not a failure.
int checkpoint(::sqlite3* db, const char* who, const std::string& context) {
  const int result = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (result != SQLITE_OK && (result & 0xff) != SQLITE_BUSY) {
    spdlog::warn("sqlite ({}): {} checkpoint failed: {} (sqlite result {})", context, who, sqlite3_errmsg(db), result);
  }
  return result;
}

}  // namespace

checkpointer::checkpointer(connection& main, const open_options& options) : main_(&main) {
  if (!in_wal_mode(main)) return;
  try {
    open_options own = options;
    own.create_if_missing = false;
    own.statement_cache_capacity = 0;
    conn_ = std::make_unique<connection>(main.path(), own);
  } catch (const std::exception& e) {
    spdlog::warn("sqlite ({}): no background checkpoints, SQLite checkpoints inside commits: {}",
                 main.error_context(), e.what());
    return;
  }
  thread_ = std::thread([this] { run(); });
  sqlite3_wal_hook(main.native_handle(), &checkpointer::on_commit, this);  // replaces the autocheckpoint
}

checkpointer::~checkpointer() {
  if (!thread_.joinable()) return;
  sqlite3_wal_hook(main_->native_handle(), nullptr, nullptr);
  {
    std::lock_guard lock{mutex_};
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int checkpointer::on_commit(void* self, ::sqlite3* db, const char* /*name*/, int pages) {
  static_cast<checkpointer*>(self)->commit_hook(db, pages);
  return SQLITE_OK;
}

// On the database thread, after each commit: `pages` is the WAL's size in frames.
void checkpointer::commit_hook(::sqlite3* db, int pages) {
  if (pages < last_pages_) next_background_at_ = background_pages;  // the WAL started over
  last_pages_ = pages;
  // True at the first commit after a background pass finished: only the frames written
  // during that pass are left to checkpoint, a short job for the writer.
  const bool pass_finished = pass_done_.exchange(false, std::memory_order_acq_rel);
  if (pages >= hard_limit_pages) {
    // The background is behind (a slow disk): wait for its pass, as SQLite's autocheckpoint
    // would have waited for its own, so that the WAL stays bounded.
    if ((checkpoint(db, "restart", main_->error_context()) & 0xff) == SQLITE_BUSY && wait_for_pass()) {
      checkpoint(db, "restart", main_->error_context());
    }
  } else if (pass_finished && pages >= restart_pages) {
    checkpoint(db, "restart", main_->error_context());  // the next write transaction restarts the WAL
  } else if (pages >= next_background_at_) {
    next_background_at_ = pages + background_pages;
    {
      std::lock_guard lock{mutex_};
      requested_ = true;
    }
    wake_.notify_all();
  }
}

bool checkpointer::wait_for_pass() {
  std::unique_lock lock{mutex_};
  if (!running_) return false;  // the checkpoint in the way is another connection's
  wake_.wait(lock, [this] { return !running_ || stopping_; });
  return true;
}

void checkpointer::run() {
  std::unique_lock lock{mutex_};
  for (;;) {
    wake_.wait(lock, [this] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    running_ = true;
    lock.unlock();
    checkpoint(conn_->native_handle(), "background", conn_->error_context());
    pass_done_.store(true, std::memory_order_release);
    lock.lock();
    running_ = false;
    wake_.notify_all();
  }
}

}  // namespace quark::sqlite::detail
