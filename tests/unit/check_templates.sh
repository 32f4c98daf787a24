#!/bin/sh
# check_templates: check the national reporting templates (data/templates/NNNN.json) and the
# assistance taxonomy (data/templates/taxonomy.json) with jq. The format is described in
# data/templates/README.md. Prints TAP-like ok / not ok lines; exits 1 if anything fails.
#
#   sh tests/unit/check_templates.sh         check data/templates, then self-test the checker
#                                            on broken copies (each must be caught)
#   sh tests/unit/check_templates.sh DIR     check the templates in DIR only
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SELF="$ROOT/tests/unit/check_templates.sh"
if [ $# -ge 1 ]; then DIR=$1; SELFTEST=0; else DIR="$ROOT/data/templates"; SELFTEST=1; fi
TAX="$DIR/taxonomy.json"
fails=0
n=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

command -v jq >/dev/null 2>&1 || { echo "not ok 1 - jq is installed"; exit 1; }

# Shared jq definitions. Every check program yields an array of error messages; [] is a pass.
DEFS='
def questions: [.sections[]?.questions[]?];
def qtypes: ["ynd","yn","number","text","single","multi","contact","table","file","group"];
def ftypes: ["ynd","yn","number","text","single","multi","date","url","email","file"];
def typekeys: {"ynd":[],"yn":[],"contact":[],"date":[],"url":[],"email":[],
  "number":["min","max","integer","unit"], "text":["max_length","multiline"],
  "single":["options","options_from","other"], "multi":["options","options_from","other"],
  "table":["columns","min_rows","max_rows"], "file":["accept","max_bytes"], "group":["fields"]};
def inarr($a): . as $x | any($a[]; . == $x);
def dups: group_by(.) | map(select(length > 1) | .[0]);
def isid: type == "string" and test("^[a-z0-9_]+$");
def isqid: type == "string" and test("^[a-z0-9_]+(\\.[a-z0-9_]+)*$");
def isint: type == "number" and . == floor;
def tax_ids($tax; $from): ($from | ltrimstr("taxonomy.")) as $l | [$tax[$l][]?.id];
def values_of($tax): if .type == "ynd" then ["yes","no","developing"]
  elif .type == "yn" then ["yes","no"]
  elif .type == "single" or .type == "multi" then
    (if has("options_from") then tax_ids($tax; .options_from) else [.options[]?.id] end)
    + (if .other == true then ["other"] else [] end)
  else [] end;
# errors in the type-specific part of a question ($what = "question") or of a field/column
def spec_errors($where; $types; $what):
  . as $q
  | (if $what == "question" then ["id","number","type","text","help","refs","required","when"]
     else ["id","type","label","help","required"] end) as $common
  | if (.type | type) != "string" or (.type | inarr($types) | not) then
      ["\($where): type \(.type | tojson) is not one of \($types | join(", "))"]
    else
      [ (keys[] | select(inarr($common + typekeys[$q.type]) | not) | "\($where): key \(.) does not belong to type \($q.type)"),
        (if has("required") and (.required | type) != "boolean" then "\($where): required must be true or false" else empty end),
        (if has("help") and (.help | type) != "string" then "\($where): help must be a string" else empty end),
        (if $what != "question" and ((.label | type) != "string" or .label == "") then "\($where): label missing" else empty end),
        (if .type == "text" then
           (if (.max_length | isint | not) or .max_length < 1 then "\($where): text needs max_length, a positive integer" else empty end),
           (if has("multiline") and (.multiline | type) != "boolean" then "\($where): multiline must be true or false" else empty end)
         elif .type == "number" then
           ((.min, .max) | select(. != null and type != "number") | "\($where): min and max must be numbers"),
           (if (.min | type) == "number" and (.max | type) == "number" and .min > .max then "\($where): min > max" else empty end),
           (if has("integer") and (.integer | type) != "boolean" then "\($where): integer must be true or false" else empty end),
           (if has("unit") and (.unit | type) != "string" then "\($where): unit must be a string" else empty end)
         elif .type == "single" or .type == "multi" then
           (if has("options") == has("options_from") then "\($where): needs exactly one of options and options_from" else empty end),
           (if has("options") then
              (if (.options | type) != "array" or (.options | length) == 0 then "\($where): options must be a non-empty array"
               else
                 (.options[] | select((.id | isid | not) or (.label | type) != "string" or (keys - ["id","label","help"] | length) > 0)
                  | "\($where): bad option \(tojson)"),
                 (.options | map(.id) | dups[] | "\($where): duplicate option id \(.)"),
                 (if any(.options[]; .id == "other") then "\($where): option id other is reserved for \"other\": true" else empty end)
               end)
            else empty end),
           (if has("other") and (.other | type) != "boolean" then "\($where): other must be true or false" else empty end)
         elif .type == "group" then
           (if (.fields | type) != "array" or (.fields | length) == 0 then "\($where): group needs non-empty fields"
            else (.fields[] | (.id | tostring) as $f |
                   if (.id | isid | not) then "\($where): bad field id \($f)" else empty end,
                   spec_errors("\($where) field \($f)"; ftypes; "field")[]),
                 (.fields | map(.id) | dups[] | "\($where): duplicate field id \(.)")
            end)
         elif .type == "table" then
           (if (.columns | type) != "array" or (.columns | length) == 0 then "\($where): table needs non-empty columns"
            else (.columns[] | (.id | tostring) as $c |
                   if (.id | isid | not) then "\($where): bad column id \($c)" else empty end,
                   spec_errors("\($where) column \($c)"; ftypes; "column")[]),
                 (.columns | map(.id) | dups[] | "\($where): duplicate column id \(.)")
            end),
           ((.min_rows, .max_rows) | select(. != null and (isint | not)) | "\($where): min_rows and max_rows must be integers"),
           (if (.min_rows | type) == "number" and (.max_rows | type) == "number" and .min_rows > .max_rows then "\($where): min_rows > max_rows" else empty end)
         elif .type == "file" then
           (if (.accept | type) != "array" or (.accept | length) == 0
               or any(.accept[]; type != "string" or (test("^[a-z]+/[a-z0-9.+-]+$") | not))
            then "\($where): file needs accept, a non-empty list of MIME types" else empty end),
           (if (.max_bytes | isint | not) or .max_bytes < 1 then "\($where): file needs max_bytes, a positive integer" else empty end)
         else empty end) ]
    end;
'

# check DESCRIPTION FILE JQ-PROGRAM [jq options...]: the program prints error lines; none is a pass
check() {
    desc=$1; file=$2; prog=$3; shift 3
    out=$(jq -r "$@" "$DEFS $prog | .[]" "$file" 2>&1)
    rc=$?
    if [ $rc -eq 0 ] && [ -z "$out" ]; then
        ok "$desc"
    else
        notok "$desc"
        printf '%s\n' "$out" | head -n 20 | sed 's/^/#   /'
    fi
}

# ---- the taxonomy
if [ ! -f "$TAX" ]; then
    notok "taxonomy.json exists"
    echo "# cannot go on"
    exit 1
fi
if jq empty "$TAX" 2>/dev/null; then ok "taxonomy.json is valid JSON"; else notok "taxonomy.json is valid JSON"; echo "# cannot go on"; exit 1; fi
check "taxonomy.json: categories and kinds have unique, well-formed ids and names" "$TAX" '
  [ (if (.categories | type) != "array" or (.kinds | type) != "array" then "categories and kinds must be arrays" else empty end),
    ((.categories[]?, .kinds[]?) | select((.id | isid | not) or (.name | type) != "string" or .name == "") | "bad entry \(tojson)"),
    ((.categories // []) | map(.id) | dups[] | "duplicate category \(.)"),
    ((.kinds // []) | map(.id) | dups[] | "duplicate kind \(.)"),
    (.categories[]? | select((.mosaic | type) != "array" or any(.mosaic[]; type != "string" or (test("^[0-9]{2}\\.[0-9]{2}$") | not)))
       | "\(.id): mosaic must be a list of module codes like 05.30") ]'
check "taxonomy.json: 18 thematic categories and 6 kinds of assistance" "$TAX" '
  [ (if (.categories | length) != 18 then "\(.categories | length) categories" else empty end),
    (if (.kinds | length) != 6 then "\(.kinds | length) kinds" else empty end) ]'

# ---- the templates, oldest cycle first
files=$(ls "$DIR" | grep -E '^[0-9]{4}\.json$' | sort)
if [ -z "$files" ]; then notok "templates exist in $DIR"; exit 1; fi
prevcycle=null
prevfile=
for f in $files; do
    path="$DIR/$f"
    year=${f%.json}
    if jq empty "$path" 2>/dev/null; then
        ok "$f: valid JSON"
    else
        notok "$f: valid JSON"
        jq empty "$path" 2>&1 | sed 's/^/#   /'
        prevcycle=$year; prevfile=
        continue
    fi

    check "$f: top-level keys; cycle $year; based_on $prevcycle" "$path" '
      [ (keys[] | select(inarr(["cycle","meeting","title","version","based_on","taxonomy","sections","renamed","split","merged","dropped"]) | not)
           | "unknown top-level key \(.)"),
        (if .cycle != $year then "cycle is \(.cycle | tojson), the file name says \($year)" else empty end),
        (if .based_on != $prev then "based_on is \(.based_on | tojson), the previous template is \($prev | tojson)" else empty end),
        (if (.version | isint | not) or .version < 1 then "version must be a positive integer" else empty end),
        (if (.title | type) != "string" or .title == "" then "title missing" else empty end),
        (if has("meeting") and (.meeting | type) != "string" then "meeting must be a string" else empty end),
        (if .taxonomy != "taxonomy.json" then "taxonomy must be \"taxonomy.json\"" else empty end),
        (if (.sections | type) != "array" or (.sections | length) == 0 then "sections must be a non-empty array" else empty end),
        (.sections[]? | select((.id | type) != "string" or (.id | test("^[0-9]+$") | not) or (.title | type) != "string"
              or (.questions | type) != "array" or (.questions | length) == 0 or (keys - ["id","title","help","questions"] | length) > 0)
           | "bad section \(.id | tojson): needs id (digits), title and non-empty questions"),
        ([.sections[]?.id] | dups[] | "duplicate section id \(.)"),
        ((.renamed, .split, .merged) | select(. != null and type != "object") | "renamed, split and merged must be objects"),
        (if has("dropped") and (.dropped | type) != "array" then "dropped must be an array" else empty end) ]' \
        --argjson year "$year" --argjson prev "$prevcycle"

    check "$f: question ids are unique and well-formed" "$path" '
      [ (questions[] | select(.id | isqid | not) | "bad question id \(.id | tojson)"),
        (questions | map(.id) | dups[] | "duplicate question id \(.)") ]'

    check "$f: every question has a number under its section, unique" "$path" '
      [ (.sections[] as $s | $s.questions[]
           | select((.number | type) != "string" or (.number | test("^[0-9]+(\\.[0-9]+)+$") | not) or (.number | startswith($s.id + ".") | not))
           | "\(.id): number \(.number | tojson) is not under section \($s.id)"),
        (questions | map(.number) | dups[] | "duplicate number \(.)") ]'

    check "$f: types are from the list, with the keys their type needs" "$path" '
      [ (questions[] | select((.text | type) != "string" or .text == "") | "\(.id): text missing"),
        (questions[] | .id as $id | spec_errors($id; qtypes; "question")[]) ]'

    check "$f: every when refers to an earlier question and uses values valid for its type" "$path" '
      questions as $qs
      | [ range(0; $qs | length) as $i | $qs[$i] as $q | select($q | has("when")) | $q.when as $w
          | ([$qs[0:$i][] | select(.id == $w.question)] | .[0]) as $t
          | if ($w | type) != "object" then "\($q.id): when must be an object"
            elif $t == null then "\($q.id): when refers to \($w.question | tojson), which is not an earlier question"
            else ([$w | keys[] | select(. != "question")]) as $k
              | ($t | values_of($tax[0])) as $valid
              | if ($k | length) != 1 then "\($q.id): when needs exactly one of in, has, answered"
                elif $k[0] == "answered" then (if $w.answered == true then empty else "\($q.id): answered must be true" end)
                elif $k[0] == "in" then
                  (if ($t.type | inarr(["ynd","yn","single"]) | not) then "\($q.id): in is for ynd, yn and single questions; \($t.id) is \($t.type)"
                   elif ($w.in | type) != "array" or ($w.in | length) == 0 then "\($q.id): in must be a non-empty array"
                   else ($w.in[] | select(inarr($valid) | not) | "\($q.id): \(tojson) is not a value of \($t.id) (\($t.type))") end)
                elif $k[0] == "has" then
                  (if $t.type != "multi" then "\($q.id): has is for multi questions; \($t.id) is \($t.type)"
                   elif ($w.has | type) != "array" or ($w.has | length) == 0 then "\($q.id): has must be a non-empty array"
                   else ($w.has[] | select(inarr($valid) | not) | "\($q.id): \(tojson) is not an option of \($t.id)") end)
                else "\($q.id): unknown when key \($k[0])" end
            end ]' --slurpfile tax "$TAX"

    check "$f: every options_from names a taxonomy list" "$path" '
      [ questions[] | .id as $q | (., .fields[]?, .columns[]?) | select(has("options_from")) | .options_from as $o
        | select(($o | type) != "string" or ($o | test("^taxonomy\\.[a-z_]+$") | not)
                 or ($tax[0][$o | ltrimstr("taxonomy.")] | type) != "array")
        | "\($q)\(if .id == $q then "" else " " + (.id | tostring) end): options_from \($o | tojson) is not a taxonomy list" ]' --slurpfile tax "$TAX"

    check "$f: every question has refs, all well-formed paragraph addresses in range" "$path" '
      {"I": 22, "II": 41, "III": 18, "IV": 2} as $poa
      | [ questions[] | .id as $id
          | if (.refs | type) != "array" or (.refs | length) == 0 then "\($id): refs missing"
            else .refs[] as $r
              | if ($r | type) != "string"
                   or ($r | test("^(PoA (I|II|III|IV)\\.[0-9]+|ITI [0-9]+[a-z]?|(BMS[0-9]|RevCon[0-9]) .+)$") | not)
                then "\($id): bad ref \($r | tojson)"
                elif ($r | startswith("PoA ")) then
                  ($r | capture("^PoA (?<s>[IV]+)\\.(?<n>[0-9]+)$")
                   | select((.n | tonumber) < 1 or (.n | tonumber) > $poa[.s])
                   | "\($id): \($r): section \(.s) of the PoA has \($poa[.s]) paragraphs")
                elif ($r | startswith("ITI ")) then
                  ($r | capture("^ITI (?<n>[0-9]+)") | select((.n | tonumber) < 1 or (.n | tonumber) > 38)
                   | "\($id): \($r): the ITI has 38 paragraphs")
                elif ($r | test("^BMS8 [0-9]+$")) then
                  ($r | capture("^BMS8 (?<n>[0-9]+)$") | select((.n | tonumber) < 1 or (.n | tonumber) > 99)
                   | "\($id): \($r): the BMS8 outcome has 99 paragraphs")
                else empty end
            end ]'

    check "$f: renamed/split/merged/dropped ids exist in the previous cycle (old) and in this one (new); kept ids keep their type" "$path" '
      ($prev[0]) as $p
      | (questions | map({key: .id, value: .type}) | from_entries) as $now
      | (if $p == null then {} else ($p | questions | map({key: .id, value: .type}) | from_entries) end) as $old
      | (.renamed // {}) as $ren | (.split // {}) as $spl | (.merged // {}) as $mrg | (.dropped // []) as $drp
      | if $p == null then
          [ if ([$ren, $spl, $mrg, $drp] | map(length) | add) > 0 then "the first template has no previous cycle to map from" else empty end ]
        else
          [ ($ren | to_entries[]
              | (if $old[.key] == null then "renamed: \(.key) is not in the previous template" else empty end),
                (if (.value | type) != "string" or $now[.value] == null then "renamed: \(.value | tojson) is not in this template" else empty end),
                (if $now[.key] != null then "renamed: \(.key) still exists in this template" else empty end),
                (if (.value | type) == "string" and $old[.value] != null then "renamed: \(.value) already existed in the previous template" else empty end),
                (if $old[.key] != null and (.value | type) == "string" and $now[.value] != null and $old[.key] != $now[.value]
                 then "renamed: \(.key) (\($old[.key])) and \(.value) (\($now[.value])) differ in type" else empty end)),
            ($spl | to_entries[]
              | (if $old[.key] == null then "split: \(.key) is not in the previous template" else empty end),
                (if (.value | type) != "array" or (.value | length) < 2 then "split: \(.key) must map to two or more ids"
                 else (.value[] | select($now[.] == null) | "split: \(.) is not in this template") end)),
            ($mrg | to_entries[]
              | (if $now[.key] == null then "merged: \(.key) is not in this template" else empty end),
                (if (.value | type) != "array" or (.value | length) < 2 then "merged: \(.key) must map from two or more ids"
                 else (.value[] | select($old[.] == null) | "merged: \(.) is not in the previous template") end)),
            ($drp[] | (if $old[.] == null then "dropped: \(.) is not in the previous template" else empty end),
                      (if $now[.] != null then "dropped: \(.) still exists in this template" else empty end)),
            ( ([$ren | keys[]] + [$spl | keys[]] + [$mrg[]? | .[]?] + $drp) as $mapped
              | $old | keys[] | select($now[.] == null and (inarr($mapped) | not))
              | "\(.): in the previous template, gone from this one, and not renamed, split, merged or dropped"),
            ( $old | to_entries[] | select($now[.key] != null and $now[.key] != .value)
              | "\(.key) changed type from \(.value) to \($now[.key]); give it a new id and record the change") ]
        end' --slurpfile prev "${prevfile:-/dev/null}"

    prevcycle=$year
    prevfile=$path
done

# ---- self-test: each broken copy must be caught
if [ "$SELFTEST" = 1 ]; then
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/check_templates.XXXXXX")
    trap 'rm -rf "$TMP"' EXIT INT TERM
    latest=$(printf '%s\n' $files | tail -n 1)
    # breaks DESCRIPTION JQ-FILTER: apply the filter to a copy of the latest template; the checker must fail
    breaks() {
        rm -rf "$TMP/t"; mkdir "$TMP/t"; cp "$DIR"/*.json "$TMP/t/"
        if jq "$2" "$DIR/$latest" >"$TMP/t/$latest" 2>"$TMP/jq.err" && [ -s "$TMP/t/$latest" ] \
           && ! sh "$SELF" "$TMP/t" >"$TMP/out" 2>&1; then
            ok "self-test: catches $1"
        else
            notok "self-test: catches $1"
            sed 's/^/#   /' "$TMP/jq.err"
        fi
    }
    breaks "a duplicate question id" '.sections[0].questions[1].id = .sections[0].questions[0].id'
    breaks "a when that points forward" '.sections[0].questions[0].when = {"question": .sections[1].questions[0].id, "answered": true}'
    breaks "a when value invalid for its type" '(.sections[] | .questions[] | select(.when.in != null)) |= (.when.in = ["maybe"])'
    breaks "a PoA ref out of range" '.sections[0].questions[0].refs = ["PoA II.42"]'
    breaks "a malformed ref" '.sections[0].questions[0].refs = ["PoA 2.4"]'
    breaks "an unknown type" '.sections[0].questions[0].type = "boolean"'
    breaks "an options_from outside the taxonomy" '(.. | objects | select(has("options_from"))) |= (.options_from = "taxonomy.regions")'
    breaks "a renamed id missing from the previous cycle" '.renamed = {"no.such.question": .sections[0].questions[0].id}'
    breaks "a question dropped silently" '.sections[0].questions |= .[1:]'
    breaks "a kept id that changes type" '(.sections[] | .questions[] | select(.type == "yn")) |= (.type = "ynd") | (.sections[] | .questions[] | select(.when.in == ["no"])) |= del(.when)'
    breaks "a text question without max_length" '(.sections[] | .questions[] | select(.type == "text")) |= del(.max_length)'
fi

if [ "$fails" -gt 0 ]; then
    echo "# $fails of $n failed"
    exit 1
fi
echo "# all $n passed"
exit 0
