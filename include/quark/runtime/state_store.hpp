#pragma once
/// @file
/// `quark::state_store`: where `stateful_actor` state lives. Implementations: memory
/// (tests), SQLite (`quark::sqlite`), PostgreSQL (`quark::postgres`). Every implementation
/// runs the typed conformance suite in `quark/testing/state_store_conformance.hpp`.

#include <quark/async/task.hpp>
#include <quark/base/deadline.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace quark {

/// Optimistic-concurrency version of a stored state ("etag"). 0 means "no state stored".
using state_version = std::uint64_t;

/// One stored state: the encoded bytes and the version they were written at.
struct stored_state {
  std::string data;
  state_version version = 0;
};

/// Storage of actor state by `(type name, key)`, with optimistic versions.
///
/// Versions: a first write must pass `expected == 0` and stores version 1; every later
/// write must pass the version it read and stores `expected + 1`. A write or clear whose
/// `expected` differs from the stored version throws `quark::version_conflict` naming the
/// type, key, expected and actual versions; nothing is written. After `clear` the stored
/// version is 0 again.
///
/// Threading: methods are called from shard threads; an implementation must never block
/// the calling thread (run blocking work on its own executor with `quark::run_on`) and must
/// allow concurrent calls. Every operation fails with `quark::timeout_error` once `until`
/// has passed before it could run, and with `quark::storage_error` on an I/O failure.
class state_store {
 public:
  virtual ~state_store() = default;

  /// The stored state, or nullopt when none is stored.
  virtual task<std::optional<stored_state>> read(std::string type, std::string key, deadline until) = 0;

  /// Stores `data` if the stored version equals `expected`; returns the new version.
  /// @throws quark::version_conflict when the stored version differs from `expected`.
  virtual task<state_version> write(std::string type, std::string key, std::string data,
                                    state_version expected, deadline until) = 0;

  /// Deletes the state if the stored version equals `expected` (a no-op when both are 0).
  /// @throws quark::version_conflict when the stored version differs from `expected`.
  virtual task<void> clear(std::string type, std::string key, state_version expected, deadline until) = 0;
};

/// Error wording shared by every `state_store` implementation, so that a conflict or a
/// timeout reads the same on memory, SQLite and PostgreSQL.
namespace state_errors {
/// `"type/key"`: the error context of a state.
[[nodiscard]] std::string context(std::string_view type, std::string_view key);
/// @throws quark::version_conflict naming type, key, expected and actual versions.
[[noreturn]] void throw_conflict(std::string_view type, std::string_view key, state_version expected,
                                 state_version actual);
/// @throws quark::timeout_error when `until` has passed (before `operation` could run).
void check_deadline(const deadline& until, std::string_view operation, std::string_view type, std::string_view key);
}  // namespace state_errors

/// An in-memory `state_store` (thread-safe, no I/O) for unit tests and examples.
std::shared_ptr<state_store> make_memory_state_store();

}  // namespace quark
