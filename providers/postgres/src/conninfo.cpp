// Rewriting a connection string so that every session uses a given search_path.

#include <quark/postgres/state_store.hpp>

#include <quark/base/error.hpp>

#include <fmt/format.h>

#include <libpq-fe.h>

#include <memory>
#include <string>

namespace quark::postgres {
namespace {

bool is_plain_identifier(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  if (!(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))) return false;
  for (char c : name) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// A key/value string value: single-quoted, with `\` and `'` escaped.
std::string quoted_value(const char* value) {
  std::string out = "'";
  for (const char* p = value; *p != '\0'; ++p) {
    if (*p == '\\' || *p == '\'') out += '\\';
    out += *p;
  }
  out += '\'';
  return out;
}

struct options_deleter {
  void operator()(PQconninfoOption* o) const noexcept { PQconninfoFree(o); }
};

}  // namespace

std::string with_search_path(const std::string& conninfo, const std::string& schema) {
  if (schema.empty()) return conninfo;
  if (!is_plain_identifier(schema)) {
    throw config_error(errc::invalid_argument,
                       fmt::format("PostgreSQL schema name '{}' must match [a-z_][a-z0-9_]* (at most 63 characters)",
                                   schema));
  }
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, options_deleter> parsed{PQconninfoParse(conninfo.c_str(), &error)};
  if (!parsed) {
    std::string message = error != nullptr ? error : "out of memory";
    if (error != nullptr) PQfreemem(error);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw config_error(errc::invalid_argument, "invalid PostgreSQL connection string: " + message);
  }
  std::string search_path = "-csearch_path=" + schema;
  std::string out;
  bool has_options = false;
  for (const PQconninfoOption* o = parsed.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    std::string value = o->val;
    if (std::string_view{o->keyword} == "options") {
      value += " " + search_path;
      has_options = true;
    }
    if (!out.empty()) out += ' ';
    out += fmt::format("{}={}", o->keyword, quoted_value(value.c_str()));
  }
  if (!has_options) out += (out.empty() ? "options=" : " options=") + quoted_value(search_path.c_str());
  return out;
}

}  // namespace quark::postgres
