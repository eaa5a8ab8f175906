#include <quark/redis/script.hpp>

#include <boost/uuid/detail/sha1.hpp>

#include <fmt/format.h>

namespace quark::redis {

namespace {
std::string sha1_hex(const std::string& text) {
  boost::uuids::detail::sha1 h;
  h.process_bytes(text.data(), text.size());
  boost::uuids::detail::sha1::digest_type digest;
  h.get_digest(digest);
  std::string out;
  for (unsigned word : digest) out += fmt::format("{:08x}", word);
  return out;
}
}  // namespace

script::script(std::string source) {
  auto sha = sha1_hex(source);
  data_ = std::make_shared<const data>(data{std::move(source), std::move(sha)});
}

}  // namespace quark::redis
