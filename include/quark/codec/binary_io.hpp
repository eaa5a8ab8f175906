#pragma once
/// @file
/// The primitives of the compact binary format: `binary_writer` appends to a byte buffer,
/// `binary_reader` reads from one with every read bounds-checked. The per-type rules that use
/// them are in binary.hpp; the layout is in docs/codec.md ("Binary layout").

#include <quark/codec/path.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace quark::codec {

/// Version byte written first by `to_binary` and checked first by `from_binary`; only the
/// top-level value carries it. Changing the layout of any kind means bumping it.
inline constexpr std::uint8_t binary_format_version = 1;

/// Appends binary-encoded values to a `std::string` used as a byte buffer. Writes no version
/// byte (that is `to_binary`'s job): this is what `codec_traits<T>::to_binary` receives.
/// Cheap to construct; not thread-safe.
class binary_writer {
 public:
  /// Writes will append to `out`; `out` must outlive the writer.
  explicit binary_writer(std::string& out) noexcept : out_(&out) {}

  /// Appends one raw byte.
  void put_byte(std::uint8_t b) { out_->push_back(static_cast<char>(b)); }
  /// Appends `v` as an unsigned LEB128 varint (1 byte below 128, at most 10).
  void put_varint(std::uint64_t v) {
    while (v >= 0x80) {
      put_byte(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    put_byte(static_cast<std::uint8_t>(v));
  }
  /// Appends `v` zigzag-mapped (0,-1,1,-2... → 0,1,2,3...) as a varint.
  void put_svarint(std::int64_t v) {
    put_varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  /// Appends `bytes` as they are (no length prefix).
  void put_bytes(std::string_view bytes) { out_->append(bytes); }

  /// Appends `value` by its codec rule (built-in, described, or `codec_traits<T>`).
  /// Defined in binary.hpp. @throws codec_error if the value cannot be encoded.
  template <class T>
  void write(const T& value);

  /// The buffer written to.
  [[nodiscard]] std::string& buffer() noexcept { return *out_; }

 private:
  std::string* out_;
};

/// Reads binary-encoded values from a byte range it does not own. Every read checks the
/// bytes left first and throws `codec_error` (context: `where()`) instead of reading past the
/// end; lengths are checked against the bytes left before anything is allocated. This is
/// what `codec_traits<T>::from_binary` receives. Not thread-safe.
class binary_reader {
 public:
  /// Most elements a container of zero-byte elements (e.g. `std::monostate`) may declare:
  /// such a length cannot be checked against the input size.
  static constexpr std::size_t max_empty_elements = std::size_t{1} << 16;

  /// Reads from `bytes`, which must outlive the reader.
  explicit binary_reader(std::string_view bytes) noexcept
      : pos_(reinterpret_cast<const unsigned char*>(bytes.data())), end_(pos_ + bytes.size()) {}

  /// Bytes not read yet.
  [[nodiscard]] std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - pos_); }
  /// True when every byte has been read.
  [[nodiscard]] bool empty() const noexcept { return pos_ == end_; }

  /// Reads one raw byte. @throws codec_error if none is left.
  std::uint8_t get_byte() {
    if (pos_ == end_) fail_truncated(1);
    return *pos_++;
  }
  /// Reads an unsigned LEB128 varint. @throws codec_error if truncated or above 64 bits.
  std::uint64_t get_varint() {
    if (pos_ != end_ && *pos_ < 0x80) return *pos_++;
    return get_varint_slow();
  }
  /// Reads a zigzag varint. @throws codec_error if truncated or above 64 bits.
  std::int64_t get_svarint() {
    const std::uint64_t u = get_varint();
    return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  /// Reads `n` raw bytes; the view points into the input. @throws codec_error if fewer left.
  std::string_view get_bytes(std::size_t n) {
    if (n > remaining()) fail_truncated(n);
    std::string_view out{reinterpret_cast<const char*>(pos_), n};
    pos_ += n;
    return out;
  }
  /// Reads a varint element count of a container whose elements take at least
  /// `min_element_size` bytes each, and checks it fits in the bytes left (or, for zero-byte
  /// elements, is at most `max_empty_elements`) before the caller allocates anything.
  /// @throws codec_error if the count is impossible for the input.
  std::size_t get_length(std::size_t min_element_size);

  /// Reads a value by its codec rule. Defined in binary.hpp.
  /// @throws codec_error on any malformed input, naming `where()`.
  template <class T>
  T read();

  /// Where in the value the reader is (for errors and for nested `path` scopes).
  [[nodiscard]] path& where() noexcept { return path_; }
  /// Throws `codec_error(errc::codec, message, where().str())`.
  [[noreturn]] void fail(std::string message) const { path_.fail(std::move(message)); }

 private:
  std::uint64_t get_varint_slow();
  [[noreturn]] void fail_truncated(std::size_t needed) const;

  const unsigned char* pos_;
  const unsigned char* end_;
  path path_;
};

}  // namespace quark::codec
