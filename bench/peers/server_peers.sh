#!/usr/bin/env bash
# The server-side peers of quark_bench_providers: pgbench and redis-benchmark against the
# servers of the current `scripts/services run` (QUARK_PG_URL, QUARK_REDIS_URL), the same
# workloads as bench/providers_bench.cpp. Appends their figures as JSON lines
# ({"name","value","unit","target","peer"}) to $QUARK_BENCH_OUT (stdout when unset).
#
# PostgreSQL sessions run with synchronous_commit=off (both sides; see providers_bench.cpp).
#
#   pgbench.insert.p50_us / p99_us        pgbench -M prepared -c 1 -j 1 -t 5000 -n, script
#                                         INSERT INTO bench_insert(payload) VALUES ('x'),
#                                         percentiles of the per-transaction log (-l)
#   pgbench.pipeline.insert.rate          pgbench, one \startpipeline of 10,000 INSERTs
#                                         \endpipeline per transaction, 3 transactions
#   redis_benchmark.{get,set}.p50_us/...  redis-benchmark -c 1 -t get,set -n 100000 --csv
#                                         (one connection, one command in flight)
#   redis_benchmark.p32.rate              redis-benchmark -c 1 -P 32 -t get -n 200000
#                                         (one connection, 32 in flight), GET ops/s, best
#                                         of 3 runs (as quark_bench_providers)
set -euo pipefail

pg_bin=/usr/lib/postgresql/15/bin
: "${QUARK_PG_URL:?QUARK_PG_URL is not set: run through scripts/services run}"
: "${QUARK_REDIS_URL:?QUARK_REDIS_URL is not set: run through scripts/services run}"

work=$(mktemp -d /tmp/quark-peers-XXXXXX)
trap 'rm -rf "$work"' EXIT

# shellcheck source=peer_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/peer_lib.sh"

# -- PostgreSQL ----------------------------------------------------------------------------

# Every session runs with synchronous_commit=off, as the Quark client's do: the WAL flush
# (milliseconds of fsync noise on a shared disk) is no part of what a client adds.
export PGOPTIONS="-c synchronous_commit=off -c client_min_messages=warning"

"$pg_bin/psql" -q -X -v ON_ERROR_STOP=1 "$QUARK_PG_URL" \
  -c "CREATE TABLE IF NOT EXISTS bench_insert(id bigserial PRIMARY KEY, payload text)" >/dev/null

echo "INSERT INTO bench_insert(payload) VALUES ('x');" >"$work/insert.sql"
echo "peers: pgbench, 5,000 prepared INSERTs, 1 connection"
"$pg_bin/pgbench" -n -M prepared -c 1 -j 1 -t 5000 -f "$work/insert.sql" \
  -l --log-prefix="$work/insert" "$QUARK_PG_URL" >"$work/insert.out" 2>&1 \
  || { cat "$work/insert.out" >&2; exit 1; }
# Per-transaction log: client_id transaction_no latency_us script_no epoch_s epoch_us.
cat "$work"/insert.* | awk 'NF >= 6 { print $3 }' >"$work/insert.us"
[ "$(wc -l <"$work/insert.us")" -ge 5000 ] || { echo "peers: pgbench log is short" >&2; exit 1; }
emit pgbench.insert.p50_us "$(percentile 0.50 <"$work/insert.us")" "us (pgbench -M prepared -c 1)" reference
emit pgbench.insert.p99_us "$(percentile 0.99 <"$work/insert.us")" "us (pgbench -M prepared -c 1)" reference

{
  echo '\startpipeline'
  for _ in $(seq 1 10000); do echo "INSERT INTO bench_insert(payload) VALUES ('x');"; done
  echo '\endpipeline'
} >"$work/pipeline.sql"
echo "peers: pgbench, 3 pipelines of 10,000 INSERTs"
"$pg_bin/pgbench" -n -M extended -c 1 -j 1 -t 3 -f "$work/pipeline.sql" "$QUARK_PG_URL" \
  >"$work/pipeline.out" 2>&1 || { cat "$work/pipeline.out" >&2; exit 1; }
tps=$(awk '/^tps = / { print $3 }' "$work/pipeline.out")
[ -n "$tps" ] || { cat "$work/pipeline.out" >&2; echo "peers: no tps from pgbench" >&2; exit 1; }
emit pgbench.pipeline.insert.rate "$(awk -v t="$tps" 'BEGIN { printf "%.1f", t * 10000 }')" \
  "rows/s (pgbench, 10k INSERTs per pipeline)" reference

# -- Redis ---------------------------------------------------------------------------------

hostport=${QUARK_REDIS_URL#redis://}
hostport=${hostport%%/*}
redis_host=${hostport%:*}
redis_port=${hostport##*:}

# --csv: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",
#        "p99_latency_ms","max_latency_ms"
redis_csv_figures() {  # redis_csv_figures PREFIX UNIT_NOTE < csv
  local prefix=$1 note=$2 test rps p50 p99
  while IFS=, read -r test rps _ _ p50 _ p99 _; do
    test=$(echo "${test//\"/}" | tr 'A-Z' 'a-z')
    [ "$test" = test ] && continue
    rps=${rps//\"/}; p50=${p50//\"/}; p99=${p99//\"/}
    emit "$prefix.$test.rate" "$rps" "ops/s ($note)" reference
    emit "$prefix.$test.p50_us" "$(awk -v v="$p50" 'BEGIN { printf "%.1f", v * 1000 }')" "us ($note)" reference
    emit "$prefix.$test.p99_us" "$(awk -v v="$p99" 'BEGIN { printf "%.1f", v * 1000 }')" "us ($note)" reference
  done
}

echo "peers: redis-benchmark -c 1 -t get,set -n 100000"
redis-benchmark -h "$redis_host" -p "$redis_port" -c 1 -t get,set -n 100000 --csv >"$work/redis.csv"
redis_csv_figures redis_benchmark "redis-benchmark -c 1" <"$work/redis.csv"

echo "peers: redis-benchmark -c 1 -P 32 -t get -n 200000, best of 3"
for _ in 1 2 3; do
  redis-benchmark -h "$redis_host" -p "$redis_port" -c 1 -P 32 -t get -n 200000 --csv
done >"$work/redis_p32.csv"
p32=$(awk -F, '$1 == "\"GET\"" { gsub(/"/, "", $2); if ($2 + 0 > best + 0) best = $2 } END { print best }' \
  "$work/redis_p32.csv")
[ -n "$p32" ] || { cat "$work/redis_p32.csv" >&2; echo "peers: no GET rate from redis-benchmark -P 32" >&2; exit 1; }
emit redis_benchmark.p32.rate "$p32" "ops/s (redis-benchmark -c 1 -P 32, GET)" reference
