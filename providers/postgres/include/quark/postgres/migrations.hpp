#pragma once
/// @file
/// Numbered schema migrations per component, applied once each, in one transaction, under a
/// PostgreSQL advisory lock, and recorded in `quark_migrations(component, version, applied_at)`.

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>
#include <quark/postgres/connection.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <quark/base/migration.hpp>

#include <string_view>
#include <vector>

namespace quark::postgres {

/// One schema step (shared with every provider: `quark::migration`).
using quark::migration;

/// Applies the steps of `component` not yet recorded, in order, and records them, all in
/// one transaction holding `pg_advisory_xact_lock`: two processes migrating at once run one
/// after the other and the second finds nothing to do. Running it again is a no-op.
/// Returns the number of steps applied. `migrations` must stay alive until it finishes.
///
/// Threading: the connection's thread, outside any open transaction.
/// @throws quark::config_error when `component` is empty or versions are not strictly
/// increasing from 1. @throws pg_error naming the component and version when a step fails
/// (nothing is applied). @throws quark::storage_error when the database records a version
/// this build does not list (written by a newer build).
///
/// @code
/// constexpr quark::postgres::migration steps[] = {{1, "CREATE TABLE jobs(id bigint PRIMARY KEY)"}};
/// co_await quark::postgres::apply_migrations(*conn, "jobs", steps, quark::deadline::after(30s));
/// @endcode
task<std::size_t> apply_migrations(connection& conn, std::string component, std::span<const migration> migrations,
                                   deadline until);

/// Versions of `component` recorded, ascending (empty when none or no table yet).
/// @throws as `connection::query`.
task<std::vector<std::int64_t>> applied_migrations(connection& conn, std::string component, deadline until);

}  // namespace quark::postgres
