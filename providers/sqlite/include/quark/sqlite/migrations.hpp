#pragma once
/// @file
/// Numbered schema migrations per component ("state_store", "event_store", ...), applied
/// once each and recorded in `quark_migrations(component, version, applied_at)`.

#include <quark/sqlite/connection.hpp>

#include <cstddef>
#include <cstdint>
#include <quark/base/migration.hpp>

#include <span>
#include <string_view>
#include <vector>

namespace quark::sqlite {

/// One schema step (shared with every provider: `quark::migration`).
using quark::migration;

/// Applies the steps of `component` not yet recorded, in order, and records them; all in
/// one `BEGIN IMMEDIATE` transaction, so either every pending step lands or none does.
/// Running it again is a no-op. Returns the number of steps applied.
///
/// Threading: the connection's thread (inside `database::run` / `run_blocking`), outside
/// any open transaction.
///
/// @throws quark::config_error when `component` is empty or versions are not strictly
/// increasing from 1. @throws sqlite_error naming the component and version when a step
/// fails (nothing is applied). @throws quark::storage_error when the file records a version
/// of `component` that `migrations` does not list (written by a newer build).
///
/// @code
/// constexpr quark::sqlite::migration steps[] = {{1, "CREATE TABLE jobs(...)"}};
/// co_await db->run(until, [](quark::sqlite::connection& c) { apply_migrations(c, "jobs", steps); });
/// @endcode
std::size_t apply_migrations(connection& conn, std::string_view component, std::span<const migration> migrations);

/// Versions of `component` recorded in the file, ascending (empty when none or no table).
/// Threading: the connection's thread.
/// @throws sqlite_error on a read failure.
std::vector<std::int64_t> applied_migrations(connection& conn, std::string_view component);

}  // namespace quark::sqlite
