#include <quark/postgres/params.hpp>

#include <fmt/format.h>

#include <utility>

namespace quark::postgres {

params& params::add(std::nullopt_t) {
  values_.emplace_back(std::nullopt);
  lengths_.push_back(0);
  formats_.push_back(0);
  return *this;
}

params& params::add(bool value) { return add_text(value ? "true" : "false"); }

params& params::add(double value) { return add_text(fmt::format("{}", value)); }

params& params::add(bytea_view value) {
  values_.emplace_back(std::string{value.data});
  lengths_.push_back(static_cast<int>(value.data.size()));
  formats_.push_back(1);
  return *this;
}

params& params::add_text(std::string value) {
  lengths_.push_back(static_cast<int>(value.size()));
  values_.emplace_back(std::move(value));
  formats_.push_back(0);
  return *this;
}

std::vector<const char*> params::value_pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

}  // namespace quark::postgres
