#include <quark/postgres/error.hpp>

#include <utility>

namespace quark::postgres {

pg_error::pg_error(std::string sqlstate, std::string message, std::string context)
    : storage_error(errc::storage, std::move(message), std::move(context)), sqlstate_(std::move(sqlstate)) {}

unique_violation::unique_violation(std::string message, std::string context, std::string constraint)
    : pg_error("23505", std::move(message), std::move(context)), constraint_(std::move(constraint)) {}

void throw_pg_error(std::string_view sqlstate, std::string message, std::string context, std::string constraint) {
  std::string state{sqlstate};
  if (sqlstate == "23505") throw unique_violation(std::move(message), std::move(context), std::move(constraint));
  if (sqlstate == "40001") throw serialization_failure(std::move(state), std::move(message), std::move(context));
  if (sqlstate.starts_with("28")) throw auth_error(std::move(state), std::move(message), std::move(context));
  if (sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03") {
    throw connection_error(std::move(state), std::move(message), std::move(context));
  }
  throw pg_error(std::move(state), std::move(message), std::move(context));
}

}  // namespace quark::postgres
