#include "process_memory.hpp"

#include <unistd.h>

#include <cstdio>

namespace quark::bench {

std::int64_t resident_bytes() noexcept {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long long total_pages = 0, resident_pages = 0;
  const int fields = std::fscanf(f, "%lld %lld", &total_pages, &resident_pages);
  std::fclose(f);
  if (fields != 2) return 0;
  return static_cast<std::int64_t>(resident_pages) * sysconf(_SC_PAGESIZE);
}

}  // namespace quark::bench
