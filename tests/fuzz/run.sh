#!/bin/sh
# Build every tests/fuzz/fuzz_*.c as a libFuzzer binary (with ASan and UBSan) into build/fuzz/,
# then run each for FUZZ_SECONDS seconds (default 30) from its seed corpus
# tests/fuzz/corpus/<name>/.  Fails when a driver does not build or any run finds a crash,
# a leak, undefined behaviour or a broken promise (an abort); the input that did it is kept
# as build/fuzz/artifacts/<name>-crash-*, to replay with: build/fuzz/<name> <that file>.
#
#   sh tests/fuzz/run.sh                    # all drivers, 30 s each
#   FUZZ_SECONDS=300 sh tests/fuzz/run.sh fuzz_text    # one driver, longer
#   FUZZ_SKIP_MISSING=1 sh tests/fuzz/run.sh           # exit 0 with a message when clang/libFuzzer is absent
#                                                        (make fuzz-short, part of make test)
#
# A driver is rebuilt only when it or what it links is newer than its binary.  Drivers that link
# build/gen/embedded.c need `make build/poaiss` first (the Makefile's fuzz targets see to it).
#
# New inputs that libFuzzer finds go to build/fuzz/corpus/<name>/ (kept between runs, never
# into the source tree).  A driver names what it links in the case below; a new driver that
# is not listed there may instead carry lines "FUZZ_SRC: src/a.c src/b.c" in its comment (all are read).
set -u
cd "$(dirname "$0")/../.." || exit 2

CC_FUZZ=${CC_FUZZ:-clang}
SECONDS_EACH=${FUZZ_SECONDS:-30}
OUT=build/fuzz
CFLAGS_FUZZ="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
 -std=c11 -Wall -Wextra -Isrc -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L"

sources_for() {
    case "$1" in
    fuzz_poa_parse)   echo "src/domain/poa_parse.c src/util/mem.c" ;;
    fuzz_http_params) echo "src/http/request.c src/http/prepared.c src/util/arena.c src/util/text.c src/util/buf.c src/util/mem.c" ;;
    fuzz_text)        echo "src/util/text.c src/util/buf.c src/util/mem.c" ;;
    fuzz_json_import) echo src/domain/*.c src/store/*.c src/util/*.c build/gen/embedded.c ;;
    fuzz_search)      echo src/store/*.c src/util/*.c build/gen/embedded.c ;;
    *) grep 'FUZZ_SRC:' "tests/fuzz/$1.c" | sed 's/.*FUZZ_SRC://' | tr ' \t' '\n\n' | grep -E '^[A-Za-z0-9_./-]+\.c$' | tr '\n' ' ' ;;
    esac
}

missing() {
    if [ "${FUZZ_SKIP_MISSING:-0}" = 1 ]; then
        echo "fuzz: skipped: $1 (install clang for libFuzzer; make fuzz-short then runs every driver)"
        exit 0
    fi
    echo "fuzz: $1 (libFuzzer needs clang)" >&2
    exit 2
}
command -v "$CC_FUZZ" >/dev/null 2>&1 || missing "$CC_FUZZ not found"
mkdir -p "$OUT/artifacts"
# clang without its libFuzzer runtime (Debian: libclang-rt-dev / the clang package's compiler-rt).
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$OUT/probe.c"
$CC_FUZZ -fsanitize=fuzzer "$OUT/probe.c" -o "$OUT/probe" >/dev/null 2>&1 || missing "$CC_FUZZ cannot link libFuzzer"
rm -f "$OUT/probe" "$OUT/probe.c"
if [ $# -gt 0 ]; then names="$*"; else
    names=$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c; done)
fi

failed=""
for name in $names; do
    src="tests/fuzz/$name.c"
    if [ ! -f "$src" ]; then echo "fuzz: no $src" >&2; failed="$failed $name"; continue; fi
    deps=$(sources_for "$name")
    if [ -z "$deps" ]; then
        echo "fuzz: $name: tell tests/fuzz/run.sh what it links (or add a FUZZ_SRC: line)" >&2
        failed="$failed $name"
        continue
    fi
    # A driver names the pkg-config packages it links on a "FUZZ_LIBS:" line.
    libs=$(sed -n 's/^.*FUZZ_LIBS: *//p' "$src" | head -n 1)
    [ -n "$libs" ] && libs="$(pkg-config --cflags --libs $libs)"
    # ... and other linker flags on a "FUZZ_LDFLAGS:" line (libraries without a pkg-config file).
    ldflags=$(sed -n 's/^.*FUZZ_LDFLAGS: *//p' "$src" | head -n 1)
    # shellcheck disable=SC2086
    stale=$(find "$src" $deps src -newer "$OUT/$name" -name '*.[ch]' 2>/dev/null | head -n 1)
    if [ ! -x "$OUT/$name" ] || [ -n "$stale" ]; then
        echo "== $name: build"
        # shellcheck disable=SC2086
        if ! $CC_FUZZ $CFLAGS_FUZZ -Ibuild/gen "$src" $deps -o "$OUT/$name" $libs $ldflags; then
            echo "fuzz: $name: build failed" >&2
            rm -f "$OUT/$name"
            failed="$failed $name"
            continue
        fi
    fi
    if [ "$name" = fuzz_json_import ] && [ -x build/poaiss ]; then
        # The import runs against a database with the reference data; making it in the driver would take
        # longer under the sanitizers than the whole short run.
        [ "$OUT/json_import.db" -nt build/poaiss ] || { rm -f "$OUT/json_import.db"; build/poaiss init --db "$OUT/json_import.db" >/dev/null; }
        export FUZZ_JSON_IMPORT_DB="$OUT/json_import.db"
    fi
    if [ "$name" = fuzz_search ] && [ -x build/poaiss ]; then
        # The demo's reports to search (a few seconds with the release build; kept while build/poaiss is older).
        [ "$OUT/search.db" -nt build/poaiss ] || { rm -f "$OUT/search.db"*; build/poaiss demo --db "$OUT/search.db" >/dev/null; }
        export FUZZ_SEARCH_DB="$OUT/search.db"
    fi
    seeds="tests/fuzz/corpus/$name"
    work="$OUT/corpus/$name"
    mkdir -p "$work"
    [ -d "$seeds" ] || { echo "fuzz: $name: no seed corpus $seeds (running without one)" >&2; seeds=""; }
    echo "== $name: run ${SECONDS_EACH}s"
    start=$(date +%s)
    # shellcheck disable=SC2086
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$OUT/$name" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$name-" "$work" $seeds \
        >"$OUT/$name.log" 2>&1
    rc=$?
    end=$(date +%s)
    stats=$(grep -E '^stat::number_of_executed_units' "$OUT/$name.log" | sed 's/.*: *//')
    if [ $rc -ne 0 ]; then
        echo "fuzz: $name: FAILED (exit $rc after $((end - start))s); log $OUT/$name.log:" >&2
        grep -E 'ERROR|runtime error|broken promise|SUMMARY|Test unit written|^    #[0-9]' "$OUT/$name.log" | head -n 40 >&2
        failed="$failed $name"
    else
        echo "   ok: ${stats:-?} runs in $((end - start))s, corpus $(ls "$work" | wc -l) inputs"
    fi
done

if [ -n "$failed" ]; then
    echo "fuzz: failed:$failed" >&2
    exit 1
fi
echo "fuzz: all passed"
