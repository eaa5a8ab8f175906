#include <quark/codec/path.hpp>

#include <quark/base/error.hpp>

namespace quark::codec {

std::string path::str() const {
  std::string out{"$"};
  for (std::size_t i = 0; i < size_; ++i) {
    const segment& s = segments_[i];
    switch (s.what) {
      case kind::field:
        out += '.';
        out += s.text;
        break;
      case kind::index:
        out += '[';
        out += std::to_string(s.index);
        out += ']';
        break;
      case kind::key:
        out += "[\"";
        for (char c : s.text) {
          if (c == '"' || c == '\\') out += '\\';
          out += c;
        }
        out += "\"]";
        break;
    }
  }
  return out;
}

void path::fail(std::string message) const {
  throw codec_error(errc::codec, std::move(message), str());
}

void path::fail_too_deep() const {
  fail("nesting deeper than " + std::to_string(max_depth) + " levels");
}

}  // namespace quark::codec
