#include <quark/redis/reply.hpp>

#include <quark/base/error.hpp>

#include <fmt/format.h>

namespace quark::redis {

std::string_view to_string(reply_type t) noexcept {
  switch (t) {
    case reply_type::nil: return "nil";
    case reply_type::integer: return "integer";
    case reply_type::string: return "string";
    case reply_type::status: return "status";
    case reply_type::error: return "error";
    case reply_type::array: return "array";
  }
  return "unknown";
}

reply reply::integer(std::int64_t v) {
  reply r;
  r.type_ = reply_type::integer;
  r.integer_ = v;
  return r;
}

reply reply::string(std::string v) {
  reply r;
  r.type_ = reply_type::string;
  r.text_ = std::move(v);
  return r;
}

reply reply::status(std::string v) {
  reply r = string(std::move(v));
  r.type_ = reply_type::status;
  return r;
}

reply reply::error(std::string message) {
  reply r = string(std::move(message));
  r.type_ = reply_type::error;
  return r;
}

reply reply::array(std::vector<reply> elements) {
  reply r;
  r.type_ = reply_type::array;
  r.elements_ = std::move(elements);
  return r;
}

void reply::wrong_type(std::string_view wanted) const {
  throw codec_error(errc::codec, fmt::format("redis reply is {}, not {}", describe(), wanted), "redis reply");
}

std::int64_t reply::as_integer() const {
  if (type_ != reply_type::integer) wrong_type("an integer");
  return integer_;
}

const std::string& reply::as_string() const {
  if (type_ != reply_type::string && type_ != reply_type::status && type_ != reply_type::error) wrong_type("a string");
  return text_;
}

std::optional<std::string> reply::optional_string() const {
  if (type_ == reply_type::nil) return std::nullopt;
  if (type_ != reply_type::string && type_ != reply_type::status) wrong_type("a string or nil");
  return text_;
}

const std::vector<reply>& reply::elements() const {
  if (type_ != reply_type::array) wrong_type("an array");
  return elements_;
}

const reply& reply::operator[](std::size_t i) const {
  const auto& e = elements();
  if (i >= e.size()) {
    throw codec_error(errc::codec, fmt::format("redis array has {} elements, no index {}", e.size(), i), "redis reply");
  }
  return e[i];
}

std::string reply::describe() const {
  constexpr std::size_t shown = 64;
  switch (type_) {
    case reply_type::nil: return "nil";
    case reply_type::integer: return fmt::format("integer {}", integer_);
    case reply_type::array: return fmt::format("array[{}]", elements_.size());
    default: {
      std::string_view t = text_;
      return fmt::format("{} \"{}{}\"", to_string(type_), t.substr(0, shown), t.size() > shown ? "..." : "");
    }
  }
}

}  // namespace quark::redis
