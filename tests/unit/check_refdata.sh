#!/bin/sh
# check_refdata: build tools/gen_refdata, load migrations/0001_init.sql (and 0008_ref_name.sql) and the generated
# reference data into a scratch SQLite database (foreign keys on), and check the figures.
# Also checks that the generator rejects bad input. Prints TAP-like ok / not ok lines;
# exits non-zero if anything fails.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/check_refdata.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
CC=${CC:-gcc}
fails=0
n=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

# is DESCRIPTION EXPECTED SQL: the query's output must equal EXPECTED
is() {
    got=$(sqlite3 -batch "$TMP/ref.db" "$3" 2>&1)
    if [ "$got" = "$2" ]; then ok "$1"; else notok "$1 (expected '$2', got '$got')"; fi
}

# ge DESCRIPTION MIN SQL: the query's single number must be >= MIN
ge() {
    got=$(sqlite3 -batch "$TMP/ref.db" "$3" 2>&1)
    if [ -n "$got" ] && [ "$got" -ge "$2" ] 2>/dev/null; then ok "$1"; else notok "$1 (expected >= $2, got '$got')"; fi
}

# build
if $CC -std=c11 -Wall -Wextra -Werror -O2 "$ROOT"/tools/gen_refdata/*.c \
        $(pkg-config --cflags --libs jansson expat) -o "$TMP/gen_refdata" 2>"$TMP/cc.err"; then
    ok "gen_refdata builds with -Wall -Wextra -Werror"
else
    cat "$TMP/cc.err"
    notok "gen_refdata builds with -Wall -Wextra -Werror"
    echo "# cannot go on"
    exit 1
fi

# generate
if "$TMP/gen_refdata" "$ROOT/data" >"$TMP/refdata.sql" 2>"$TMP/gen.err"; then
    ok "gen_refdata data exits 0"
else
    sed 's/^/# /' "$TMP/gen.err"
    notok "gen_refdata data exits 0"
    exit 1
fi
sed 's/^/# /' "$TMP/gen.err"
grep -qE '^(BEGIN|COMMIT)' "$TMP/refdata.sql" \
    && notok "output leaves transactions to the loader" || ok "output leaves transactions to the loader"

# load
if { echo "PRAGMA foreign_keys=ON;"; cat "$ROOT/migrations/0001_init.sql" "$ROOT/migrations/0002_reports.sql" "$ROOT/migrations/0007_cycles.sql" "$ROOT/migrations/0008_ref_name.sql"; echo "BEGIN;"; cat "$TMP/refdata.sql"; echo "COMMIT;"; } \
        | sqlite3 -batch -bail "$TMP/ref.db" >"$TMP/load.out" 2>&1; then
    ok "schema and reference data load with foreign keys on"
else
    sed 's/^/# /' "$TMP/load.out"
    notok "schema and reference data load with foreign keys on"
    exit 1
fi
is "no foreign key violations" "" "PRAGMA foreign_key_check;"

# figures
is "195 States" 195 "SELECT count(*) FROM state;"
is "193 Member States" 193 "SELECT count(*) FROM state WHERE status='member';"
is "2 observer States (PSE, VAT)" "PSE VAT" "SELECT group_concat(iso3,' ') FROM (SELECT iso3 FROM state WHERE status='observer' ORDER BY iso3);"
is "1170 State names" 1170 "SELECT count(*) FROM state_name;"
is "6 names for every State" 0 "SELECT count(*) FROM state s WHERE (SELECT count(*) FROM state_name n WHERE n.iso3=s.iso3) <> 6;"
is "5 regional groups" 5 "SELECT count(*) FROM regional_group;"
is "group sizes AFR 54 APG 54 EEG 23 GRULAC 33 WEOG 29" "AFR 54|APG 54|EEG 23|GRULAC 33|WEOG 29" \
    "SELECT group_concat(g, '|') FROM (SELECT grp || ' ' || count(*) AS g FROM state WHERE grp IS NOT NULL GROUP BY grp ORDER BY grp);"
is "States in no group: KIR VAT" "KIR VAT" "SELECT group_concat(iso3,' ') FROM (SELECT iso3 FROM state WHERE grp IS NULL ORDER BY iso3);"
is "5 M49 regions of level 1" "002 009 019 142 150" "SELECT group_concat(code,' ') FROM (SELECT code FROM region WHERE level=1 ORDER BY code);"
is "every State has region and subregion" 0 "SELECT count(*) FROM state WHERE region IS NULL OR subregion IS NULL;"
is "regions, subregions and intermediates at the right levels" 0 \
    "SELECT count(*) FROM state s JOIN region r ON r.code=s.region JOIN region sr ON sr.code=s.subregion
       LEFT JOIN region ir ON ir.code=s.intermediate
      WHERE r.level<>1 OR sr.level<>2 OR sr.parent<>s.region
         OR (s.intermediate IS NOT NULL AND (ir.level<>3 OR ir.parent<>s.subregion));"
is "KEN: Africa, Sub-Saharan Africa, Eastern Africa (014), AFR" "002|202|014|AFR" \
    "SELECT region||'|'||subregion||'|'||intermediate||'|'||grp FROM state WHERE iso3='KEN';"
is "014 is Eastern Africa" "Eastern Africa" "SELECT name FROM region WHERE code='014';"
is "KEN in AU, EAC, IGAD, RECSA" "AU EAC IGAD RECSA" \
    "SELECT group_concat(org,' ') FROM (SELECT org FROM organisation_member WHERE iso3='KEN' AND org IN ('AU','EAC','IGAD','RECSA') ORDER BY org);"
is "FRA: Western Europe, no intermediate" "150|155|" "SELECT region||'|'||subregion||'|'||coalesce(intermediate,'') FROM state WHERE iso3='FRA';"
is "BRA: Americas, Latin America and the Caribbean, South America" "019|419|005" \
    "SELECT region||'|'||subregion||'|'||intermediate FROM state WHERE iso3='BRA';"
is "USA: Northern America, WEOG" "019|021|WEOG" "SELECT region||'|'||subregion||'|'||grp FROM state WHERE iso3='USA';"
is "FRA in Russian: Франция" "Франция" "SELECT name FROM state_name WHERE iso3='FRA' AND lang='ru';"
is "CHN in Chinese: 中国" "中国" "SELECT name FROM state_name WHERE iso3='CHN' AND lang='zh';"
is "BOL in English: the UN short name" "Bolivia (Plurinational State of)" "SELECT name FROM state_name WHERE iso3='BOL' AND lang='en';"
is "state.name is the UN short name" "Côte d'Ivoire|Netherlands (Kingdom of the)" \
    "SELECT group_concat(name,'|') FROM (SELECT name FROM state WHERE iso3 IN ('CIV','NLD') ORDER BY iso3);"
is "GBR official name from iso-codes" "United Kingdom of Great Britain and Northern Ireland" \
    "SELECT official_name FROM state WHERE iso3='GBR';"
ge ">= 15 organisations" 15 "SELECT count(*) FROM organisation;"
is "ECOWAS has 12 members, without BFA, MLI, NER" "12|0" \
    "SELECT count(*)||'|'||sum(iso3 IN ('BFA','MLI','NER')) FROM organisation_member WHERE org='ECOWAS';"
is "EU has 27 members" 27 "SELECT count(*) FROM organisation_member WHERE org='EU';"
is "OSCE has 57 participating States" 57 "SELECT count(*) FROM organisation_member WHERE org='OSCE';"
is "AU has the 54 African States" 54 "SELECT count(*) FROM organisation_member m JOIN state s USING (iso3) WHERE org='AU' AND grp='AFR';"
ge ">= 14 meetings" 14 "SELECT count(*) FROM meeting;"
is "BMS9 1-5 June 2026" "2026-06-01|2026-06-05" "SELECT starts||'|'||ends FROM meeting WHERE code='BMS9';"
is "the last cycle is 2026, BMS9, due 2026-03-31" "2026|BMS9|2026-03-31" "SELECT year||'|'||meeting||'|'||deadline FROM cycle ORDER BY year DESC LIMIT 1;"
is "every cycle opens on or before its deadline" 0 "SELECT count(*) FROM cycle WHERE opens > deadline;"
is "every cycle deadline before its meeting" 0 \
    "SELECT count(*) FROM cycle c JOIN meeting m ON m.code=c.meeting WHERE m.starts IS NOT NULL AND c.deadline>=m.starts;"

is "names of every region in the five other languages" 0 \
    "SELECT count(*) FROM region r, (SELECT 'ar' l UNION SELECT 'zh' UNION SELECT 'fr' UNION SELECT 'ru' UNION SELECT 'es') \
      WHERE NOT EXISTS (SELECT 1 FROM ref_name n WHERE n.kind='region' AND n.code=r.code AND n.lang=l);"
is "014 in French (CLDR): Afrique orientale" "Afrique orientale" "SELECT name FROM ref_name WHERE kind='region' AND code='014' AND lang='fr';"
is "419 in Spanish (M49, not CLDR's)" "América Latina y el Caribe" "SELECT name FROM ref_name WHERE kind='region' AND code='419' AND lang='es';"
is "every group, organisation and meeting named in five languages" 0 \
    "SELECT (SELECT count(*) * 5 FROM regional_group) + (SELECT count(*) * 5 FROM organisation) + (SELECT count(*) * 5 FROM meeting)
          - (SELECT count(*) FROM ref_name WHERE kind IN ('group', 'org', 'meeting'));"
is "AFR in Chinese" "非洲国家组" "SELECT name FROM ref_name WHERE kind='group' AND code='AFR' AND lang='zh';"
is "KEN's official name in French (iso-codes)" "République du Kenya" "SELECT name FROM ref_name WHERE kind='official' AND code='KEN' AND lang='fr';"
is "names.tsv replaces a short name: TUR in Russian" "Турция" "SELECT name FROM state_name WHERE iso3='TUR' AND lang='ru';"

# rejection of bad input: copy data/, break one thing, expect exit 1 and a FILE:LINE message
bad() { # DESCRIPTION PATTERN SED-SCRIPT FILE
    rm -rf "$TMP/bad" && cp -r "$ROOT/data" "$TMP/bad" && sed -i "$3" "$TMP/bad/$4"
    "$TMP/gen_refdata" "$TMP/bad" >"$TMP/bad.out" 2>"$TMP/bad.err"
    rc=$?
    if [ $rc -eq 1 ] && [ ! -s "$TMP/bad.out" ] && grep -q -- "$2" "$TMP/bad.err"; then
        ok "rejects $1"
    else
        sed 's/^/# /' "$TMP/bad.err"
        notok "rejects $1 (rc $rc)"
    fi
}
bad "an unknown ISO3 code" "states.tsv:[0-9]*: unknown ISO3 code XYZ" 's/^KEN\t/XYZ\t/' states.tsv
bad "a duplicate State" "states.tsv:[0-9]*: duplicate State AFG" 's/^AGO\t/AFG\t/' states.tsv
bad "a member list that differs from CLDR's" "TWN (TW) is listed as a member but is not in CLDR" \
    's/^KEN\tmember\tAFR\tKenya/TWN\tmember\tAPG\tTaiwan/' states.tsv
bad "a wrong count" "192 member States and 2 observer States" '/^KEN\t/d' states.tsv
bad "an organisation member not in the States list" "organisations.tsv:[0-9]*: ECOWAS: member TWN is not in states.tsv" \
    's/^\(ECOWAS\t.*\)$/\1 TWN/' organisations.tsv
bad "a cycle with an unknown meeting" "cycles.tsv:[0-9]*: 2026: meeting BMS99 is not in meetings.tsv" \
    's/^2026\tBMS9/2026\tBMS99/' cycles.tsv
bad "a name of an unknown group" "names.tsv:[0-9]*: group XYZ is not in the reference data" 's/^group\tAFR\tzh/group\tXYZ\tzh/' names.tsv
bad "an English name in names.tsv" "names.tsv:[0-9]*: language \"en\"" 's/^group\tAFR\tzh/group\tAFR\ten/' names.tsv
bad "a name given twice" "names.tsv:[0-9]*: org AU fr is named twice" 's/^org\tAES\tfr/org\tAU\tfr/' names.tsv

echo "1..$n"
if [ $fails -ne 0 ]; then
    echo "# $fails of $n failed"
    exit 1
fi
exit 0
