#include <quark/codec/binary_io.hpp>

namespace quark::codec {

std::uint64_t binary_reader::get_varint_slow() {
  std::uint64_t out = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (pos_ == end_) fail_truncated(1);
    const std::uint64_t b = *pos_++;
    // The tenth byte holds bit 63 only: anything more does not fit in 64 bits.
    if (shift == 63 && b > 1) fail("varint exceeds 64 bits");
    out |= (b & 0x7f) << shift;
    if (b < 0x80) return out;
  }
  fail("varint exceeds 64 bits");
}

std::size_t binary_reader::get_length(std::size_t min_element_size) {
  const std::uint64_t n = get_varint();
  if (min_element_size == 0) {
    if (n > max_empty_elements) {
      fail("length " + std::to_string(n) + " exceeds the limit of " +
           std::to_string(max_empty_elements) + " zero-byte elements");
    }
  } else if (n > remaining() / min_element_size) {
    fail("length " + std::to_string(n) + " exceeds the " + std::to_string(remaining()) +
         " bytes left");
  }
  return static_cast<std::size_t>(n);
}

void binary_reader::fail_truncated(std::size_t needed) const {
  fail("truncated input: " + std::to_string(needed) + " bytes needed, " +
       std::to_string(remaining()) + " left");
}

}  // namespace quark::codec
