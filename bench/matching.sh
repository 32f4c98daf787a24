#!/bin/sh
# bench/matching.sh — matching requests for assistance with offers at scale (issue 10's goal:
# every top-10 list of N=10,000 requests against 10,000 offers in under a second on this
# 2-core machine, and a request page's matches under 5 ms).  bench/match_bench.c makes a
# database of N synthetic open requests and N offers, then prints: the profiles' build time,
# the top-10 offers of every request (THREADS threads), one request's matches as its page
# reads them (p50, p99), and the yardstick: four of the factors ranked by one SQL query
# straight on SQLite for one request (p50, p99), with the page/SQL ratio.
#
#   make build/bench/match_bench && sh bench/matching.sh
#   N=10000 THREADS=2 sh bench/matching.sh
set -eu
BENCH=${BENCH:-build/bench/match_bench}
N=${N:-10000}
THREADS=${THREADS:-2}
[ -x "$BENCH" ] || { echo "bench: build $BENCH first (make $BENCH)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
echo "== matching: $N requests x $N offers, $THREADS threads ($(nproc) cores)"
"$BENCH" "$dir/match.db" "$N" "$THREADS"
