#!/usr/bin/env bash
# The command line as a user runs it: exit codes, messages, stdin, gzip,
# atomic -o, and formats that agree with each other.
# Usage: cli_test.sh path/to/retention path/to/source
# One script, one temporary folder: cases build on files made earlier.
set -uo pipefail
bin="$1"
root="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# Commands with no FILE read a piped stdin: the tests pipe what they mean to.
exec </dev/null
failures=0
passes=0

check() {  # check "description" expected_exit command...
  local what="$1" want="$2"
  shift 2
  "$@" >out.txt 2>err.txt
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"
    sed 's/^/  stdout: /' out.txt | head -5
    sed 's/^/  stderr: /' err.txt | head -5
    failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
}
contains() {  # contains "description" file text
  if grep -qF -- "$3" "$2"; then
    passes=$((passes + 1))
  else
    echo "FAIL: $1: $2 lacks: $3"
    sed 's/^/  | /' "$2" | head -10
    failures=$((failures + 1))
  fi
}
same_figures() {  # same_figures "description" file1.json file2.json: all but "inputs"
  if python3 -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for d in (a, b): d.pop("inputs", None)
sys.exit(a != b)' "$2" "$3"; then
    passes=$((passes + 1))
  else
    echo "FAIL: $1: $2 and $3 differ beyond their inputs"
    failures=$((failures + 1))
  fi
}
same() {  # same "description" file1 file2
  if cmp -s "$2" "$3"; then
    passes=$((passes + 1))
  else
    echo "FAIL: $1: $2 and $3 differ"
    diff "$2" "$3" | head -10
    failures=$((failures + 1))
  fi
}

cat >orders.csv <<'CSV'
order_id,customer_id,order_date,amount
A1,C1,2024-01-05,10.00
A2,C2,2024-01-09,20.00
A3,C1,2024-02-03,5.50
A3,C1,2024-02-03,4.50
A4,C3,2024-02-10T12:00:00Z,30.00
A2,C2,2024-02-11,-5.00
A5,C4,2023-11-20,8.00
A6,C4,2024-02-20,8.00
CSV

check "version" 0 "$bin" --version
contains "version text" out.txt "retention "
check "help" 0 "$bin" report --help
contains "help has examples" out.txt "Examples:"
contains "help says what --to includes" out.txt "inclusive"
check "no subcommand" 2 "$bin"
check "unknown flag" 2 "$bin" report orders.csv --bogus
check "bad period" 2 "$bin" report orders.csv --period 2024-13
contains "bad period message" err.txt "2024-13"
check "bad window" 2 "$bin" report orders.csv --window 3x
check "bad format" 2 "$bin" report orders.csv --format xml
# A table says the zone and margin its figures depend on, when not the
# defaults: the same file gives other numbers under them.
check "table names --tz and --margin" 0 "$bin" report orders.csv --period 2024-01 --tz Europe/Berlin --margin 0.3 --format table -q
contains "table names --tz" out.txt "Days and periods are in Europe/Berlin time (--tz)."
contains "table names --margin" out.txt "CLV is at a gross margin of 0.3 (--margin)."
check "table without settings" 0 "$bin" report orders.csv --period 2024-01 --format table -q
if grep -q -- "--tz\|--margin" out.txt; then echo "FAIL: a table of the defaults names no settings"; failures=$((failures + 1)); else passes=$((passes + 1)); fi
# A flag given twice says so, not CLI11's "At Most 1 required".
check "a flag given twice" 2 "$bin" report orders.csv --period 2024-02 --period 2024-Q1
contains "a flag given twice: message" err.txt '--period is given 2 times and takes one value; give it once'
# An exit code for a check that is not asked for would never be used.
check "--check-exit-code without a check" 2 "$bin" report orders.csv --period 2024-02 --check-exit-code 3
check "--check-exit-code 1 without a check" 2 "$bin" report orders.csv --period 2024-02 --check-exit-code 1
contains "--check-exit-code without a check: message" err.txt 'add --fail-if RULE or --fail-if-restated'
"$bin" report orders.csv --period 2024-02 --format csv -q >render-in.csv
check "render --check-exit-code without a check" 2 "$bin" render render-in.csv --check-exit-code 3
check "--check-exit-code with --fail-if" 3 "$bin" report orders.csv --period 2024-02 --check-exit-code 3 --fail-if 'orders > 0'
# A lifespan of 0 is refused like any other out of range, not taken as
# "not given" (1 / churn).
check "lifespan 0" 2 "$bin" report orders.csv --period 2024-01 --lifespan 0
contains "lifespan 0: message" err.txt '--lifespan is a number of periods above 0'
check "lifespan 1e6" 2 "$bin" report orders.csv --period 2024-01 --lifespan 1e6
check "sql lifespan 0" 2 "$bin" sql report --table orders --period 2024-01 --lifespan 0
# Column numbers start at 1: 0 is wrong for any file (2); past the file's
# columns, for this file (1).
check "column number 0" 2 "$bin" report orders.csv --period 2024-01 --customer-col 0
contains "column number 0: message" err.txt 'numbered from 1'
check "column number past the file" 1 "$bin" report orders.csv --period 2024-01 --customer-col 9
check "subscriptions column number 0" 2 "$bin" report --subscriptions "$root/data/subscriptions.csv" --period 2024-01 --start-col 0
check "bad margin" 2 "$bin" report orders.csv --margin 30

# The figures for 2024-02 by hand (window one month):
# S = {C1, C2} (ordered in Jan); E = {C1, C3, C4} (ordered in Feb)
# N = {C3}; L = {C2}; R = {C4} (first order 2023-11, not active at Feb 1)
# C = {C1, C3, C4}; O = 3 (A3, A4, A6); revenue = 10 + 30 - 5 + 8 = 43
check "single period json" 0 "$bin" report orders.csv --period 2024-02 --format json --as-of 2024-06-01
python3 - out.txt <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
p = doc["periods"][0]
want = dict(start="2024-02-01", end="2024-03-01", customers_start=2, customers_end=3,
            customers_new=1, customers_lost=1, customers_reactivated=1, customers_active=3,
            orders=3, revenue=43, churn_rate=0.5, retention_rate=1.0, partial=False)
bad = {k: (p[k], v) for k, v in want.items() if p[k] != v}
assert doc["schema_version"] == 1 and not bad, bad
PY

check "piped output defaults to json" 0 "$bin" report orders.csv --period 2024-02 --as-of 2024-06-01
python3 -c 'import json,sys; json.load(open("out.txt"))' || { echo "FAIL: piped default is not JSON"; failures=$((failures + 1)); }

check "stdin" 0 sh -c "cat orders.csv | '$bin' report - --period 2024-02 --format json --as-of 2024-06-01"
cp out.txt stdin.json
"$bin" report orders.csv --period 2024-02 --format json --as-of 2024-06-01 >file.json
same_figures "stdin equals file" stdin.json file.json

gzip -c orders.csv >orders.csv.gz
"$bin" report orders.csv.gz --period 2024-02 --format json --as-of 2024-06-01 >gz.json
same_figures "gzip equals plain" gz.json file.json
{ cat orders.csv.gz; printf 'A9,C9,2024-02-15,1.00\n' | gzip -c; } >twice.csv.gz
check "concatenated gzip members" 0 "$bin" validate twice.csv.gz --as-of 2024-06-01
contains "both members read" out.txt "9 rows read"
{ cat orders.csv.gz; printf 'junk'; } >junk.csv.gz
check "junk after gzip on stdin" 1 sh -c "'$bin' report - --period 2024-02 <junk.csv.gz"
contains "junk offset" err.txt "<stdin>: error: the bytes at offset $(wc -c <orders.csv.gz), after the end of the gzip data, are not another gzip member"

# UTF-16 as Excel's "Unicode text" writes it (byte-order mark, tabs, CRLF),
# and big-endian CSV: the same report as the UTF-8 file.
small="$root/data/orders_small.csv"
"$bin" report "$small" --period 2024-02 --format json --as-of 2024-06-01 >utf8.json
{ printf '\xFF\xFE'; sed 's/,/\t/g; s/$/\r/' "$small" | iconv -f UTF-8 -t UTF-16LE; } >unicode.txt
check "UTF-16LE tab-separated text" 0 "$bin" report unicode.txt --period 2024-02 --format json --as-of 2024-06-01
same_figures "UTF-16LE equals UTF-8" out.txt utf8.json
{ printf '\xFE\xFF'; iconv -f UTF-8 -t UTF-16BE "$small"; } >be.csv
check "UTF-16BE CSV" 0 "$bin" report be.csv --period 2024-02 --format json --as-of 2024-06-01
same_figures "UTF-16BE equals UTF-8" out.txt utf8.json
check "UTF-16 gzip on stdin" 0 sh -c "gzip -c unicode.txt | '$bin' report - --period 2024-02 --format json --as-of 2024-06-01"
same_figures "UTF-16 gzip on stdin equals UTF-8" out.txt utf8.json

check "series csv" 0 "$bin" report orders.csv --from 2023-11 --to 2024-02 --every month --format csv --as-of 2024-06-01
[ "$(wc -l <out.txt)" = 5 ] && passes=$((passes + 1)) || { echo "FAIL: series csv rows"; failures=$((failures + 1)); }
contains "series csv has Feb" out.txt "2024-02,2024-02-01,2024-03-01,false,1m,2,3,1,1,1,3,"

# Each record of a series equals the single-period report of that period.
"$bin" report orders.csv --from 2023-11 --to 2024-03 --every month --format json --as-of 2024-06-01 >series.json
for month in 2023-11 2023-12 2024-01 2024-02 2024-03; do
  "$bin" report orders.csv --period "$month" --format json --as-of 2024-06-01 >"single-$month.json"
done
python3 - <<'PY' || failures=$((failures + 1))
import json
series = json.load(open("series.json"))["periods"]
for p in series:
    single = json.load(open("single-%s.json" % p["period"]))["periods"][0]
    assert p == single, (p, single)
PY

check "table on request" 0 "$bin" report orders.csv --period 2024-02 --format table --as-of 2024-06-01
contains "table churn" out.txt "50.0%"
contains "table revenue" out.txt "43.00"
check "partial period" 0 "$bin" report orders.csv --period 2024-02 --format csv --as-of 2024-02-15
contains "partial in csv" out.txt ",true,"

# -o writes atomically; a failing run leaves the previous file untouched.
check "-o json" 0 "$bin" report orders.csv --period 2024-02 -o report.json --as-of 2024-06-01
same "-o equals stdout" report.json file.json
printf 'customer_id,order_date,amount\nC1,2024-02-30,1\n' >bad.csv
check "bad date" 1 "$bin" report bad.csv --period 2024-02 -o report.json
contains "bad date location" err.txt "bad.csv:2:4"
contains "bad date says why" err.txt "2024-02-30"
same "-o untouched on failure" report.json file.json
check "bad data, new -o" 1 "$bin" report bad.csv --period 2024-02 -o fresh.json
[ ! -e fresh.json ] && passes=$((passes + 1)) || { echo "FAIL: half-written fresh.json"; failures=$((failures + 1)); }
[ -z "$(ls | grep '\.tmp\.')" ] && passes=$((passes + 1)) || { echo "FAIL: temp file left"; failures=$((failures + 1)); }

# A write that fails part-way (file size limit) leaves neither a partial
# report nor a temporary file.
cp file.json limited.json
check "write fails mid-way" 1 sh -c "ulimit -f 1; '$bin' report orders.csv --from 2023-01 --to 2024-12 --every day --format json -o limited.json"
contains "write failure message" err.txt "cannot write the output file"
same "-o untouched when the write fails" limited.json file.json
[ -z "$(ls | grep '\.tmp\.')" ] && passes=$((passes + 1)) || { echo "FAIL: temp file left after failed write"; failures=$((failures + 1)); }

# -o follows a symlink (the link stays a link) and writes to devices directly.
mkdir -p real && echo old >real/kpi.json && ln -s real/kpi.json latest.json
check "-o through a symlink" 0 "$bin" report orders.csv --period 2024-02 -o latest.json --as-of 2024-06-01
[ -L latest.json ] && passes=$((passes + 1)) || { echo "FAIL: -o replaced the symlink"; failures=$((failures + 1)); }
same "-o wrote the link's target" real/kpi.json file.json
# A link to nothing is refused before the input is read (exit 2).
ln -sf nowhere/kpi.json dangling.json
check "-o a link to nothing" 2 "$bin" report orders.csv --period 2024-02 -o dangling.json --as-of 2024-06-01
contains "-o a link to nothing: said" err.txt "cannot write dangling.json: it is a link to nowhere/kpi.json, which does not exist"
check "-o /dev/stdout" 0 "$bin" report orders.csv --period 2024-02 --format json -o /dev/stdout --as-of 2024-06-01
same "-o /dev/stdout prints" out.txt file.json
check "-o upper-case extension" 0 "$bin" report orders.csv --period 2024-02 -o UPPER.JSON --as-of 2024-06-01
same "-o .JSON is JSON" UPPER.JSON file.json

# -o never replaces an input, however the path is spelled; the inputs stay
# byte for byte as they were and nothing is written.
sum_before="$(cksum orders.csv orders.csv.gz)"
ln -s orders.csv orders-link.csv
ln orders.csv orders-hard.csv
printf 'customer_id,start_date,end_date\nK1,2024-01-01,\n' >contracts-own.csv
cp contracts-own.csv contracts-own.before
for spelling in orders.csv ./orders.csv "$PWD/orders.csv" orders-link.csv orders-hard.csv "../${PWD##*/}/orders.csv"; do
  check "-o $spelling is the input" 2 "$bin" report orders.csv --period 2024-03 --format csv -o "$spelling"
  contains "-o $spelling names the output" err.txt "-o $spelling is the input file orders.csv"
  check "cohorts -o $spelling is the input" 2 "$bin" cohorts orders.csv --format csv -o "$spelling"
done
check "-o over a gzip input" 2 "$bin" report other.csv orders.csv.gz --period 2024-03 -o orders.csv.gz
contains "-o over a gzip input names both" err.txt "-o orders.csv.gz is the input file orders.csv.gz"
check "-o over a contracts file" 2 "$bin" report --subscriptions contracts-own.csv --period 2024-Q1 --format csv -o contracts-own.csv
contains "-o over a contracts file names both" err.txt "-o contracts-own.csv is the input file contracts-own.csv"
# Nor does stdout redirected onto an input (>> appended the report to it).
for command in "report orders.csv --period 2024-03 --format csv" "validate orders.csv" \
  "cohorts orders.csv --format csv" "clv orders.csv --format csv"; do
  read -r -a words <<<"$command"
  "$bin" "${words[@]}" >>orders.csv 2>err.txt
  got=$?
  [ "$got" = 2 ] && passes=$((passes + 1)) || { echo "FAIL: $command >> its input: exit $got"; failures=$((failures + 1)); }
  contains "$command >> its input: said" err.txt "standard output is redirected to the input file orders.csv"
done
"$bin" report - --period 2024-03 --format csv <orders-hard.csv >>orders.csv 2>err.txt
contains "stdin's file as stdout: said" err.txt "standard output is redirected to the input file read on standard input (-)"
[ "$(cksum orders.csv orders.csv.gz)" = "$sum_before" ] && passes=$((passes + 1)) || { echo "FAIL: -o changed an input"; failures=$((failures + 1)); }
same "-o left the contracts file alone" contracts-own.csv contracts-own.before
[ -z "$(ls | grep '\.tmp\.')" ] && passes=$((passes + 1)) || { echo "FAIL: temp file left by a refused -o"; failures=$((failures + 1)); }
check "-o a folder" 2 "$bin" report orders.csv --period 2024-02 --format json -o real
contains "-o a folder message" err.txt "-o real is a folder"
check "-o /dev/null" 0 "$bin" report orders.csv --period 2024-02 --format json -o /dev/null
check "-o /dev/stdout into a pipe" 0 sh -c "'$bin' report orders.csv --period 2024-02 --format json -o /dev/stdout --as-of 2024-06-01 | cat"
same "-o /dev/stdout into a pipe prints" out.txt file.json
# -o /dev/stdout (or /dev/fd/1, /dev/stderr) writes to the descriptor the
# shell opened, where it stands and with its >>: the file it names is not
# replaced, so a log appended to keeps its lines, and a group's other
# output stays.
printf 'kept line\n' >log.txt
"$bin" report orders.csv --period 2024-02 --format json -o /dev/stdout --as-of 2024-06-01 >>log.txt
{ printf 'kept line\n'; cat file.json; } >log.expected
same "-o /dev/stdout >> log.txt appends" log.txt log.expected
printf 'kept line\n' >log.txt
"$bin" report orders.csv --period 2024-02 --format json -o /dev/stderr --as-of 2024-06-01 2>>log.txt
same "-o /dev/stderr 2>> log.txt appends" log.txt log.expected
{ printf 'kept line\n'; "$bin" report orders.csv --period 2024-02 --format json -o /dev/fd/1 --as-of 2024-06-01; echo end; } >log.txt
echo end >>log.expected
same "-o /dev/fd/1 in a group keeps the group's output" log.txt log.expected

# A replaced file keeps its mode; a new one gets the umask's.
echo old >private.json && chmod 600 private.json
check "-o over a 0600 file" 0 "$bin" report orders.csv --period 2024-02 -o private.json --as-of 2024-06-01
same "-o over a 0600 file wrote" private.json file.json
[ "$(stat -c %a private.json)" = 600 ] && passes=$((passes + 1)) || { echo "FAIL: -o changed the mode of private.json to $(stat -c %a private.json)"; failures=$((failures + 1)); }
check "-o new file under umask 027" 0 sh -c "umask 027; '$bin' report orders.csv --period 2024-02 -o masked.json"
[ "$(stat -c %a masked.json)" = 640 ] && passes=$((passes + 1)) || { echo "FAIL: a new -o file has mode $(stat -c %a masked.json), not 640"; failures=$((failures + 1)); }

# A past --as-of reports what was known that day, whatever came later.
check "backdated as-of" 0 "$bin" report orders.csv --period 2024-02 --format csv --as-of 2024-02-09
contains "backdated as-of ignores later rows" out.txt "2024-02,2024-02-01,2024-03-01,true,1m,2,1,0,1,0,1,0,1,1,10.00,"

check "quantity without price" 2 "$bin" report orders.csv --quantity-col amount
contains "quantity without price message" err.txt "--quantity-col and --price-col go together"
check "usage errors say retention and how to get help" 2 "$bin" bogus
contains "usage prefix" err.txt "retention: "
contains "usage help hint" err.txt "--help"

check "missing file" 1 "$bin" report nowhere.csv --period 2024-02
contains "missing file named" err.txt "nowhere.csv"
check "directory" 1 "$bin" report . --period 2024-02
contains "directory named" err.txt "is a directory"

printf 'customer_id,order_date,amount\nC1,2024-02-01,1\n,2024-02-02,1\n' >nocustomer.csv
check "rows without customer warn" 0 "$bin" report nocustomer.csv --period 2024-02 --format csv
contains "warning text" err.txt "warning: 1 row without a customer id"
contains "warning location" err.txt "nocustomer.csv:3"
check "strict" 1 "$bin" report nocustomer.csv --period 2024-02 --strict

printf '{"customer_id":"C1","order_id":"A1","order_date":"2024-01-05","amount":10}\n' >orders.ndjson
check "ndjson from stdin with --input-format" 0 sh -c "cat orders.ndjson | '$bin' report - --input-format ndjson --period 2024-01 --format csv"
contains "ndjson revenue" out.txt ",10.00,"

# KPI gates: the report is printed, then the exit code says whether a rule broke.
check "gate holds" 1 "$bin" report orders.csv --period 2024-02 --format csv --as-of 2024-06-01 --fail-if 'churn_rate > 0.4'
contains "gate report still printed" out.txt "2024-02,2024-02-01"
contains "gate message" err.txt "--fail-if 'churn_rate > 0.4' holds for 2024-02: churn_rate = 0.5"
check "gate passes" 0 "$bin" report orders.csv --period 2024-02 --format csv --as-of 2024-06-01 --fail-if 'churn_rate > 60%' --fail-if 'orders < 3'
check "gate combined" 1 "$bin" report orders.csv --period 2024-02 --format json --as-of 2024-06-01 --fail-if 'orders < 2 or revenue < 50 and customers_new >= 1'
check "gate on null fails" 1 "$bin" report orders.csv --period 2023-11 --format csv --as-of 2024-06-01 --fail-if 'churn_rate > 0.1'
contains "gate null message" err.txt "cannot be decided for 2023-11: churn_rate = null"
check "gate series names the period" 1 "$bin" report orders.csv --from 2024-01 --to 2024-02 --every month --format csv --as-of 2024-06-01 --fail-if 'customers_lost >= 1'
contains "gate series period" err.txt "holds for 2024-02"
check "bad gate" 2 "$bin" report orders.csv --period 2024-02 --fail-if 'churn > 1'
contains "bad gate message" err.txt "unknown figure"
# A flag that takes one value leaves the FILE after it an input.
check "gate before the file" 1 "$bin" report --period 2024-02 --as-of 2024-06-01 --fail-if 'churn_rate > 0.4' orders.csv --format csv
contains "gate before the file: report printed" out.txt "2024-02,2024-02-01"
check "--columns before the file" 0 "$bin" report --period 2024-02 --columns period,orders orders.csv --format csv
contains "--columns before the file: cut" out.txt "period,orders"
check "render gate before the file" 1 "$bin" render --fail-if 'orders > 0' render-in.csv
check "--subscriptions before an order file" 0 "$bin" report --period 2024-03 --subscriptions "$root/data/subscriptions.csv" "$root/data/orders.csv" --format csv --columns customers_start,orders
contains "--subscriptions before an order file: orders counted" out.txt "16,144"
printf 'customer_id,order_date,amount\nC1,1900-01-01,1\nC2,9999-12-31,1\n' >far_apart.csv
check "series of too many periods" 2 "$bin" report far_apart.csv --every day --as-of 9999-12-31
contains "series limit message" err.txt "has more than 10000 days; use a shorter range or a coarser --every (week, month"
check "series in years" 0 "$bin" report far_apart.csv --every year --as-of 9999-12-31 --format csv
deep="$(printf '(%.0s' $(seq 20000))orders < 1$(printf ')%.0s' $(seq 20000))"
check "gate nested too deep" 2 "$bin" report orders.csv --period 2024-02 --fail-if "$deep"
contains "gate nesting limit" err.txt "at character 65: parentheses nest deeper than 64 levels"

