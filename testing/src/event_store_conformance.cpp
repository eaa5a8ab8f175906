// Helpers of the event_store conformance suite that need no template parameter.

#include <quark/codec/json.hpp>
#include <quark/testing/event_store_conformance.hpp>

#include <atomic>
#include <latch>
#include <mutex>
#include <thread>

namespace quark::testing {

event_data make_event(int n, std::string type) {
  event_data e;
  e.id = uuid::generate();
  e.type = std::move(type);
  e.payload = "{\"n\":" + std::to_string(n) + "}";
  return e;
}

bool same_json(const std::string& a, const std::string& b) {
  try {
    return codec::parse_json(a) == codec::parse_json(b);
  } catch (const std::exception&) {
    return false;
  }
}

append_race_result race_appends(std::shared_ptr<event_store> store, const std::string& stream, int writers,
                                int appends_per_writer) {
  append_race_result result;
  std::mutex mutex;
  std::latch start{writers};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      boost::asio::io_context ctx;
      start.arrive_and_wait();
      stream_version known = 0;
      int done = 0;
      int attempts = 0;
      while (done < appends_per_writer && attempts < appends_per_writer * 1000) {
        ++attempts;
        event_data e = make_event(w * 100000 + done);
        const std::string id = e.id.to_string();
        try {
          std::vector<event_data> batch;
          batch.push_back(std::move(e));
          const append_result r =
              sync_wait(ctx, store->append(stream, std::move(batch), expected_version::exact(known), deadline::never()));
          known = r.version;
          ++done;
          std::lock_guard lock{mutex};
          ++result.appended;
          result.committed_ids.insert(id);
        } catch (const concurrency_error& c) {
          known = c.actual();
          std::lock_guard lock{mutex};
          if (c.stream() == stream) {
            ++result.conflicts;
          } else {
            ++result.other_errors;
          }
        } catch (const std::exception& x) {
          std::lock_guard lock{mutex};
          if (result.other_errors++ == 0) result.first_other_error = x.what();
          return;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  return result;
}

tail_result tail_while_appending(std::shared_ptr<event_store> store, int writers, int per_writer, std::size_t batch,
                                 std::chrono::milliseconds timeout) {
  tail_result result;
  std::mutex mutex;
  std::atomic<std::size_t> appended{0};
  std::atomic<int> finished{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      boost::asio::io_context ctx;
      const std::string stream = "tail-" + std::to_string(w);
      for (int i = 0; i < per_writer; ++i) {
        try {
          std::vector<event_data> one;
          one.push_back(make_event(i));
          sync_wait(ctx, store->append(stream, std::move(one), expected_version::any(), deadline::never()));
          appended.fetch_add(1);
        } catch (const std::exception& x) {
          std::lock_guard lock{mutex};
          if (result.errors++ == 0) result.first_error = x.what();
        }
      }
      finished.fetch_add(1);
    });
  }
  boost::asio::io_context ctx;
  event_position checkpoint{};
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < give_up) {
    const bool writers_done = finished.load() == writers;
    std::vector<recorded_event> page;
    try {
      page = sync_wait(ctx, store->read_all(checkpoint, batch, deadline::never()));
    } catch (const std::exception& x) {
      std::lock_guard lock{mutex};
      if (result.errors++ == 0) result.first_error = x.what();
      break;
    }
    for (auto& e : page) {
      checkpoint = e.position;
      result.seen.push_back(std::move(e));
    }
    if (writers_done && result.seen.size() >= appended.load()) break;
    if (page.empty()) std::this_thread::yield();
  }
  for (auto& t : threads) t.join();
  result.appended = appended.load();
  return result;
}

}  // namespace quark::testing
