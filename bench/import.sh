#!/bin/sh
# bench/import.sh — how fast `poaiss import` writes reports: the published reports of a demo
# database with SCALE times the demo's reports (SCALE=11: about 10,000; the extra ones in
# benchmark cycles 2100+, which import creates) are exported, then imported into a fresh
# database, REPEAT times over (each round in its own database).
#
#   SCALE=11 REPEAT=3 sh bench/import.sh
set -eu
BIN=${BIN:-build/poaiss}
REPEAT=${REPEAT:-3}
SCALE=${SCALE:-11}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$BIN" demo --db "$dir/demo.db" --scale "$SCALE" >/dev/null
"$BIN" export --db "$dir/demo.db" > "$dir/reports.jsonl" 2>/dev/null
n=$(wc -l < "$dir/reports.jsonl")
bytes=$(wc -c < "$dir/reports.jsonl")
answers=$(sqlite3 "$dir/demo.db" "select count(*) from report_answer r join report p on p.id = r.report_id where p.version > 0")
echo "importing $n published reports ($bytes bytes of JSON Lines, $answers answers), $REPEAT rounds"
i=0
while [ $i -lt "$REPEAT" ]; do
  i=$((i + 1))
  "$BIN" init --db "$dir/r$i.db" >/dev/null
  start=$(date +%s.%N)
  "$BIN" import --db "$dir/r$i.db" --file "$dir/reports.jsonl" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN { t = e - s; printf "round: %d reports in %.2f s, %.0f reports/s\n", n, t, n / t }'
done
