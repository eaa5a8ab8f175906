#include <quark/postgres/result.hpp>

#include <libpq-fe.h>

#include <fmt/format.h>

#include <charconv>

namespace quark::postgres {

void result::deleter::operator()(pg_result* r) const noexcept { PQclear(r); }

int result::rows() const noexcept { return res_ ? PQntuples(res_.get()) : 0; }
int result::columns() const noexcept { return res_ ? PQnfields(res_.get()) : 0; }

std::string_view result::column_name(int col) const {
  if (col < 0 || col >= columns()) {
    throw codec_error(errc::codec, fmt::format("column {} is out of range: the result has {} columns", col, columns()));
  }
  return PQfname(res_.get(), col);
}

int result::column_index(std::string_view name) const {
  for (int c = 0; c < columns(); ++c) {
    if (name == PQfname(res_.get(), c)) return c;
  }
  throw codec_error(errc::codec, fmt::format("the result has no column named '{}'", name));
}

std::int64_t result::affected_rows() const noexcept {
  if (!res_) return 0;
  const char* tuples = PQcmdTuples(res_.get());
  std::int64_t n = 0;
  std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), n);
  return n;
}

std::string_view result::command_tag() const noexcept { return res_ ? PQcmdStatus(res_.get()) : ""; }

void result::check(int row, int col) const {
  if (row < 0 || row >= rows() || col < 0 || col >= columns()) {
    throw codec_error(errc::codec, fmt::format("cell ({}, {}) is out of range: the result has {} rows and {} columns",
                                               row, col, rows(), columns()));
  }
}

bool result::is_null(int row, int col) const {
  check(row, col);
  return PQgetisnull(res_.get(), row, col) != 0;
}

std::string_view result::text(int row, int col) const {
  if (is_null(row, col)) {
    throw codec_error(errc::codec, fmt::format("column '{}' of row {} is NULL", PQfname(res_.get(), col), row));
  }
  return {PQgetvalue(res_.get(), row, col), static_cast<std::size_t>(PQgetlength(res_.get(), row, col))};
}

void result::bad_value(int row, int col, std::string_view expected) const {
  throw codec_error(errc::codec, fmt::format("column '{}' of row {} holds '{}', not {}", PQfname(res_.get(), col), row,
                                             text(row, col).substr(0, 64), expected));
}

bool result::as_bool(int row, int col) const {
  auto t = text(row, col);
  if (t == "t" || t == "true") return true;
  if (t == "f" || t == "false") return false;
  bad_value(row, col, "a boolean");
}

std::int64_t result::as_integer(int row, int col, long double min, long double max, bool is_signed) const {
  auto t = text(row, col);
  if (is_signed) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc{} || p != t.data() + t.size() || static_cast<long double>(v) < min ||
        static_cast<long double>(v) > max) {
      bad_value(row, col, "an integer of the requested type");
    }
    return v;
  }
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || p != t.data() + t.size() || static_cast<long double>(v) > max) {
    bad_value(row, col, "an unsigned integer of the requested type");
  }
  return static_cast<std::int64_t>(v);
}

double result::as_double(int row, int col) const {
  auto t = text(row, col);
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || p != t.data() + t.size()) bad_value(row, col, "a number");
  return v;
}

namespace {
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string result::bytes(int row, int col) const {
  auto t = text(row, col);
  if (t.size() < 2 || t[0] != '\\' || t[1] != 'x' || t.size() % 2 != 0) bad_value(row, col, "bytea in hex form");
  std::string out;
  out.resize((t.size() - 2) / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = hex_digit(t[2 + 2 * i]);
    int lo = hex_digit(t[3 + 2 * i]);
    if (hi < 0 || lo < 0) bad_value(row, col, "bytea in hex form");
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace quark::postgres
