#!/bin/sh
# deps.sh build|test|bench — install the Debian packages a make target needs.
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -eu
build="gcc make pkg-config libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev libexpat1-dev libxlsxwriter-dev libminizip-dev iso-codes unicode-cldr-core gettext libstemmer-dev libcairo2-dev libpango1.0-dev fonts-noto-core fonts-noto-cjk"
# poppler-utils: pdfinfo and pdffonts, with which the HTTP tests check the trends PDF.
# nginx-light and openssl: tests/http/nginx.test.mjs puts deploy/nginx.conf in front of the server.
# clang and libclang-rt-14-dev (its libFuzzer and sanitizer runtimes, only recommended by clang on Debian 12,
# so named here): make fuzz-short, part of make test, runs every libFuzzer driver.
test="$build libcmocka-dev sqlite3 curl chromium poppler-utils nginx-light openssl clang libclang-rt-14-dev"
bench="$build nginx-light wrk curl"
case "${1:-build}" in
  build) want=$build ;;
  test) want=$test ;;
  bench) want=$bench ;;
  *) echo "usage: deps.sh build|test|bench" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ "${1:-build}" = test ] && ! command -v node >/dev/null 2>&1; then missing="$missing nodejs npm"; fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "installing:$missing"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 || {
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
  }
else
  echo "poaiss needs these Debian packages; run:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
