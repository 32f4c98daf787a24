#!/bin/sh
# bench/http.sh — throughput, p99 latency and CPU per request of poaiss's cached pages and API
# answers under wrk, beside nginx serving a static copy of the very same bytes in the same run (the
# yardstick): a small answer, large ones (the 52 KB /api/v1/states, /states, a search page).  poaiss
# does not compress (nor does this nginx): the bytes compared are the same.
#
#   sh bench/http.sh            (make bench runs it)
#   DURATION=10 CONNS=64 sh bench/http.sh
set -eu
BIN=${BIN:-build/poaiss}
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
NPORT=${NPORT:-18081}
PATHS=${PATHS:-"/states /states/KEN /api/v1/states /reports/1 /api/v1/reports/1 /search?q=marking"}

for t in wrk nginx curl; do command -v $t >/dev/null || { echo "bench: $t is missing (sh tools/deps.sh bench)" >&2; exit 1; }; done
if ss -ltn 2>/dev/null | grep -qE ":($PORT|$NPORT) "; then echo "bench: port $PORT or $NPORT is in use: stop what holds it" >&2; exit 1; fi

dir=$(mktemp -d)
chmod 755 "$dir"   # nginx's workers (nobody, when started as root) read the files below it
cleanup() {
  [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null || true
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  sleep 0.3
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"$BIN" demo --db "$dir/bench.db" >/dev/null
"$BIN" serve --db "$dir/bench.db" --listen 127.0.0.1:$PORT --threads 2 >/dev/null 2>&1 &
spid=$!
for i in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

# Each answer in its own file, served by an exact location (a page and a page below it, /states and
# /states/KEN, cannot both be files; nginx matches a location without the query string).
mkdir -p "$dir/www" "$dir/logs"
: > "$dir/locations"
n=0
for p in $PATHS; do
  n=$((n + 1))
  curl -sf "http://127.0.0.1:$PORT$p" -o "$dir/www/$n"
  ctype=$(curl -sf -o /dev/null -w '%{content_type}' "http://127.0.0.1:$PORT$p")
  printf '  location = %s { default_type "%s"; alias %s/www/%s; }\n' "${p%%\?*}" "$ctype" "$dir" "$n" >> "$dir/locations"
done
cat > "$dir/nginx.conf" <<NGINX
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  # nginx at its best for static files: sendfile with tcp_nopush and open descriptors kept gave it
  # 34,500 requests per second of the 57 KB answer on 2026-12-07 where its defaults (read + writev)
  # gave 25,700-27,600.  NGINX_EXTRA adds directives (a later one of the same name is refused).
  sendfile on;
  tcp_nopush on;
  open_file_cache max=100;
  ${NGINX_EXTRA:-}
  default_type text/html;
  types { }
  client_body_temp_path $dir/logs;
  proxy_temp_path $dir/logs;
  fastcgi_temp_path $dir/logs;
  uwsgi_temp_path $dir/logs;
  scgi_temp_path $dir/logs;
  server {
    listen 127.0.0.1:$NPORT;
$(cat "$dir/locations")
  }
}
NGINX
nginx -c "$dir/nginx.conf" -p "$dir"
sleep 0.3
# The yardstick must serve the same bytes: started as root, nginx's workers run as nobody, and
# mktemp's directory (mode 0700) answered them 403 (153 bytes) until 2026-12-07, so every earlier
# "nginx" figure of this script was a 403's.  Each file is compared with what poaiss sent.
n=0
for p in $PATHS; do
  n=$((n + 1))
  status=$(curl -s -o "$dir/check" -w '%{http_code}' "http://127.0.0.1:$NPORT$p")
  if [ "$status" != 200 ] || ! cmp -s "$dir/check" "$dir/www/$n"; then
    echo "bench: nginx answers $p with $status, not the $(wc -c < "$dir/www/$n") bytes poaiss sent: no yardstick" >&2
    exit 1
  fi
done

# CPU time (clock ticks) of the processes given, all their threads: what each server spent, whatever else runs.
ticks() { t=0; for p in "$@"; do for task in /proc/$p/task/*; do t=$((t + $(cut -d' ' -f14,15 "$task/stat" | tr ' ' '+'))); done; done; echo $t; }
HZ=$(getconf CLK_TCK)
run() { # url pid... -> "req/s p99_ms cpu_us_per_request"
  url=$1; shift
  a=$(ticks "$@")
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$url" 2>/dev/null)
  b=$(ticks "$@")
  echo "$out" | awk -v t=$((b - a)) -v hz="$HZ" '
    /requests in/ { n = $1 }
    /Non-2xx or 3xx responses/ { bad = $NF }
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; p99 = v }
    END { if (bad > 0) { print "bench: " bad " answers were not 2xx" > "/dev/stderr"; rps = 0 }
          printf "%.0f %.2f %.1f\n", rps, p99, (n > 0 ? t / hz * 1e6 / n : 0) }'
}

nworkers=$(pgrep -P "$(cat "$dir/nginx.pid")" | tr '\n' ' ')
echo "wrk -t$THREADS -c$CONNS -d${DURATION}s, $(nproc) cores shared by wrk, the server and nginx; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ratio: poaiss req/s / nginx req/s; cpu: microseconds of CPU each server spent per request (all its threads, user + system)"
printf '%-18s %8s %11s %8s %6s %11s %8s %6s %6s %8s\n' path bytes poaiss_rps p99_ms cpu nginx_rps p99_ms cpu ratio cpu_ratio
n=0
for p in $PATHS; do
  n=$((n + 1))
  bytes=$(wc -c < "$dir/www/$n")
  set -- $(run "http://127.0.0.1:$PORT$p" "$spid"); prps=$1; pp99=$2; pcpu=$3
  set -- $(run "http://127.0.0.1:$NPORT$p" $nworkers); nrps=$1; np99=$2; ncpu=$3
  ratio=$(awk -v a="$prps" -v b="$nrps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  cratio=$(awk -v a="$pcpu" -v b="$ncpu" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
  printf '%-18s %8s %11s %8s %6s %11s %8s %6s %6s %8s\n' "$p" "$bytes" "$prps" "$pp99" "$pcpu" "$nrps" "$np99" "$ncpu" "$ratio" "$cratio"
done
echo "cpu_ratio: nginx's CPU per request / poaiss's (above 1: poaiss spends less)"
