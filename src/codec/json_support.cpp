#include <quark/codec/detail/json_support.hpp>
#include <quark/codec/json.hpp>

#include <quark/base/error.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace quark::codec {

namespace {

std::string_view kind_name(const boost::json::value& v) noexcept {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "bool";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return "number";
    case boost::json::kind::string: return "string";
    case boost::json::kind::array: return "array";
    case boost::json::kind::object: return "object";
  }
  return "unknown";
}

[[noreturn]] void out_of_range(const path& at, std::string_view label, const std::string& value) {
  at.fail("integer " + value + " out of range for " + std::string(label));
}

/// An integral double as a string for messages ("1e+30" style is fine for huge values).
std::string number_text(double d) {
  std::string s = std::to_string(d);
  return s.substr(0, s.find('.'));
}

/// A double that must hold an integral value.
double integral_double(const boost::json::value& v, const path& at, std::string_view label) {
  const double d = v.get_double();
  if (!std::isfinite(d) || std::trunc(d) != d) {
    at.fail("expected integer (" + std::string(label) + "), got a number with a fraction");
  }
  return d;
}

}  // namespace

std::string serialize_json(const boost::json::value& json) { return boost::json::serialize(json); }

namespace detail {

void json_type_error(const path& at, std::string_view expected, const boost::json::value& v) {
  at.fail("expected " + std::string(expected) + ", got " + std::string(kind_name(v)));
}

std::int64_t json_signed(const boost::json::value& v, const path& at, std::int64_t min,
                         std::int64_t max, std::string_view label) {
  if (const std::int64_t* i = v.if_int64()) {
    if (*i < min || *i > max) out_of_range(at, label, std::to_string(*i));
    return *i;
  }
  if (const std::uint64_t* u = v.if_uint64()) {
    if (*u > static_cast<std::uint64_t>(max)) out_of_range(at, label, std::to_string(*u));
    return static_cast<std::int64_t>(*u);
  }
  if (v.is_double()) {
    const double d = integral_double(v, at, label);
    // [-2^63, 2^63) is exactly representable at both ends as doubles.
    if (d < -9223372036854775808.0 || d >= 9223372036854775808.0) out_of_range(at, label, number_text(d));
    const auto i = static_cast<std::int64_t>(d);
    if (i < min || i > max) out_of_range(at, label, std::to_string(i));
    return i;
  }
  json_type_error(at, "integer (" + std::string(label) + ")", v);
}

std::uint64_t json_unsigned(const boost::json::value& v, const path& at, std::uint64_t max,
                            std::string_view label) {
  if (const std::int64_t* i = v.if_int64()) {
    if (*i < 0 || static_cast<std::uint64_t>(*i) > max) out_of_range(at, label, std::to_string(*i));
    return static_cast<std::uint64_t>(*i);
  }
  if (const std::uint64_t* u = v.if_uint64()) {
    if (*u > max) out_of_range(at, label, std::to_string(*u));
    return *u;
  }
  if (v.is_double()) {
    const double d = integral_double(v, at, label);
    if (d < 0 || d >= 18446744073709551616.0) out_of_range(at, label, number_text(d));
    const auto u = static_cast<std::uint64_t>(d);
    if (u > max) out_of_range(at, label, std::to_string(u));
    return u;
  }
  json_type_error(at, "integer (" + std::string(label) + ")", v);
}

double json_double(const boost::json::value& v, const path& at) {
  if (const double* d = v.if_double()) return *d;
  if (const std::int64_t* i = v.if_int64()) return static_cast<double>(*i);
  if (const std::uint64_t* u = v.if_uint64()) return static_cast<double>(*u);
  if (const boost::json::string* s = v.if_string()) {
    if (*s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (*s == "Infinity") return std::numeric_limits<double>::infinity();
    if (*s == "-Infinity") return -std::numeric_limits<double>::infinity();
    at.fail("expected number, got string \"" + std::string(s->subview(0, 40)) + "\"");
  }
  json_type_error(at, "number", v);
}

float json_float(const boost::json::value& v, const path& at) {
  const double d = json_double(v, at);
  if (!std::isfinite(d)) return static_cast<float>(d);
  // Values below FLT_MAX + half an ulp round to FLT_MAX; anything larger would overflow.
  constexpr double limit = 0x1.ffffffp127;
  constexpr double max = std::numeric_limits<float>::max();
  if (std::fabs(d) >= limit) at.fail("number out of range for float");
  return static_cast<float>(std::clamp(d, -max, max));
}

boost::json::value json_from_double(double d) {
  if (std::isnan(d)) return boost::json::value("NaN");
  if (std::isinf(d)) return boost::json::value(d > 0 ? "Infinity" : "-Infinity");
  return boost::json::value(d);
}

const boost::json::object& json_object(const boost::json::value& v, const path& at) {
  if (const boost::json::object* o = v.if_object()) return *o;
  json_type_error(at, "object", v);
}

const boost::json::array& json_array(const boost::json::value& v, const path& at, std::size_t size) {
  const boost::json::array* a = v.if_array();
  if (a == nullptr) json_type_error(at, "array", v);
  if (size != static_cast<std::size_t>(-1) && a->size() != size) {
    at.fail("expected array of " + std::to_string(size) + " elements, got " + std::to_string(a->size()));
  }
  return *a;
}

std::string_view json_string(const boost::json::value& v, const path& at) {
  if (const boost::json::string* s = v.if_string()) return {s->data(), s->size()};
  json_type_error(at, "string", v);
}

void json_null(const boost::json::value& v, const path& at) {
  if (!v.is_null()) json_type_error(at, "null", v);
}

boost::json::value json_from_string(std::string_view s) {
  return boost::json::value(boost::json::string_view(s.data(), s.size()));
}

const boost::json::value* json_find(const boost::json::object& o, std::string_view name) noexcept {
  return o.if_contains(boost::json::string_view(name.data(), name.size()));
}

}  // namespace detail
}  // namespace quark::codec
