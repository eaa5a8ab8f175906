# Sourced by the peer scripts (journal_peers.sh, server_peers.sh): how a peer's figure is
# written, and the percentile the Quark benchmarks compute (bench/common/latency.cpp).

emit() {  # emit NAME VALUE UNIT TARGET: one JSON line to $QUARK_BENCH_OUT (stdout when unset)
  local line
  line=$(printf '{"name":"%s","value":%s,"unit":"%s","target":"%s","peer":""}' "$1" "$2" "$3" "$4")
  if [ -n "${QUARK_BENCH_OUT:-}" ]; then echo "$line" >>"$QUARK_BENCH_OUT"; else echo "$line"; fi
}

# Nearest-rank percentile Q (0..1) of the numbers on stdin, as latency.hpp computes it.
percentile() {
  sort -n | awk -v q="$1" '{ v[NR] = $1 } END {
    if (NR == 0) { print 0; exit }
    r = q * NR; k = int(r); if (k < r) k++; if (k < 1) k = 1
    print v[k] }'
}
