#pragma once
/// @file
/// Internal: the non-template parts of the JSON engine (type checks, number conversions with
/// range checks, base64), compiled once in src/codec/json_support.cpp. Every function that
/// takes a `path` throws `codec_error` naming it on a mismatch. Not part of the public API.

#include <quark/codec/path.hpp>

#include <boost/json/fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quark::codec::detail {

/// Throws "expected <expected>, got <kind of v>".
[[noreturn]] void json_type_error(const path& at, std::string_view expected, const boost::json::value& v);

/// `v` as an integer in [min, max]; accepts any JSON number with an integral value.
/// @throws codec_error if `v` is not a number, has a fraction, or is out of range.
std::int64_t json_signed(const boost::json::value& v, const path& at, std::int64_t min,
                         std::int64_t max, std::string_view label);
/// `v` as an integer in [0, max]; accepts any JSON number with an integral value.
std::uint64_t json_unsigned(const boost::json::value& v, const path& at, std::uint64_t max,
                            std::string_view label);
/// `v` as a double: any JSON number, or "NaN", "Infinity", "-Infinity".
double json_double(const boost::json::value& v, const path& at);
/// `v` as a float; like json_double, and a finite value beyond float's range is an error.
float json_float(const boost::json::value& v, const path& at);
/// A double as JSON: a number if finite, else "NaN", "Infinity" or "-Infinity".
boost::json::value json_from_double(double d);

/// `v` as an object. @throws codec_error if it is not one.
const boost::json::object& json_object(const boost::json::value& v, const path& at);
/// `v` as an array; `size`, unless `npos`, is the exact element count required.
const boost::json::array& json_array(const boost::json::value& v, const path& at,
                                     std::size_t size = static_cast<std::size_t>(-1));
/// `v` as a string.
std::string_view json_string(const boost::json::value& v, const path& at);
/// `v` must be null.
void json_null(const boost::json::value& v, const path& at);
/// A JSON string value holding `s`.
boost::json::value json_from_string(std::string_view s);

/// Standard base64 (RFC 4648, padded).
std::string base64_encode(std::string_view bytes);
/// Strict inverse of base64_encode. @throws codec_error on a bad length, character or padding.
std::vector<std::byte> base64_decode(std::string_view text, const path& at);

/// The value of member `name` of `o`, or nullptr.
const boost::json::value* json_find(const boost::json::object& o, std::string_view name) noexcept;

}  // namespace quark::codec::detail
