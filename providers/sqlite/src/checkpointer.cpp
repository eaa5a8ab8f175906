#include "checkpointer.hpp"

#include <quark/sqlite/error.hpp>

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

}  // namespace

checkpointer::checkpointer(connection& main, const open_options& options) : main_(&main) {
  if (!in_wal_mode(main)) return;
  try {
    open_options own = options;
    own.create_if_missing = false;
    own.statement_cache_capacity = 0;
    conn_ = std::make_unique<connection>(main.path(), own);
  } catch (const std::exception& e) {
    spdlog::warn("sqlite ({}): no background checkpoints, SQLite checkpoints on commit: {}", main.error_context(),
                 e.what());
    return;
  }
  sqlite3_wal_hook(main.native_handle(), &checkpointer::on_commit, this);  // replaces the autocheckpoint
  thread_ = std::thread([this] { run(); });
}

checkpointer::~checkpointer() {
  if (!thread_.joinable()) return;
  sqlite3_wal_hook(main_->native_handle(), nullptr, nullptr);
  {
    std::lock_guard lock{mutex_};
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

// On the database thread, inside each COMMIT: `pages` is the WAL's size in frames.
int checkpointer::on_commit(void* self, ::sqlite3* /*db*/, const char* /*name*/, int pages) {
  auto* c = static_cast<checkpointer*>(self);
  if (pages < c->last_pages_) c->next_at_ = wal_checkpoint_pages;  // the WAL restarted from its beginning
  c->last_pages_ = pages;
  if (pages >= c->next_at_) {
    c->next_at_ = pages + wal_checkpoint_pages;
    {
      std::lock_guard lock{c->mutex_};
      c->requested_ = true;
    }
    c->wake_.notify_one();
  }
  return SQLITE_OK;
}

void checkpointer::run() {
  std::unique_lock lock{mutex_};
  for (;;) {
    wake_.wait(lock, [this] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    lock.unlock();
    // PASSIVE: copies what no reader still needs, never waits for or blocks a writer.
    const int result = sqlite3_wal_checkpoint_v2(conn_->native_handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                                 nullptr);
    if (result != SQLITE_OK && (result & 0xff) != SQLITE_BUSY) {
      spdlog::warn("sqlite ({}): background checkpoint failed: {} (sqlite result {})", conn_->error_context(),
                   sqlite3_errmsg(conn_->native_handle()), result);
    }
    lock.lock();
  }
}

}  // namespace quark::sqlite::detail
