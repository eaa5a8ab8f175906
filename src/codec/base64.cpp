// Standard base64 (RFC 4648 §4, padded): how byte strings appear in JSON.
#include <quark/codec/detail/json_support.hpp>

#include <array>

namespace quark::codec::detail {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// 0..63 for an alphabet character, 64 for '=', 255 for anything else.
constexpr std::array<std::uint8_t, 256> decode_table = [] {
  std::array<std::uint8_t, 256> t{};
  t.fill(255);
  for (std::size_t i = 0; i < alphabet.size(); ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
  t['='] = 64;
  return t;
}();

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                   static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[n >> 18];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += alphabet[n >> 18];
    out += alphabet[(n >> 12) & 63];
    out += rest == 2 ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::vector<std::byte> base64_decode(std::string_view text, const path& at) {
  if (text.size() % 4 != 0) at.fail("invalid base64: length is not a multiple of 4");
  std::vector<std::byte> out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::array<std::uint8_t, 4> q{};
    for (std::size_t k = 0; k < 4; ++k) q[k] = decode_table[static_cast<unsigned char>(text[i + k])];
    const bool last = i + 4 == text.size();
    const std::size_t pad = q[3] == 64 ? (q[2] == 64 ? 2 : 1) : 0;
    bool ok = q[0] < 64 && q[1] < 64 && (pad == 0 || last) && q[2] != 255 && q[3] != 255 &&
              (pad == 2 || q[2] < 64);
    // Canonical form: the bits a padded group drops must be zero.
    if (ok && pad == 2) ok = (q[1] & 15) == 0;
    if (ok && pad == 1) ok = (q[2] & 3) == 0;
    if (!ok) at.fail("invalid base64 near offset " + std::to_string(i));
    const std::uint32_t n = std::uint32_t{q[0]} << 18 | std::uint32_t{q[1]} << 12 |
                            std::uint32_t{q[2] & 63u} << 6 | (q[3] & 63u);
    out.push_back(static_cast<std::byte>(n >> 16));
    if (pad < 2) out.push_back(static_cast<std::byte>((n >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<std::byte>(n & 0xff));
  }
  return out;
}

}  // namespace quark::codec::detail
