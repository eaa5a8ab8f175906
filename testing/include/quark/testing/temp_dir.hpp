#pragma once
/// @file
/// `quark::testing::temp_dir`: a fresh directory for one test, removed at the end.

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace quark::testing {

/// Creates a unique directory under the system temp dir (`mkdtemp`); removes it, with all it
/// contains, when destroyed.
/// @throws std::runtime_error when the directory cannot be created.
class temp_dir {
 public:
  explicit temp_dir(std::string prefix = "quark-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temp dir " + pattern);
    path_ = pattern;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// `path() / name`.
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace quark::testing
