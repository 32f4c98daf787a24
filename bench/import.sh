#!/bin/sh
# bench/import.sh — how fast `poaiss import` writes reports: the published reports of a demo
# database with SCALE times the demo's reports (SCALE=11: about 10,000; the extra ones in
# benchmark cycles 2100+, which import creates) are exported, then imported into a fresh
# database, REPEAT times over (each round in its own database).  The goal (issue 13): 10,000
# reports in under 10 s.  Each round prints its wall time and, with GNU time, its CPU time (on a
# machine shared with other work the wall time also counts the waits for a core).
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
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$dir/cpu" "$BIN" import --db "$dir/r$i.db" --file "$dir/reports.jsonl" >/dev/null
  else
    "$BIN" import --db "$dir/r$i.db" --file "$dir/reports.jsonl" >/dev/null
    echo '- -' > "$dir/cpu"
  fi
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$n" -v cpu="$(tail -1 "$dir/cpu")" 'BEGIN { t = e - s; split(cpu, c, " ");
    printf "round: %d reports in %.2f s (CPU: %s s user, %s s system), %.0f reports/s, goal (under 10 s for 10,000): %s\n",
           n, t, c[1], c[2], n / t, (t * 10000 / n < 10) ? "met" : "missed" }'
done