# A file name that is no UTF-8 (Latin-1) is the text \xff in JSON, so
# the document stays JSON.
latin1="$(printf 'na\xffme.csv')"
cp orders.csv "$latin1"
for command in "report --period 2024-02 --format json" "report --period 2024-02 --format ndjson" \
  "cohorts --format json"; do
  read -r -a words <<<"$command"
  "$bin" "${words[@]:0:1}" "$latin1" "${words[@]:1}" --as-of 2024-06-01 >latin1.json 2>/dev/null
  python3 -c 'import json, sys
text = open(sys.argv[1], "rb").read().decode("utf-8")
docs = [json.loads(l) for l in text.splitlines()] if "ndjson" in sys.argv[2] else [json.loads(text)]
assert "na\\\\xffme.csv" in text, text[:300]' latin1.json "$command" && passes=$((passes + 1)) ||
    { echo "FAIL: $command on a Latin-1 file name is no JSON"; failures=$((failures + 1)); }
done
rm -f "$latin1"

# --title names the HTML page: with a format that has no title it is a
# usage error, not silently dropped.
check "--title with --format csv" 2 "$bin" report orders.csv --period 2024-02 --title KPIs --format csv
contains "--title with --format csv: said" err.txt "--title names the HTML page"
"$bin" report orders.csv --period 2024-02 --as-of 2024-06-01 --format csv -o titled.csv 2>/dev/null
check "render --title with json" 2 "$bin" render --title KPIs --format json titled.csv
contains "render --title with json: said" err.txt "--title names the HTML page"
check "--title with html" 0 "$bin" report orders.csv --period 2024-02 --title KPIs -o titled.html --as-of 2024-06-01
contains "--title with html: the page's title" titled.html "<title>KPIs</title>"

# An empty value (a cron line's unset "$OUT" or "$P") is a usage error,
# never the flag left out: every month, or JSON on stdout and no file.
for flags in "--period" "--period 2024-02 -o" "--period 2024-02 --append" \
  "--period 2024-02 --format" "--period 2024-02 --by"; do
  read -r -a words <<<"$flags"
  check "report $flags ''" 2 "$bin" report orders.csv "${words[@]}" "" --as-of 2024-06-01
  contains "report $flags '': said" err.txt "needs a value, not an empty one"
done
# --amount-col with quantity x price: report and sql read one of them alike.
check "--amount-col with --quantity-col" 2 "$bin" report orders.csv --amount-col amount --quantity-col q --price-col p
contains "--amount-col with --quantity-col: said" err.txt "give one of them, not both"
check "sql: --amount-col with --quantity-col" 2 "$bin" sql report --table t --period 2024-02 --amount-col amount --quantity-col q --price-col p
check "sql --table x..y" 2 "$bin" sql report --table x..y --period 2024-02
check "sql --from-query ';'" 2 "$bin" sql report --from-query ' ; ' --period 2024-02
check "sql --tz unknown" 2 "$bin" sql report --table t --period 2024-02 --tz Mars/Olympus
contains "sql --tz unknown: no offsets offered" err.txt "use UTC or a name like Europe/Berlin (the SQL takes no fixed offsets)"
# A name with a control character would be printed raw in the query.
check "sql --table with an escape sequence" 2 "$bin" sql report --table "$(printf 'x\033[31m')" --period 2024-02
contains "sql --table with an escape sequence: shown escaped" err.txt '--table "x\x1b[31m" holds a control character'
[ ! -s out.txt ] && ! grep -q "$(printf '\033')" err.txt && passes=$((passes + 1)) ||
  { echo "FAIL: sql --table with an escape sequence printed it raw"; failures=$((failures + 1)); }
check "sql cohorts --by with an override" 2 "$bin" sql cohorts --table t --by "$(printf 'ch\xe2\x80\xae')"
check "sql --from-query with tabs and line breaks" 0 "$bin" sql report --from-query "$(printf 'SELECT *\n\tFROM orders')" --period 2024-02
check "sql cohorts from after --as-of" 2 "$bin" sql cohorts --table t --from 2030-01 --as-of 2024-06-01
# A history's name with an escape sequence: the summary line escapes it.
# A gate that holds for a segment names it: a value from the file, escaped.
printf 'order_id,customer_id,order_date,amount,channel\nO1,C1,2024-01-05,10.00,a\033]0;pwned\007\033[2J\nO2,C2,2024-01-06,5.00,"d\nW"\n' >gate-segments.csv
check "--fail-if naming an odd segment" 1 "$bin" report gate-segments.csv --period 2024-01 --as-of 2024-06-01 --by channel --fail-if 'orders < 2' --format csv
contains "--fail-if naming an odd segment: escaped" err.txt "a\x1b]0;pwned\x07\x1b[2J"
contains "--fail-if naming a segment with a line break: escaped" err.txt 'd\x0aW'
! grep -q "$(printf '\033')" err.txt && passes=$((passes + 1)) ||
  { echo "FAIL: --fail-if printed a raw ESC"; failures=$((failures + 1)); }
"$bin" report gate-segments.csv --period 2024-01 --as-of 2024-06-01 --by channel --format csv -o gate-segments-report.csv 2>/dev/null
check "render --fail-if naming an odd segment" 1 "$bin" render gate-segments-report.csv --fail-if 'orders < 2' --format json
contains "render --fail-if naming an odd segment: escaped" err.txt 'd\x0aW'
! grep -q "$(printf '\033')" err.txt && passes=$((passes + 1)) ||
  { echo "FAIL: render --fail-if printed a raw ESC"; failures=$((failures + 1)); }
