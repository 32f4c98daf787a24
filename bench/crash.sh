#!/bin/sh
# bench/crash.sh — the crash test at length (issue 13, item 8): KILLS (default 100) SIGKILLs of the
# release server at random moments under concurrent writers (draft answers of three States,
# requests for assistance, offers); after every kill the database must pass integrity_check and
# hold every write that was acknowledged.  `make test` runs the same test with 20 kills.
#
#   make build/poaiss && sh bench/crash.sh
#   KILLS=300 sh bench/crash.sh
set -eu
KILLS=${KILLS:-100}
BIN=${POAISS_CRASH_BIN:-build/poaiss}
[ -x "$BIN" ] || { echo "bench: build $BIN first (make $BIN)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: the crash test reads the database with the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
echo "== crash: $KILLS kills under concurrent writes ($(nproc) cores)"
KILLS=$KILLS POAISS_CRASH_BIN=$BIN node --test --test-reporter=spec tests/http/crash.test.mjs
