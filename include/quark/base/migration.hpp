#pragma once
/// @file
/// `quark::migration`: one numbered schema step of a storage component, and the planning
/// rules every provider's migration runner shares (SQLite, PostgreSQL).

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace quark {

/// One schema step: `sql` (one or more statements, no `BEGIN`/`COMMIT`) brings a component
/// from `version - 1` to `version`. Versions start at 1; a released step never changes.
struct migration {
  std::int64_t version;
  std::string_view sql;
};

/// @throws quark::config_error (errc::invalid_argument) when `component` is empty or the
/// versions of `steps` are not strictly increasing from 1.
void validate_migrations(std::string_view component, std::span<const migration> steps);

/// The steps of `component` not in `recorded` (the versions a store already applied, sorted),
/// in order.
/// @throws quark::storage_error naming the component and `where` when `recorded` holds a
/// version `steps` does not list (the store was written by a newer build).
std::vector<migration> pending_migrations(std::string_view component, std::span<const migration> steps,
                                          std::span<const std::int64_t> recorded, std::string_view where);

}  // namespace quark