check "--append summary of an odd name" 0 "$bin" report orders.csv --period 2024-02 --as-of 2024-06-01 --append "$(printf 'odd\033[1m.csv')"
contains "--append summary of an odd name: escaped" err.txt 'odd\x1b[1m.csv: 1 row added'
[ "$(grep -c "$(printf '\033')" err.txt)" = 0 ] && passes=$((passes + 1)) || { echo "FAIL: a raw ESC in the --append summary"; failures=$((failures + 1)); }
# Rows, none of them an order: validate says what report without a period stops on.
printf 'customer_id,order_date,amount\n,2024-01-05,1\n,2024-01-06,2\n' >no-customers.csv
check "validate: no row is an order" 0 "$bin" validate no-customers.csv --as-of 2024-06-01
contains "validate: no row is an order: said" out.txt "warning: no row is an order (2 rows read, all left out); a report without --period fails on it"
check "validate --strict: no row is an order" 1 "$bin" validate no-customers.csv --as-of 2024-06-01 --strict
# clv: monetary is the mean repeat transaction, undefined without one (not
# 0, which a column's mean would count); money in the CSV to 4 decimals.
printf 'customer_id,order_date,amount\nA,2024-01-05,0.0115\nA,2024-02-05,0.0125\nA,2024-03-09,0.0135\nB,2024-01-07,0.0200\nC,2024-02-01,0.0150\nC,2024-04-01,0.0110\n' >tiny-amounts.csv
check "clv of sub-cent amounts" 0 "$bin" clv tiny-amounts.csv --calibration-end 2024-06-30 --as-of 2024-06-30 --format csv -q
python3 -c 'import csv, sys
rows = {r["customer"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert rows["B"]["frequency"] == "0" and rows["B"]["monetary"] == "", rows["B"]
assert rows["A"]["monetary"] == "0.0130", rows["A"]
assert all(len(r["clv"].split(".")[1]) == 4 and float(r["clv"]) < 0.1 for r in rows.values()), rows' out.txt &&
  passes=$((passes + 1)) || { echo "FAIL: clv CSV: monetary of x = 0, money to 4 decimals"; failures=$((failures + 1)); }
check "clv JSON of sub-cent amounts" 0 "$bin" clv tiny-amounts.csv --calibration-end 2024-06-30 --as-of 2024-06-30 --format json -q
contains "clv JSON: monetary of x = 0 is null" out.txt '{"customer": "B", "frequency": 0, "recency": 0.0, "age": 25.0, "monetary": null,'
# The date the model stops at came from --as-of: the fix names both.
check "clv: no order by --as-of" 1 "$bin" clv tiny-amounts.csv --as-of 2023-06-01
contains "clv: no order by --as-of: said" err.txt "choose a later --calibration-end (or, without one, a later --as-of)"
# Orders after --as-of are in no figure, and said so: not customers who
# came after the calibration end. A day after today is known to nobody.
printf 'customer_id,order_date,amount\nA,2024-01-01,10\nA,2024-02-01,20\nB,2024-01-05,5\nB,2024-03-01,7\nC,2024-01-09,5\nC,2024-01-20,8\nL,2024-05-01,9\nL,2024-05-09,9\n' >clv-later.csv
check "clv: orders after --as-of" 0 "$bin" clv clv-later.csv --as-of 2024-04-10 --format json
contains "clv: orders after --as-of: noted" err.txt "note: 2 amounts dated after --as-of 2024-04-10 left out of every figure"
grep -q "first bought after the calibration end" err.txt out.txt && { echo "FAIL: clv counted orders after --as-of as later customers"; failures=$((failures + 1)); } || passes=$((passes + 1))
check "clv: a horizon written loosely" 0 "$bin" clv clv-later.csv --as-of 2024-06-01 --horizon "90 D" --format json
contains "clv: a horizon written loosely: written as read" out.txt '"horizon": "90d"'
check "clv: --as-of after today" 2 "$bin" clv clv-later.csv --as-of 2999-01-01
contains "clv: --as-of after today: said" err.txt "--as-of (2999-01-01) is after today"
check "clv: --calibration-end after today" 2 "$bin" clv clv-later.csv --calibration-end 2999-01-01
contains "clv: --calibration-end after today: no --as-of offered" err.txt "give a day up to today"
python3 -c "
import datetime as d
print('customer_id,order_date,amount')
for i in range(930): print(f'A,{d.date(2021,1,1)+d.timedelta(i)},999999999999.99')
print('B,2021-01-02,10'); print('B,2021-02-02,10')" >clv-overflow.csv
check "clv: repeat spend past exact money" 1 "$bin" clv clv-overflow.csv --as-of 2024-01-01
contains "clv: repeat spend past exact money: said" err.txt 'the repeat spend of customer "A" adds up to more than 9.2e14'
# A day no month has (31.02) is named as such, not as a layout to choose.
printf 'customer_id,order_date,amount\na,05.01.2024,1\nb,31.02.2024,1\n' >no-real-day.csv
check "a day no month has, among ambiguous ones" 1 "$bin" report no-real-day.csv --as-of 2024-12-31
contains "a day no month has: named" err.txt 'no-real-day.csv:3:3: error: cannot read the date "31.02.2024" in column '"'"'order_date'"'"'; this one is no real day, read day first or month first: correct it'
printf 'customer_id,order_date,amount\na,31.02.2024,1\n' >no-real-day-alone.csv
check "a day no month has, alone" 1 "$bin" report no-real-day-alone.csv --as-of 2024-12-31
contains "a day no month has, alone: no format offered" err.txt "this one is no real day, read day first or month first: correct it"
# Dates with dots read day first for want of a sign: a later date that
# reads neither way is not told to try the month first.
python3 -c "
print('customer_id,order_date,amount')
for i in range(2100): print(f'C{i},05.03.2024,1')
print('X,abc,1')" >dotted-then-word.csv
check "dotted dates, then a word" 1 "$bin" report dotted-then-word.csv --period 2024-03
contains "dotted dates, then a word: no order to swap" err.txt "cannot read the date \"abc\" in column 'order_date': expected a date in the format '%d.%m.%Y', like 31.12.2024; dates here are read as DD.MM.YYYY"
grep -q "to read the month first" err.txt && { echo "FAIL: dotted dates, then a word: month first offered"; failures=$((failures + 1)); } || passes=$((passes + 1))
# The table names the currency, and what each row's CLV is over.
printf 'customer_id,order_date,amount,currency\nA,2024-02-01,10,EUR\nA,2024-03-01,10,EUR\nB,2024-03-02,5,EUR\n' >eur.csv
check "table: the currency" 0 "$bin" report eur.csv --from 2024-02 --to 2024-03 --every month --format table --as-of 2024-06-01
contains "table: the currency: said" out.txt "Money in EUR."
contains "table: a row's CLV: said" out.txt "CLV is over each row's lifespan, 1 / churn in periods"
check "table: a fixed lifespan" 0 "$bin" report eur.csv --from 2024-02 --to 2024-03 --every month --format table --as-of 2024-06-01 --lifespan 3
contains "table: a fixed lifespan: said" out.txt "CLV is over a lifespan of 3 periods (--lifespan)."
# A byte-order mark twice (a tool that adds one saved a file that had one).
printf '\357\273\277\357\273\277customer_id,order_date,amount\na,2024-01-05,1\n' >two-boms.csv
check "two byte-order marks" 0 "$bin" report two-boms.csv --as-of 2024-12-31 --format csv --columns period,orders
contains "two byte-order marks: read" out.txt "2024-01,1"
# A number flag given text says which flag takes a number.
check "--margin abc" 2 "$bin" clv orders.csv --margin abc
contains "--margin abc: said" err.txt 'retention: --margin takes a number; got "abc"'
# Customers whose --by value is empty share the segment "(empty)" (its
# text, none, once compared with no bytes of memory at all: undefined).
printf 'customer_id,order_date,amount,channel\nc1,2024-01-01,1,\nc2,2024-01-01,1,\n' >empty-segments.csv
check "two customers of an empty segment" 0 "$bin" report empty-segments.csv --by channel --period 2024-01 --as-of 2024-06-01 --format csv --columns segment,customers_active
contains "two customers of an empty segment: one" out.txt "(empty),2"
check "two customers of an empty segment: validate" 0 "$bin" validate empty-segments.csv --by channel --as-of 2024-06-01
# Day cohorts to an --as-of decades ahead: refused at once, not gigabytes
# of cells (three rows took 5 GB).
printf 'customer_id,order_date,amount\nc1,2024-01-01,1\nc2,2024-09-01,1\n' >far-cohorts.csv
check "cohorts of too many cells" 2 "$bin" cohorts far-cohorts.csv --as-of 2099-12-31 --every day --format csv
contains "cohorts of too many cells: said" err.txt "day cohorts over this range have more than a million cells"
# Refunds are no orders: a file of them alone is no report (exit 1, from
# validate too, which a CI runs first), nor are orders all after --as-of
# behind an earlier refund; a later refund starts no cohort, and the
# definitions' first and last order are orders.
printf 'order_id,customer_id,order_date,amount\n1,a,2024-01-05,-5\n2,b,2024-01-06,-3\n' >refunds-only.csv
printf 'order_id,customer_id,order_date,amount\n1,a,2024-01-05,-5\n2,b,2024-06-06,3\n' >refund-before-orders.csv
for cmd in report validate cohorts; do
  check "refunds only: $cmd" 1 "$bin" $cmd refunds-only.csv --as-of 2024-03-01
  cat out.txt err.txt >said.txt
  contains "refunds only: $cmd says" said.txt "no order: 2 of the 2 rows read are refunds (amounts below 0), which lower revenue but are no orders"
  check "orders after --as-of behind a refund: $cmd" 1 "$bin" $cmd refund-before-orders.csv --as-of 2024-03-01
  cat out.txt err.txt >said.txt
  contains "orders after --as-of behind a refund: $cmd says" said.txt "no order is dated on or before --as-of 2024-03-01 (the first is on 2024-06-06)"
done
check "orders after --as-of: validate JSON" 1 "$bin" validate refund-before-orders.csv --as-of 2024-03-01 --format json
python3 -c 'import json, sys; d = json.load(open("out.txt"))["diagnostics"]; sys.exit(not (d[-1]["file"] is None and d[-1]["line"] is None))' &&
  passes=$((passes + 1)) || { echo "FAIL: a finding about all inputs has file null"; failures=$((failures + 1)); }
printf 'order_id,customer_id,order_date,amount\nR1,z,2023-11-20,-5.00\n1,a,2024-01-05,10\n2,b,2024-02-10,20\nR2,z,2024-06-20,-1\n' >late-refund.csv
check "cohorts end at the last order" 0 "$bin" cohorts late-refund.csv --as-of 2024-12-31 --format json
python3 -c 'import json, sys; d = json.load(open("out.txt")); sys.exit(not ([c["cohort"] for c in d["cohorts"]] == ["2024-01", "2024-02"] and d["inputs"]["first_order"] == "2024-01-05" and d["inputs"]["last_order"] == "2024-02-10"))' &&
  passes=$((passes + 1)) || { echo "FAIL: cohorts end at the last order, not a later refund"; failures=$((failures + 1)); }
# A row whose currency cell is empty beside rows in USD: the currency is
# missing, not another one called "".
printf 'customer_id,order_date,amount,currency\na,2024-01-05,5,USD\nb,2024-01-06,3,\n' >no-currency.csv
check "a row without a currency" 1 "$bin" validate no-currency.csv --as-of 2024-03-01
contains "a row without a currency: said" out.txt 'no-currency.csv:3:16: error: no currency here, "USD" since no-currency.csv:2:16'
# Amounts whose month adds up past what is exact: report stops, and so
# does validate, which a CI runs first.
python3 -c "print('customer_id,order_date,amount'); [print(f'c{i},2024-01-{i % 28 + 1:02d},1000000000000') for i in range(1000)]" >beyond-exact.csv
check "revenue beyond exact: report" 1 "$bin" report beyond-exact.csv --period 2024-01 --as-of 2024-06-01
check "revenue beyond exact: validate" 1 "$bin" validate beyond-exact.csv --as-of 2024-06-01
contains "revenue beyond exact: validate says" out.txt "the amounts add up to more than a report can total exactly"
# A margin so small the CLVs are subnormal numbers: written as they are
# (the JSON writer once threw on reading one back, and aborted).
printf 'customer_id,order_date,amount\nc1,2024-01-01,10\nc1,2024-02-01,10\nc2,2024-01-05,10\n' >tiny-margin.csv
check "clv --margin 1e-310 as JSON" 0 "$bin" clv tiny-margin.csv --as-of 2024-04-01 --margin 1e-310 --format json
contains "clv --margin 1e-310: written" out.txt '"margin": 1e-310'
check "--top x" 2 "$bin" clv orders.csv --top x
contains "--top x: said" err.txt 'retention: --top takes a whole number; got "x"'
check "--strict=maybe" 2 "$bin" report orders.csv --strict=maybe
[ "$(grep -c 'takes a' err.txt)" = 0 ] && passes=$((passes + 1)) || { echo "FAIL: a bool flag said to take a number"; failures=$((failures + 1)); }
# A month's revenue past what money holds exactly: the fix is named.
python3 -c 'print("order_id,customer_id,order_date,amount"); [print(f"{i},c{i % 3},2024-01-05,1000000000000") for i in range(1000)]' >huge-month.csv
check "a month's revenue too large" 1 "$bin" report huge-month.csv --as-of 2024-12-31
contains "a month's revenue too large: said" err.txt "the revenue of 2024-01 is too large to represent exactly (beyond ±9.2e14); check the amount column's unit"
# CLV's lifespan is S / L in one division (1 / (L / S) printed 2.6799999999999997).
check "clv_lifespan of 335 / 125" 0 "$bin" report "$root/data/orders.csv" --period 2024-03 --window 90d --as-of 2025-01-01 --format csv --columns customers_start,customers_lost,clv_lifespan
contains "clv_lifespan of 335 / 125: 2.68" out.txt "335,125,2.68"
# A gate on a _change compares the value the outputs publish (12 decimals):
# a threshold copied from the CSV holds.
check "--fail-if on a published _change" 0 "$bin" report "$root/data/orders.csv" --period 2024-02 --compare previous --as-of 2025-01-01 --format csv -q --columns period,churn_rate_change --fail-if 'churn_rate_change > 0.019984594317'
contains "--fail-if on a published _change: printed" out.txt "2024-02,0.019984594317"
# A period without orders has no CLV, and the table no lifespan note under it.
printf 'order_id,customer_id,order_date,amount\n1,A,2023-02-10,10\n2,B,2023-03-05,20\n3,A,2023-03-20,30\n4,C,2024-02-03,40\n5,A,2024-02-08,50\n6,B,2024-02-12,60\n7,C,2024-03-02,5\n8,D,2024-03-05,7\n9,B,2024-03-20,9\n' >no-orders-week.csv
check "table of a week without orders" 0 "$bin" report no-orders-week.csv --period 2024-W11 --as-of 2024-06-01 --format table -q
contains "table of a week without orders: CLV n/a" out.txt "Customer lifetime value"
[ "$(grep -c 'CLV over a lifespan' out.txt)" = 0 ] && passes=$((passes + 1)) || { echo "FAIL: a lifespan note under a CLV of n/a"; failures=$((failures + 1)); }
# render's table of a history split by segment: one block per segment
# with a period column, as report --every gives (it printed one period's
# heading over both months' rows).
"$bin" report "$root/data/orders.csv" --period 2024-02 --by channel --top 2 --as-of 2024-06-01 --append by-history.csv -q
"$bin" report "$root/data/orders.csv" --period 2024-03 --by channel --top 2 --as-of 2024-06-01 --append by-history.csv -q
"$bin" report "$root/data/orders.csv" --from 2024-02 --to 2024-03 --every month --by channel --top 2 --as-of 2024-06-01 --format table -q >by-series.txt
check "render a segmented history as a table" 0 "$bin" render by-history.csv --format table
same "render a segmented history as a table: as report --every" out.txt by-series.txt
# Two exports joined with cat: the second header is named as such.
check "a header again in the middle" 1 sh -c "cat '$root/data/orders_small.csv' '$root/data/orders_small.csv' | '$bin' report - --period 2024-02 --as-of 2024-12-31"
contains "a header again in the middle: said" err.txt '<stdin>:21:22: error: this line repeats the header ("order_date" where a date belongs): files joined with cat?'
# clv's table rounds half away from zero, as report's money: 36.385 is 36.39.
check "clv table rounding" 0 "$bin" clv "$root/data/orders.csv" --as-of 2025-01-01 --format table -q --top 0
# C01170's monetary is 509.39 / 14 = 36.385 exactly, C00945's 438.50 / 4 = 109.625.
grep '^C01170 ' out.txt >rounding-rows.txt
grep '^C00945 ' out.txt >>rounding-rows.txt
contains "clv table rounding: 36.385" rounding-rows.txt " 36.39 "
contains "clv table rounding: 109.625" rounding-rows.txt " 109.63 "
[ "$(grep -c -e ' 36.38 ' -e ' 109.62 ' rounding-rows.txt)" = 0 ] && passes=$((passes + 1)) || { echo "FAIL: clv table rounded a tie down"; failures=$((failures + 1)); }
# Contract dates as Unix seconds (Stripe's API, database dumps) read as
# order dates are; a dump's NULL end is a contract still running.
printf 'customer_id,start_date,end_date\nA,1704448800,\nB,1704877200,1710061200\n' >contracts-unix.csv
check "contracts dated in Unix seconds" 0 "$bin" report --subscriptions contracts-unix.csv --period 2024-03 --as-of 2024-05-01 --format csv --columns customers_start,customers_end
contains "contracts dated in Unix seconds: B ends on 10 March" out.txt "2,1"
printf 'customer_id,started_at,ended_at\nA,2024-01-05,NULL\nB,2024-01-05,2024-03-10\nC,2024-01-05,\\N\nD,2024-01-05,0\nNULL,2024-01-05,\n' >contracts-null.csv
check "contracts with NULL ends" 0 "$bin" report --subscriptions contracts-null.csv --period 2024-03 --as-of 2024-05-01 --format csv --columns customers_start,customers_end
contains "contracts with NULL ends: A, C and D run on, the NULL customer is none" out.txt "4,3"
contains "contracts with NULL ends: the NULL customer left out" err.txt "1 contract row without a customer id left out"
# --compare's change rounds half away from zero, as the values beside it:
# churn 0.0% and 6.25% (shown 6.3%) differ by -6.3 points, not -6.2.
{ echo customer_id,start_date,end_date; for i in $(seq 1 15); do echo "C$i,2024-01-01,"; done; echo "C16,2024-01-01,2024-02-15"; } >contracts-16.csv
check "--compare change in points" 0 "$bin" report --subscriptions contracts-16.csv --period 2024-03 --compare previous --format table --as-of 2024-05-01
contains "--compare change in points: half away from zero" out.txt "-6.3 pts"
# Retention above 100% with contracts: no --window to suggest (refused there).
printf 'customer_id,start_date,end_date\nA,2024-01-10,2024-03-10\nA,2024-04-02,\nB,2024-01-10,\n' >contracts-back.csv
check "retention above 100% with contracts" 0 "$bin" report --subscriptions contracts-back.csv --period 2024-04 --as-of 2024-05-01 --format table
contains "retention above 100% with contracts: noted" out.txt "exceeds 100% when more lapsed customers return than active ones leave."
grep -q -- "--window" out.txt && { echo "FAIL: the contracts' note suggests --window"; failures=$((failures + 1)); } || passes=$((passes + 1))
# Contracts as known on a past --as-of: B's start and A's end come later.
printf 'customer_id,start_date,end_date\nA,2024-01-01,2024-03-20\nB,2024-03-15,\nC,2024-02-01,2024-03-05\n' >contracts-as-of.csv
check "contracts on a past --as-of" 0 "$bin" report --subscriptions contracts-as-of.csv --period 2024-03 --as-of 2024-03-10 --format csv --columns customers_start,customers_end,customers_lost
contains "contracts on a past --as-of: A runs" out.txt "2,1,1"
contains "contracts on a past --as-of: noted" err.txt "note: 1 contract starting after --as-of 2024-03-10 left out, 1 ending after it taken as running (the figures as known that day)"
# Without --as-of (today), an end still to come is a scheduled cancellation: no note.
printf 'customer_id,start_date,end_date\nA,2024-01-01,2099-03-20\n' >contracts-scheduled.csv
check "a scheduled end, default --as-of" 0 "$bin" report --subscriptions contracts-scheduled.csv --period 2024-03 --format csv --columns customers_end
[ "$(grep -c 'taken as running' err.txt)" = 0 ] && passes=$((passes + 1)) || { echo "FAIL: a scheduled end noted without --as-of"; failures=$((failures + 1)); }
# `report "$FILE"` with FILE unset.
check "report ''" 2 "$bin" report "" --period 2024-02
contains "report '': said" err.txt "a FILE argument is empty (an unset shell variable?); give a path, or - for stdin"
check "diff '' new" 2 "$bin" diff "" orders.csv
check "cohorts --every ''" 2 "$bin" cohorts orders.csv --every "" --as-of 2024-06-01
check "validate -o ''" 2 "$bin" validate orders.csv -o ""
check "sql report --table ''" 2 "$bin" sql report --table "" --period 2024-02

# Exit codes: 0 ok, 1 data problem or failed check, 2 usage error; with
# --check-exit-code N a failed check (only) exits N, so CI can tell a
# broken export from a figure that crossed a line.
check "help states the exit codes" 0 "$bin" --help
contains "help exit codes" out.txt "Exit codes: 0 ok; 1 a data problem"
contains "help exit codes: diff's" out.txt "diff exits 1 when the outputs differ"
for command in report validate render; do
  check "$command help states the exit codes" 0 "$bin" $command --help
  contains "$command help exit codes" out.txt "--check-exit-code N (report, validate, render) a failed check"
done
# cohorts makes no check: its help names none.
check "cohorts help states the exit codes" 0 "$bin" cohorts --help
contains "cohorts help exit codes" out.txt "column); 2 a usage error."
grep -q -- "--fail-if" out.txt && { echo "FAIL: cohorts help names --fail-if"; failures=$((failures + 1)); } || passes=$((passes + 1))
check "gate, --check-exit-code 3" 3 "$bin" report orders.csv --period 2024-02 --format csv --as-of 2024-06-01 --fail-if 'churn_rate > 0.4' --check-exit-code 3
check "gate passes, --check-exit-code 3" 0 "$bin" report orders.csv --period 2024-02 --format csv --as-of 2024-06-01 --fail-if 'churn_rate > 0.6' --check-exit-code 3
check "data problem, --check-exit-code 3" 1 "$bin" report bad.csv --period 2024-02 --fail-if 'churn_rate > 0.4' --check-exit-code 3
check "usage error, --check-exit-code 3" 2 "$bin" report orders.csv --period 2024-13 --check-exit-code 3
check "validate errors, --check-exit-code 3" 3 "$bin" validate bad.csv --check-exit-code 3
check "validate clean, --check-exit-code 3" 0 "$bin" validate orders.csv --as-of 2024-06-01 --check-exit-code 3
# A file that could not be read was not checked: a data problem, as help
# lists "unreadable file", however many other files failed their checks.
check "validate unreadable file, --check-exit-code 3" 1 "$bin" validate nowhere.csv --check-exit-code 3
check "validate unreadable and bad, --check-exit-code 3" 1 "$bin" validate bad.csv nowhere.csv --check-exit-code 3
head -c 40 orders.csv.gz >cut.csv.gz
check "validate truncated gzip, --check-exit-code 3" 1 "$bin" validate cut.csv.gz --check-exit-code 3 --format json
if python3 -c 'import json, sys
d = json.load(open("out.txt"))
assert d["unreadable_files"] == 1, d
f = [x for x in d["diagnostics"] if x["check"] == "file"][0]
assert f["line"] is None and f["column"] is None, f' 2>/dev/null; then passes=$((passes + 1)); else echo "FAIL: validate json: a file's finding has null line and column"; failures=$((failures + 1)); fi
printf 'order_id,customer_id,order_date,amount\n' >header-only.csv
check "report on a header-only file" 1 "$bin" report header-only.csv
contains "report on a header-only file names it" err.txt "header-only.csv: error: the file holds no orders (0 rows read); name a period with --period"
# With a period the zeros are reported, never in silence; --strict refuses
# them (a cron job's broken export must not publish a month of zeros).
check "report on a header-only file with a period" 0 "$bin" report header-only.csv --period 2024-02 --format csv
contains "a header-only file with a period warns" err.txt "warning: header-only.csv: the file holds no orders (0 rows read); every count is zero"
check "--strict on a header-only file with a period" 1 "$bin" report header-only.csv --period 2024-02 --strict --append header-only-history.csv
contains "--strict on a header-only file says why" err.txt "header-only.csv: error: the file holds no orders (0 rows read); --strict makes this an error"
[ ! -e header-only-history.csv ] && passes=$((passes + 1)) || { echo "FAIL: --strict on a header-only file wrote the history"; failures=$((failures + 1)); }
# With --as-of, a row dated later decides no customer's segment: A, with a
# refund in x known by then, is in x, not in the y of a later purchase.
printf 'order_id,customer_id,order_date,amount,seg\nR1,A,2024-01-10,-5.00,x\nO1,A,2024-02-10,10.00,y\nO2,B,2024-01-12,7.00,x\n' >seg-as-of.csv
check "a segment as of a day" 0 "$bin" report seg-as-of.csv --period 2024-01 --by seg --as-of 2024-01-31 --format csv --columns segment,revenue
[ "$(tr '\n' ';' <out.txt)" = "segment,revenue;,2.00;x,2.00;" ] && passes=$((passes + 1)) || { echo "FAIL: a later row decided a segment as of a day: $(cat out.txt)"; failures=$((failures + 1)); }
check "the same a day later" 0 "$bin" report seg-as-of.csv --period 2024-01 --by seg --as-of 2024-02-28 --format csv --columns segment,revenue
[ "$(tr '\n' ';' <out.txt)" = "segment,revenue;,2.00;x,7.00;y,-5.00;" ] && passes=$((passes + 1)) || { echo "FAIL: a known purchase decides the segment: $(cat out.txt)"; failures=$((failures + 1)); }
# A cohort range wholly outside the data is said, an error with --strict.
check "cohorts after the data" 0 "$bin" cohorts "$root/data/orders_small.csv" --from 2030-01 --to 2030-03 --as-of 2031-01-01 --format csv
contains "cohorts after the data: warned" err.txt "warning: the cohorts' range (2030-01-01 to 2030-03-31) lies entirely after the last order (the data runs from 2023-06-12 to 2024-03-04)"
# --from after the data without --to: that one cohort, said to be empty,
# not a range ending (at the last order) before it starts.
check "cohorts --from after the data, no --to" 0 "$bin" cohorts "$root/data/orders_small.csv" --from 2030-01 --as-of 2031-01-01 --format csv
contains "cohorts --from after the data, no --to: warned" err.txt "warning: the cohorts' range (2030-01-01 to 2030-01-31) lies entirely after the last order"
check "cohorts before the data, --strict" 1 "$bin" cohorts "$root/data/orders_small.csv" --from 2010-01 --to 2010-03 --as-of 2031-01-01 --format csv --strict
contains "cohorts before the data, --strict: said" err.txt "lies entirely before the first order"
check "cohorts within the data: no warning" 0 "$bin" cohorts "$root/data/orders_small.csv" --from 2023-06 --as-of 2031-01-01 --format csv
grep -q "lies entirely" err.txt && { echo "FAIL: cohorts within the data warned"; failures=$((failures + 1)); } || passes=$((passes + 1))
# --columns in a table keeps the partial mark and the notes below.
check "table --columns on a partial period" 0 "$bin" report "$root/data/orders_small.csv" --period 2024-03 --as-of 2024-03-10 --format table --columns period,churn_rate,revenue --tz Europe/Berlin
contains "table --columns marks the partial period" out.txt "2024-03*"
contains "table --columns says why" out.txt "* partial: the period is not over on 2024-03-10"
contains "table --columns names the zone" out.txt "Days and periods are in Europe/Berlin time (--tz)."
# cohorts alike: an error without a range, a warning with one.
check "cohorts on a header-only file" 1 "$bin" cohorts header-only.csv --format csv
contains "cohorts on a header-only file names it" err.txt "header-only.csv: error: the file holds no orders (0 rows read); name the first cohort with --from"
check "cohorts on a header-only file with --from" 0 "$bin" cohorts header-only.csv --from 2024-01 --format csv
contains "cohorts on a header-only file with --from warns" err.txt "warning: header-only.csv: the file holds no orders (0 rows read)"
check "cohorts --strict on a header-only file" 1 "$bin" cohorts header-only.csv --from 2024-01 --strict --format csv -o header-only-cohorts.csv
contains "cohorts --strict on a header-only file says why" err.txt "header-only.csv: error: the file holds no orders (0 rows read); --strict makes this an error"
[ ! -e header-only-cohorts.csv ] && passes=$((passes + 1)) || { echo "FAIL: cohorts --strict on a header-only file wrote its output"; failures=$((failures + 1)); }
# Refunds alone: refunds of orders the export lacks, an error with a
# period or without, as validate says (not a quiet month of zeros).
printf 'order_id,customer_id,order_date,amount\n3,A,2024-02-05,-10\n' >refunds-only.csv
check "refunds alone with a period" 1 "$bin" report refunds-only.csv --period 2024-02 --format csv --columns orders,revenue
contains "refunds alone with a period: why" err.txt "no order: 1 of the 1 rows read is a refund"
check "refunds alone without a period" 1 "$bin" report refunds-only.csv
check "cohorts of refunds alone with --from" 1 "$bin" cohorts refunds-only.csv --from 2024-01
check "validate of refunds alone" 1 "$bin" validate refunds-only.csv
# A JSON or NDJSON export of no bytes (or blank lines) is an empty file,
# an error, as an empty CSV is: a download cut short is no month of zeros.
# "[]" is an export with no orders.
: >empty.ndjson
printf '\n\n' >blank.json
printf '[]' >no-orders.json
check "empty NDJSON" 1 "$bin" report empty.ndjson --period 2024-02
contains "empty NDJSON: said" err.txt "empty.ndjson: error: the file is empty"
check "blank JSON" 1 "$bin" validate blank.json
check "empty JSON on stdin" 1 sh -c "'$bin' report - --input-format json --period 2024-02 </dev/null"
check "no orders in JSON" 0 "$bin" report no-orders.json --period 2024-02 --format csv --columns orders
check "validate several files, one header only" 0 "$bin" validate orders.csv header-only.csv --as-of 2024-06-01
contains "validate names the header-only file among others" out.txt "header-only.csv: warning: the file holds no rows; the other files are read as usual"
check "--check-exit-code 2 is refused" 2 "$bin" report orders.csv --check-exit-code 2
contains "--check-exit-code 2 says why" err.txt "2 is the usage-error code"
check "--check-exit-code 0 is refused" 2 "$bin" validate orders.csv --check-exit-code 0

# --order-col none: every row is its own order, in CSV and JSON, as the
# SQL takes it.
printf 'order_id,customer_id,order_date,amount\no1,c1,2024-02-05,1\no1,c1,2024-02-05,2\no2,c2,2024-02-10,3\n' >order-none.csv
check "--order-col none" 0 "$bin" report order-none.csv --period 2024-02 --as-of 2024-03-05 --order-col none -q --format csv --columns orders,revenue
contains "--order-col none: every row an order" out.txt "3,6.00"
printf '{"order_id":"o1","customer_id":"c1","order_date":"2024-02-05","amount":1}\n{"order_id":"o1","customer_id":"c1","order_date":"2024-02-05","amount":2}\n' >order-none.ndjson
check "--order-col none on NDJSON" 0 "$bin" report order-none.ndjson --period 2024-02 --as-of 2024-03-05 --order-col none -q --format csv --columns orders,revenue
contains "--order-col none on NDJSON: every object an order" out.txt "2,3.00"

# A title above the header of a gzipped file: the fix reads it through zcat.
printf 'Orders export\norder_id,customer_id,order_date,amount\n1,A,2024-03-01,10\n' | gzip >titled.csv.gz
check "a title above a gzipped header" 1 "$bin" report titled.csv.gz --period 2024-03
contains "a title above a gzipped header: the fix" err.txt "(zcat titled.csv.gz | tail -n +2 > orders.csv)"
# Files without order ids whose days overlap are named: a row in both
# would count twice, and no order id tells.
printf 'customer,date,amount\nA,2024-01-05,10\nB,2024-02-05,5\n' >jan-feb.csv
printf 'customer,date,amount\nB,2024-02-05,5\nC,2024-03-05,5\n' >feb-mar.csv
printf 'customer,date,amount\nD,2024-04-05,5\n' >apr.csv
check "files without order ids that overlap" 0 "$bin" report jan-feb.csv feb-mar.csv --period 2024-02 --format csv
contains "files without order ids that overlap: warned" err.txt "warning: feb-mar.csv has no order ids and holds days the files before it hold too (2024-02-05)"
check "files without order ids that do not overlap" 0 "$bin" report jan-feb.csv apr.csv --period 2024-02 --format csv
if grep -q "holds days the files before it" err.txt; then echo "FAIL: files that do not overlap noted"; failures=$((failures + 1)); else passes=$((passes + 1)); fi

# Sanity checks that stop silent nonsense.
check "a rate against 8" 2 "$bin" report orders.csv --period 2024-02 --fail-if 'churn_rate > 8'
contains "a rate against 8 suggests 8%" err.txt "did you mean 8%?"
check "a rate against 120%" 0 "$bin" report orders.csv --period 2024-02 --format csv --as-of 2024-06-01 --fail-if 'retention_rate > 120%'
check "a period after the data" 0 "$bin" report orders.csv --period 2025-03 --format csv --as-of 2025-06-01
contains "after the data: warned with the span" err.txt "warning: period 2025-03 lies entirely after the last order (the orders run from 2023-11-20 to 2024-02-20)"
# A stale export whose last row is a refund: the period after its last
# order is still after the data, an error with --strict.
printf 'customer,date,amount\nA,2024-01-31,10\nA,2024-06-30,-10\n' >ends-in-refund.csv
check "a period after the last order, before a later refund, --strict" 1 "$bin" report ends-in-refund.csv --period 2024-04 --as-of 2024-12-01 --strict
contains "after the last order, before a later refund: the orders' span" err.txt "period 2024-04 lies entirely after the last order (the orders run from 2024-01-31 to 2024-01-31)"
# The span as known on --as-of: rows dated later are in no figure.
check "a period after the data known on --as-of" 0 "$bin" report orders.csv --period 2023-01 --format csv --as-of 2023-12-31
contains "after the data known on --as-of: its span" err.txt "(the orders known on --as-of 2023-12-31 run from 2023-11-20 to 2023-11-20)"
check "a period before the data" 0 "$bin" report orders.csv --from 2022-01 --to 2022-03 --every month --format csv --as-of 2024-06-01
contains "before the data: warned" err.txt "3 periods (2022-01 to 2022-03) lie entirely before the first order"
contains "before the data: their figures are zeros" err.txt "; their figures are zeros and nulls"
# Right after the data the window still holds January's buyers: they are
# lost, a figure the warning must not call zero.
printf 'customer_id,date,amount\nA,2024-01-10,5\nB,2024-01-20,7\n' >tail.csv
check "a month right after the data" 0 "$bin" report tail.csv --period 2024-02 --format csv --as-of 2024-06-01
contains "right after the data: churn is a figure" out.txt "2024-02,2024-02-01,2024-03-01,false,1m,2,0,0,2,0,"
contains "right after the data: the warning says what is missing" err.txt "it has no orders: no new customers or orders, and no revenue but refunds"
check "a period after the data, --strict" 1 "$bin" report orders.csv --period 2025-03 --format csv --as-of 2025-06-01 --strict
contains "after the data, --strict: an error" err.txt "error: period 2025-03 lies entirely after the last order"
check "a period inside the data" 0 "$bin" report orders.csv --period 2024-01 --format csv --as-of 2024-06-01
[ ! -s err.txt ] && passes=$((passes + 1)) || { echo "FAIL: a period inside the data warned: $(cat err.txt)"; failures=$((failures + 1)); }
check "gate on a partial period" 1 "$bin" report orders.csv --period 2024-02 --format csv --as-of 2024-02-15 --fail-if 'orders < 5'
contains "gate on a partial period says so" err.txt "holds for 2024-02 (partial: as of 2024-02-15): orders = "
check "gate on a whole period" 1 "$bin" report orders.csv --period 2024-02 --format csv --as-of 2024-06-01 --fail-if 'orders < 5'
if grep -q partial err.txt; then echo "FAIL: a whole period called partial"; failures=$((failures + 1)); else passes=$((passes + 1)); fi
for extension in xlsx parquet XLSX; do
  check "-o .$extension" 2 "$bin" report orders.csv --period 2024-02 -o "kpi.$extension"
  contains "-o .$extension lists the formats" err.txt "cannot write .$(echo $extension | tr A-Z a-z) files; the formats are table (.txt), json (.json), ndjson (.ndjson, .jsonl), csv (.csv), tsv (.tsv, .tab), markdown (.md, .markdown), html (.html, .htm), openmetrics (.prom)"
  [ ! -e "kpi.$extension" ] && passes=$((passes + 1)) || { echo "FAIL: kpi.$extension written"; failures=$((failures + 1)); }
done
check "-o .xlsx with --format" 0 "$bin" report orders.csv --period 2024-02 --format csv -o kpi.xlsx --as-of 2024-06-01
check "-o .txt is a table" 0 "$bin" report orders.csv --period 2024-02 -o kpi.txt --as-of 2024-06-01
# --format wins over the name, but a name that says another format is told.
check "--format json -o x.csv" 0 "$bin" report orders.csv --period 2024-02 --format json -o kpi-json.csv --as-of 2024-06-01
contains "--format json -o x.csv: warned" err.txt "warning: -o kpi-json.csv is written as json, as --format says, though its name says csv; name it .json or drop --format"
python3 -c 'import json; json.load(open("kpi-json.csv"))' && passes=$((passes + 1)) || { echo "FAIL: --format json -o x.csv is JSON"; failures=$((failures + 1)); }
check "--format markdown -o x.txt" 0 "$bin" report orders.csv --period 2024-02 --format markdown -o kpi-md.txt --as-of 2024-06-01
[ ! -s err.txt ] && passes=$((passes + 1)) || { echo "FAIL: markdown into .txt warned: $(cat err.txt)"; failures=$((failures + 1)); }
contains "-o .txt table" kpi.txt "Churn rate"

# Time: "today" is the local zone's (TZ), order times are --tz's. The
# README's cron line, run at 00:30 on March 1 in Tokyo and in Berlin (still
# February 29 in UTC), writes February into a file named for February.
# `date` in it sees the same faked clock as the tool (RETENTION_NOW).
cron_line="$(grep -m1 '^0 [0-9]* 1 \* \* retention report' "$root/README.md")"
[ -n "$cron_line" ] && passes=$((passes + 1)) || { echo "FAIL: no cron line in README.md"; failures=$((failures + 1)); }
mkdir -p fakebin kpi
cat >fakebin/date <<'SH'
#!/bin/sh
# date -d EXPR +FORMAT, relative to the faked clock.
[ "$1" = -d ] || exec /bin/date "$@"
exec /bin/date -d "$RETENTION_NOW $2" "$3"
SH
chmod +x fakebin/date
cron_command="$(printf '%s' "$cron_line" | cut -d' ' -f6- | sed -e 's/\\%/%/g' \
  -e "s#/srv/exports/orders-\*\.csv\.gz#$PWD/orders.csv#" -e "s#/srv/kpi/#$PWD/kpi/#" \
  -e "s#^retention #'$bin' #")"
for zone_now in "Asia/Tokyo 2024-03-01T00:30:00+09:00" "Europe/Berlin 2024-03-01T00:30:00+01:00"; do
  set -- $zone_now
  rm -f kpi/*
  check "cron line under TZ=$1" 0 env TZ="$1" RETENTION_NOW="$2" PATH="$PWD/fakebin:$PATH" sh -c "$cron_command"
  if [ -f kpi/2024-02.json ] && grep -q '"period": "2024-02"' kpi/2024-02.json && grep -q '"as_of": "2024-03-01"' kpi/2024-02.json; then
    passes=$((passes + 1))
  else
    echo "FAIL: cron line under TZ=$1 wrote $(ls kpi) holding $(grep -h '"period"' kpi/* 2>/dev/null)"
    failures=$((failures + 1))
  fi
done
check "as-of in UTC at that instant" 0 env TZ=UTC RETENTION_NOW=2024-03-01T00:30:00+09:00 "$bin" report orders.csv --period last-month --format json
contains "UTC is still in February" out.txt '"as_of": "2024-02-29"'
# TZ as a zone file's path, as glibc (and date, and cron) read it.
check "TZ as a zone file's path" 0 env TZ=:/usr/share/zoneinfo/Asia/Tokyo RETENTION_NOW=2024-03-01T00:30:00+09:00 "$bin" report orders.csv --period last-month --format json
contains "TZ as a zone file's path: already March in Tokyo" out.txt '"as_of": "2024-03-01"'
check "--tz does not move today" 0 env TZ=UTC RETENTION_NOW=2024-03-01T00:30:00+09:00 "$bin" report orders.csv --period last-month --format json --tz Asia/Tokyo
contains "--tz does not move today: as_of" out.txt '"as_of": "2024-02-29"'
# sql takes today as report does: in Tokyo it is already July there.
check "sql today in the local zone" 0 env TZ=Asia/Tokyo RETENTION_NOW=2024-06-30T15:30:00Z "$bin" sql report --table orders --period yesterday
contains "sql today in the local zone: as of" out.txt "As of 2024-07-01"
contains "sql today in the local zone: yesterday" out.txt "'2024-06-30' AS label"
check "sql cohorts today in the local zone" 0 env TZ=Asia/Tokyo RETENTION_NOW=2024-06-30T15:30:00Z "$bin" sql cohorts --table orders --from 2024-01
contains "sql cohorts today in the local zone: as of" out.txt "over on 2024-07-01"
check "RETENTION_NOW without an offset" 2 env RETENTION_NOW=2024-03-01T00:30:00 "$bin" report orders.csv
contains "RETENTION_NOW message" err.txt "RETENTION_NOW takes a timestamp with its offset"
check "TZ not a zone" 2 env TZ=Nowhere/Special "$bin" report orders.csv
contains "TZ not a zone message" err.txt 'the TZ environment variable "Nowhere/Special"'
check "TZ not needed with --as-of" 0 env TZ=Nowhere/Special "$bin" report orders.csv --as-of 2024-06-01 --format csv
# POSIX rules, as containers set TZ (UTC0) and as date and cron read them
# (none of these but UTC0 is a name the zone database knows): 02:00 UTC on
# 1 March is still 29 February five hours west, 1 March east.
for zone_day in "UTC0 2024-03-01" "CET-1CEST,M3.5.0,M10.5.0/3 2024-03-01" \
  "EST5EDT,M3.2.0,M11.1.0 2024-02-29" "<-05>5 2024-02-29" "<+03>-3 2024-03-01"; do
  set -- $zone_day
  check "TZ=$1" 0 env TZ="$1" RETENTION_NOW=2024-03-01T02:00:00Z "$bin" report orders.csv --period today --format json
  contains "TZ=$1: today" out.txt "\"as_of\": \"$2\""
done

# Conventions: stdin without "-", suggestions, help, -V, --quiet, wrapping.
check "piped stdin without -" 0 sh -c "cat orders.csv | '$bin' report --period 2024-02 --format json --as-of 2024-06-01"
same_figures "piped stdin without - equals the file" out.txt file.json
check "redirected stdin without -" 0 sh -c "'$bin' report --period 2024-02 --format json --as-of 2024-06-01 <orders.csv"
same_figures "redirected stdin equals the file" out.txt file.json
check "cohorts from a pipe" 0 sh -c "cat orders.csv | '$bin' cohorts --format csv --as-of 2024-06-01"
check "validate from a pipe" 0 sh -c "cat orders.csv | '$bin' validate --as-of 2024-06-01"
contains "validate from a pipe reads it" out.txt "8 rows read from 1 file"
check "cohorts, no file, stdin /dev/null" 2 "$bin" cohorts
contains "no file message" err.txt "name the order files to read, or pipe them in"
check "clv on the file" 0 "$bin" clv orders.csv --as-of 2024-06-01 --format csv
mv out.txt clv-file.csv
check "clv from a pipe" 0 sh -c "cat orders.csv | '$bin' clv --as-of 2024-06-01 --format csv"
same "clv from a pipe equals the file" out.txt clv-file.csv
check "clv, no file, stdin /dev/null" 2 "$bin" clv
contains "clv no file message" err.txt "name the order files to read, or pipe them in"
# --top given limits JSON and CSV too: the first N of the ranking, the
# totals still of every customer.
"$bin" clv "$root/data/orders.csv" --as-of 2025-01-01 --format csv -q >clv-all.csv
check "clv --top 3 in CSV" 0 "$bin" clv "$root/data/orders.csv" --as-of 2025-01-01 --format csv --top 3 -q
head -n 4 clv-all.csv >clv-top3.csv
same "clv --top 3 is the ranking's first 3" out.txt clv-top3.csv
check "clv --top 2 in JSON" 0 "$bin" clv "$root/data/orders.csv" --as-of 2025-01-01 --format json --top 2 -q
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["customers"]) == 2 and d["totals"]["customers"] > 2, d["totals"]' out.txt &&
  passes=$((passes + 1)) || { echo "FAIL: clv --top 2 in JSON"; failures=$((failures + 1)); }
check "the same file twice" 2 "$bin" report orders.csv ./orders.csv --period 2024-02
contains "the same file twice message" err.txt "./orders.csv is the same file as orders.csv, named before it"
check "the same file through a link" 2 "$bin" validate orders.csv orders-link.csv
contains "the same file through a link: message" err.txt "orders-link.csv is the same file as orders.csv"
# A copy too: without an order column nothing else would tell (every figure doubled, exit 0).
cut -d, -f2- orders.csv >no-order-ids.csv
cp no-order-ids.csv no-order-ids-copy.csv
check "a copy of a file" 2 "$bin" report no-order-ids.csv no-order-ids-copy.csv --period 2024-02
contains "a copy of a file: message" err.txt "no-order-ids-copy.csv is a copy of no-order-ids.csv (the same bytes), named before it"
check "validate: a copy of a file" 2 "$bin" validate no-order-ids.csv no-order-ids-copy.csv
# Without a header, a copy of one row is a copy all the same.
printf 'a,2024-01-05,10\n' >one-row.csv
cp one-row.csv one-row-copy.csv
check "a copy of a one-row file, no header" 2 "$bin" report one-row.csv one-row-copy.csv --no-header --customer-col 1 --date-col 2 --amount-col 3 --period 2024-01
# Two exports of days without orders, a header alone each, are no copy.
head -1 orders.csv >empty-day-1.csv
cp empty-day-1.csv empty-day-2.csv
check "two header-only files" 0 "$bin" validate empty-day-1.csv empty-day-2.csv
check "stdin twice" 2 sh -c "cat orders.csv | '$bin' report - - --period 2024-02"
contains "stdin twice message" err.txt "standard input (-) is named twice"
check "a file and stdin redirected from it" 2 sh -c "'$bin' report orders.csv - --period 2024-02 <orders.csv"
contains "a file and stdin redirected from it: message" err.txt "standard input (-) is the same file as orders.csv"
cp orders.csv precious.csv
check "-o onto the file stdin is redirected from" 2 sh -c "'$bin' report - --period 2024-02 -o precious.csv <precious.csv"
same "-o onto stdin's file leaves it" precious.csv orders.csv
check "a subscriptions file named twice" 2 "$bin" report --subscriptions "$root/data/subscriptions.csv" --subscriptions "$root/data/../data/subscriptions.csv" --period 2024-01
contains "a subscriptions file named twice: message" err.txt "subscriptions.csv is the same file as"
# render and diff read stdin too: render without RESULT, diff with -.
"$bin" report orders.csv --period 2024-02 --as-of 2024-06-01 --format csv -o snap.csv 2>/dev/null
check "render from a pipe" 0 sh -c "cat snap.csv | '$bin' render --format json"
contains "render from a pipe: the figures" out.txt '"period": "2024-02"'
check "render, no file, stdin /dev/null" 2 "$bin" render
check "diff with - for stdin" 0 sh -c "cat snap.csv | '$bin' diff - snap.csv --format json"
contains "diff with -: the same" out.txt '"same": true'
check "diff with - twice" 2 "$bin" diff - -
check "a mistyped command" 2 "$bin" cohort orders.csv
contains "a mistyped command: suggestion" err.txt "unknown command 'cohort'; did you mean 'cohorts'?"
check "a mistyped flag" 2 "$bin" report orders.csv --perid 2024-02
contains "a mistyped flag: suggestion" err.txt "unknown option --perid; did you mean --period?"
check "clv has no --period" 2 "$bin" clv orders.csv --perid 2024-02
contains "clv has no --period: suggestion" err.txt "unknown option --perid; did you mean --calibration-end (clv has no periods: it fits every order up to that day)?"
# R$ (the real) and the dollars written with their country: read, and
# checked against the currency column.
printf 'cliente;data;valor;moeda\nA;31/03/2024;R$ 1.234,56;BRL\nB;01/04/2024;99,00 R$;BRL\nC;02/04/2024;R$12,50;BRL\n' >reais.csv
check "amounts in R\$" 0 "$bin" report reais.csv --period 2024 --as-of 2025-01-01 --format csv --columns revenue --amount-col valor --currency-col moeda
contains "amounts in R\$: summed" out.txt "1346.06"
printf 'customer,date,amount,currency\nA,2024-03-01,US$ 5.00,BRL\n' >us-dollars-as-reais.csv
check "US\$ in a BRL row" 1 "$bin" report us-dollars-as-reais.csv --period 2024 --as-of 2025-01-01
contains "US\$ in a BRL row: said" err.txt 'the amount is written in US$ but its currency is "BRL"'
# A month written as people write one gets it in the form the tool reads;
# a month or quarter that does not exist says so.
for typo in "03/2024|did you mean '2024-03'?" "March 2024|did you mean '2024-03'?" "2024/3|did you mean '2024-03'?" \
  "2024-13|(months run from 01 to 12)" "2024-Q5|(quarters run from Q1 to Q4)"; do
  check "--period ${typo%|*}" 2 "$bin" report "$root/data/orders.csv" --period "${typo%|*}"
  contains "--period ${typo%|*}: said" err.txt "${typo#*|}"
done
# JSON saved under a CSV name is read as JSON; a CSV header in SQL
# Server's brackets stays a CSV.
printf '[{"customer_id":"a","order_date":"2024-03-01","amount":5},\n {"customer_id":"a","order_date":"2024-03-09","amount":7}]\n' >json-named.csv
check "JSON under a .csv name" 0 "$bin" report json-named.csv --period 2024-03 --as-of 2025-01-01 --format csv --columns orders,revenue
contains "JSON under a .csv name: read" out.txt "2,12.00"
printf '[customer_id],[order_date],[amount]\na,2024-03-01,5\n' >bracketed.csv
check "a header in brackets" 0 "$bin" report bracketed.csv --period 2024-03 --as-of 2025-01-01 --format csv --columns orders,revenue
contains "a header in brackets: read as CSV" out.txt "1,5.00"
check "a header in brackets on stdin" 0 sh -c "'$bin' report --period 2024-03 --as-of 2025-01-01 --format csv --columns orders,revenue <bracketed.csv"
contains "a header in brackets on stdin: read as CSV" out.txt "1,5.00"
# A header name in Windows-1252 stops the file when, read so, it names a
# column the file is read by; an unused one ("Stra\xdfe") is validate's warning.
printf 'customer_id,order_date,amount,Stra\xdfe\na,2024-03-01,5,x\n' >street-1252.csv
check "an unused header name in Windows-1252" 0 "$bin" report street-1252.csv --period 2024-03 --as-of 2025-01-01 --format csv --columns orders
check "an unused header name in Windows-1252: validate" 0 "$bin" validate street-1252.csv
contains "an unused header name in Windows-1252: validate warns" out.txt "warning: the header's column name \"Stra\xdfe\" is no UTF-8"
# An unnamed column after an amount with its decimals is another column.
printf 'customer,date,amount,\nA,2024-03-31,12.50,1001\n' >unnamed-after-amount.csv
check "an id in an unnamed column after 12.50" 0 "$bin" report unnamed-after-amount.csv --period 2024-03 --as-of 2025-01-01 --format csv --columns revenue
contains "an id in an unnamed column after 12.50: read" out.txt "12.50"
# clv dates that contradict --as-of are refused before the input is read.
check "clv --calibration-end after --as-of" 2 "$bin" clv "$root/data/orders.csv" --calibration-end 2024-06-30 --as-of 2024-05-01
contains "clv --calibration-end after --as-of: said" err.txt "--calibration-end (2024-06-30) is after --as-of (2024-05-01)"
grep -q "^note:" err.txt && { echo "FAIL: clv read the input before refusing its dates"; failures=$((failures + 1)); } || passes=$((passes + 1))
# Flags before the command: the tool's own, else misplaced or mistyped.
check "a mistyped --version" 2 "$bin" --verison
contains "a mistyped --version: suggestion" err.txt "unknown option --verison; did you mean --version?"
check "-v for -V" 2 "$bin" -v
contains "-v for -V: suggestion" err.txt "unknown option -v; did you mean -V?"
check "a command's flag before the command" 2 "$bin" -q cohorts orders.csv
contains "a command's flag before the command: where it goes" err.txt "-q is an option of cohorts: it goes after the command, as in 'retention cohorts -q ...'"
check "a flag with its value before the command" 2 "$bin" --from 2024-01 report orders.csv
contains "a flag with its value before the command: where it goes" err.txt "--from is an option of report"
check "sql report's flag between sql and report" 2 "$bin" sql --period 2024-03 report --table orders
contains "sql report's flag between sql and report: where it goes" err.txt "--period is an option of sql report: it goes after 'report', as in 'retention sql report --period ...'"
check "sql cohorts' flag between sql and cohorts" 2 "$bin" sql --every=week cohorts --table orders
contains "sql cohorts' flag between sql and cohorts: where it goes" err.txt "--every is an option of sql cohorts: it goes after 'cohorts'"
check "an unknown flag before the command" 2 "$bin" --foo report orders.csv
contains "an unknown flag before the command: no other command's flag offered" err.txt "unknown option --foo; a command comes first"
check "a short flag of the wrong case" 2 "$bin" report orders.csv --period 2024-02 -Q
contains "a short flag of the wrong case: suggestion" err.txt "unknown option -Q; did you mean -q?"
check "an unknown short flag" 2 "$bin" report orders.csv -x
contains "an unknown short flag: the help" err.txt "unknown option -x for report; 'retention help report' lists its options"
check "-o without its value" 2 "$bin" report orders.csv -o
contains "-o without its value: said so" err.txt "retention: --output needs a value after it"
check "a flag cut short" 2 "$bin" report orders.csv --per 2024-02
contains "a flag cut short: suggestion" err.txt "unknown option --per; did you mean --period?"
# An NDJSON line with a bracket of the wrong kind is no line cut short.
printf '{"customer_id":"A","order_date":"2024-02-01","amount":1,"x":[1,2}\n' >mismatched.ndjson
check "an NDJSON bracket of the wrong kind" 1 "$bin" report mismatched.ndjson --period 2024-02
contains "an NDJSON bracket of the wrong kind: where and what" err.txt "mismatched.ndjson:1:65: error: malformed JSON: expected ',' or ']' in the list of \"x\", found \"}\": a '[' is closed by '}'"
grep -q "line ends before" err.txt && { echo "FAIL: a mismatched bracket called a line cut short"; failures=$((failures + 1)); } || passes=$((passes + 1))
# A line nested 2000 deep and cut short: the message counts its closers,
# it does not print them.
python3 -c "print('{\"a\":' * 2000)" >deep.ndjson
check "an NDJSON line nested deep, cut short" 1 "$bin" report deep.ndjson --period 2024-02
contains "an NDJSON line nested deep: closers counted" err.txt "('}}}}...', 2000 closers in all, '}' missing)"
[ "$(wc -c <err.txt)" -lt 1000 ] && passes=$((passes + 1)) || { echo "FAIL: a deep NDJSON line's message is $(wc -c <err.txt) bytes"; failures=$((failures + 1)); }
# A mistyped value of a flag that takes a list of names: the one meant.
for typo in "report orders.csv --format jsn|'json'" "report orders.csv --every mnth|'month'" \
  "report orders.csv --period last-mnth|'last-month'" "report orders.csv --layout shopfy|'shopify'" \
  "cohorts orders.csv --metric retension|'retention'" "cohorts orders.csv --every quater|'quarter'" \
  "sql report --dialect postgress --table t --period 2024-01|'postgres'" \
  "clv orders.csv --time-unit weak|'week'"; do
  args="${typo%|*}"
  # shellcheck disable=SC2086
  check "a mistyped value: $args" 2 "$bin" $args
  contains "a mistyped value: $args: suggestion" err.txt "did you mean ${typo#*|}?"
done
check "a mistyped --by column" 1 "$bin" report "$root/data/orders_small.csv" --period 2024-02 --by chanel
contains "a mistyped --by column: suggestion" err.txt "; did you mean 'channel'?"
check "a bad period, before the input is read" 2 "$bin" report "$root/data/orders.csv" --period 2024-13 --as-of 2024-06-01
grep -q "note:" err.txt && { echo "FAIL: a bad period: the input was read first"; failures=$((failures + 1)); } || passes=$((passes + 1))
check "a flag cut short, two options" 2 "$bin" report orders.csv --th 2
contains "a flag cut short, two options: both" err.txt "did you mean --thousands-separator or --threads?"
check "a short flag no synonym is near" 2 "$bin" cohorts orders.csv --per 2024-02
contains "a short flag no synonym is near: no --delimiter" err.txt "unknown option --per for cohorts; 'retention help cohorts' lists its options"
check "--top with a word" 2 "$bin" report orders.csv --period 2024-02 --by channel --top abc
contains "--top with a word: message" err.txt '--top takes a whole number from 0 to 1000000; got "abc"'
# Whole-input errors name the tool and the files; a folder is named so.
mkdir -p a-folder
check "diff of a folder" 2 "$bin" diff orders.csv a-folder
contains "diff of a folder: said" err.txt "a-folder: error: is a folder"
check "validate of two missing files" 1 "$bin" validate missing-1.csv missing-2.csv
contains "validate of two missing files: summary" out.txt "0 rows read from 2 files, none of which could be read"
# Two letters swapped are one slip: --fromat is --format, not --from.
check "--fromat" 2 "$bin" report orders.csv --fromat csv
contains "--fromat: suggestion" err.txt "unknown option --fromat; did you mean --format?"
# sql's own commands are suggested too; an option no command has names
# the command whose help lists them (not CLI11's "arguments not expected").
check "sql reprot" 2 "$bin" sql reprot --table t --period 2024-02
contains "sql reprot: suggestion" err.txt "unknown command 'sql reprot'; did you mean 'sql report'?"
check "sql report --format" 2 "$bin" sql report --table t --period 2024-02 --format csv
contains "sql report --format: said" err.txt "unknown option --format for sql report; 'retention help sql report' lists its options"
check "a flag value with ESC" 2 "$bin" report orders.csv --margin "$(printf '\033[31mX')"
contains "a flag value with ESC: shown escaped" err.txt '--margin takes a number; got "\x1b[31mX"'
check "a mistyped flag with =" 2 "$bin" validate orders.csv --max-eror=3
contains "a mistyped flag with =: suggestion" err.txt "did you mean --max-errors?"
check "another tool's name for --tz" 2 "$bin" report orders.csv --timezone Europe/Berlin
contains "--timezone: suggestion" err.txt "unknown option --timezone; did you mean --tz?"
check "another tool's name for --date-format" 2 "$bin" report orders.csv --date-fmt=%d.%m.%Y
contains "--date-fmt: suggestion" err.txt "did you mean --date-format?"
check "-column for -col" 2 "$bin" validate orders.csv --customer-column id
contains "--customer-column: suggestion" err.txt "did you mean --customer-col?"
check "--TZ in capitals" 2 "$bin" report orders.csv --TZ UTC
contains "--TZ: suggestion" err.txt "unknown option --TZ; did you mean --tz?"
check "--groupby without a dash" 2 "$bin" report orders.csv --groupby channel
contains "--groupby: suggestion" err.txt "did you mean --by?"
check "a mistyped flag of sql report" 2 "$bin" sql report --timezone UTC
contains "sql report --timezone: suggestion" err.txt "unknown option --timezone; did you mean --tz?"
check "a flag of another command" 2 "$bin" cohorts orders.csv --fail-if 'orders < 1'
contains "a flag of another command: CLI11's message" err.txt "--fail-if"
check "help" 0 "$bin" help
contains "help lists the commands" out.txt "cohorts"
check "help report" 0 "$bin" help report
contains "help report is report --help" out.txt "--fail-if"
# `help [COMMAND...]` prints exactly what --help prints there: the usage
# line names the program and the command (`retention report`, not
# `report`), and `help` alone is retention's help, not that of `help`.
"$bin" --help >help.expected
check "help is --help" 0 "$bin" help
same "help is --help: text" help.expected out.txt
for words in "report" "cohorts" "sql" "sql report" "sql cohorts" "render"; do
  read -ra command <<<"$words"
  "$bin" "${command[@]}" --help >help.expected
  check "help $words" 0 "$bin" help "${command[@]}"
  same "help $words is $words --help" help.expected out.txt
done
# Help and version that cannot be written (stdout on a full disk) fail
# with a message, as a report does: no abort, no silent 0.
if [ -w /dev/full ]; then
  for words in "help report" "help" "--help" "-V" "report --help" "help sql report"; do
    read -ra command <<<"$words"
    "$bin" "${command[@]}" >/dev/full 2>err.txt
    got=$?
    [ "$got" = 1 ] && grep -q '^(standard output): error: cannot write the output: No space' err.txt &&
      passes=$((passes + 1)) || {
      echo "FAIL: $words >/dev/full: exit $got: $(head -2 err.txt)"
      failures=$((failures + 1))
    }
  done
fi
check "help help" 0 "$bin" help help
contains "help help is the help of help" out.txt "help [OPTIONS] [COMMAND...]"
check "help of a command below one without commands" 2 "$bin" help sql report x
contains "help sql report x: message" err.txt "'x': sql report has no commands"
check "help of a mistyped command" 2 "$bin" help cohort
contains "help of a mistyped command: suggestion" err.txt "did you mean 'cohorts'?"
check "-V" 0 "$bin" -V
contains "-V is --version" out.txt "retention "
# --quiet silences notes, never a warning (a cron job mails what it
# prints): here the note on the layout goes, the rows left out stay.
printf 'order_id,customer_id,order_date,amount,status\n1,A,2024-02-01,10.00,paid\n2,,2024-02-02,5.00,paid\n3,B,2024-02-03,7.00,void\n' >quiet.csv
check "without --quiet" 0 "$bin" report quiet.csv --period 2024-02 --format csv
contains "without --quiet: the note" err.txt "note: quiet.csv: read as an order file with a status or type column"
check "--quiet" 0 "$bin" report quiet.csv --period 2024-02 --format csv --quiet
[ "$(grep -c . err.txt)" = 1 ] && grep -q "^warning: 1 row without a customer id left out" err.txt && passes=$((passes + 1)) || { echo "FAIL: --quiet printed: $(cat err.txt)"; failures=$((failures + 1)); }
check "-q keeps errors" 1 "$bin" report bad.csv --period 2024-02 -q
contains "-q keeps errors: message" err.txt "bad.csv:2:4"
check "help not on a terminal" 0 "$bin" report --help
long_lines="$(awk 'length > 80 && !/^  retention /' out.txt)"
[ -z "$long_lines" ] && passes=$((passes + 1)) || { echo "FAIL: help wider than 80 columns: $long_lines"; failures=$((failures + 1)); }
if command -v script >/dev/null; then
  script -qc "stty cols 60; '$bin' validate --help" /dev/null | tr -d '\r' >narrow.txt
  contains "help on a terminal: wrapped" narrow.txt "Order files: CSV, JSON or"
  long_lines="$(awk 'length > 60 && !/^  retention / && !/^Usage:/' narrow.txt)"
  [ -z "$long_lines" ] && passes=$((passes + 1)) || { echo "FAIL: help wider than a 60-column terminal: $long_lines"; failures=$((failures + 1)); }
fi
check "validate --format table" 0 "$bin" validate orders.csv --format table --as-of 2024-06-01
contains "validate table" out.txt "8 rows read from 1 file"
check "validate --format text" 0 "$bin" validate orders.csv --format text --as-of 2024-06-01
contains "validate text" out.txt "8 rows read from 1 file"
check "validate -o" 1 "$bin" validate bad.csv -o findings.json
python3 -c 'import json; assert json.load(open("findings.json"))["errors"] == 1' && passes=$((passes + 1)) || { echo "FAIL: validate -o findings.json"; failures=$((failures + 1)); }
check "validate -o .txt" 1 "$bin" validate bad.csv -o findings.txt
contains "validate -o .txt is the table" findings.txt "bad.csv:2:4: error"
check "validate -o .csv" 2 "$bin" validate bad.csv -o findings.csv
contains "validate -o .csv lists its formats" err.txt "the formats are table (.txt), json (.json)"
check "validate -o over its input" 2 "$bin" validate bad.csv -o bad.csv
contains "validate -o over its input: message" err.txt "-o bad.csv is the input file bad.csv"

# The man page and completions come from the flag definitions.
for kind in man bash zsh fish; do
  check "--generate $kind" 0 "$bin" --generate "$kind" "generated.$kind"
  [ -s "generated.$kind" ] && passes=$((passes + 1)) || { echo "FAIL: --generate $kind wrote nothing"; failures=$((failures + 1)); }
done
check "--generate bogus" 2 "$bin" --generate bogus
contains "the man page has every command's flags" generated.man '\-\-check\-exit\-code'
if command -v man >/dev/null; then
  MANWIDTH=80 man --warnings -l generated.man >man.txt 2>man-warnings.txt
  [ ! -s man-warnings.txt ] && passes=$((passes + 1)) || { echo "FAIL: man -l warns: $(head -5 man-warnings.txt)"; failures=$((failures + 1)); }
  contains "the man page renders" man.txt "retention report"
  contains "the man page names --period" man.txt "--period"
else
  echo "FAIL: man (man-db) is not installed"; failures=$((failures + 1))
fi
# complete WORDS...: what the bash completion offers for the last word.
complete_bash() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _retention; printf "%s\n" "${COMPREPLY[@]}"' \
    _ generated.bash "$@"
}
[ "$(complete_bash retention rep)" = report ] && passes=$((passes + 1)) || { echo "FAIL: bash: retention rep<TAB> gives $(complete_bash retention rep)"; failures=$((failures + 1)); }
[ "$(complete_bash retention report --per)" = --period ] && passes=$((passes + 1)) || { echo "FAIL: bash: retention report --per<TAB> gives $(complete_bash retention report --per)"; failures=$((failures + 1)); }
[ "$(complete_bash retention validate orders.csv --check)" = --check-exit-code ] && passes=$((passes + 1)) || { echo "FAIL: bash: validate --check<TAB>"; failures=$((failures + 1)); }
[ "$(complete_bash retention report nocust)" = nocustomer.csv ] && passes=$((passes + 1)) || { echo "FAIL: bash: files after a command"; failures=$((failures + 1)); }
if command -v zsh >/dev/null; then
  zsh -n generated.zsh && passes=$((passes + 1)) || { echo "FAIL: zsh completion syntax"; failures=$((failures + 1)); }
fi
if command -v fish >/dev/null; then
  fish -n generated.fish && passes=$((passes + 1)) || { echo "FAIL: fish completion syntax"; failures=$((failures + 1)); }
fi

# validate: findings on stdout, exit 1 on errors, 0 on warnings only.
check "validate clean" 0 "$bin" validate orders.csv --as-of 2024-06-01
contains "validate summary" out.txt "8 rows read from 1 file: 0 with problems, 0 errors, 0 warnings"
check "validate errors" 1 "$bin" validate bad.csv nocustomer.csv orders.csv --as-of 2024-06-01
contains "validate date error" out.txt "bad.csv:2:4: error: cannot read the date"
contains "validate warning" out.txt "nocustomer.csv:3:1: warning: empty customer id"
contains "validate summary counts" out.txt "11 rows read from 3 files: 2 with problems, 1 error, 1 warning"
check "validate warnings only" 0 "$bin" validate nocustomer.csv
check "validate strict" 1 "$bin" validate nocustomer.csv --strict
check "validate json" 1 "$bin" validate bad.csv --format json
python3 - out.txt <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["valid"] is False and doc["errors"] == 1, doc
d = doc["diagnostics"][0]
assert (d["severity"], d["file"], d["line"], d["column"]) == ("error", "bad.csv", 2, 4), d
PY
check "validate stdin gzip" 1 sh -c "gzip -c bad.csv | '$bin' validate -"
contains "validate stdin name" out.txt "<stdin>:2:4: error"
check "validate bad usage" 2 "$bin" validate bad.csv --format xml
{ cat bad.csv; tail -n 1 bad.csv; } >bad-again.csv  # not a copy: a copy is refused
check "validate max errors" 1 "$bin" validate bad.csv bad-again.csv --max-errors 1
contains "validate stopped" out.txt "stopped early"

# validate in bounded memory: millions of identical rows are one distinct
# row; their warnings are counted, not kept, and the output stays small.
# The memory cap is checked where it means something: not under ASan,
# whose shadow memory needs far more address space.
rows=5000000
limit="ulimit -v 600000;"
# grep reads all of ldd's and nm's output: with pipefail, grep -q stopping
# at the first match would fail the pipe (SIGPIPE) when the output is long.
if ldd "$bin" 2>/dev/null | grep libasan >/dev/null ||
  nm "$bin" 2>/dev/null | grep __asan_init >/dev/null; then
  limit=""
  rows=1000000  # the counts still tell; ASan is slow
fi
{ echo customer_id,order_id,order_date,amount; yes 'c1,o1,2024-01-01,5.00' | head -n "$rows"; } |
  gzip -1 >dups.csv.gz
check "validate duplicates in bounded memory" 0 sh -c "$limit '$bin' validate dups.csv.gz --as-of 2025-01-01"
contains "validate duplicates counted" out.txt "... and $((rows - 11)) more duplicate-row warnings"
contains "validate duplicates summary" out.txt "$rows rows read from 1 file: $((rows - 1)) with problems, 0 errors, $((rows - 1)) warnings"
[ "$(wc -c <out.txt)" -lt 4096 ] && passes=$((passes + 1)) ||
  { echo "FAIL: validate output should stay small: $(wc -c <out.txt) bytes"; failures=$((failures + 1)); }
check "validate duplicates json" 0 sh -c "$limit '$bin' validate dups.csv.gz --as-of 2025-01-01 --format json"
python3 - out.txt "$rows" <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
rows = int(sys.argv[2])
assert len(doc["diagnostics"]) == 10, len(doc["diagnostics"])
assert doc["unlisted"] == [{"check": "duplicate-row", "severity": "warning", "count": rows - 11}], doc["unlisted"]
PY
# Stopped at --max-warnings, the rest was not checked for errors: exit 1
# and not valid, never a pass.
check "validate max warnings" 1 "$bin" validate dups.csv.gz --as-of 2025-01-01 --max-warnings 3
contains "validate max warnings stops" out.txt "5 rows read from 1 file given: 3 with problems, 0 errors, 3 warnings (stopped early at --max-warnings: the rest was not checked)"
contains "validate max warnings says why" err.txt "the rest was not checked for errors"
check "validate max warnings json" 1 "$bin" validate dups.csv.gz --as-of 2025-01-01 --max-warnings 3 --format json
contains "validate max warnings: not valid" out.txt '"valid": false'
# The last row's warning reaching the limit leaves nothing unchecked.
printf 'order_id,customer_id,order_date,amount\n1,A,2024-01-05,10\n1,A,2024-01-05,10\n1,A,2024-01-05,10\n' >three-dups.csv
# Warnings about the input as a whole come after its last row: it was
# checked whole, whatever they add to the count.
printf 'order_id,customer_id,order_date,amount\nA1,,2024-03-01,10\n' >no-order-left.csv
check "validate max warnings, then one about the whole input" 0 "$bin" validate no-order-left.csv --as-of 2025-01-01 --max-warnings 1
contains "validate max warnings, then one about the whole input: counted" out.txt "0 errors, 2 warnings"
check "validate max warnings at the last row" 0 "$bin" validate three-dups.csv --as-of 2025-01-01 --max-warnings 2
contains "validate max warnings at the last row: whole" out.txt "3 rows read from 1 file: 2 with problems, 0 errors, 2 warnings"
check "validate strict max errors" 1 "$bin" validate dups.csv.gz --as-of 2025-01-01 --strict --max-errors 2
contains "validate strict stops" out.txt "3 rows read from 1 file given: 2 with problems, 2 errors, 0 warnings (stopped early at --max-errors: the rest was not checked)"
check "validate bad max warnings" 2 "$bin" validate dups.csv.gz --max-warnings -1
rm -f dups.csv.gz

# No order on or before --as-of is an error for report and cohorts alike.
printf 'customer_id,order_date,amount\nC1,2025-03-05,1\nC2,2025-02-01,1\n' >later.csv
for command in "report later.csv" "report later.csv --period 2024" "cohorts later.csv"; do
  check "$command: all after as-of" 1 "$bin" $command --as-of 2025-01-01
  contains "$command: all after as-of message" err.txt "no order is dated on or before --as-of 2025-01-01 (the first is on 2025-02-01)"
done
check "report as-of on the first order" 0 "$bin" report later.csv --as-of 2025-02-01

# Cohorts: C1, C2 first ordered in 2024-01 (C4 in 2023-11, C3 in 2024-02).
check "cohorts json" 0 "$bin" cohorts orders.csv --as-of 2024-04-01 --format json
python3 - out.txt <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
cohorts = {c["cohort"]: c for c in doc["cohorts"]}
jan = cohorts["2024-01"]
assert jan["size"] == 2 and jan["start"] == "2024-01-01", jan
cells = jan["cells"]
assert [c["offset"] for c in cells] == [0, 1, 2], cells     # March is over, April is not
assert cells[0]["customers_active"] == 2 and cells[0]["retention"] == 1, cells[0]
assert cells[0]["revenue"] == 30, cells[0]
assert cells[1]["customers_active"] == 1 and cells[1]["retention"] == 0.5, cells[1]
assert cells[1]["revenue"] == 5, cells[1]                   # C1's 10.00, C2's -5.00 refund
assert cells[1]["cumulative_revenue_per_customer"] == 17.5, cells[1]
assert cohorts["2023-11"]["cells"][3]["customers_active"] == 1  # C4 back in 2024-02
PY
check "cohorts csv" 0 "$bin" cohorts orders.csv --as-of 2024-04-01 --format csv --every quarter
contains "cohorts csv header" out.txt "cohort,cohort_start,cohort_end,size,offset,period_start,period_end,customers_active,retention,revenue"
# Nothing over a negative start is 0, not -0.
printf 'customer_id,date,amount\nA,2024-01-05,0\nA,2024-01-07,-0.0001\nB,2024-01-06,0\n' >negative-start.csv
check "cohorts: a negative start" 0 "$bin" cohorts negative-start.csv --as-of 2024-03-01 --format csv
contains "cohorts: a negative start: 0 after it" out.txt "2024-01,2024-01-01,2024-02-01,2,1,2024-02-01,2024-03-01,0,0,0.00,0,"
check "cohorts table metric" 0 "$bin" cohorts orders.csv --as-of 2024-04-01 --format table --metric revenue
contains "cohorts table" out.txt "2024-01"
check "cohorts bad metric" 2 "$bin" cohorts orders.csv --metric bogus
check "cohorts bad unit" 2 "$bin" cohorts orders.csv --every fortnight

# Segments: the total comes first, then each segment; segment figures add
# up to the total; every format names the segment.
if [ -f "$root/data/orders.csv" ]; then
  check "report --by json" 0 "$bin" report "$root/data/orders.csv" --from 2024-01 --to 2024-03 --every month --by channel --format json --as-of 2025-01-01
  python3 - out.txt <<'PY' || failures=$((failures + 1))
import json, sys
periods = json.load(open(sys.argv[1]))["periods"]
total = [p for p in periods if p["segment"] is None]
assert len(total) == 3, total
segments = {p["segment"] for p in periods if p["segment"] is not None}
assert segments == {"organic", "paid_search", "social", "email", "referral"}, segments
for t in total:
    parts = [p for p in periods if p["segment"] is not None and p["period"] == t["period"]]
    for field in ("customers_start", "customers_end", "customers_new", "customers_lost",
                  "customers_reactivated", "customers_active", "orders"):
        assert sum(p[field] for p in parts) == t[field], (field, t["period"])
    assert abs(sum(p["revenue"] for p in parts) - t["revenue"]) < 1e-6
PY
  check "report --by --top csv" 0 "$bin" report "$root/data/orders.csv" --period 2024-12 --by country --top 2 --format csv
  [ "$(wc -l <out.txt)" = 5 ] && passes=$((passes + 1)) || { echo "FAIL: --top 2 should give total + 2 + (other)"; failures=$((failures + 1)); }
  contains "csv segment column" out.txt "segment,period,start"
  contains "csv other segment" out.txt "(other),2024-12"
  check "cohorts --by json" 0 "$bin" cohorts "$root/data/orders.csv" --every quarter --by channel --format json --as-of 2025-01-01
  python3 - out.txt <<'PY' || failures=$((failures + 1))
import json, sys
cohorts = json.load(open(sys.argv[1]))["cohorts"]
total = {c["cohort"]: c for c in cohorts if c["segment"] is None}
for label, t in total.items():
    parts = [c for c in cohorts if c["segment"] is not None and c["cohort"] == label]
    assert sum(c["size"] for c in parts) == t["size"], label
    for j, cell in enumerate(t["cells"]):
        assert sum(c["cells"][j]["customers_active"] for c in parts) == cell["customers_active"]
PY
fi
# Mixed currencies are an error unless the report is split by currency;
# then there is no all-customers total (it would add currencies up).
printf 'customer_id,order_date,amount,currency\nC1,2024-01-05,10.00,EUR\nC2,2024-01-06,5.00,USD\nC3,2024-01-07,5.00,EUR\n' >currencies.csv
check "mixed currencies" 1 "$bin" report currencies.csv --period 2024-01 --format csv
contains "mixed currencies message" err.txt "currencies.csv:3:"
check "split by currency" 0 "$bin" report currencies.csv --period 2024-01 --by currency --format csv
contains "EUR segment" out.txt "EUR,2024-01,2024-01-01"
[ "$(grep -c '^,2024-01' out.txt)" = 0 ] && passes=$((passes + 1)) || { echo "FAIL: a total across currencies"; failures=$((failures + 1)); }
check "validate split by currency" 0 "$bin" validate currencies.csv --by currency --as-of 2024-06-01
# A segment that starts with the guard quote itself keeps apart from one
# the guard was put before: -5 and '-5 are two rows, and --append reads
# its own history back.
printf "customer_id,order_date,amount,ch\nA,2024-02-01,5,-5\nB,2024-02-02,7,'-5\n" >guard.csv
check "guard quote segments" 0 "$bin" report guard.csv --period 2024-02 --as-of 2024-06-01 --by ch --format csv --columns segment,revenue
contains "guard quote: -5" out.txt "'-5,5.00"
contains "guard quote: '-5" out.txt "''-5,7.00"
rm -f guard-history.csv
check "guard quote: append" 0 "$bin" report guard.csv --period 2024-02 --as-of 2024-06-01 --by ch --append guard-history.csv
check "guard quote: append again" 0 "$bin" report guard.csv --period 2024-02 --as-of 2024-06-01 --by ch --append guard-history.csv
contains "guard quote: appended again" err.txt "0 rows added, 3 replaced, 3 in all"
# An order's total repeated on each of its lines: a line amount beside it
# wins; alone, it is counted as read with a warning naming the column, in
# CSV and NDJSON, from report and validate.
printf 'order_id,customer_id,order_date,line_total,order_total\n1,a,2024-02-01,10.00,30.00\n1,a,2024-02-01,20.00,30.00\n' >ot-both.csv
check "line total beside order total" 0 "$bin" report ot-both.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns revenue
contains "line total beside order total: lines summed" out.txt "30.00"
printf 'order_id,customer_id,order_date,quantity,price,total\n1,a,2024-02-01,1,10.00,35.00\n1,a,2024-02-01,1,25.00,35.00\n' >ot-repeat.csv
printf '{"order_id":"1","customer_id":"a","order_date":"2024-02-01","total":35}\n{"order_id":"1","customer_id":"a","order_date":"2024-02-01","total":35}\n' >ot-repeat.ndjson
for f in ot-repeat.csv ot-repeat.ndjson; do
  check "order total on lines: $f" 0 "$bin" report $f --period 2024-02 --as-of 2024-06-01 --format csv --columns revenue
  contains "order total on lines: $f warned" err.txt 'repeats the amount of the line before in column "total"'
  check "order total on lines: validate $f" 0 "$bin" validate $f --as-of 2024-06-01
  contains "order total on lines: validate $f warned" out.txt "$f:"
  check "order total on lines: validate $f --strict" 1 "$bin" validate $f --as-of 2024-06-01 --strict
done
# The same when the lines of an order do not follow each other (sorted by
# product): a repeat of each order's total is told apart from item lines.
printf 'order_id,customer_id,order_date,sku,order_total\n1,A,2024-03-01,X,30.00\n2,B,2024-03-02,X,10.00\n1,A,2024-03-01,Y,30.00\n2,B,2024-03-02,Z,10.00\n1,A,2024-03-01,Z,30.00\n' >ot-apart.csv
for threads in 1 2; do
  check "order total on lines apart: --threads $threads" 0 "$bin" report ot-apart.csv --period 2024-03 --as-of 2024-06-01 --threads $threads
  contains "order total on lines apart warned: --threads $threads" err.txt 'warning: ot-apart.csv:4:18: every further line of an order repeats the amount'
done
check "order total on lines apart: validate --strict" 1 "$bin" validate ot-apart.csv --as-of 2024-06-01 --strict
# The further lines are the rows the finding is about.
contains "order total on lines apart: rows with problems" out.txt "5 rows read from 1 file: 3 with problems, 1 error, 0 warnings"
python3 -c 'import csv, json
for r in csv.DictReader(open("ot-apart.csv")):
  r["order_total"] = float(r["order_total"]); print(json.dumps(r))' >ot-apart.ndjson
check "order total on lines apart: NDJSON" 0 "$bin" report ot-apart.ndjson --period 2024-03 --as-of 2024-06-01
contains "order total on lines apart: NDJSON warned" err.txt 'warning: ot-apart.ndjson:3: every further line of an order repeats the amount'
# Item lines apart: 30.00 then 20.00, or 20.00 then 10.00 (a divisor of
# the line before, not a repeat of it), are no totals.
for lines in 'Y,20.00' 'Y,10.00'; do
  sed "s/Y,30.00/$lines/; s/^1,A,2024-03-01,X,30.00/1,A,2024-03-01,X,20.00/" ot-apart.csv >items-apart.csv
  check "item lines apart ($lines)" 0 "$bin" report items-apart.csv --period 2024-03 --as-of 2024-06-01
  if grep -q 'repeats the amount' err.txt; then echo "FAIL: item lines apart ($lines) warned"; failures=$((failures + 1)); else passes=$((passes + 1)); fi
done
# A column whose name says cents holds cents (Stripe's API, a money gem),
# found with no flag, in CSV and NDJSON, with a note; a fraction of a
# cent past 4 decimals of the currency is an error naming the cell.
printf 'order_id,customer_id,created_at,amount_cents\n1,a,2024-02-01,1999\n2,b,2024-02-02,500.5\n' >cents.csv
check "amounts in cents" 0 "$bin" report cents.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns orders,revenue
contains "amounts in cents: figures" out.txt "2,24.995"
contains "amounts in cents: noted" err.txt 'amounts of column "amount_cents" read as cents'
printf '{"order_id":"1","customer_id":"a","created_at":"2024-02-01","total_in_cents":1999}\n' >cents.ndjson
check "amounts in cents: NDJSON" 0 "$bin" report cents.ndjson --period 2024-02 --as-of 2024-06-01 --format csv --columns revenue
contains "amounts in cents: NDJSON figures" out.txt "19.99"
printf 'order_id,customer_id,created_at,amount_cents\n1,a,2024-02-01,1.5\n2,a,2024-02-01,19.999\n' >cents-bad.csv
check "amounts in cents: too fine" 1 "$bin" report cents-bad.csv --period 2024-02 --as-of 2024-06-01
contains "amounts in cents: too fine, named" err.txt 'cents-bad.csv:3:16: error: the amount "19.999" in column'
contains "amounts in cents: too fine, why" err.txt 'is in cents (as the name says), and has more than 2 decimals of a cent'
# Of a currency without cents (yen, won), a money library's "cents" are
# whole units, and of a three-decimal one thousandths (51234 yen were
# read as 512.34), named by the currency column, the amount column's name
# or, split by currency, the segment (it was 100 times too small for yen).
printf 'order_id,customer_id,created_at,amount_cents,currency\n1,a,2024-02-01,1234,JPY\n2,b,2024-02-02,50000,jpy\n' >cents-jpy.csv
printf '{"id":"1","customer":"a","created":"2024-02-01","amount_cents":1500,"currency":"KWD"}\n' >cents-kwd.ndjson
printf 'order_id,customer_id,created_at,Amount [KRW] (cents)\n1,a,2024-02-01,12000\n' >cents-krw.csv
printf 'order_id,customer_id,created_at,amount_cents,currency\n1,a,2024-02-01,1999,USD\n2,b,2024-02-02,1500,JPY\n3,c,2024-02-03,1500,KWD\n' >cents-by.csv
for case in "cents-jpy.csv|51234.00|" "cents-kwd.ndjson|1.50|" "cents-krw.csv|12000.00|" \
  "cents-by.csv|JPY,1500.00 KWD,1.50 USD,19.99|--by currency"; do
  IFS='|' read -r file want by <<<"$case"
  columns=revenue
  [ -n "$by" ] && columns=segment,revenue
  # shellcheck disable=SC2086 # $by is a flag and its value, or nothing
  check "cents of the currency's units ($file)" 0 "$bin" report "$file" --period 2024-02 --as-of 2024-06-01 $by --format csv --columns $columns
  got="$(tail -n +2 out.txt | tr '\n' ' ' | sed 's/ $//')"
  [ "$got" = "$want" ] && passes=$((passes + 1)) || { echo "FAIL: cents of the currency's units ($file): $got, not $want"; failures=$((failures + 1)); }
  contains "cents of the currency's units noted ($file)" err.txt 'read as cents'
done
# A currency named in the amount's column must be the currency column's:
# Amount [JPY] of a row in USD was read as dollars.
printf 'order_id,customer_id,date,Amount [JPY],currency\n1,A,2024-03-01,1999,jpy\n2,B,2024-03-02,5,USD\n' >named-other.csv
check "a currency named apart from the column" 1 "$bin" report named-other.csv --period 2024-03 --as-of 2025-01-01
contains "a currency named apart from the column: where" err.txt "named-other.csv:3:18: error: the currency \"USD\" in column 'currency' is not the JPY that the amount's column 'Amount [JPY]' names"
printf 'order_id,customer_id,date,amount_cents [JPY],currency\n1,A,2024-03-01,1999,USD\n' >named-other-by.csv
check "a currency named apart from the segment" 1 "$bin" report named-other-by.csv --period 2024-03 --as-of 2025-01-01 --by currency
contains "a currency named apart from the segment: why" err.txt "is not the JPY that the amount's column"
# An order's further lines in cents are cents too (they join the line
# before it), also under "Amount (cents)".
printf 'order_id,customer_id,created_at,Amount (cents)\n1,a,2024-02-01,1000\n1,a,2024-02-01,500\n' >cents-lines.csv
check "cents on an order's lines" 0 "$bin" report cents-lines.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns orders,revenue
contains "cents on an order's lines: 15.00" out.txt "1,15.00"
# A unit price in cents: quantity x price in currency units.
printf 'order_id,customer_id,created_at,qty,unit_price_cents\n1,a,2024-02-01,2,1999\n' >cents-price.csv
check "a unit price in cents" 0 "$bin" report cents-price.csv --period 2024-02 --as-of 2024-06-01 --quantity-col qty --price-col unit_price_cents --format csv --columns revenue
contains "a unit price in cents: 39.98" out.txt "39.98"
contains "a unit price in cents: noted" err.txt 'amounts of column "unit_price_cents" read as cents'
# A minus after the number, as SAP writes a credit: a refund.
printf 'Kunde;Beleg;Datum;Betrag\nK1;R1;15.02.2024;1.234,56\nK2;G1;16.02.2024;100,00-\n' >sap.csv
check "a minus after the number" 0 "$bin" report sap.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns orders,revenue
contains "a minus after the number: a refund" out.txt "1,1134.56"
# ... and its currency symbol before the minus is still a symbol.
printf 'customer,date,amount\na,2024-02-01,$20.00\nb,2024-02-02,12.50 \xe2\x82\xac-\n' >minus-symbols.csv
check "a minus after a symbol: mixed currencies" 1 "$bin" report minus-symbols.csv --period 2024-02 --as-of 2024-06-01
contains "a minus after a symbol: named" err.txt 'mixed currencies'
# Amounts written with different currency symbols are not summed: an
# error naming both, in report and validate; one symbol (and amounts
# without one) read as before.
printf 'order_id,customer_id,date,amount\n2,b,2024-02-02,$20.00\n3,c,2024-02-02,\xe2\x82\xac20.00\n4,d,2024-02-03,7\n' >symbols.csv
check "mixed currency symbols" 1 "$bin" report symbols.csv --period 2024-02 --as-of 2024-06-01
contains "mixed currency symbols: named" err.txt 'symbols.csv:3:16: error: mixed currencies: an amount in'
check "mixed currency symbols: validate" 1 "$bin" validate symbols.csv --as-of 2024-06-01
printf 'order_id,customer_id,date,amount\n2,b,2024-02-02,$20.00\n2,b,2024-02-02,$5\n3,c,2024-02-02,-$5\n4,d,2024-02-03,7\n' >one-symbol.csv
check "one currency symbol" 0 "$bin" report one-symbol.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns revenue
contains "one currency symbol: summed" out.txt "27.00"
# A currency in the amount column's name ("Amount [EUR]") is the file's:
# a file in dollars, by name or by a currency column, is not summed with it.
printf 'order_id,customer_id,date,Amount [EUR]\n1,a,2024-02-01,10\n' >named-eur.csv
printf 'order_id,customer_id,date,Amount [USD]\n2,b,2024-02-01,20\n' >named-usd.csv
printf 'order_id,customer_id,date,amount,currency\n3,c,2024-02-01,5,EUR\n' >column-eur.csv
check "currencies in column names" 1 "$bin" report named-eur.csv named-usd.csv --period 2024-02 --as-of 2024-06-01
contains "currencies in column names: named" err.txt 'named-usd.csv:2:16: error: mixed currencies: "USD" here, "EUR" since named-eur.csv:2:16'
check "a named currency and a currency column" 1 "$bin" report column-eur.csv named-usd.csv --period 2024-02 --as-of 2024-06-01
check "one currency, named and in a column" 0 "$bin" report named-eur.csv column-eur.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns revenue
contains "one currency, named and in a column: summed" out.txt "15.00"
# JSON objects whose amount key names another currency at the same place.
printf '{"order_id":"1","customer_id":"a","order_date":"2024-02-01","Amount [EUR]":5}\n{"order_id":"2","customer_id":"b","order_date":"2024-02-01","Amount [USD]":5}\n' >named.ndjson
check "currencies in JSON keys" 1 "$bin" report named.ndjson --period 2024-02 --as-of 2024-06-01
# Split by a currency column, symbols need not agree.
printf 'order_id,customer_id,date,amount,currency\n1,a,2024-02-01,$5,USD\n2,b,2024-02-01,\xe2\x82\xac5,EUR\n' >symbols-by.csv
check "symbols split by currency" 0 "$bin" report symbols-by.csv --period 2024-02 --as-of 2024-06-01 --by currency --format csv --columns segment,revenue
# Split by currency, a customer paying in two currencies is an error: a
# customer counts in one segment, so one amount would be summed as the
# other currency.
printf 'customer_id,order_id,order_date,amount,currency\nC1,1,2024-01-05,100.00,EUR\nC1,2,2024-02-05,5000.00,JPY\nC2,3,2024-02-06,30.00,JPY\n' >two-currencies.csv
for command in report validate cohorts; do
  check "a customer in two currencies: $command" 1 "$bin" $command two-currencies.csv --by currency --as-of 2024-04-01
done
contains "a customer in two currencies: said" err.txt 'two-currencies.csv:3:1: error: customer "C1" pays in JPY here and in EUR on an earlier row'
printf 'customer_id,order_id,order_date,amount,currency\nC1,1,2024-01-05,100.00,EUR\nC1,2,2024-02-05,5,eur\nC2,3,2024-02-06,30.00,JPY\n' >one-currency-each.csv
check "each customer in one currency" 0 "$bin" report one-currency-each.csv --by currency --period 2024-02 --as-of 2024-04-01 --format csv --columns segment,revenue
contains "each customer in one currency: summed" out.txt "EUR,5.00"
# E-mail addresses as customer ids are one customer in any case, in a
# column named for them; other ids keep their case.
printf 'order_id,Email,order_date,amount\n1,Alice@Example.com,2024-01-05,10\n2,alice@example.com,2024-02-05,20\n' >emails.csv
check "e-mail ids in any case" 0 "$bin" report emails.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns customers_start,customers_new,customers_returning
contains "e-mail ids in any case: one customer" out.txt "1,0,1"
printf 'order_id,customer_id,order_date,amount\n1,Alice@Example.com,2024-01-05,10\n2,alice@example.com,2024-02-05,20\n' >case-ids.csv
check "other ids keep their case" 0 "$bin" report case-ids.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns customers_start,customers_new
contains "other ids keep their case: two customers" out.txt "1,1"
# ... and contracts keyed by e-mail match those orders in any case.
printf 'Email,start_date,end_date\nALICE@example.com,2024-01-01,\n' >email-contracts.csv
check "e-mail ids of contracts" 0 "$bin" report emails.csv --subscriptions email-contracts.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns customers_active
contains "e-mail ids of contracts: one customer" out.txt "customers_active
1"
# A blank currency (a refund line) is the customer's, not a second one.
printf 'customer_id,order_id,order_date,amount,currency\nC1,1,2024-02-05,100.00,USD\nC1,1,2024-02-06,-10.00,\n' >blank-currency.csv
check "a blank currency split by currency" 0 "$bin" report blank-currency.csv --by currency --period 2024-02 --as-of 2024-04-01 --format csv --columns segment,revenue
contains "a blank currency split by currency: the refund is in USD" out.txt "USD,90.00"
# A symbol must fit the currency a column or the amount's name says: "$"
# is not EUR, "€" not USD, in one row or across files.
printf 'order_id,customer_id,date,Amount [EUR]\n1,a,2024-02-01,$10\n' >symbol-vs-name.csv
check "symbol against the named currency" 1 "$bin" report symbol-vs-name.csv --period 2024-02 --as-of 2024-06-01
contains "symbol against the named currency: said" err.txt 'symbol-vs-name.csv:2:16: error: the amount is written in $ but its currency is "EUR"'
printf 'order_id,customer_id,date,amount,currency\n1,a,2024-02-01,\xe2\x82\xac5,usd\n' >symbol-vs-column.csv
check "symbol against the currency column" 1 "$bin" validate symbol-vs-column.csv --as-of 2024-06-01
check "symbol file, then a named currency" 1 "$bin" report one-symbol.csv named-eur.csv --period 2024-02 --as-of 2024-06-01
contains "symbol file, then a named currency: said" err.txt 'named-eur.csv:2:16: error: mixed currencies: "EUR" here, amounts in $ since one-symbol.csv:2:'
check "named currency, then a symbol file" 1 "$bin" report named-eur.csv one-symbol.csv --period 2024-02 --as-of 2024-06-01
contains "named currency, then a symbol file: said" err.txt 'one-symbol.csv:2:'
# Yen, rupees and crowns as exports write them: read, and checked as "$" is.
printf 'order_id,customer_id,date,amount,currency\n1,a,2024-02-01,\xc2\xa51200,JPY\n2,b,2024-02-03,\xc2\xa5 800,jpy\n' >yen.csv
check "amounts in yen" 0 "$bin" report yen.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns revenue
contains "amounts in yen: summed" out.txt "2000.00"
printf 'order_id,customer_id,date,amount,currency\n1,a,2024-02-01,\xc2\xa51200,USD\n' >yen-usd.csv
check "yen against USD" 1 "$bin" report yen-usd.csv --period 2024-02 --as-of 2024-06-01
contains "yen against USD: said" err.txt 'yen-usd.csv:2:23: error: the amount is written in '"$(printf '\xc2\xa5')"' but its currency is "USD"'
printf 'order_id,customer_id,date,amount\n1,a,2024-02-01,"99,00 kr"\n2,b,2024-02-02,\xe2\x82\xb9150\n' >crowns-rupees.csv
check "crowns beside rupees" 1 "$bin" report crowns-rupees.csv --period 2024-02 --as-of 2024-06-01
contains "crowns beside rupees: said" err.txt 'mixed currencies: an amount in '"$(printf '\xe2\x82\xb9')"' here, in kr since crowns-rupees.csv:2:'
printf 'order_id,customer_id,date,Amount (USD)\n1,a,2024-02-01,$10\n' >symbol-fits.csv
check "a symbol that fits its currency" 0 "$bin" report symbol-fits.csv one-symbol.csv --period 2024-02 --as-of 2024-06-01 --format csv --columns revenue
contains "a symbol that fits its currency: summed" out.txt "37.00"
# Two exports whose dates overlap: an order an earlier file listed is
# counted again with a warning naming it; the order the earlier file ended
# with going on in the next file with other lines is no repeat.
printf 'order_id,customer_id,date,amount\nx1,A,2024-01-05,10\nx2,B,2024-02-05,20\n' >part1.csv
printf 'order_id,customer_id,date,amount\nx2,B,2024-02-05,5\nx3,C,2024-03-05,30\nx1,A,2024-01-05,10\n' >part2.csv
check "overlapping exports" 0 "$bin" report part1.csv part2.csv --period 2024-01 --as-of 2024-06-01 --format csv --columns orders,revenue
contains "overlapping exports: figures as read" out.txt "1,20.00"
contains "overlapping exports: warned" err.txt 'warning: an order an earlier file already listed is listed again (order "x1" at part2.csv:4:1); if the files are exports whose dates overlap, its amount is counted twice in revenue'
[ "$(grep -c x2 err.txt)" = 0 ] && passes=$((passes + 1)) || { echo "FAIL: a continued order warned"; failures=$((failures + 1)); }
# The order the last file ended with goes on only at the next file's start.
printf 'order_id,customer_id,date,amount\nx9,D,2024-01-07,4\nx2,B,2024-02-05,5\n' >part4.csv
check "continued order after another" 0 "$bin" report part1.csv part4.csv --period 2024-02 --as-of 2024-06-01 --format json
contains "continued order after another: warned" err.txt 'order "x2" at part4.csv:3:1'
printf 'order_id,customer_id,date,amount\nx2,B,2024-02-05,20\n' >part3.csv
check "overlap at the boundary" 0 "$bin" report part1.csv part3.csv --period 2024-02 --as-of 2024-06-01 --format json
contains "overlap at the boundary: warned" err.txt 'order "x2" at part3.csv:2:1'
check "overlapping exports: validate" 0 "$bin" validate part1.csv part2.csv --as-of 2024-06-01
contains "overlapping exports: validate names the row" out.txt 'part2.csv:4: warning: this row repeats part1.csv:2 exactly: if the files are exports whose dates overlap, its amount counts twice in revenue'
# One warning for that row: its repeat says what the order's would.
[ "$(grep -c 'part2.csv:4' out.txt)" = 1 ] && passes=$((passes + 1)) || { echo "FAIL: part2.csv:4 warned more than once"; failures=$((failures + 1)); }
# Subscription dates before 1900 are placeholders too.
printf 'customer_id,start_date,end_date\nA,2023-12-01,\nC,1899-12-30,2024-01-20\n' >old-subscriptions.csv
check "subscription date before 1900" 1 "$bin" report --subscriptions old-subscriptions.csv --period 2024-01 --as-of 2024-03-01
contains "subscription date before 1900: where" err.txt 'old-subscriptions.csv:3:3: error: the start date "1899-12-30"'
# A CLV past what money can hold is an error, not a silent null.
printf 'customer_id,order_date,amount\nA,2023-12-05,1\nB,2023-12-05,1\nA,2024-01-05,1000000000\n' >huge-clv.csv
check "clv too large" 1 "$bin" report huge-clv.csv --period 2024-01 --as-of 2024-07-31 --lifespan 999999 --format csv
contains "clv too large: message" err.txt "the CLV of 2024-01 (about 1e+15) is too large to represent exactly (beyond ±9.2e14)"
# Up to 9.2e14 it is money, as the docs say (it stopped at 9.0e14).
check "clv of 9.1e14" 0 "$bin" report huge-clv.csv --period 2024-01 --as-of 2024-07-31 --lifespan 910000 --format csv --columns clv
contains "clv of 9.1e14: exact" out.txt "910000000000000.00"
# clv --by currency alike: one model per currency, none of all customers
# (it would rank yen against dollars), in every format.
printf 'customer_id,order_date,amount,currency\nU1,2024-01-01,10,USD\nU1,2024-02-01,12,USD\nU2,2024-01-10,11,USD\nU2,2024-03-01,9,USD\nJ1,2024-01-02,10000,JPY\nJ1,2024-02-02,12000,JPY\nJ2,2024-01-11,11000,JPY\nJ2,2024-03-02,9000,JPY\n' >clv-currencies.csv
check "clv by currency csv" 0 "$bin" clv clv-currencies.csv --as-of 2024-03-31 --by currency --format csv -q
[ "$(grep -c '^,' out.txt)" = 0 ] && [ "$(grep -c '^JPY,' out.txt)" = 2 ] && passes=$((passes + 1)) ||
  { echo "FAIL: clv --by currency CSV has an all-customers model"; failures=$((failures + 1)); }
check "clv by currency json" 0 "$bin" clv clv-currencies.csv --as-of 2024-03-31 --by currency --format json -q
python3 -c "import json; d=json.load(open('out.txt')); assert d['model'] is None and d['totals'] is None \
  and d['customers'] == [] and [s['segment'] for s in d['segments']] == ['JPY', 'USD'], d" &&
  passes=$((passes + 1)) || { echo "FAIL: clv --by currency JSON"; failures=$((failures + 1)); }
check "clv by currency table" 0 "$bin" clv clv-currencies.csv --as-of 2024-03-31 --by currency --format table -q
contains "clv by currency: no pooled model" out.txt "No model of all customers: the segments are currencies"
[ "$(grep -c 'Predictive CLV: all customers' out.txt)" = 0 ] && passes=$((passes + 1)) ||
  { echo "FAIL: clv --by currency table has an all-customers model"; failures=$((failures + 1)); }
check "clv by currency html" 0 "$bin" clv clv-currencies.csv --as-of 2024-03-31 --by currency --format html -q
contains "clv by currency html note" out.txt "No model of all customers"

# Segment names are data: in CSV one that a spreadsheet would run as a
# formula starts with a quote; negative money stays a number.
printf 'customer_id,order_date,amount,channel\nC1,2024-01-05,10.00,"=HYPERLINK(""http://x"")"\nC2,2024-01-06,3.00,@web\nC2,2024-01-07,-8.00,@web\n' >formula.csv
check "formula segments" 0 "$bin" report formula.csv --period 2024-01 --by channel --format csv --as-of 2024-06-01
contains "= segment quoted" out.txt "'=HYPERLINK(\"\"http://x\"\")\",2024-01,"
contains "@ segment quoted" out.txt "'@web,2024-01,"
contains "negative revenue is a number" out.txt ",-5.00,"
check "formula segments in cohorts" 0 "$bin" cohorts formula.csv --by channel --format csv --as-of 2024-06-01
contains "cohort segment quoted" out.txt "'@web,2024-01,"

# --top as of a past day ranks the segments known that day: mail, the
# largest now, only starts in March, so a January report as of February 1
# shows what it showed that day (web first, mail nowhere), whatever came later.
printf 'customer_id,order_id,order_date,amount,channel\na1,o1,2024-01-05,10,web\na2,o2,2024-01-06,10,web\nb1,o3,2024-01-07,10,shop\nc1,o4,2024-01-08,10,phone\n' >then.csv
{
  cat then.csv
  printf 'd1,o5,2024-03-01,10,shop\nd2,o6,2024-03-02,10,shop\nd3,o7,2024-03-03,10,shop\n'
  printf 'd4,o8,2024-03-04,10,mail\nd5,o9,2024-03-05,10,mail\nd6,o10,2024-03-06,10,mail\nd7,o11,2024-03-07,10,mail\n'
} >later.csv
for cmd in "report --period 2024-01" "cohorts --from 2024-01"; do
  read -ra c <<<"$cmd"
  check "$cmd --top as of then" 0 "$bin" "${c[@]}" then.csv --by channel --top 1 --as-of 2024-02-01 --format csv -q
  python3 "$root/tests/sql/figures_only.py" <out.txt >then.out
  check "$cmd --top as of then, later rows" 0 "$bin" "${c[@]}" later.csv --by channel --top 1 --as-of 2024-02-01 --format csv -q
  python3 "$root/tests/sql/figures_only.py" <out.txt >later.out
  if cmp -s then.out later.out && grep -q '^web,' later.out; then
    passes=$((passes + 1))
  else
    echo "FAIL: $cmd --by --top --as-of: rows after --as-of changed the segments"
    diff then.out later.out | head -6
    failures=$((failures + 1))
  fi
done

check "--top without --by" 2 "$bin" report orders.csv --top 3
check "--by unknown column" 1 "$bin" report orders.csv --by region
contains "--by unknown column message" err.txt "no column named \"region\""

# Subscriptions: the worked example of the metrics contract. 10 customers
# under contract at the start of Q1, 4 new ones sign in Q1, 2 of the 10 leave.
{
  echo "customer_id,start_date,end_date"
  for i in 1 2 3 4 5 6 7 8; do echo "K$i,2023-0$i-15,"; done
  echo "K9,2023-05-01,2024-02-10"
  echo "K10,2023-06-01,2024-03-31"
  for i in 11 12 13 14; do echo "K$i,2024-0$(( (i % 3) + 1 ))-0$(( i - 9 )),"; done
} >contracts.csv
check "subscriptions worked example" 0 "$bin" report --subscriptions contracts.csv --period 2024-Q1 --format json --as-of 2024-06-01
python3 - out.txt <<'PY' || failures=$((failures + 1))
import json, sys
p = json.load(open(sys.argv[1]))["periods"][0]
want = dict(customers_start=10, customers_new=4, customers_lost=2, customers_end=12,
            retention_rate=0.8, churn_rate=0.2, orders=None, revenue=None, aov=None)
bad = {k: (p[k], v) for k, v in want.items() if p[k] != v}
assert not bad, bad
PY
check "subscriptions with orders" 0 "$bin" report orders.csv --subscriptions contracts.csv --period 2024-02 --format csv --as-of 2024-06-01
contains "orders still counted" out.txt ",3,43.00,"
printf 'customer_id,start,end\nK1,2024-03-01,2024-01-01\n' >backwards.csv
check "contract ending before it starts" 1 "$bin" report --subscriptions backwards.csv --period 2024-Q1
contains "contract error location" err.txt "backwards.csv:2:"
check "subscriptions with --window" 2 "$bin" report --subscriptions contracts.csv --period 2024-Q1 --window 90d
check "no files at all" 2 "$bin" report --period 2024-Q1

# The hand computation in data/README.md.
check "small sample" 0 "$bin" report "$root/data/orders_small.csv" --period 2024-02 --format json
python3 - out.txt <<'PY' || failures=$((failures + 1))
import json, sys
p = json.load(open(sys.argv[1]))["periods"][0]
want = dict(customers_start=4, customers_end=5, customers_new=1, customers_lost=1,
            customers_reactivated=1, customers_active=5, orders=6, revenue=163.96,
            customers_repeat=1, customers_returning=4, churn_rate=0.25, retention_rate=1.0,
            repeat_rate=0.2, returning_rate=0.8, purchase_frequency=1.2, aov=27.3267,
            clv=131.168)
bad = {k: (p[k], v) for k, v in want.items() if p[k] != v}
assert not bad, bad
PY

if [ -f "$root/data/orders.csv" ]; then
  check "sample data, default series" 0 "$bin" report "$root/data/orders.csv" --format csv --as-of 2025-06-01
  [ "$(wc -l <out.txt)" = 25 ] && passes=$((passes + 1)) || { echo "FAIL: sample should have 24 months"; failures=$((failures + 1)); }
fi

# Input bytes never reach the terminal raw, and memory stays bounded for
# any byte stream: a record past --max-line-length is an error at once.
# limited CMD...: runs CMD under a 1 GB address-space limit; a sanitizer
# build reserves more than that up front, so there its peak resident
# memory must stay under 250 MB instead.
# (The probe runs in its own shell, which reports the sanitizer's abort.)
address_limit=false
if bash -c 'ulimit -v 1000000 && "$0" --version; exit $?' "$bin" >/dev/null 2>&1; then
  address_limit=true
  limited() { (ulimit -v 1000000 && "$@"); }
else
  limited() {
    /usr/bin/time -o peak.txt -f %M "$@"
    local got=$?
    if [ "$(tail -n 1 peak.txt)" -gt 256000 ]; then
      echo "peak memory $(tail -n 1 peak.txt) KB" >&2
      return 99
    fi
    return "$got"
  }
fi
check "300 MB of NUL bytes on stdin" 1 limited "$bin" report - --period 2024 < <(head -c 300000000 /dev/zero)
contains "the limit is passed on line 1" err.txt '<stdin>:1:1048577: error: a record longer than 1048576 bytes'
head -c 200000000 /dev/zero | tr '\0' a >one_line.csv
check "a 200 MB line" 1 limited "$bin" report one_line.csv --period 2024
contains "a 200 MB line: where" err.txt 'one_line.csv:1:1048577: error: a record longer than'
check "a 200 MB line, validate" 1 limited "$bin" validate one_line.csv
contains "a 200 MB line, validate: where" out.txt 'one_line.csv:1:1048577: error: a record longer than'
gzip -1 -c one_line.csv >one_line.csv.gz
rm -f one_line.csv
check "a 200 MB line, gzip" 1 limited "$bin" report one_line.csv.gz --period 2024
rm -f one_line.csv.gz
{ printf '{"order_id":"'; head -c 3000000 /dev/zero | tr '\0' a; printf '"}\n'; } >long.ndjson
check "a long NDJSON line" 1 limited "$bin" report long.ndjson --period 2024
contains "a long NDJSON line: where" err.txt 'long.ndjson:1:1048577: error:'
check "a long NDJSON line, validate" 1 limited "$bin" validate long.ndjson
# A quoted field that never closes runs on past the limit, across lines.
{ printf 'order_id,customer_id,order_date,amount\nA1,C1,2024-01-05,"1\n'; yes 'A2,C2,2024-01-06,1.00' | head -c 3000000; } >open_quote.csv
check "an open quote" 1 limited "$bin" report open_quote.csv --period 2024
contains "an open quote: the hint" err.txt '(or a quote left open)'
# /dev/zero never ends; `timeout` only guards against a hang. Without an
# address-space limit a regression could take all memory, so then the 300 MB
# stream above stands for it.
if [ "$address_limit" = true ]; then
  check "/dev/zero" 1 limited timeout 120 "$bin" report /dev/zero --period 2024
  contains "/dev/zero: where" err.txt '/dev/zero:1:1048577: error:'
fi
# Out of memory on a parse worker or a metrics thread is "out of memory"
# and exit 1, as on the main thread; it once aborted (exit 134). Several
# limits, so that it strikes in different places.
if [ "$address_limit" = true ]; then
  awk 'BEGIN { srand(7); print "order_id,customer_id,order_date,amount";
    for (i = 0; i < 1000000; i++) printf "O%d,C%d,2023-%02d-%02d,%d.50\n", i, int(rand() * 300000), 1 + int(rand() * 12), 1 + int(rand() * 28), 1 + int(rand() * 99) }' >million.csv
  for command in report validate clv; do
    for kb in 40000 70000 100000; do
      check "out of memory: $command under $kb KB" 1 sh -c "ulimit -v $kb; '$bin' $command million.csv --as-of 2024-03-01 -q --threads 2"
      contains "out of memory: $command under $kb KB: said" err.txt "out of memory"
    done
  done
  rm -f million.csv
fi
{ cat orders.csv; printf 'A9,C9,2024-03-01,'; head -c 3000 /dev/zero | tr '\0' 7; printf '\n'; } >long_field.csv
check "--max-line-length lowers the limit" 1 "$bin" report long_field.csv --period 2024 --max-line-length 1000
contains "--max-line-length: where" err.txt 'long_field.csv:'
contains "--max-line-length: what" err.txt ':1001: error: a record longer than 1000 bytes'
check "--max-line-length raises it" 1 "$bin" report long_field.csv --period 2024 --max-line-length 10000
contains "--max-line-length raised: the value, cut" err.txt '... (+'
check "--max-line-length 0" 2 "$bin" report orders.csv --max-line-length 0
printf 'order_id,customer_id,order_date,amount\nA1,C1,2024-01-05,1\0\n' >nul.csv
check "a NUL byte" 1 "$bin" report nul.csv --period 2024
contains "a NUL byte: where and what" err.txt "nul.csv:2:18: error: a NUL byte in column 'amount'"
check "a NUL byte, validate" 1 "$bin" validate nul.csv --as-of 2025-01-01
contains "a NUL byte, validate: where" out.txt "nul.csv:2:18: error: a NUL byte in column 'amount'"
printf 'order_id,"\033]0;pwned\007\033[2J",order_date,amount\nA1,C1,2024-01-05,"\033[2J1"\n' >escapes.csv
check "escape sequences in the header" 1 "$bin" report escapes.csv --period 2024
contains "escape sequences: shown escaped" err.txt '\x1b]0;pwned\x07\x1b[2J'
if grep -q "$(printf '\033')" err.txt; then
  echo "FAIL: an ESC byte reached stderr"
  failures=$((failures + 1))
fi
check "escape sequences, validate" 1 "$bin" validate escapes.csv --customer-col 2 --as-of 2025-01-01
check "escape sequences, validate json" 1 "$bin" validate escapes.csv --customer-col 2 --format json --as-of 2025-01-01
if grep -q "$(printf '\033')" out.txt err.txt; then
  echo "FAIL: an ESC byte reached the output"
  failures=$((failures + 1))
fi
contains "escape sequences, validate json: escaped" out.txt '\\x1b[2J1'
printf 'order_id,customer_id,order_date,amount\nA1,C1,2024-01-05,x\n' >"$(printf 'evil\033[2J.csv')"
check "escape sequences in a file name" 1 "$bin" report "$(printf 'evil\033[2J.csv')" --period 2024
contains "escape sequences in a file name: escaped" err.txt 'evil\x1b[2J.csv:2:'

# Segment names come from the input: the table on a terminal shows them
# escaped (report series and segmented tables, cohorts); so is the
# segment column's name (report's heading, clv's model headings).
printf 'customer_id,order_date,amount,channel\nC1,2024-01-05,5,web\033]0;owned\007\nC2,2024-02-05,7,shop\n' >evil_segment.csv
printf 'customer_id,order_date,amount,chan\033[2Jnel\nC1,2024-01-01,5,web\nC1,2024-02-01,5,web\nC2,2024-01-03,7,web\nC2,2024-02-20,7,web\nC3,2024-01-05,9,shop\n' >evil_column.csv
segment_shown='web\x1b]0;owned\x07'
column_shown='chan\x1b[2Jnel'
for case in "segment_shown|report evil_segment.csv --period 2024-02 --by channel --format table" \
  "segment_shown|report evil_segment.csv --from 2024-01 --to 2024-02 --every month --by channel --format table" \
  "segment_shown|cohorts evil_segment.csv --by channel --format table --as-of 2024-12-31" \
  "column_shown|report evil_column.csv --period 2024-02 --by 4 --format table" \
  "column_shown|clv evil_column.csv --as-of 2024-06-01 --by 4 --format table -q"; do
  args=${case#*|}
  shown=${case%%|*}
  # shellcheck disable=SC2086
  check "input names escaped: $args" 0 "$bin" $args
  if grep -q "$(printf '\033')" out.txt err.txt; then
    echo "FAIL: an ESC byte from the input reached the table: $args"
    failures=$((failures + 1))
  fi
  contains "input names escaped: shown: $args" out.txt "${!shown}"
done
# clv: customer ids from the input are shown escaped in the table and on
# the page, like segment names.
python3 - >evil_ids.csv <<'PY'
import random
random.seed(3)
print("customer_id,order_date,amount")
for c in range(60):
    for k in range(1 + c % 5):
        print(f"C{c},2024-{1 + (c + 3 * k) % 9:02d}-{1 + (7 * c + k) % 27:02d},{10 + c % 7}.50")
print('"EV\x1b[31mIL\x07",2024-02-03,51')
print('"EV\x1b[31mIL\x07",2024-05-09,82')
print('"EV\x1b[31mIL\x07",2024-08-20,90')
PY
for format in table html; do
  check "clv escapes ids: $format" 0 "$bin" clv evil_ids.csv --calibration-end 2024-08-31 --top 100 --format "$format"
  if grep -q "$(printf '\033')" out.txt; then
    echo "FAIL: an ESC byte of a customer id reached the clv $format"
    failures=$((failures + 1))
  fi
  contains "clv escapes ids: $format: shown" out.txt 'EV\x1b[31mIL\x07'
done
# clv: the sample data end to end, the JSON shape, and the bad requests.
sample="$root/data/orders.csv"
check "clv json" 0 "$bin" clv "$sample" --calibration-end 2024-06-30 --holdout-end 2024-12-31 --format json
if python3 - out.txt <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1 and d["calibration_end"] == "2024-06-30", d["calibration_end"]
assert d["holdout_end"] == "2024-12-31" and d["time_unit"] == "week" and d["horizon"] == "12m"
b = d["model"]["bgnbd"]
assert b["converged"] and all(b[k] > 0 for k in ("r", "alpha", "a", "b"))
assert set(b["standard_errors"]) == {"r", "alpha", "a", "b"}
assert d["model"]["gamma_gamma"]["customers_used"] > 0
assert len(d["holdout"]["by_frequency"]) == 8
cs = d["customers"]
# The tracking curve: every week from the first order (2023-01-01, week -78
# from the calibration end) to the holdout end, cumulative; at the
# calibration end the actual curve holds every calibration repeat.
t = d["holdout"]["tracking"]
assert len(t) == 106 and t[0]["units"] == -78 and t[-1]["units"] == d["holdout"]["length"], t[0]
assert [p["actual"] for p in t if p["units"] == 0] == [sum(c["frequency"] for c in cs)]
assert t[-1]["actual"] - sum(c["frequency"] for c in cs) == d["holdout"]["actual_total"]
assert all(t[i]["predicted"] <= t[i + 1]["predicted"] for i in range(len(t) - 1))
assert len(cs) == d["totals"]["customers"]
assert all(cs[i]["clv"] >= cs[i + 1]["clv"] for i in range(len(cs) - 1))
assert all(0 <= c["p_alive"] <= 1 for c in cs)
assert abs(sum(c["clv"] for c in cs) - d["totals"]["clv"]) < 1e-6 * d["totals"]["clv"]
PY
then passes=$((passes + 1)); else echo "FAIL: clv json: shape"; failures=$((failures + 1)); fi
# Long horizons and heavy buyers: the expectation's 2F1 series once
# overflowed or ran out of terms there, and printed null for the customer
# and the totals. 7000 years has z within 1e-5 of 1; a customer who bought
# daily for 241 days (240 repeats) overflowed it over 20 years.
check "clv, 7000 years" 0 "$bin" clv "$sample" --horizon 7000y --format json -q
cp out.txt clv-7000y.json
python3 - "$sample" heavy.csv <<'PY'
import datetime, shutil, sys
shutil.copy(sys.argv[1], sys.argv[2])
with open(sys.argv[2], "a") as f:
    for i in range(241):
        day = datetime.date(2024, 5, 1) + datetime.timedelta(days=i)
        f.write(f"HV-{i},HEAVY,{day},TSH-BLK-M,1,24.00,organic,US\n")
PY
check "clv, a heavy buyer over 20 years" 0 "$bin" clv heavy.csv --horizon 20y --format json -q
if python3 - clv-7000y.json out.txt <<'PY'
import json, math, sys
for name in sys.argv[1:]:
    d = json.load(open(name))
    for c in d["customers"]:
        for k in ("expected_transactions", "clv"):
            assert c[k] is not None and math.isfinite(c[k]) and c[k] >= 0, (name, c)
    assert all(v is not None for v in d["totals"].values()), (name, d["totals"])
heavy = [c for c in d["customers"] if c["customer"] == "HEAVY"]
assert heavy[0]["frequency"] == 240 and heavy[0]["expected_transactions"] > 100, heavy
PY
then passes=$((passes + 1)); else echo "FAIL: clv: long horizon or heavy buyer gave null"; failures=$((failures + 1)); fi
check "clv csv" 0 "$bin" clv "$sample" --calibration-end 2024-06-30 --format csv -o clv.csv
contains "clv csv: header" clv.csv 'customer,frequency,recency,age,monetary,p_alive,expected_transactions,expected_spend,clv'
# --holdout-end in the CSV: each customer's part of the holdout check,
# whose sums are the JSON's totals; the model's rows are in JSON and HTML.
check "clv csv with a holdout" 0 "$bin" clv "$sample" --calibration-end 2024-06-30 --holdout-end 2024-12-31 --format csv -q -o clv-holdout.csv
"$bin" clv "$sample" --calibration-end 2024-06-30 --holdout-end 2024-12-31 --format json -q -o clv-holdout.json
if python3 - clv-holdout.csv clv-holdout.json clv.csv <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
h = json.load(open(sys.argv[2]))["holdout"]
plain = list(csv.DictReader(open(sys.argv[3])))
assert [r["customer"] for r in rows] == [r["customer"] for r in plain]
# Each value is rounded to 4 decimals: the sums within half a unit of that per row.
assert abs(sum(float(r["holdout_predicted_transactions"]) for r in rows) - h["predicted_total"]) <= 0.00005 * len(rows) + 1e-9
assert sum(int(r["holdout_actual_transactions"]) for r in rows) == h["actual_total"] > 0
assert abs(sum(float(r["holdout_predicted_spend"]) for r in rows) - h["spend"]["predicted_total"]) <= 0.00005 * len(rows) + 1e-6
assert abs(sum(float(r["holdout_actual_spend"]) for r in rows) - h["spend"]["actual_total"]) < 1e-6
PY
then passes=$((passes + 1)); else echo "FAIL: clv csv with a holdout: columns sum to the JSON's totals"; failures=$((failures + 1)); fi
check "clv table, by segment" 0 "$bin" clv "$sample" --calibration-end 2024-06-30 --by channel --format table
contains "clv table: a segment" out.txt 'Predictive CLV: organic (channel)'
# A segment nobody repeats in gets no model, and every output says so; the
# CSV holds all customers (segment empty) before the segments, as report's.
(cat "$sample"; printf 'ZZ-1,ZQ1,2024-03-01,X,1,10.00,fax,US\nZZ-2,ZQ2,2024-03-02,X,1,12.00,fax,US\n') >fax.csv
check "clv by segment, one skipped, csv" 0 "$bin" clv fax.csv --calibration-end 2024-06-30 --by channel --format csv -q -o clv-by.csv
if python3 - clv-by.csv clv.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
whole = list(csv.DictReader(open(sys.argv[2])))
assert rows[0]["segment"] == "", rows[0]
everyone = [r for r in rows if r["segment"] == ""]
assert len(everyone) == len(whole) + 2, (len(everyone), len(whole))
assert {r["segment"] for r in rows} - {""} == {"email", "organic", "paid_search", "referral", "social"}
PY
then passes=$((passes + 1)); else echo "FAIL: clv csv by segment: all customers first"; failures=$((failures + 1)); fi
check "clv by segment, one skipped, table" 0 "$bin" clv fax.csv --calibration-end 2024-06-30 --by channel --format table -q
contains "clv table names the skipped segment" out.txt 'Note: segment fax: no model: no customer bought again'
check "clv --strict: a skipped segment is an error" 1 "$bin" clv fax.csv --calibration-end 2024-06-30 --by channel --format csv --strict
contains "clv --strict: said" err.txt "segment fax: no model: no customer bought again"
check "clv by segment, one skipped, json" 0 "$bin" clv fax.csv --calibration-end 2024-06-30 --by channel --format json -q
contains "clv json names the skipped segment" out.txt '"segment": "fax"'
check "clv html" 0 "$bin" clv "$sample" --calibration-end 2024-06-30 --holdout-end 2024-12-31 -o clv.html
contains "clv html: tracking chart" clv.html 'through the calibration window and the holdout'
# The distributions agree with the customers of the JSON output.
"$bin" clv "$sample" --calibration-end 2024-06-30 --holdout-end 2024-12-31 --format json >clv.json 2>/dev/null
if python3 - clv.html clv.json <<'PY'
import json, re, sys
page, d = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
cs = d["customers"]
def table(after):
    part = page[page.index(after):]
    body = part[part.index("<tbody>") + 7:part.index("</tbody>")]
    return [re.findall(r"<td>(.*?)</td>", r) for r in body.split("</tr>") if "<td>" in r]
alive = table("Customers by P(alive)")
assert len(alive) == 10
for i, row in enumerate(alive):
    want = sum(1 for c in cs if min(int(c["p_alive"] * 10), 9) == i)
    assert int(row[1]) == want, (row, want)
tenths = table("CLV by tenth of customers")
assert len(tenths) == 10 and sum(int(r[1]) for r in tenths) == len(cs)
total = sum(c["clv"] for c in cs)
n, ranked = len(cs), [c["clv"] for c in cs]  # highest first
for k, row in enumerate(tenths):
    part = ranked[(n * k + 9) // 10:(n * (k + 1) + 9) // 10]
    assert abs(float(row[4].replace(",", "")) - sum(part)) < 0.01, (row, sum(part))
    assert abs(float(row[5].rstrip("%")) - 100 * sum(part) / total) < 0.06, row
# The page has what the table has: the spend fit's state, the customers
# likely alive, the holdout's summary errors.
gg, h = d["model"]["gamma_gamma"], d["holdout"]
fit = page.split("Gamma-Gamma: log-likelihood")[1][:80]
assert (", converged," in fit) == gg["converged"] and (", not converged," in fit) != gg["converged"], fit
assert "frequency/monetary correlation %.2f" % gg["frequency_monetary_correlation"] in page
assert "P(alive) \u2265 50%%</dt><dd>%d</dd>" % d["totals"]["likely_alive"] in page
errors = table("Holdout: predicted against actual")
assert errors[0][0] == "repeat transactions" and float(errors[0][2].replace(",", "")) == h["actual_total"], errors
assert abs(float(errors[1][3]) - h["spend"]["mae"]) < 0.001, errors
PY
then passes=$((passes + 1)); else echo "FAIL: clv html: distributions"; failures=$((failures + 1)); fi
# A Gamma-Gamma p run off to infinity takes v with it (only p v is then
# pinned down): the sample's NL segment, monthly.
"$bin" clv "$sample" --calibration-end 2024-06-30 --holdout-end 2024-12-31 --by country --time-unit month --horizon 26w --format json -q >clv-nl.json 2>/dev/null
if python3 - clv-nl.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
nl = [s for s in d["segments"] if s["segment"] == "NL"][0]["model"]["gamma_gamma"]
assert nl["not_identified"] == ["p", "v"], nl
assert nl["p"] is None and nl["v"] is None and nl["q"] is not None, nl
PY
then passes=$((passes + 1)); else echo "FAIL: clv: p run off leaves v printed as an estimate"; failures=$((failures + 1)); fi
# Fewer than ten customers: the highest is in the first tenth, as labelled.
printf 'customer_id,date,amount\nA,2023-01-01,10\nA,2023-02-01,20\nA,2023-04-01,15\nA,2023-06-11,25\n' >one-customer.csv
check "clv html of one customer" 0 "$bin" clv one-customer.csv --calibration-end 2023-06-30 --as-of 2023-06-30 -q -o one-customer.html
if python3 - one-customer.html <<'PY'
import re, sys
page = open(sys.argv[1]).read()
part = page[page.index("CLV by tenth of customers"):]
body = part[part.index("<tbody>") + 7:part.index("</tbody>")]
rows = [re.findall(r"<td>(.*?)</td>", r) for r in body.split("</tr>") if "<td>" in r]
assert rows[0][1] == "1" and rows[0][5] == "100.0%", rows[0]
assert all(r[1] == "0" for r in rows[1:]), rows
PY
then passes=$((passes + 1)); else echo "FAIL: clv html of one customer: not in the first tenth"; failures=$((failures + 1)); fi
check "clv: calibration end before the data" 1 "$bin" clv orders.csv --calibration-end 2020-01-01
contains "clv: calibration end before the data: message" err.txt 'the first order is on 2023-11-20'
check "clv: holdout end before calibration end" 2 "$bin" clv orders.csv --calibration-end 2024-02-01 --holdout-end 2024-01-01
# Days after the data (or after --as-of) are not days without purchases.
check "clv: holdout end after the data" 1 "$bin" clv "$sample" --calibration-end 2024-06-30 --holdout-end 2025-06-30
contains "clv: holdout end after the data: message" err.txt 'after the last day of the data (2024-12-31)'
check "clv: calibration end after the data" 1 "$bin" clv "$sample" --calibration-end 2025-06-30
check "clv: calibration end after --as-of" 2 "$bin" clv "$sample" --as-of 2024-03-01 --calibration-end 2024-06-30
check "clv: holdout end after --as-of" 2 "$bin" clv "$sample" --calibration-end 2024-06-30 --holdout-end 2024-12-31 --as-of 2024-09-01
check "clv: data complete through --as-of" 0 "$bin" clv "$sample" --calibration-end 2024-06-30 --holdout-end 2025-01-10 --as-of 2025-01-10 --format json
check "clv: holdout end without a calibration end" 2 "$bin" clv "$sample" --holdout-end 2024-12-31
contains "clv: holdout end without a calibration end: message" err.txt '--holdout-end needs --calibration-end'
check "clv: horizon 0" 2 "$bin" clv orders.csv --horizon 0d
contains "clv: horizon 0: message" err.txt '--horizon must be longer than 0 days; got "0d"'
check "clv: horizon past the limit" 2 "$bin" clv orders.csv --horizon 99999y
contains "clv: horizon past the limit: message" err.txt 'a count of 1 to 10000 and a unit'
check "clv: bad time unit" 2 "$bin" clv orders.csv --time-unit year
printf 'customer_id,order_date,amount\nA,2024-01-01,5\nB,2024-01-02,5\n' >once.csv
check "clv: nobody repeats" 1 "$bin" clv once.csv
contains "clv: nobody repeats: what to try" err.txt 'try a later --calibration-end'
printf 'customer_id,order_date,amount\nA,2024-01-01,0\nA,2024-01-05,0\nB,2024-01-02,0\n' >zero.csv
check "clv: no positive spend" 1 "$bin" clv zero.csv --format json
if grep -qi nan out.txt err.txt; then echo "FAIL: clv: NaN printed"; failures=$((failures + 1)); fi
# Amounts of 10^9 beside 1: never "nan"; the spend model is fitted in
# units of the mean spend, so it stands, and expected spend is about the
# population's mean (q and v at a boundary), 5e8, for the customer
# without repeats too.
printf 'customer_id,order_date,amount\nA,2024-01-01,1000000000\nA,2024-01-02,1000000000\nB,2024-01-01,5\nB,2024-01-05,1\nC,2024-01-03,1\n' >huge-spend.csv
for format in table html; do
  "$bin" clv huge-spend.csv --as-of 2024-01-10 --format $format -q >out.txt 2>err.txt
  if grep -qiw nan out.txt; then echo "FAIL: clv $format: nan printed"; failures=$((failures + 1)); else passes=$((passes + 1)); fi
done
"$bin" clv huge-spend.csv --as-of 2024-01-10 --format csv -q >out.txt 2>err.txt
python3 -c "import csv; rows = {r['customer']: r for r in csv.DictReader(open('out.txt'))}
assert abs(float(rows['C']['expected_spend']) / 5e8 - 1) < 0.01, rows" && passes=$((passes + 1)) ||
  { echo "FAIL: clv: C's spend is not the population's mean"; failures=$((failures + 1)); }
# sql -o into a missing folder: a usage error with the fix, as report's.
check "sql -o into a missing folder" 2 "$bin" sql report --table t --period 2024-01 -o nodir/q.sql
contains "sql -o into a missing folder: the fix" err.txt "mkdir -p nodir"

# Messages that say what is wrong and what to type instead.
check "clv: discount rate as a percentage" 2 "$bin" clv "$sample" --discount-rate 12
contains "clv: discount rate hint" err.txt "got 12 (100% or more a year); if 12% a year is meant, write 0.12 or 12%"
check "clv: discount rate 5 is 500% a year" 2 "$bin" clv "$sample" --discount-rate 5
contains "clv: discount rate 5: hint" err.txt "got 5 (100% or more a year); if 5% a year is meant, write 0.05 or 5%"
check "clv: discount rate 100%" 2 "$bin" clv orders.csv --discount-rate 100%
if grep -q "if 1% a year is meant" err.txt; then echo "FAIL: clv: 100% told to write 1%"; failures=$((failures + 1)); else passes=$((passes + 1)); fi
# The clv page says where its figures are defined, and the last day they
# draw on (the holdout's end).
check "clv: page footer" 0 "$bin" clv "$root/data/orders.csv" --calibration-end 2024-03-31 --holdout-end 2024-06-30 --format html -q
contains "clv: page footer: as of the holdout end" out.txt "from order data as of 2024-06-30"
contains "clv: page footer: docs/clv.md" out.txt "Figures are defined in docs/clv.md"
check "clv: margin and discount rate as percentages" 0 "$bin" clv "$sample" --calibration-end 2024-06-30 --margin 30% --discount-rate 10% --format json
python3 -c 'import json, sys; d = json.load(open("out.txt")); sys.exit(not (d["margin"] == 0.3 and d["discount_rate"] == 0.1))' && passes=$((passes + 1)) || { echo "FAIL: 30% and 10% read as 0.3 and 0.1"; failures=$((failures + 1)); }
# A percentage with an exponent: 3e1% was rewritten "3e1e-2" and refused.
check "clv: percentages written with an exponent" 0 "$bin" clv "$sample" --calibration-end 2024-06-30 --margin 3e1% --discount-rate 1E+1% --format json
python3 -c 'import json, sys; d = json.load(open("out.txt")); sys.exit(not (d["margin"] == 0.3 and d["discount_rate"] == 0.1))' && passes=$((passes + 1)) || { echo "FAIL: 3e1% and 1E+1% read as 0.3 and 0.1"; failures=$((failures + 1)); }
check "report: margin as a percentage" 0 "$bin" report orders.csv --period 2024-02 --as-of 2024-06-01 --margin 30% --format json
python3 -c 'import json, sys; d = json.load(open("out.txt")); sys.exit(d["definitions"]["margin"] != 0.3)' && passes=$((passes + 1)) || { echo "FAIL: report --margin 30% is 0.3"; failures=$((failures + 1)); }
check "report: a percentage that is no number" 2 "$bin" report orders.csv --period 2024-02 --margin x%
contains "report: a percentage that is no number: message" err.txt 'a percentage is a number and %, like 30%; got "x%"'
printf 'order_id,customer_id,order_date,amount\nR1,C1,2024-01-05,-10.00\nR2,C2,2024-01-06,-5.00\n' >refunds-only.csv
check "clv: refunds only" 1 "$bin" clv refunds-only.csv --as-of 2024-06-01
contains "clv: refunds only says so" err.txt "no order: 2 of the 2 rows read are refunds (amounts below 0)"
printf 'order_id,customer_id,order_date,amount\n' >no-rows.csv
printf 'customer_id,order_id,order_date,amount\n' >no-rows-too.csv
check "clv: no rows, stdin first" 1 "$bin" clv - no-rows.csv --as-of 2024-06-01 <no-rows-too.csv
contains "clv: no rows, stdin first: names both" err.txt "no orders in standard input and 1 more file: the models need purchases"
check "append to a spreadsheet name" 2 "$bin" report orders.csv --period 2024-02 --as-of 2024-06-01 --append kpis.xlsx
contains "append to a spreadsheet name says why" err.txt "kpis.xlsx: .xlsx is no format of a history; end the name in .csv, .json or .ndjson"
check "stdin in the CSV inputs column" 0 sh -c "cat orders.csv | '$bin' report --period 2024-02 --as-of 2024-06-01 --format csv"
if python3 -c 'import csv, sys; r = list(csv.DictReader(open("out.txt"))); sys.exit(r[0]["inputs"] != "-")'; then passes=$((passes + 1)); else echo "FAIL: stdin is - in the inputs column"; failures=$((failures + 1)); fi
# A right-to-left override in an id must not turn the table's line around.
printf 'order_id,customer_id,order_date,amount\nA1,ab\xe2\x80\xaecd,2024-01-05,10\nA2,ab\xe2\x80\xaecd,2024-02-05,12\nA3,C3,2024-01-06,20\nA4,C3,2024-03-06,25\nA5,C5,2024-01-07,30\n' >bidi.csv
check "clv table with a bidi override in an id" 0 "$bin" clv bidi.csv --as-of 2024-12-31 --format table
contains "clv table escapes the override" out.txt 'ab\u202ecd'
if grep -q "$(printf '\xe2\x80\xae')" out.txt; then echo "FAIL: a raw U+202E in the clv table"; failures=$((failures + 1)); fi
contains "clv table: customers in the plural" out.txt "Top 3 customers by CLV"
# The machine formats pass no override, C1 control or stray byte on raw
# either: JSON as \u escapes (the same value read back), CSV as shown in
# messages, TSV as COPY's \xHH; a file name in the inputs column too.
printf 'order_id,customer_id,order_date,amount,channel\n1,A,2024-03-01,10,we\xe2\x80\xaeb\n2,B,2024-03-02,5,z\xc2\x9bq\n' >bidi-segment.csv
odd_name="$(printf 'odd\r\x9b\xe2\x80\xae.csv')"
cp bidi-segment.csv "$odd_name"
for format in csv tsv json clv-csv clv-json; do
  case $format in
    clv-*) check "bidi and C1: $format" 0 "$bin" clv bidi.csv --as-of 2024-12-31 --format "${format#clv-}" -q ;;
    *) check "bidi and C1: $format" 0 "$bin" report "$odd_name" --period 2024-03 --as-of 2025-01-01 --by channel --format $format -q ;;
  esac
  if grep -q "$(printf '\xe2\x80\xae')\|$(printf '\xc2\x9b')\|$(printf '\x9b')\|$(printf '\r')" out.txt; then
    echo "FAIL: bidi and C1: $format passed a raw byte on"
    failures=$((failures + 1))
  fi
done
check "bidi and C1: the JSON value" 0 "$bin" report bidi-segment.csv --period 2024-03 --as-of 2025-01-01 --by channel --format json -q
python3 -c 'import json; s = [p["segment"] for p in json.load(open("out.txt"))["periods"]]; assert s == [None, "we\u202eb", "z\x9bq"], s' &&
  passes=$((passes + 1)) || { echo "FAIL: bidi and C1: JSON reads back the values"; failures=$((failures + 1)); }
check "bidi and C1: the TSV file name" 0 "$bin" report "$odd_name" --period 2024-03 --as-of 2025-01-01 --format tsv -q
contains "bidi and C1: the TSV file name as COPY bytes" out.txt 'odd\r\x9b\xe2\x80\xae.csv'
rm -f "$odd_name"
check "clv table, top 1" 0 "$bin" clv bidi.csv --as-of 2024-12-31 --format table --top 1
contains "clv table: one customer in the singular" out.txt "Top 1 customer by CLV"

# Numbers on the command line are decimal: 010 is ten (CLI11 read it as
# octal eight), 0x10 is refused (it was sixteen).
{
  echo "customer_id,date,amount,channel"
  for i in 01 02 03 04 05 06 07 08 09 10 11; do echo "C$i,2024-02-01,10,s$i"; done
} >eleven.csv
check "--top 010 is ten" 0 "$bin" report eleven.csv --period 2024-02 --as-of 2024-03-10 -q --format csv --by channel --top 010 --columns segment,customers_active
contains "--top 010 keeps ten segments" out.txt "(other),1"
check "--top 0x10 refused" 2 "$bin" report eleven.csv --period 2024-02 --as-of 2024-03-10 --by channel --top 0x10
contains "--top 0x10 says why" err.txt '--top: "0x10" is no decimal number; write it in the digits 0 to 9'
check "--margin 0x1p-1 refused" 2 "$bin" report eleven.csv --period 2024-02 --as-of 2024-03-10 --margin 0x1p-1
check "--check-exit-code 010 is ten" 10 "$bin" report eleven.csv --period 2024-02 --as-of 2024-03-10 -q --fail-if 'orders > 1' --check-exit-code 010

# A --delimiter that is not the file's: the message names the one it is.
printf 'customer_id;date;amount\nA;2024-02-01;10\n' >semi.txt
check "--delimiter , on a ;-file" 1 "$bin" report semi.txt --period 2024-02 --as-of 2024-03-10 --delimiter ,
contains "--delimiter , on a ;-file: the fix" err.txt "the columns look separated by semicolons: give --delimiter ';', or none to have it told from the header"

# Words CLI11 did not expect: what they are, and the fix.
check "no command" 2 "$bin"
contains "no command: the commands" err.txt "retention: give a command: report, cohorts, validate, clv, diff, sql or render"
cp orders.csv ./-dash.csv
check "a file named like a flag" 2 "$bin" report -dash.csv --period 2024-02
contains "a file named like a flag: how to name it" err.txt "-dash.csv is read as an option, not as the file of that name: write it ./-dash.csv"
check "a file named like a flag, as ./" 0 "$bin" report ./-dash.csv --period 2024-02 --as-of 2024-06-01 -q --format csv
check "sql given a file" 2 "$bin" sql report orders.csv --table t --period 2024-02
contains "sql given a file: reads none" err.txt "'retention sql report' reads no files: its query reads the table"
check "diff given three files" 2 "$bin" diff a.json b.json c.json
contains "CLI11's sentence in lower case" err.txt "retention: the following argument was not expected: c.json"

# --title names the page of cohorts and clv too, and only a page.
check "cohorts --title" 0 "$bin" cohorts orders.csv --as-of 2024-06-01 --format html --title 'Q2 <cohorts>'
contains "cohorts --title: the page's title, escaped" out.txt "<title>Q2 &lt;cohorts&gt;</title>"
check "clv --title" 0 "$bin" clv orders.csv --as-of 2024-06-01 --format html --title 'My CLV' -q
contains "clv --title: the page's title" out.txt "<title>My CLV</title>"
check "cohorts --title with CSV" 2 "$bin" cohorts orders.csv --as-of 2024-06-01 --format csv --title x

# A CSV flag given for JSON input is said, not let go in silence.
printf '{"customer_id":"A","date":"2024-02-01","amount":10}\n' >flags.ndjson
check "--delimiter for NDJSON: read" 0 "$bin" report flags.ndjson --period 2024-02 --as-of 2024-03-10 --delimiter ';' -q --format csv
contains "--delimiter for NDJSON: warned" err.txt "warning: flags.ndjson: --delimiter is for CSV input, and this file is NDJSON"

# A closed stdout or stdin fails as before /dev/null held their place.
"$bin" report orders.csv --period 2024-02 --as-of 2024-06-01 >&- 2>err.txt
[ $? = 1 ] && grep -qF "cannot write the output" err.txt && passes=$((passes + 1)) || { echo "FAIL: stdout closed: $(cat err.txt)"; failures=$((failures + 1)); }
"$bin" report - --period 2024-02 --as-of 2024-06-01 <&- >/dev/null 2>err.txt
[ $? = 1 ] && grep -qF "cannot read" err.txt && passes=$((passes + 1)) || { echo "FAIL: stdin closed: $(cat err.txt)"; failures=$((failures + 1)); }
# A value nested 100,000 levels deep is no crash (nor an error: it is JSON).
python3 -c "print('{\"customer_id\":\"C1\",\"order_date\":\"2024-01-05\",\"amount\":5,\"x\":' + '['*100000 + ']'*100000 + '}')" >deep.ndjson
check "deep nesting" 0 "$bin" validate deep.ndjson
# Malformed deep inside is found where the grammar can be followed.
printf '{"customer_id":"C1","order_date":"2024-01-05","amount":5,"x":[[[{"a":5}}]]]}\n' >deep-bad.ndjson
check "a bracket closed by the wrong kind, nested" 1 "$bin" validate deep-bad.ndjson
contains "a bracket closed by the wrong kind, nested: where" out.txt "deep-bad.ndjson:1:72: error: malformed JSON: expected ',' or ']' in the list of \"x\", found"

# Errors with stderr closed or full still end in their exit codes (a
# failed write of the message aborted the process, exit 134).
for redirect in '2>&-' '2>/dev/full'; do
  for run in "2 report nofile.csv --period 2024-13" "1 report nofile.csv --period 2024-02" \
    "2 report --bogus" "2 bogus" "1 clv nofile.csv" "2 diff a.json"; do
    want=${run%% *}
    eval "\"\$bin\" ${run#* } >/dev/null $redirect"
    got=$?
    if [ "$got" = "$want" ]; then passes=$((passes + 1)); else
      echo "FAIL: retention ${run#* } $redirect: exit $got, expected $want"
      failures=$((failures + 1))
    fi
  done
done

echo "$passes passed, $failures failed"
[ "$failures" = 0 ]
