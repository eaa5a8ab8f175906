#include <quark/sqlite/database.hpp>
#include <quark/sqlite/error.hpp>

#include "checkpointer.hpp"

#include <quark/async/detail/spin.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <optional>

namespace quark::sqlite {
namespace {
// How long the database thread stays awake after its last call before sleeping, while
// calls have been coming that quickly (run_spinning): a caller awaiting each call (a
// sequential writer) posts the next one within a few tens of microseconds, and a post to a
// sleeping thread costs both sides a wake-up that takes longer than a small transaction.
constexpr std::chrono::microseconds idle_spin{100};
}  // namespace

struct database::state {
  state(std::filesystem::path path, const open_options& options)
      : conn(std::move(path), options), checkpoints(conn, options) {}

  connection conn;
  detail::checkpointer checkpoints;  // destroyed before `conn`, after the thread's loop ended
  boost::asio::io_context io{1};
  std::optional<boost::asio::executor_work_guard<executor_type>> work{io.get_executor()};
};

database::database(std::filesystem::path path, const open_options& options)
    : state_(std::make_shared<state>(std::move(path), options)) {
  // The thread shares ownership of the state: if the last reference to the database drops
  // on this very thread, it detaches and frees the state when its loop ends.
  thread_ = std::thread([s = state_] {
    for (;;) {
      try {
        quark::detail::run_spinning(s->io, idle_spin);
        return;
      } catch (const std::exception& e) {
        spdlog::error("sqlite database thread ({}): unexpected exception: {}", s->conn.error_context(), e.what());
      }
    }
  });
}

std::shared_ptr<database> database::open(std::filesystem::path path, const open_options& options) {
  return std::make_shared<database>(std::move(path), options);
}

database::~database() {
  state_->work.reset();
  if (thread_.get_id() == std::this_thread::get_id()) {
    thread_.detach();
  } else {
    thread_.join();
  }
}

database::executor_type database::get_executor() const noexcept { return state_->io.get_executor(); }

bool database::running_in_this_thread() const noexcept { return state_->io.get_executor().running_in_this_thread(); }

const std::filesystem::path& database::path() const noexcept { return state_->conn.path(); }

connection& database::begin_call(const deadline& until) {
  connection& conn = state_->conn;
  auto now = clock::now();
  if (until.expired(now)) {
    throw timeout_error(errc::timeout, "deadline passed before the SQLite operation could run", conn.error_context());
  }
  auto budget = conn.default_busy_timeout();
  if (!until.is_never()) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(until.remaining(now));
    budget = std::min(budget, left);
  }
  conn.set_busy_timeout(budget);
  return conn;
}

database::call_guard::~call_guard() {
  if (conn_->in_transaction()) {
    try {
      conn_->exec("ROLLBACK");
    } catch (const std::exception& e) {
      spdlog::error("sqlite ({}): rollback of an abandoned transaction failed: {}", conn_->error_context(), e.what());
    }
  }
}

void database::call_guard::finish() {
  if (conn_->in_transaction()) {
    throw storage_error(errc::storage, "a SQLite function returned with its transaction still open; rolled back",
                        conn_->error_context());
  }
}

}  // namespace quark::sqlite
