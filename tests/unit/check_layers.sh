#!/bin/sh
# check_layers: the pages and the API read through the domain.  No file of src/web or src/api
# includes a store header, directly or through the headers it includes (quoted includes,
# resolved under src/), and none names the store (store_, STORE_).  Prints TAP-like ok / not ok
# lines; exits 1 if anything fails.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
fails=0
n=0

# Every header a file pulls in, transitively, one per line.
headers() {
    seen=""
    todo="$1"
    while [ -n "$todo" ]; do
        set -- $todo
        cur=$1
        shift
        todo="$*"
        for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$cur"); do
            p="src/$inc"
            [ -f "$p" ] || p="$(dirname "$cur")/$inc"
            [ -f "$p" ] || continue
            case " $seen " in *" $p "*) continue ;; esac
            seen="$seen $p"
            todo="$todo $p"
        done
    done
    echo "$seen" | tr ' ' '\n' | sed '/^$/d'
}

for f in src/web/*.c src/web/*.h src/api/*.c; do
    n=$((n + 1))
    bad=$(headers "$f" | grep '/store/' | tr '\n' ' ')
    names=$(grep -n 'store_\|STORE_' "$f" | head -3 | tr '\n' ' ')
    if [ -n "$bad$names" ]; then
        fails=$((fails + 1))
        echo "not ok $n - $f reaches the store: ${bad}${names}"
    else
        echo "ok $n - $f"
    fi
done
echo "1..$n"
[ "$fails" -eq 0 ]
