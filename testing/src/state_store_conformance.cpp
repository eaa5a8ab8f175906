// Helpers of the state_store conformance suite that need no template parameter.

#include <quark/async/detached.hpp>
#include <quark/async/run_on.hpp>
#include <quark/testing/state_store_conformance.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <latch>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

namespace quark::testing {
namespace {

std::string writer_data(int index) { return "writer-" + std::to_string(index); }

// One racing writer on the shard; records its outcome, never lets an exception escape.
detail::detached write_one(std::shared_ptr<state_store> store, std::string type, std::string key, int index,
                           state_version expected, race_result& result, int& remaining) {
  try {
    // A named awaitable: g++ 12 mis-destroys non-trivial temporaries in a co_await expression.
    auto write = store->write(std::move(type), std::move(key), writer_data(index), expected, deadline::never());
    state_version version = co_await write;
    ++result.wins;
    result.winner = index;
    result.version = version;
  } catch (const version_conflict&) {
    ++result.conflicts;
  } catch (...) {
    ++result.other_errors;
  }
  --remaining;
}

}  // namespace

std::string random_bytes(std::size_t size, std::uint32_t seed) {
  std::mt19937 engine{seed};
  std::uniform_int_distribution<int> byte{0, 255};
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(byte(engine));
  return out;
}

race_result race_writes_on_threads(std::shared_ptr<state_store> store, std::string type, std::string key,
                                   int writers, state_version expected) {
  race_result result;
  std::mutex mutex;
  std::latch start{writers};
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(writers));
  for (int i = 0; i < writers; ++i) {
    threads.emplace_back([&, i] {
      boost::asio::io_context ctx;
      auto write = store->write(type, key, writer_data(i), expected, deadline::never());
      start.arrive_and_wait();
      try {
        state_version version = quark::sync_wait(ctx, std::move(write));
        std::lock_guard lock{mutex};
        ++result.wins;
        result.winner = i;
        result.version = version;
      } catch (const version_conflict&) {
        std::lock_guard lock{mutex};
        ++result.conflicts;
      } catch (...) {
        std::lock_guard lock{mutex};
        ++result.other_errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  return result;
}

race_result race_writes_on_one_shard(boost::asio::io_context& ctx, std::shared_ptr<state_store> store,
                                     std::string type, std::string key, int writers, state_version expected) {
  race_result result;
  int remaining = writers;
  auto* previous = detail::current_io_context();
  detail::set_current_io_context(&ctx);
  auto guard = boost::asio::make_work_guard(ctx);
  ctx.restart();
  // Start every writer in one handler, so all are in flight before any completion runs.
  boost::asio::post(ctx, [&] {
    for (int i = 0; i < writers; ++i) write_one(store, type, key, i, expected, result, remaining);
  });
  while (remaining > 0) ctx.run_one();
  guard.reset();
  detail::set_current_io_context(previous);
  return result;
}

}  // namespace quark::testing
