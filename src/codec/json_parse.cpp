// parse_json: Boost.JSON's parser with one change. Boost 1.81 converts decimal text to
// double inexactly (about 3 in 10 random doubles come back 1 ulp off), so doubles are
// re-converted from their text with std::from_chars, which rounds correctly; JSON written by
// to_json (shortest round-trip form) therefore decodes to the exact same double.
#include <quark/codec/json.hpp>

#include <quark/base/error.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <charconv>
#include <system_error>

namespace quark::codec {

namespace {

using boost::json::string_view;
using error_code = boost::system::error_code;

/// Builds a boost::json::value like boost::json::parser's handler, except for on_double.
struct exact_handler {
  static constexpr std::size_t max_object_size = boost::json::object::max_size();
  static constexpr std::size_t max_array_size = boost::json::array::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();

  boost::json::value_stack st;

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) { return true; }
  bool on_object_end(std::size_t n, error_code&) {
    st.push_object(n);
    return true;
  }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t n, error_code&) {
    st.push_array(n);
    return true;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) {
    st.push_chars(s);
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code&) {
    st.push_key(s);
    return true;
  }
  bool on_string_part(string_view s, std::size_t, error_code&) {
    st.push_chars(s);
    return true;
  }
  bool on_string(string_view s, std::size_t, error_code&) {
    st.push_string(s);
    return true;
  }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, string_view, error_code&) {
    st.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, string_view, error_code&) {
    st.push_uint64(u);
    return true;
  }
  bool on_double(double d, string_view text, error_code&) {
    // The whole input is written at once, so `text` is the number's complete text.
    double exact = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), exact);
    st.push_double(ec == std::errc{} && end == text.data() + text.size() ? exact : d);
    return true;
  }
  bool on_bool(bool b, error_code&) {
    st.push_bool(b);
    return true;
  }
  bool on_null(error_code&) {
    st.push_null();
    return true;
  }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

}  // namespace

boost::json::value parse_json(std::string_view text) { return parse_json(text, {}); }

boost::json::value parse_json(std::string_view text, boost::json::storage_ptr storage) {
  // One parser per thread, reset for each text: its work stack is allocated once, not per
  // parse (a replay decodes hundreds of thousands of small payloads).
  thread_local boost::json::basic_parser<exact_handler> p{[] {
    boost::json::parse_options opts;
    opts.max_depth = path::max_depth + 2;
    return opts;
  }()};
  p.reset();
  p.handler().st.reset(std::move(storage));
  // Whatever happens, the stack lets go of `storage` before returning: a caller's resource
  // may die with the caller, and a failed parse leaves partial values allocated from it.
  struct release_storage {
    boost::json::value_stack& st;
    ~release_storage() { st.reset(); }
  } const guard{p.handler().st};
  error_code ec;
  const std::size_t used = p.write_some(false, text.data(), text.size(), ec);
  if (!ec && used < text.size()) ec = boost::json::error::extra_data;
  if (!ec && !p.done()) ec = boost::json::error::incomplete;
  if (ec) {
    throw codec_error(errc::codec,
                      "malformed JSON at offset " + std::to_string(used) + ": " + ec.message(), "$");
  }
  return p.handler().st.release();
}

}  // namespace quark::codec
