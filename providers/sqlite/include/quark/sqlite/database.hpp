#pragma once
/// @file
/// `quark::sqlite::database`: one SQLite file and the thread that owns its connection.
/// Every component on SQLite (state store, event store, job queue, outbox) shares one
/// `database` per file and reaches the connection through `run`, so shard threads never
/// block on SQLite. See docs/sqlite.md.

#include <quark/async/run_on.hpp>
#include <quark/base/deadline.hpp>
#include <quark/sqlite/connection.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <filesystem>
#include <future>
#include <memory>
#include <thread>
#include <type_traits>
#include <utility>

namespace quark::sqlite {

/// An open SQLite file with its own executor thread. All SQL runs on that thread, one
/// function at a time, in the order submitted; a function therefore sees no interleaving
/// from the same process (other processes may still write: use transactions).
///
/// Threading: `run` may be awaited from any shard concurrently; `run_blocking` and the
/// constructor block the caller (start-up and tools only). Destroy the database only after
/// every awaited `run` has finished; the destructor waits for queued work to drain.
///
/// @code
/// auto db = quark::sqlite::database::open("quark.db");
/// std::int64_t n = co_await db->run(until, [](quark::sqlite::connection& c) {
///   auto st = c.prepare("SELECT count(*) FROM quark_state");
///   st.step();
///   return st.column<std::int64_t>(0);
/// });
/// @endcode
class database {
 public:
  using executor_type = boost::asio::io_context::executor_type;

  /// Opens `path` (see `connection::connection`) and starts the database thread.
  /// Blocks on file I/O.
  /// @throws sqlite_error naming the path when the file cannot be opened, created, or is
  /// not a SQLite database.
  explicit database(std::filesystem::path path, const open_options& options = {});
  /// `std::make_shared<database>(path, options)`. @throws as the constructor.
  static std::shared_ptr<database> open(std::filesystem::path path, const open_options& options = {});
  database(const database&) = delete;
  database& operator=(const database&) = delete;
  /// Lets queued work finish, stops the thread and closes the file.
  ~database();

  /// Awaitable running `fn(connection&)` on the database thread; the awaiting coroutine
  /// resumes on its own shard with `fn`'s result (or exception). Before `fn` runs, the
  /// deadline is checked and the busy timeout shortened to what is left of it. A
  /// transaction `fn` leaves open is rolled back and reported.
  /// @throws quark::timeout_error when `until` passed before `fn` could run (`fn` does not
  /// run); whatever `fn` throws (`sqlite_error` for SQLite failures); quark::storage_error
  /// when `fn` returned with a transaction still open.
  template <class Fn>
  auto run(deadline until, Fn fn) {
    return quark::run_on(get_executor(), [this, until, fn = std::move(fn)]() mutable {
      return invoke(begin_call(until), fn);
    });
  }
  /// `run(deadline::never(), fn)`.
  template <class Fn>
  auto run(Fn fn) {
    return run(deadline::never(), std::move(fn));
  }

  /// Runs `fn(connection&)` on the database thread and blocks until it returns (inline
  /// when called on that thread). For start-up (migrations) and tools; never call it from
  /// a shard thread. @throws whatever `fn` throws; quark::storage_error as `run`.
  template <class Fn>
  auto run_blocking(Fn fn) {
    if (running_in_this_thread()) return invoke(begin_call(deadline::never()), fn);
    std::packaged_task<result_t<Fn>()> job{[this, &fn] { return invoke(begin_call(deadline::never()), fn); }};
    auto result = job.get_future();
    boost::asio::post(get_executor(), [&job] { job(); });
    return result.get();
  }

  /// The executor of the database thread (for `quark::run_on` or Asio timers).
  [[nodiscard]] executor_type get_executor() const noexcept;
  /// True on the database thread.
  [[nodiscard]] bool running_in_this_thread() const noexcept;
  /// The file this database opened.
  [[nodiscard]] const std::filesystem::path& path() const noexcept;

 private:
  struct state;

  template <class Fn>
  using result_t = std::remove_cvref_t<std::invoke_result_t<Fn&, connection&>>;

  /// Rolls back a transaction a function left open; `finish` reports it.
  class call_guard {
   public:
    explicit call_guard(connection& conn) noexcept : conn_(&conn) {}
    call_guard(const call_guard&) = delete;
    call_guard& operator=(const call_guard&) = delete;
    ~call_guard();
    void finish();

   private:
    connection* conn_;
  };

  template <class Fn>
  static result_t<Fn> invoke(connection& conn, Fn& fn) {
    call_guard guard{conn};
    if constexpr (std::is_void_v<result_t<Fn>>) {
      fn(conn);
      guard.finish();
    } else {
      result_t<Fn> result = fn(conn);
      guard.finish();
      return result;
    }
  }

  /// On the database thread: checks `until`, sets the busy timeout, returns the connection.
  connection& begin_call(const deadline& until);

  std::shared_ptr<state> state_;
  std::thread thread_;
};

}  // namespace quark::sqlite
