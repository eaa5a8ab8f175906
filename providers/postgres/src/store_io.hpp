#pragma once
// Private: what the PostgreSQL stores (state store, event store) share: the I/O thread that
// drives their pool, its shutdown, and the creation of their schema.

#include <quark/postgres/migrations.hpp>
#include <quark/postgres/pool.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>

namespace quark::postgres {

/// A store's io_context and its pool; shared with the thread that runs it (and with a
/// store's background loops), so that all of it outlives `run()` even when the store is
/// destroyed on that thread. A store with more state on its thread derives from it.
struct store_io {
  boost::asio::io_context ctx;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work{
      ctx.get_executor()};
  std::shared_ptr<pool> db;  // used only on the store's thread once it runs
};

/// Ends a store's thread: the pool and the work guard are released on that thread, which
/// then runs out of work and ends; joined, or detached when called on that thread (a store
/// destroyed by a caller resumed there). Without a thread, releases the pool here.
void stop_store_thread(const std::shared_ptr<store_io>& io, std::thread& thread);

/// Creates `schema` when missing (empty: nothing; a concurrent creation by another process
/// is fine), then applies `component`'s migrations in it.
task<void> prepare_schema(std::shared_ptr<pool> db, std::string schema, std::string component,
                          std::span<const migration> steps, deadline until);

}  // namespace quark::postgres
