#pragma once
// Private: the event store's schema and statements (names and SQL of the prepared statements).

#include <quark/postgres/migrations.hpp>

#include <string_view>

namespace quark::postgres::event_sql {

/// A statement prepared once per connection under `name`.
struct statement_def {
  const char* name;
  std::string_view sql;
};

/// Constraint names the append maps SQLSTATE 23505 by.
inline constexpr std::string_view version_key = "quark_events_stream_version";
inline constexpr std::string_view id_key = "quark_events_id";
inline constexpr std::string_view tombstone_key = "quark_events_tombstone";

// `sequence` orders events within a transaction, `commit` (the writer's transaction id)
// orders transactions: read_all walks (commit, sequence) below the oldest running xid.
// `stream` sorts bytewise (COLLATE "C"), as list_streams pages by it. At most one tombstone
// per stream (a partial unique index, which also makes "is it deleted?" one tiny probe).
inline constexpr migration steps[] = {
    {1,
     "CREATE TABLE quark_events("
     "sequence bigint GENERATED ALWAYS AS IDENTITY, "
     "commit xid8 NOT NULL DEFAULT pg_current_xact_id(), "
     "stream text COLLATE \"C\" NOT NULL CHECK (octet_length(stream) BETWEEN 1 AND 200), "
     "version bigint NOT NULL CHECK (version > 0), "
     "id uuid NOT NULL, "
     "type text NOT NULL, "
     "schema_version integer NOT NULL DEFAULT 1, "
     "payload jsonb NOT NULL, "
     "metadata jsonb NOT NULL DEFAULT '{}', "
     "recorded timestamptz NOT NULL DEFAULT now(), "
     "CONSTRAINT quark_events_id PRIMARY KEY (id), "
     "CONSTRAINT quark_events_stream_version UNIQUE (stream, version));\n"
     "CREATE INDEX quark_events_position ON quark_events (commit, sequence);\n"
     "CREATE UNIQUE INDEX quark_events_tombstone ON quark_events (stream) WHERE type = '$stream.deleted';\n"
     "CREATE TABLE quark_snapshots("
     "stream text COLLATE \"C\" PRIMARY KEY, version bigint NOT NULL, schema text NOT NULL, "
     "state text NOT NULL, saved_at timestamptz NOT NULL DEFAULT now());\n"
     "CREATE TABLE quark_checkpoints("
     "name text PRIMARY KEY, commit numeric(20, 0) NOT NULL, sequence numeric(20, 0) NOT NULL, "
     "saved_at timestamptz NOT NULL DEFAULT now())"},
};

// $1 stream, $2 kind (0 any, 1 no stream, 2 stream exists, 3 exact), $3 expected version,
// $4..$8 the batch as arrays. Reads the last event (version, tombstone?), checks, inserts:
// the INSERT is the transaction's first write, so its xid is taken after it saw the
// stream's previous version committed. Returns the inserted rows (version, commit,
// sequence), or, when nothing was inserted, one row (current version, NULL, NULL, deleted).
inline constexpr statement_def append{
    "quark_events_append",
    "WITH last AS (SELECT version, type FROM quark_events WHERE stream = $1 ORDER BY version DESC LIMIT 1), "
    "cur AS (SELECT coalesce((SELECT version FROM last), 0) AS v, "
    "coalesce((SELECT type = '$stream.deleted' FROM last), false) AS deleted), "
    "ins AS (INSERT INTO quark_events(stream, version, id, type, schema_version, payload, metadata) "
    "SELECT $1, cur.v + e.ord, e.id, e.type, e.schema_version, e.payload::jsonb, e.metadata::jsonb "
    "FROM cur, unnest($4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[]) WITH ORDINALITY "
    "AS e(id, type, schema_version, payload, metadata, ord) "
    "WHERE NOT cur.deleted AND CASE $2::int WHEN 0 THEN true WHEN 1 THEN cur.v = 0 WHEN 2 THEN cur.v > 0 "
    "ELSE cur.v = $3::bigint END "
    "RETURNING version, commit, sequence) "
    "SELECT version, commit, sequence, false FROM ins "
    "UNION ALL SELECT v, NULL, NULL, deleted FROM cur WHERE NOT EXISTS (SELECT 1 FROM ins) "
    "ORDER BY 1"};

// The common case on its own: one event, exact expected version ($2; 0 = no stream). No
// arrays and one index probe: the stream is empty ($2 = 0), or its event $2 exists and is
// not a tombstone (a tombstone is always a stream's last event, and truncation keeps the last
// event). A stream that moved past $2 already holds version $2 + 1: the unique key refuses
// the row (23505), never a read-then-write. Returns the inserted row, or no row when refused.
// $3 id, $4 type, $5 schema version, $6 payload, $7 metadata.
inline constexpr statement_def append_one{
    "quark_events_append_one",
    "INSERT INTO quark_events(stream, version, id, type, schema_version, payload, metadata) "
    "SELECT $1, $2::bigint + 1, $3::uuid, $4, $5::int, $6::jsonb, $7::jsonb "
    "WHERE CASE WHEN $2::bigint = 0 THEN NOT EXISTS (SELECT 1 FROM quark_events WHERE stream = $1) "
    "ELSE EXISTS (SELECT 1 FROM quark_events WHERE stream = $1 AND version = $2::bigint "
    "AND type <> '$stream.deleted') END "
    "RETURNING version, commit, sequence"};

// After an append inserted nothing: where the batch's ids are stored ($2), and the stream's
// last event ($1): kind 0 = an id, kind 1 = the last event (its type in column 2).
inline constexpr statement_def inspect{
    "quark_events_inspect",
    "SELECT 0, id::text, stream, version, commit, sequence FROM quark_events WHERE id = ANY($2::uuid[]) "
    "UNION ALL (SELECT 1, type, stream, version, commit, sequence FROM quark_events WHERE stream = $1 "
    "ORDER BY version DESC LIMIT 1)"};

#define QUARK_PG_EVENT_COLUMNS                                                                        \
  "id, stream, version, commit, sequence, type, schema_version, payload::text, metadata::text, " \
  "floor(extract(epoch FROM recorded) * 1000000)::bigint"
#define QUARK_PG_NOT_DELETED \
  "NOT EXISTS (SELECT 1 FROM quark_events t WHERE t.stream = $1 AND t.type = '$stream.deleted') "

inline constexpr statement_def read_forward{
    "quark_events_read",
    "SELECT " QUARK_PG_EVENT_COLUMNS " FROM quark_events WHERE stream = $1 AND version >= $2::bigint AND "
    QUARK_PG_NOT_DELETED "ORDER BY version LIMIT $3::bigint"};

inline constexpr statement_def read_backward{
    "quark_events_read_backward",
    "SELECT " QUARK_PG_EVENT_COLUMNS " FROM quark_events WHERE stream = $1 AND version <= $2::bigint AND "
    QUARK_PG_NOT_DELETED "ORDER BY version DESC LIMIT $3::bigint"};

// Column 0: the watermark (oldest running xid of this statement's snapshot); column 1: the
// newest visible commit (NULL when empty); then the page, (commit, sequence) > ($1, $2) and
// commit below the watermark. At least one row (NULL event columns when the page is empty).
inline constexpr statement_def read_all{
    "quark_events_read_all",
    "WITH w AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin, "
    "(SELECT commit FROM quark_events ORDER BY commit DESC, sequence DESC LIMIT 1) AS newest) "
    "SELECT w.xmin, w.newest, p.* FROM w LEFT JOIN LATERAL (SELECT " QUARK_PG_EVENT_COLUMNS
    " FROM quark_events WHERE (commit, sequence) > ($1::xid8, $2::bigint) AND commit < w.xmin "
    "ORDER BY commit, sequence LIMIT $3::bigint) p ON true ORDER BY p.commit, p.sequence"};

#undef QUARK_PG_EVENT_COLUMNS
#undef QUARK_PG_NOT_DELETED

inline constexpr statement_def stream_info{
    "quark_events_stream",
    "SELECT (SELECT version FROM quark_events WHERE stream = $1 ORDER BY version DESC LIMIT 1), "
    "(SELECT version FROM quark_events WHERE stream = $1 ORDER BY version LIMIT 1), "
    "EXISTS (SELECT 1 FROM quark_events WHERE stream = $1 AND type = '$stream.deleted')"};

// A loose index scan over (stream, version): one probe per distinct stream.
inline constexpr statement_def list_streams{
    "quark_events_list_streams",
    "WITH RECURSIVE names(stream) AS ("
    "(SELECT stream FROM quark_events WHERE stream > $1 ORDER BY stream LIMIT 1) "
    "UNION ALL SELECT (SELECT e.stream FROM quark_events e WHERE e.stream > n.stream ORDER BY e.stream LIMIT 1) "
    "FROM names n WHERE n.stream IS NOT NULL) "
    "SELECT n.stream, "
    "(SELECT version FROM quark_events e WHERE e.stream = n.stream ORDER BY version DESC LIMIT 1), "
    "(SELECT version FROM quark_events e WHERE e.stream = n.stream ORDER BY version LIMIT 1), "
    "EXISTS (SELECT 1 FROM quark_events e WHERE e.stream = n.stream AND e.type = '$stream.deleted') "
    "FROM names n WHERE n.stream IS NOT NULL LIMIT $2::bigint"};

inline constexpr statement_def truncate{
    "quark_events_truncate",
    "DELETE FROM quark_events WHERE stream = $1 AND version < LEAST($2::bigint, "
    "(SELECT max(version) FROM quark_events WHERE stream = $1))"};

inline constexpr statement_def save_snapshot{
    "quark_snapshots_save",
    "INSERT INTO quark_snapshots(stream, version, schema, state) VALUES ($1, $2::bigint, $3, $4) "
    "ON CONFLICT (stream) DO UPDATE SET version = EXCLUDED.version, schema = EXCLUDED.schema, "
    "state = EXCLUDED.state, saved_at = now() WHERE quark_snapshots.version < EXCLUDED.version"};

inline constexpr statement_def load_snapshot{
    "quark_snapshots_load", "SELECT version, schema, state FROM quark_snapshots WHERE stream = $1"};

inline constexpr statement_def save_checkpoint{
    "quark_checkpoints_save",
    "INSERT INTO quark_checkpoints(name, commit, sequence) VALUES ($1, $2::numeric, $3::numeric) "
    "ON CONFLICT (name) DO UPDATE SET commit = EXCLUDED.commit, sequence = EXCLUDED.sequence, saved_at = now()"};

inline constexpr statement_def load_checkpoint{
    "quark_checkpoints_load", "SELECT commit, sequence FROM quark_checkpoints WHERE name = $1"};

// A wake-up needs no durability: this transaction alone commits without waiting for the WAL
// flush (set_config(..., true) is local to it), so it adds no fsync to the appends'.
inline constexpr statement_def notify{
    "quark_events_notify", "SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')"};

}  // namespace quark::postgres::event_sql
