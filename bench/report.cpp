// quark_bench_report <jsonl-file>: prints the figures written by quark::bench::record as
// an aligned table: figure | value | unit | target | peer | ratio.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

struct figure {
  std::string name;
  double value = 0;
  std::string unit, target, peer;
};

std::string text(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

/// 1234567.8 -> "1,234,568"; 12.345 -> "12.35"; keeps a sign.
std::string format_value(double v) {
  if (!std::isfinite(v)) return std::to_string(v);
  if (std::fabs(v) < 1000) {
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.2f", v);
    return buf.data();
  }
  auto digits = std::to_string(static_cast<long long>(std::llround(std::fabs(v))));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::vector<figure> read_figures(std::istream& in, const std::string& path) {
  std::vector<figure> out;
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    const auto* o = ec ? nullptr : v.if_object();
    const auto* value = o == nullptr ? nullptr : o->if_contains("value");
    if (value == nullptr || !value->is_number()) {
      std::cerr << path << ":" << line_no << ": not a figure, skipped\n";
      continue;
    }
    out.push_back({text(*o, "name"), value->to_number<double>(), text(*o, "unit"),
                   text(*o, "target"), text(*o, "peer")});
  }
  return out;
}

using row = std::array<std::string, 6>;

/// Terminal columns of UTF-8 text (code points; targets may say "≥ 1M").
std::size_t columns(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::vector<row> make_rows(const std::vector<figure>& figures) {
  std::map<std::string, double> by_name;  // the last figure of a name wins
  for (const auto& f : figures) by_name[f.name] = f.value;

  std::vector<row> rows{{"figure", "value", "unit", "target", "peer", "ratio"}};
  for (const auto& f : figures) {
    std::string peer = "-", ratio = "-";
    if (!f.peer.empty()) {
      auto it = by_name.find(f.peer);
      if (it == by_name.end()) {
        peer = f.peer + " (missing)";
      } else {
        peer = f.peer + " = " + format_value(it->second);
        if (it->second != 0) {
          std::array<char, 32> buf{};
          std::snprintf(buf.data(), buf.size(), "%.2fx", f.value / it->second);
          ratio = buf.data();
        }
      }
    }
    rows.push_back({f.name, format_value(f.value), f.unit.empty() ? "-" : f.unit,
                    f.target.empty() ? "-" : f.target, peer, ratio});
  }
  return rows;
}

void print(const std::vector<row>& rows) {
  std::array<std::size_t, 6> width{};
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], columns(r[c]));
  const std::array<bool, 6> right{false, true, false, false, false, true};

  auto print_row = [&](const row& r) {
    std::string line;
    for (std::size_t c = 0; c < r.size(); ++c) {
      const std::string pad(width[c] - columns(r[c]), ' ');
      line += right[c] ? pad + r[c] : r[c] + pad;
      if (c + 1 < r.size()) line += " | ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << '\n';
  };
  print_row(rows.front());
  std::string rule;
  for (std::size_t c = 0; c < width.size(); ++c)
    rule += std::string(width[c], '-') + (c + 1 < width.size() ? "-+-" : "");
  std::cout << rule << '\n';
  for (std::size_t i = 1; i < rows.size(); ++i) print_row(rows[i]);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: quark_bench_report <figures.jsonl>\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "quark_bench_report: cannot open " << argv[1] << '\n';
    return 1;
  }
  const auto figures = read_figures(in, argv[1]);
  if (figures.empty()) {
    std::cerr << "quark_bench_report: no figures in " << argv[1] << '\n';
    return 1;
  }
  print(make_rows(figures));
  return 0;
}
