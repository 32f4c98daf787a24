#!/bin/sh
# bench/analysis.sh — the analysis pages and API at 40,000 reports (issue 12's goal: every analysis
# page and API answer under 50 ms at p99, cold: the first time after the data changed).
#
#   make build/poaiss && sh bench/analysis.sh
#   SCALE=44 RUNS=20 DB=/tmp/s40.db sh bench/analysis.sh     (DB: reuse a scaled database)
#
# For each address, RUNS times: change the data (a write from another connection that leaves every
# value as it was, so that the readers' page caches are stale) and ask with a throw-away parameter
# (so that the response cache cannot answer: the analysis keeps no data of its own between requests,
# so this is its first time after the data changed), timing the request in the server (its access
# log, in microseconds) and with curl.  Then "warm": the same address asked again (from the response
# cache), RUNS times.  Times in ms, p50 and p99 (with 20 runs, p99 is the slowest).
set -eu
BIN=${BIN:-build/poaiss}
SCALE=${SCALE:-44}
RUNS=${RUNS:-20}
PORT=${PORT:-18091}

for t in curl sqlite3; do command -v $t >/dev/null || { echo "bench: $t is missing (sh tools/deps.sh bench)" >&2; exit 1; }; done
dir=$(mktemp -d)
cleanup() { [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null || true; sleep 0.3; rm -rf "$dir"; }
trap cleanup EXIT INT TERM

if [ -n "${DB:-}" ] && [ -f "$DB" ]; then
  db=$DB
else
  db=${DB:-$dir/scaled.db}
  start=$(date +%s.%N)
  "$BIN" demo --db "$db" --scale "$SCALE" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "demo --scale: %.0f s\n", e - s }'
fi
echo "published reports: $(sqlite3 "$db" "select count(*) from report where version > 0"), in the analysed cycles (2010-2026):" \
     "$(sqlite3 "$db" "select count(*) from report where version > 0 and cycle < 2100")"

"$BIN" serve --db "$db" --listen 127.0.0.1:$PORT --threads 2 --access-log "$dir/access.log" >/dev/null 2>&1 &
spid=$!
for i in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

touch_data() { sqlite3 -cmd ".timeout 5000" "$db" "UPDATE stage_target SET days = days WHERE stage = 'received'"; }
pct() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- -"; exit } i50 = int(NR * 0.5) + 1; i99 = int(NR * 0.99) + 1; if (i99 > NR) i99 = NR; printf "%.1f %.1f", v[i50], v[i99] }'; }

printf '\n| address | bytes | cold p50 | cold p99 | cold p99 in the server | warm p50 | warm p99 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for path in /analysis /analysis/reporting '/analysis/reporting?cycle=2018' /analysis/questions/coord.nap \
            '/analysis/questions/coord.nap?cycle=2024&region=002' /analysis/questions/sdg1642.seized \
            /analysis/questions/manuf.marking.content /analysis/sdg-16-4-2 /analysis/assistance \
            /analysis/reporting.csv /api/v1/analysis/reporting /api/v1/analysis/questions/coord.nap \
            '/api/v1/analysis/questions/stock.standards?group=AFR' /api/v1/analysis/sdg-16-4-2 /api/v1/analysis/assistance; do
  url="http://127.0.0.1:$PORT$path"
  bytes=$(curl -s "$url" | wc -c)
  case "$path" in *\?*) sep='&' ;; *) sep='?' ;; esac
  : > "$dir/access.log"
  cold=$(i=0; while [ $i -lt "$RUNS" ]; do i=$((i + 1)); touch_data; curl -s -o /dev/null -w '%{time_total}\n' "$url${sep}_cold=$$-$i"; done | awk '{ print $1 * 1000 }' | pct)
  server=$(grep '_cold=' "$dir/access.log" | awk '{ v = $NF; sub("us", "", v); print v / 1000 }' | pct | cut -d' ' -f2)
  warm=$(i=0; while [ $i -lt "$RUNS" ]; do i=$((i + 1)); curl -s -o /dev/null -w '%{time_total}\n' "$url"; done | awk '{ print $1 * 1000 }' | pct)
  set -- $cold $warm
  printf '| `%s` | %s | %s | %s | %s | %s | %s |\n' "$path" "$bytes" "$1" "$2" "$server" "$3" "$4"
done
echo
echo "times in ms, $RUNS requests each, with curl (the server's own time for the cold p99); cold: after a change of the data"
echo "and with a throw-away parameter (nothing cached), warm: asked again (from the response cache)."
