#include "figures.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <system_error>

namespace quark::bench {
namespace {

std::mutex& output_mutex() {
  static std::mutex m;
  return m;
}

void write_line(const std::string& line) {
  const char* path = std::getenv("QUARK_BENCH_OUT");
  if (path == nullptr || *path == '\0') {
    std::fputs(line.c_str(), stdout);
    std::fflush(stdout);
    return;
  }
  std::FILE* f = std::fopen(path, "a");
  if (f == nullptr)
    throw std::system_error(errno, std::generic_category(),
                            std::string("cannot open QUARK_BENCH_OUT=") + path);
  const bool ok = std::fputs(line.c_str(), f) >= 0;
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed)
    throw std::system_error(errno, std::generic_category(),
                            std::string("cannot write QUARK_BENCH_OUT=") + path);
}

}  // namespace

void record(std::string name, double value, std::string unit, std::string target,
            std::string peer) {
  boost::json::object o;
  o["name"] = std::move(name);
  o["value"] = value;
  o["unit"] = std::move(unit);
  o["target"] = std::move(target);
  o["peer"] = std::move(peer);
  std::string line = boost::json::serialize(o);
  line += '\n';
  std::lock_guard lock(output_mutex());
  write_line(line);
}

}  // namespace quark::bench
