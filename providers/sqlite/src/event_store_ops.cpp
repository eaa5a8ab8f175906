// The SQLite event store's operations. Writes take the write lock first (BEGIN IMMEDIATE)
// and then read the stream's head, so no other writer (thread, database, process) can move
// the stream between the check and the insert; the unique keys back that up.

#include "event_store_ops.hpp"

#include "event_rows.hpp"

#include <quark/sqlite/error.hpp>
#include <quark/sqlite/transaction.hpp>

#include <utility>

namespace quark::sqlite::event_ops {
namespace {

using event_rows::clamp;

constexpr std::string_view lookup_id_sql = "SELECT stream, version, position FROM quark_events WHERE id = ?1";

// Where an event id is stored.
struct stored_at {
  std::string stream;
  stream_version version = 0;
  std::uint64_t position = 0;
};

std::optional<stored_at> lookup(statement& st, const uuid& id) {
  st.reset();
  st.bind(1, id.to_string());
  if (!st.step()) return std::nullopt;
  return stored_at{st.column<std::string>(0), st.column<stream_version>(1), st.column<std::uint64_t>(2)};
}

// The result of an earlier append of exactly this batch, if its ids are stored; throws if
// some of them are stored but not as this batch of this stream (as the memory store).
std::optional<append_result> find_original(connection& c, const std::string& stream,
                                           const std::vector<event_data>& events) {
  auto st = c.prepare(lookup_id_sql);
  const std::optional<stored_at> first = lookup(st, events.front().id);
  if (!first) {
    for (const event_data& e : events) {
      if (lookup(st, e.id)) event_errors::throw_ids_elsewhere(stream, "event " + e.id.to_string());
    }
    return std::nullopt;
  }
  append_result original;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::optional<stored_at> at = i == 0 ? first : lookup(st, events[i].id);
    if (!at || at->stream != stream || at->version != first->version + i) {
      event_errors::throw_ids_elsewhere(stream, "event " + events[i].id.to_string());
    }
    original.positions.push_back(event_position{at->position, at->position});
    original.version = at->version;
  }
  return original;
}

// Inserts `events` after version `current`; inside the caller's transaction.
append_result insert_events(connection& c, const std::string& stream, stream_version current,
                            const std::vector<event_data>& events) {
  append_result result;
  result.positions.reserve(events.size());
  const std::int64_t now = event_rows::now_micros();
  auto st = c.prepare(event_rows::insert_sql);
  for (const event_data& e : events) {
    const stream_version version = ++current;
    st.bind_all(e.id.to_string(), stream, version, e.type, e.schema_version, e.payload, e.metadata.correlation_id,
                e.metadata.causation_id, event_rows::encode_metadata(e.metadata), now);
    st.execute();
    st.reset();
    const auto position = static_cast<std::uint64_t>(c.last_insert_rowid());
    result.positions.push_back(event_position{position, position});
    result.version = version;
  }
  return result;
}

std::vector<stream_info> stream_infos(statement& st) {
  std::vector<stream_info> out;
  while (st.step()) {
    out.push_back(stream_info{st.column<std::string>(0), st.column<stream_version>(2), st.column<stream_version>(1),
                              st.column_text(3) == tombstone_type});
  }
  return out;
}

}  // namespace

append_result append(connection& c, const std::string& stream, const std::vector<event_data>& events,
                     expected_version expected) {
  {
    transaction tx{c};
    const event_rows::stream_head head = event_rows::read_head(c, stream);
    if (head.deleted || !expected.matches(head.version)) {
      // A retried append arrives with an expectation the first attempt made stale.
      if (auto original = find_original(c, stream, events)) return std::move(*original);
      if (head.deleted) event_errors::throw_deleted(stream);
      throw concurrency_error(stream, expected, head.version);
    }
    try {
      append_result result = insert_events(c, stream, head.version, events);
      tx.commit();
      return result;
    } catch (const sqlite_error& e) {
      if (!e.is_constraint_violation()) throw;
    }
  }  // rolled back
  // A unique key fired: an id is stored (a retry with `any`, or ids used elsewhere), or the
  // (stream, version) key caught a writer the lock did not keep out.
  transaction tx{c};
  if (auto original = find_original(c, stream, events)) return std::move(*original);
  throw concurrency_error(stream, expected, event_rows::read_head(c, stream).version);
}

stream_version delete_stream(connection& c, const std::string& stream, expected_version expected) {
  transaction tx{c};
  const event_rows::stream_head head = event_rows::read_head(c, stream);
  if (head.deleted) event_errors::throw_deleted(stream);
  if (!expected.matches(head.version)) throw concurrency_error(stream, expected, head.version);
  std::vector<event_data> tombstone(1);
  tombstone[0].id = uuid::generate();
  tombstone[0].type = std::string(tombstone_type);
  tombstone[0].payload = "{}";
  const append_result result = insert_events(c, stream, head.version, tombstone);
  tx.commit();
  return result.version;
}

