// Child process of the journal crash test: appends batches of 1 to 4 events to three
// streams in a loop and, after each append is acknowledged, writes one line to stdout:
//
//   <stream> <version after the append> <batch size> <id>,<id>,...
//
// Each line is a single write(2) (shorter than PIPE_BUF), so a reader never sees half of
// one. Every event's payload is {"batch":<n>,"index":<i>,"size":<k>}, so the test can
// check that every stored batch is complete. Runs until killed, or exits 2 after
// `max_appends`; exits 1 with a message on stderr when an append fails.
//
// Usage: quark_journal_crash_child <store-url>   (see journal_store_url.hpp)

#include "journal_store_url.hpp"

#include <quark/async/sync_wait.hpp>

#include <boost/asio/io_context.hpp>

#include <array>
#include <cstdio>
#include <exception>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

constexpr int max_appends = 200'000;
constexpr std::array<const char*, 3> streams{"crash-a", "crash-b", "crash-c"};

void write_line(const std::string& line) {
  if (::write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size())) std::_Exit(3);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <store-url>\n", argv[0]);
    return 64;
  }
  try {
    auto store = quark::fault::open_event_store_url(argv[1]);
    boost::asio::io_context ctx;
    std::array<quark::stream_version, streams.size()> versions{};
    for (int batch = 0; batch < max_appends; ++batch) {
      const std::size_t s = static_cast<std::size_t>(batch) % streams.size();
      const int size = 1 + batch % 4;
      std::vector<quark::event_data> events;
      std::string ids;
      for (int i = 0; i < size; ++i) {
        quark::event_data e;
        e.id = quark::uuid::generate();
        e.type = "test.fault.appended";
        e.payload = "{\"batch\":" + std::to_string(batch) + ",\"index\":" + std::to_string(i) +
                    ",\"size\":" + std::to_string(size) + "}";
        ids += (i == 0 ? "" : ",") + e.id.to_string();
        events.push_back(std::move(e));
      }
      const quark::append_result r = quark::sync_wait(
          ctx, store->append(streams[s], std::move(events), quark::expected_version::exact(versions[s]),
                             quark::deadline::never()));
      versions[s] = r.version;
      // Only now, after the store acknowledged the append, is it reported as committed.
      write_line(std::string(streams[s]) + " " + std::to_string(r.version) + " " + std::to_string(size) + " " + ids +
                 "\n");
    }
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "quark_journal_crash_child: %s\n", e.what());
    return 1;
  }
}
