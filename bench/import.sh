#!/bin/sh
# bench/import.sh — how fast `poaiss import` writes reports: the demo's published reports are
# exported, then imported into a fresh database, REPEAT times over (each round in its own database).
set -eu
BIN=${BIN:-build/poaiss}
REPEAT=${REPEAT:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$BIN" demo --db "$dir/demo.db" >/dev/null
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
  awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN { t = e - s; printf "round: %.3f s, %.0f reports/s, 10,000 reports would take %.1f s at this rate\n", t, n / t, 10000 * t / n }'
done