void truncate_before(connection& c, const std::string& stream, stream_version before) {
  // One statement: atomic without an explicit transaction. A missing stream's max is NULL,
  // so nothing matches.
  c.prepare(
       "DELETE FROM quark_events WHERE stream = ?1 AND "
       "version < min(?2, (SELECT max(version) FROM quark_events WHERE stream = ?1))")
      .bind_all(stream, clamp(before))
      .execute();
}

std::vector<recorded_event> read(connection& c, const std::string& stream, stream_version from, std::size_t max) {
  // One statement, one snapshot: the tombstone check and the rows cannot disagree.
  auto st = c.prepare("SELECT " QUARK_SQLITE_EVENT_COLUMNS
                      " FROM quark_events WHERE stream = ?1 AND version >= ?2 AND "
                      "(SELECT type FROM quark_events WHERE stream = ?1 ORDER BY version DESC LIMIT 1) IS NOT ?4 "
                      "ORDER BY version LIMIT ?3");
  st.bind_all(stream, clamp(from), clamp(max), tombstone_type);
  return event_rows::decode_all(st, c);
}

std::vector<recorded_event> read_backward(connection& c, const std::string& stream, stream_version from,
                                          std::size_t max) {
  auto st = c.prepare("SELECT " QUARK_SQLITE_EVENT_COLUMNS
                      " FROM quark_events WHERE stream = ?1 AND version <= ?2 AND "
                      "(SELECT type FROM quark_events WHERE stream = ?1 ORDER BY version DESC LIMIT 1) IS NOT ?4 "
                      "ORDER BY version DESC LIMIT ?3");
  st.bind_all(stream, clamp(from), clamp(max), tombstone_type);
  return event_rows::decode_all(st, c);
}

std::vector<recorded_event> read_all(connection& c, event_position after, std::size_t max) {
  // Every row's position is (p, p); (p, p) > (commit, sequence) iff p > commit, or p == commit
  // and commit > sequence.
  const std::uint64_t bound = after.commit > after.sequence ? after.commit - 1 : after.commit;
  auto st = c.prepare("SELECT " QUARK_SQLITE_EVENT_COLUMNS
                      " FROM quark_events WHERE position > ?1 ORDER BY position LIMIT ?2");
  st.bind_all(clamp(bound), clamp(max));
  return event_rows::decode_all(st, c);
}

std::optional<stream_info> stream(connection& c, const std::string& stream) {
  auto st = c.prepare(
      "SELECT ?1, g.lo, g.hi, (SELECT type FROM quark_events WHERE stream = ?1 AND version = g.hi) "
      "FROM (SELECT min(version) AS lo, max(version) AS hi FROM quark_events WHERE stream = ?1) g "
      "WHERE g.hi IS NOT NULL");
  st.bind(1, stream);
  auto found = stream_infos(st);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<stream_info> list_streams(connection& c, const std::string& after, std::size_t max) {
  auto st = c.prepare(
      "SELECT g.stream, g.lo, g.hi, "
      "(SELECT e.type FROM quark_events e WHERE e.stream = g.stream AND e.version = g.hi) "
      "FROM (SELECT stream, min(version) AS lo, max(version) AS hi FROM quark_events WHERE stream > ?1 "
      "GROUP BY stream ORDER BY stream LIMIT ?2) g ORDER BY g.stream");
  st.bind_all(after, clamp(max));
  return stream_infos(st);
}

void save_snapshot(connection& c, const std::string& stream, const snapshot& s) {
  // One statement: a late writer's older snapshot never replaces a newer one.
  c.prepare(
       "INSERT INTO quark_snapshots(stream, version, schema, state, saved_at) VALUES (?1, ?2, ?3, ?4, ?5) "
       "ON CONFLICT (stream) DO UPDATE SET version = excluded.version, schema = excluded.schema, "
       "state = excluded.state, saved_at = excluded.saved_at WHERE excluded.version > quark_snapshots.version")
      .bind_all(stream, s.version, s.schema, s.state, event_rows::now_micros())
      .execute();
}

std::optional<snapshot> load_snapshot(connection& c, const std::string& stream) {
  auto st = c.prepare("SELECT version, schema, state FROM quark_snapshots WHERE stream = ?1");
  st.bind(1, stream);
  if (!st.step()) return std::nullopt;
  return snapshot{st.column<stream_version>(0), st.column<std::string>(1), st.column<std::string>(2)};
}

void save_checkpoint(connection& c, const std::string& name, event_position position) {
  c.prepare(
       "INSERT INTO quark_checkpoints(name, commit_position, sequence, saved_at) VALUES (?1, ?2, ?3, ?4) "
       "ON CONFLICT (name) DO UPDATE SET commit_position = excluded.commit_position, "
       "sequence = excluded.sequence, saved_at = excluded.saved_at")
      .bind_all(name, position.commit, position.sequence, event_rows::now_micros())
      .execute();
}

std::optional<event_position> load_checkpoint(connection& c, const std::string& name) {
  auto st = c.prepare("SELECT commit_position, sequence FROM quark_checkpoints WHERE name = ?1");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return event_position{st.column<std::uint64_t>(0), st.column<std::uint64_t>(1)};
}

}  // namespace quark::sqlite::event_ops
