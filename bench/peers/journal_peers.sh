#!/usr/bin/env bash
# The pgbench peers of quark_bench_journal_pg: the same SQL the PostgreSQL event store runs,
# prepared (-M prepared), on the same table (schema quark_bench_journal, created and seeded by
# quark_bench_journal_pg, which scripts/bench runs first in each round), against the server
# of the current `scripts/services run` (QUARK_PG_URL). Appends its figures as JSON lines
# ({"name","value","unit","target","peer"}) to $QUARK_BENCH_OUT (stdout when unset).
#
# Sessions run with synchronous_commit=on, as the event store's: every commit waits for its
# WAL flush.
#
#   pgbench.journal.insert.p50_us / p99_us   pgbench -c 1 -t 2000: one single-row INSERT INTO
#                                            quark_events per transaction (the client's own
#                                            stream, the next version, gen_random_uuid()),
#                                            percentiles of the per-transaction log (-l)
#   pgbench.journal.read100.p50_us / p99_us  pgbench -c 1 -t 2000: SELECT (the store's columns)
#                                            FROM quark_events WHERE stream = $1 ORDER BY
#                                            version, a random one of the 10,000 seeded streams
#   pgbench.journal.writers8.rate            pgbench -c 8 -j 2 -T 3 with the INSERT above
#                                            (8 clients, 8 streams): rows/s (= tps)
set -euo pipefail

pg_bin=/usr/lib/postgresql/15/bin
: "${QUARK_PG_URL:?QUARK_PG_URL is not set: run through scripts/services run}"

work=$(mktemp -d /tmp/quark-journal-peers-XXXXXX)
trap 'rm -rf "$work"' EXIT

# shellcheck source=peer_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/peer_lib.sh"

export PGOPTIONS="-c synchronous_commit=on -c client_min_messages=warning -c search_path=quark_bench_journal"

seeded=$("$pg_bin/psql" -X -A -t -v ON_ERROR_STOP=1 "$QUARK_PG_URL" \
  -c "SELECT count(*) FROM quark_events WHERE stream = 'seed-10000'" 2>/dev/null || echo 0)
if [ "$seeded" != 100 ]; then
  echo "peers: quark_bench_journal.quark_events is not seeded: run quark_bench_journal_pg first" >&2
  exit 1
fi

run_id="$$-$RANDOM"
# pgbench keeps a client's variables from one transaction to the next: :v counts its versions.
cat >"$work/insert.sql" <<'EOF'
\set v :v + 1
INSERT INTO quark_events(stream, version, id, type, payload, metadata) VALUES ('pgb-' || :run || '-' || :client_id, :v, gen_random_uuid(), 'bench.appended', '{"n":1}', '{}');
EOF
cat >"$work/read.sql" <<'EOF'
\set s random(1, 10000)
SELECT id, stream, version, commit, sequence, type, schema_version, payload::text, metadata::text, floor(extract(epoch FROM recorded) * 1000000)::bigint FROM quark_events WHERE stream = 'seed-' || :s ORDER BY version;
EOF

# Per-transaction log: client_id transaction_no latency_us script_no epoch_s epoch_us.
latency_figures() {  # latency_figures NAME_PREFIX UNIT MIN_SAMPLES LOG_PREFIX
  cat "$4".* | awk 'NF >= 6 { print $3 }' >"$4.us"
  [ "$(wc -l <"$4.us")" -ge "$3" ] || { echo "peers: pgbench log $4 is short" >&2; exit 1; }
  emit "$1.p50_us" "$(percentile 0.50 <"$4.us")" "$2" reference
  emit "$1.p99_us" "$(percentile 0.99 <"$4.us")" "$2" reference
}

echo "peers: pgbench, 2,000 prepared single-row INSERTs into quark_events, 1 connection"
"$pg_bin/pgbench" -n -M prepared -c 1 -j 1 -t 2000 -D v=0 -D run="a$run_id" -f "$work/insert.sql" \
  -l --log-prefix="$work/insert" "$QUARK_PG_URL" >"$work/insert.out" 2>&1 \
  || { cat "$work/insert.out" >&2; exit 1; }
latency_figures pgbench.journal.insert "us (pgbench -M prepared -c 1, synchronous_commit=on)" 2000 "$work/insert"

echo "peers: pgbench, 2,000 prepared reads of a random 100-event stream, 1 connection"
"$pg_bin/pgbench" -n -M prepared -c 1 -j 1 -t 2000 -f "$work/read.sql" \
  -l --log-prefix="$work/read" "$QUARK_PG_URL" >"$work/read.out" 2>&1 \
  || { cat "$work/read.out" >&2; exit 1; }
latency_figures pgbench.journal.read100 "us (pgbench -M prepared -c 1)" 2000 "$work/read"

echo "peers: pgbench -c 8 -j 2 -T 3, single-row INSERTs into quark_events (8 streams)"
"$pg_bin/pgbench" -n -M prepared -c 8 -j 2 -T 3 -D v=0 -D run="w$run_id" -f "$work/insert.sql" \
  "$QUARK_PG_URL" >"$work/writers.out" 2>&1 || { cat "$work/writers.out" >&2; exit 1; }
tps=$(awk '/^tps = / { print $3 }' "$work/writers.out")
[ -n "$tps" ] || { cat "$work/writers.out" >&2; echo "peers: no tps from pgbench -c 8" >&2; exit 1; }
emit pgbench.journal.writers8.rate "$tps" "rows/s (pgbench -M prepared -c 8 -j 2, synchronous_commit=on)" reference
