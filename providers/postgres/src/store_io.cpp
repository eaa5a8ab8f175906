#include "store_io.hpp"

#include <quark/postgres/error.hpp>

#include <boost/asio/post.hpp>

#include <utility>

namespace quark::postgres {

void stop_store_thread(const std::shared_ptr<store_io>& io, std::thread& thread) {
  if (!thread.joinable()) {
    io->db.reset();
    return;
  }
  boost::asio::post(io->ctx, [io] {
    io->db.reset();
    io->work.reset();
  });
  if (thread.get_id() == std::this_thread::get_id()) {
    thread.detach();  // it ends by itself once this call returns
  } else {
    thread.join();
  }
}

task<void> prepare_schema(std::shared_ptr<pool> db, std::string schema, std::string component,
                          std::span<const migration> steps, deadline until) {
  auto get = db->acquire(until);
  pooled_connection conn = co_await get;
  if (!schema.empty()) {
    // The pool's sessions may already name `schema` in their search_path; it may not exist yet.
    std::string create = "CREATE SCHEMA IF NOT EXISTS " + conn->quote_identifier(schema);
    try {
      auto s = conn->execute_script(std::move(create), until);
      co_await s;
    } catch (const unique_violation&) {
      // another process created it at the same moment
    }
  }
  auto m = apply_migrations(*conn, std::move(component), steps, until);
  co_await m;
}

}  // namespace quark::postgres
