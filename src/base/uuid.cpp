#include <quark/base/error.hpp>
#include <quark/base/uuid.hpp>

#include <chrono>
#include <random>

namespace quark {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool dash_at(std::size_t i) noexcept { return i == 8 || i == 13 || i == 18 || i == 23; }

}  // namespace

uuid uuid::generate() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64{seed};
  }()};
  const auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  const std::uint64_t r1 = engine();
  const std::uint64_t r2 = engine();
  uuid id;
  for (int i = 0; i < 6; ++i) id.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  for (int i = 0; i < 2; ++i) id.bytes[static_cast<std::size_t>(6 + i)] = static_cast<std::uint8_t>(r1 >> (8 * i));
  for (int i = 0; i < 8; ++i) id.bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(r2 >> (8 * i));
  id.bytes[6] = static_cast<std::uint8_t>((id.bytes[6] & 0x0F) | 0x70);  // version 7
  id.bytes[8] = static_cast<std::uint8_t>((id.bytes[8] & 0x3F) | 0x80);  // RFC variant
  return id;
}

bool uuid::valid(std::string_view text) noexcept {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (dash_at(i) ? text[i] != '-' : hex_value(text[i]) < 0) return false;
  }
  return true;
}

uuid uuid::parse(std::string_view text) {
  if (!valid(text)) {
    throw codec_error(errc::codec, "not a UUID (expected 8-4-4-4-12 hex digits)", std::string(text.substr(0, 64)));
  }
  uuid id;
  std::size_t out = 0;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    if (dash_at(i)) ++i;
    id.bytes[out++] = static_cast<std::uint8_t>(hex_value(text[i]) * 16 + hex_value(text[i + 1]));
  }
  return id;
}

std::string uuid::to_string() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 0x0F]);
  }
  return out;
}

bool uuid::is_nil() const noexcept {
  for (std::uint8_t b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

}  // namespace quark
