#!/bin/sh
# bench/trends.sh — the trends document of a cycle (/analysis/trends/{cycle}.pdf and the page):
# how long the server takes to make it, cold (a throw-away parameter defeats the response cache,
# so every request builds the document and lays it out twice), RUNS times per language.
# Goal (issue 12): the PDF under 3 s for the demo data.
#
#   make build/poaiss && sh bench/trends.sh
#   CYCLE=2024 RUNS=10 LANGS="en ar zh" DB=/tmp/demo.db sh bench/trends.sh   (DB: reuse a database;
#   SCALE=44 makes a scaled one, about 40,000 reports)
#
# Prints per language the first request (fonts loaded for the first time) and the median and
# slowest of the rest, for the PDF and for the HTML page, and the PDF's pages and size.
set -eu
BIN=${BIN:-build/poaiss}
CYCLE=${CYCLE:-2026}
RUNS=${RUNS:-5}
LANGS=${LANGS:-en fr es ru zh ar}
SCALE=${SCALE:-1}

command -v curl >/dev/null || { echo "bench: curl is missing (sh tools/deps.sh bench)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "bench: build $BIN first (make $BIN)" >&2; exit 1; }
dir=$(mktemp -d)
cleanup() { [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null || true; sleep 0.3; rm -rf "$dir"; }
trap cleanup EXIT INT TERM

if [ -n "${DB:-}" ] && [ -f "$DB" ]; then
  db=$DB
else
  db=${DB:-$dir/demo.db}
  if [ "$SCALE" = 1 ]; then "$BIN" demo --db "$db" >/dev/null; else "$BIN" demo --db "$db" --scale "$SCALE" >/dev/null; fi
fi
"$BIN" serve --db "$db" --listen 127.0.0.1:0 >"$dir/out" 2>"$dir/err" &
spid=$!
i=0
until grep -q 'serving' "$dir/out" 2>/dev/null; do
  i=$((i + 1)); [ $i -gt 100 ] && { cat "$dir/err" >&2; exit 1; }; sleep 0.1
done
base=$(sed -n 's/.* on \(http:[^ ]*\)\/$/\1/p' "$dir/out")

# time PATH: seconds for one cold request (fails on anything but 200)
time_one() {
  out=$(curl -s -o "$dir/body" -w '%{http_code} %{time_total}' "$base$1")
  [ "${out%% *}" = 200 ] || { echo "bench: $1 answered ${out%% *}" >&2; exit 1; }
  echo "${out#* }"
}
# stats: first, median and slowest of the rest, in ms
stats() { awk '{ v[NR] = $1 * 1000 } END { n = 0; for (i = 2; i <= NR; i++) r[++n] = v[i];
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
  printf "first %5.0f ms   median %5.0f ms   slowest %5.0f ms\n", v[1], n ? r[int((n + 1) / 2)] : v[1], n ? r[n] : v[1] }'; }

echo "trends document, cycle $CYCLE, $RUNS cold requests per language ($(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'))"
for lang in $LANGS; do
  : >"$dir/pdf.t"; : >"$dir/html.t"
  for r in $(seq 1 "$RUNS"); do
    time_one "/analysis/trends/$CYCLE.pdf?lang=$lang&run=$r" >>"$dir/pdf.t"
  done
  pages=$(grep -ac '/Type /Page[^s]' "$dir/body" || true)
  size=$(wc -c <"$dir/body")
  for r in $(seq 1 "$RUNS"); do
    time_one "/analysis/trends/$CYCLE?lang=$lang&run=$r" >>"$dir/html.t"
  done
  printf '%s  PDF  %s' "$lang" "$(stats <"$dir/pdf.t")"
  printf '      (%s pages, %s bytes)\n' "$pages" "$size"
  printf '%s  page %s' "$lang" "$(stats <"$dir/html.t")"
  echo
done
