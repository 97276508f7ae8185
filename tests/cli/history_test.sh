#!/usr/bin/env bash
# KPI histories a cron job can trust: --append builds one row per period
# and segment, re-runs change nothing, restatements are reported, a lock
# and atomic replacement survive concurrent and killed runs; `diff` exit
# codes; every --format openmetrics output passes promtool.
# Usage: history_test.sh path/to/retention path/to/source
set -uo pipefail
bin="$(realpath "$1")"
root="$(realpath "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$root/data/orders.csv" orders.csv
failures=0
passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_exit() {  # expect_exit WANT description command...
  local want="$1" what="$2"
  shift 2
  "$@" >out.txt 2>err.txt
  local got=$?
  if [ "$got" = "$want" ]; then ok; else
    fail "$what: exit $got, expected $want"
    sed 's/^/  /' err.txt | head -5
  fi
}
report() { "$bin" report orders.csv --as-of 2025-01-01 "$@"; }
months="01 02 03 04 05 06 07 08 09 10 11 12"

for ext in csv json ndjson; do
  # Twelve monthly runs, out of order, equal one --every month series.
  for m in 03 01 12 02 04 05 06 07 08 09 10 11; do
    report --period 2024-$m --append "history.$ext" 2>/dev/null || fail "append 2024-$m to .$ext"
  done
  report --from 2024-01 --to 2024-12 --every month --format json -o series.json
  python3 - "history.$ext" series.json <<'PY' && ok || fail "twelve .$1 runs differ from the series"
import csv, json, sys
path, series = sys.argv[1], json.load(open(sys.argv[2]))
if path.endswith(".csv"):
    rows = list(csv.DictReader(open(path)))
    got = [(r["period"], r["revenue"], r["churn_rate"], r["customers_end"]) for r in rows]
    want = [(p["period"], "%.2f" % p["revenue"], repr(p["churn_rate"]), str(p["customers_end"]))
            for p in series["periods"]]
    assert rows[0]["schema_version"] == "1" and rows[0]["time_zone"] == "UTC", rows[0]
elif path.endswith(".ndjson"):
    lines = [json.loads(l) for l in open(path)]
    got = [{k: v for k, v in l.items() if k in series["periods"][0]} for l in lines]
    want = series["periods"]
    assert all(l["definitions"] == series["definitions"] for l in lines)
else:
    doc = json.load(open(path))
    # Each row records its day in a history; the series, one run, once.
    assert all(p.pop("as_of") == series["as_of"] for p in doc["periods"]), doc["periods"]
    got, want = doc["periods"], series["periods"]
    assert doc["definitions"] == series["definitions"] and doc["inputs"] == series["inputs"]
assert got == want, (got, want)
PY
  # Re-running any month changes nothing, byte for byte, and says so.
  cp "history.$ext" before
  for m in 01 07 12; do report --period 2024-$m --append "history.$ext" --fail-if-restated 2>>rerun.err; done
  cmp -s before "history.$ext" && ok || fail "re-running months changed history.$ext"
  grep -q 'restated' rerun.err && fail "a re-run reported a restatement" || ok
  rm -f rerun.err
done

# A CSV history equals the series' CSV byte for byte.
report --from 2024-01 --to 2024-12 --every month -o series.csv
cmp -s series.csv history.csv && ok || fail "history.csv differs from the series CSV"

# A late refund in May: re-running May restates exactly May's money figures.
cp history.csv history-before.csv
cp orders.csv orders-original.csv
echo 'RF-1,C00002,2024-05-20,TSH-BLK-M,1,-40.00,paid_search,US' >>orders.csv
expect_exit 1 "--fail-if-restated after a late refund" \
  report --period 2024-05 --append history.csv --fail-if-restated
grep 'restated' err.txt | grep -v -- '--fail-if-restated' >restated.txt
if grep -q '^retention: history.csv: 2024-05 revenue restated: ' restated.txt &&
  ! grep -qv '^retention: history.csv: 2024-05 \(revenue\|aov\|clv\) restated: ' restated.txt; then
  ok
else
  fail "the late refund's restatement"; cat err.txt
fi
# The revenue moved by exactly the refund.
python3 - history-before.csv history.csv <<'PY' && ok || fail "restated revenue"
import csv, decimal, sys
a, b = (list(csv.DictReader(open(p))) for p in sys.argv[1:])
d = {r["period"]: decimal.Decimal(r["revenue"]) for r in a}
e = {r["period"]: decimal.Decimal(r["revenue"]) for r in b}
assert e["2024-05"] - d["2024-05"] == decimal.Decimal("-40.00"), (d["2024-05"], e["2024-05"])
assert all(d[p] == e[p] for p in d if p != "2024-05")
PY

# diff: CSV histories and JSON snapshots, with and without differences.
expect_exit 0 "diff of a history with itself" "$bin" diff history.csv history.csv
expect_exit 1 "diff after a restatement" "$bin" diff history-before.csv history.csv --format table
grep -q '2024-05 *revenue' out.txt && ok || fail "diff names the restated figure"
expect_exit 0 "diff within --tolerance 40" "$bin" diff history-before.csv history.csv --tolerance 40 \
  --format table
expect_exit 1 "diff beyond --tolerance 39.99" "$bin" diff history-before.csv history.csv --tolerance 39.99
report --period 2024-05 -o may-new.json
cp orders-original.csv orders.csv
report --period 2024-05 -o may-old.json
expect_exit 0 "diff of equal JSON snapshots" "$bin" diff may-old.json may-old.json
expect_exit 1 "diff of different JSON snapshots" "$bin" diff may-old.json may-new.json --format json
python3 -c "import json,sys; d=json.load(open('out.txt')); assert not d['same'] and \
  {x['figure'] for x in d['differences']} == {'revenue','aov','clv'}, d" && ok ||
  fail "diff --format json lists revenue, aov and clv"
# Each change is a number, as old and new are: new - old, exact for money.
python3 -c "import json, decimal; d=json.load(open('out.txt'), parse_float=decimal.Decimal)
for x in d['differences']:
    assert isinstance(x['change'], (int, decimal.Decimal)), x
    assert x['change'] == decimal.Decimal(str(x['new'])) - decimal.Decimal(str(x['old'])), x" && ok ||
  fail "diff --format json: change is new - old as a number"
# -o over OLD or NEW is refused before anything is written; a disk that
# cannot take the output is trouble (2), not "they differ" (1).
cp may-new.json may-keep.json
expect_exit 2 "diff -o over NEW" "$bin" diff may-old.json may-keep.json -o may-keep.json
grep -q 'is the input file may-keep.json' err.txt && cmp -s may-keep.json may-new.json && ok ||
  fail "diff -o over NEW kept the file and said why"
expect_exit 2 "diff -o into a missing folder" "$bin" diff may-old.json may-old.json -o nodir/d.json
grep -q 'mkdir -p nodir' err.txt && ok || fail "diff -o into a missing folder names the fix"
if [ -w /dev/full ]; then
  expect_exit 2 "diff -o /dev/full" "$bin" diff may-old.json may-old.json -o /dev/full
fi
# -o picks diff's format by its extension: only table and JSON are diff's.
expect_exit 2 "diff -o d.csv" "$bin" diff may-old.json may-old.json -o d.csv
grep -q 'cannot write .csv files' err.txt && [ ! -e d.csv ] && ok || fail "diff -o d.csv refused"
# The same amount at another scale (a SQL engine's 7131.0800) is equal,
# not "within --tolerance 0".
report --period 2024-05 --format csv -o scale-a.csv
python3 - scale-a.csv scale-b.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
i = rows[0].index("revenue")
rows[1][i] = rows[1][i] + "00"
csv.writer(open(sys.argv[2], "w"), lineterminator="\n").writerows(rows)
PY
expect_exit 0 "diff of one amount at two scales" "$bin" diff scale-a.csv scale-b.csv --format json
python3 -c "import json; d=json.load(open('out.txt')); assert d['within_tolerance'] == 0 and d['same'], d" &&
  ok || fail "an amount at another scale is equal"
# A figure only one side has (written with --columns) is not compared, so
# swapping OLD and NEW gives the same verdict, with a note.
report --period 2024-05 --format csv --columns period,revenue -o may-slim.csv
report --period 2024-05 --format csv -o may-full.csv
expect_exit 0 "diff of a full and a --columns output" "$bin" diff may-full.csv may-slim.csv --format json
python3 -c "import json; d=json.load(open('out.txt')); assert d['compared'] == 1 and d['same'] and \
  'churn_rate' in d['only_in_old'] and d['only_in_new'] == [], d" && ok ||
  fail "diff compares the figures both sides have"
grep -q 'only may-full.csv has the figures customers_start' err.txt && ok ||
  fail "diff notes the figures one side lacks"
expect_exit 0 "diff of a --columns and a full output" "$bin" diff may-slim.csv may-full.csv
report --period 2024-05 --window 3m -o may-3m.json
expect_exit 2 "diff refuses other definitions" "$bin" diff may-old.json may-3m.json
grep -q 'window' err.txt && ok || fail "the refusal names the window"
expect_exit 2 "diff of a missing file" "$bin" diff may-old.json missing.json
# An older version recorded --by as given: "7" against "channel" compares,
# with a note; two names that differ do not.
report --period 2024-05 --by channel -o may-channel.json
sed 's/"segment_column": "channel"/"segment_column": "7"/' may-channel.json >may-seven.json
expect_exit 0 "diff of --by 7 (older record) and --by channel" "$bin" diff may-seven.json may-channel.json
grep -q 'records its segment column as "7"' err.txt && ok || fail "no note on the older --by record"
sed 's/"segment_column": "channel"/"segment_column": "country"/' may-channel.json >may-country.json
expect_exit 2 "diff refuses other segment columns" "$bin" diff may-country.json may-channel.json
# A report split by segment and one not: refused, in either order.
expect_exit 2 "diff refuses a --by report against one without" "$bin" diff may-old.json may-channel.json
grep -q "may-channel.json is split by segment (--by) and may-old.json is not" err.txt && ok ||
  fail "diff names the split report: $(cat err.txt)"
expect_exit 2 "diff refuses a report without --by against one with" "$bin" diff may-channel.json may-old.json
# Files that are no report (orders given by mistake) are trouble, not "the
# same" or "different".
printf '{"customer_id":"A","order_date":"2024-01-05","amount":10}\n' >orders.ndjson
printf '[{"customer_id":"A","order_date":"2024-01-05","amount":10}]\n' >orders.json
expect_exit 2 "diff of two orders files" "$bin" diff orders.csv orders.csv
grep -q 'orders.csv: error: cannot be compared: it has no "period" column' err.txt && ok ||
  fail "diff of orders files says why they cannot be compared: $(cat err.txt)"
expect_exit 2 "diff of a history and an orders file" "$bin" diff history.csv orders.csv
expect_exit 2 "diff of a snapshot and orders NDJSON" "$bin" diff may-old.json orders.ndjson
# -q works on every command: diff's note about a file without definitions
# is silenced, render and sql take it too.
cut -d, -f1-16 history.csv >bare.csv
expect_exit 0 "diff of a history without definitions" "$bin" diff bare.csv bare.csv
grep -q 'records no definitions' err.txt && ok || fail "diff notes a file without definitions"
expect_exit 0 "diff -q" "$bin" diff -q bare.csv bare.csv
[ ! -s err.txt ] && ok || fail "diff -q still notes: $(cat err.txt)"
expect_exit 0 "render -q" "$bin" render -q history.csv --format json
expect_exit 0 "sql report -q" "$bin" sql report -q --table orders --period 2024-03
# report --append -q: the rows-added line and a partial period's updates are
# notes, silenced; a restated published figure is still printed.
printf 'customer_id,order_id,order_date,amount\nc1,o1,2024-01-05,10\nc2,o2,2024-01-06,20\n' >q1.csv
{ cat q1.csv; echo 'c3,o3,2024-01-10,5'; } >q2.csv
{ cat q2.csv; echo 'c1,r1,2024-01-15,-3'; } >q3.csv
rm -f quiet.csv
expect_exit 0 "report --append -q, a new history" \
  "$bin" report q1.csv --period 2024-01 --as-of 2024-01-20 --append quiet.csv -q
[ ! -s err.txt ] && ok || fail "report --append -q still prints: $(cat err.txt)"
expect_exit 0 "report --append -q, a partial period updated" \
  "$bin" report q2.csv --period 2024-01 --as-of 2024-01-20 --append quiet.csv -q
[ ! -s err.txt ] && ok || fail "report --append -q prints a partial update: $(cat err.txt)"
expect_exit 0 "report --append, the period over" \
  "$bin" report q2.csv --period 2024-01 --as-of 2024-03-01 --append quiet.csv
grep -q '^retention: quiet.csv: 0 rows added, 1 replaced, 1 in all$' err.txt && ok ||
  fail "report --append without -q counts the rows: $(cat err.txt)"
expect_exit 0 "report --append -q, a figure restated" \
  "$bin" report q3.csv --period 2024-01 --as-of 2024-03-01 --append quiet.csv -q
grep -q '^retention: quiet.csv: 2024-01 revenue restated: 35.00 -> 32.00$' err.txt &&
  ! grep -q 'rows added' err.txt && ok ||
  fail "report --append -q prints restatements, not the row count: $(cat err.txt)"

expect_exit 2 "diff of a snapshot and a JSON array of orders" "$bin" diff may-old.json orders.json
# A report --by a column whose --columns left out the segment: its rows
# cannot be told apart, so a file is not "different" from itself.
report --period 2024-03 --by channel --columns period,orders -o by-channel.csv
expect_exit 2 "diff of segments without their names" "$bin" diff by-channel.csv by-channel.csv
grep -q 'by-channel.csv:3: error: cannot be compared: two rows of period 2024-03 on lines 2 and 3 (a row copied twice, or the segment column removed?)' err.txt && ok ||
  fail "diff names the missing segment column: $(cat err.txt)"
report --period 2024-03 --by channel --columns segment,period,orders -o by-channel.csv
expect_exit 0 "diff of segments with their names" "$bin" diff by-channel.csv by-channel.csv
expect_exit 2 "diff without NEW" "$bin" diff may-old.json
# A segment name from the orders holds an escape sequence and a bell: the
# table shows them escaped, never raw on the terminal.
printf 'customer_id,order_date,amount,channel\nA,2024-01-05,1,"\033[31mred\007"\n' >ctl.csv
"$bin" report ctl.csv --period 2024-01 --as-of 2024-06-01 --by channel -q -o ctl-old.csv
sed 's/,1\.00,/,2.00,/' ctl-old.csv >ctl-new.csv
expect_exit 1 "diff of segments named with control bytes" "$bin" diff ctl-old.csv ctl-new.csv \
  --format table
! grep -q $'[\033\007]' out.txt && grep -q 'segment \\x1b\[31mred\\x07' out.txt && ok ||
  fail "diff escapes control bytes of a segment name: $(cat -v out.txt)"
# A segment named with ESC and one named with the four characters \x1b are
# two rows of a CSV history, month after month (they were one label, and
# the history was refused as holding a row twice on the next --append).
printf 'customer_id,order_date,amount,channel\nA,2024-01-05,1,"\033"\nB,2024-01-06,2,\\x1b\nC,2024-02-06,3,\\x1b\n' >ctl-two.csv
rm -f ctl-history.csv
for month in 2024-01 2024-02 2024-02; do
  "$bin" report ctl-two.csv --period $month --as-of 2024-06-01 --by channel -q \
    --append ctl-history.csv 2>err.txt || break
done
[ "$(grep -c '^\\x1b,2024-0' ctl-history.csv)" = 2 ] &&
  [ "$(grep -c '^\\\\x1b,2024-0' ctl-history.csv)" = 2 ] && ! grep -q $'\033' ctl-history.csv && ok ||
  fail "a CSV history keeps ESC and \\x1b apart: $(cat -v ctl-history.csv err.txt)"
# The same in JSON and NDJSON histories, and for diff and render, which
# read the CSV's shown controls back: a CSV and the JSON of one report
# are the same rows, and render prints what report printed.
for ext in json ndjson; do
  rm -f "ctl-history.$ext"
  for month in 2024-01 2024-01; do
    "$bin" report ctl-two.csv --period $month --as-of 2024-06-01 --by channel -q --append "ctl-history.$ext" 2>err.txt || break
  done
  [ -s "ctl-history.$ext" ] && ! [ -s err.txt ] && ok || fail "a .$ext history keeps ESC and \\x1b apart: $(cat -v err.txt)"
done
"$bin" report ctl-two.csv --period 2024-01 --as-of 2024-06-01 --by channel -q -o ctl-two.json
"$bin" report ctl-two.csv --period 2024-01 --as-of 2024-06-01 --by channel -q -o ctl-two-out.csv
expect_exit 0 "diff of ESC and \\x1b segments, JSON against CSV" "$bin" diff ctl-two.json ctl-two-out.csv
"$bin" render ctl-two-out.csv --format json >render.json
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(0 if [p["segment"] for p in a["periods"]] == [p["segment"] for p in b["periods"]] else 1)' ctl-two.json render.json && ok ||
  fail "render of a CSV prints the segments report printed: $(grep segment render.json)"

# Segment names a spreadsheet would run as formulas are written to CSV
# with a leading ' and read back without it: the CSV and the JSON of one
# report are the same, render prints the names, a CSV history keeps the
# guard.
printf 'customer_id,order_date,amount,channel\nA,2024-01-05,1,=SUM(A1)\nB,2024-01-06,2,-web\n' \
  >formula.csv
"$bin" report formula.csv --period 2024-01 --as-of 2024-06-01 --by channel -q -o formula-out.csv
"$bin" report formula.csv --period 2024-01 --as-of 2024-06-01 --by channel -q -o formula-out.json
expect_exit 0 "diff of the CSV and JSON of one report with formula-like segments" \
  "$bin" diff formula-out.csv formula-out.json
"$bin" render formula-out.csv --format json | grep -q '"segment": "=SUM(A1)"' && ok ||
  fail "render reads a guarded segment name back as the name"
for run in 1 2; do
  "$bin" report formula.csv --period 2024-01 --as-of 2024-06-01 --by channel -q \
    --append formula-history.csv 2>/dev/null
done
grep -q "^'=SUM(A1),2024-01" formula-history.csv && grep -q "^'-web,2024-01" formula-history.csv &&
  [ "$(wc -l <formula-history.csv)" = 4 ] && ok ||
  fail "a CSV history keeps one guarded row per segment: $(cut -c1-20 formula-history.csv)"

# A re-run period holds the run's segments alone: late orders move shop
# ahead of web in the --top 1, so web is summed into (other) now, and its
# own row of January (counted in (other) too) is removed, not kept beside
# it. February, not re-run, keeps its rows.
printf 'customer_id,order_date,amount,channel\nA,2024-01-05,1,web\nB,2024-01-06,1,web\nC,2024-01-07,1,shop\nA,2024-02-05,1,web\n' \
  >top.csv
top_report() { "$bin" report top.csv --as-of 2024-06-01 --by channel --top 1 "$@"; }
rm -f top-history.csv
top_report --period 2024-02 --append top-history.csv 2>/dev/null
top_report --period 2024-01 --append top-history.csv 2>/dev/null
printf 'D,2024-01-08,1,shop\nE,2024-01-09,1,shop\n' >>top.csv
expect_exit 1 "a re-run that removes a segment row, --fail-if-restated" \
  top_report --period 2024-01 --append top-history.csv --fail-if-restated
[ "$(cut -d, -f1-2 top-history.csv | tail -n +2 | tr '\n' ' ')" = \
  ",2024-01 shop,2024-01 (other),2024-01 ,2024-02 web,2024-02 (other),2024-02 " ] && ok ||
  fail "a re-run keeps a stale segment row: $(cut -d, -f1-2 top-history.csv | tr '\n' ' ')"
grep -qx 'retention: top-history.csv: 2024-01 (segment web) restated: row removed, this run has no such segment' err.txt &&
  grep -qx 'retention: top-history.csv: 1 row added, 2 replaced, 1 removed, 6 in all' err.txt && ok ||
  fail "the removed row is reported: $(cat err.txt)"

# -o naming the history itself would replace it with this run's report
# before the run is merged in: refused before anything is written.
rm -f same.csv
report --period 2024-01 --append same.csv 2>/dev/null
report --period 2024-02 --append same.csv 2>/dev/null
cp same.csv same-before.csv
expect_exit 2 "-o naming the --append history" report --period 2024-03 --append same.csv -o ./same.csv
cmp -s same.csv same-before.csv && grep -q 'is the --append history' err.txt && ok ||
  fail "-o naming the --append history leaves it whole: $(cut -d, -f1 same.csv | tr '\n' ' ')"
expect_exit 2 "-o naming a new --append history" report --period 2024-03 --append new.csv -o new.csv
[ ! -e new.csv ] && ok || fail "-o naming a new --append history writes nothing"

# A file that is no history (an orders export named by mistake) is
# refused as such, untouched; not as a history "with other settings".
cp orders.csv orders-copy.csv
expect_exit 2 "--append to an orders file" report --period 2024-05 --append orders-copy.csv
grep -q 'orders-copy.csv cannot be taken as a history of retention report: it has no "period" column' err.txt &&
  ! grep -q 'other settings' err.txt && cmp -s orders.csv orders-copy.csv && ok ||
  fail "--append to an orders file says it is no history: $(cat err.txt)"

# A spreadsheet saves the partial flag as TRUE or FALSE: the same flag,
# written back as report writes it.
rm -f shouting.csv && report --period 2024-01 --append shouting.csv -q
sed -i 's/,false,/,FALSE,/' shouting.csv
expect_exit 0 "--append to a history with FALSE" report --period 2024-02 --append shouting.csv -q
[ "$(tail -n +2 shouting.csv | cut -d, -f4 | tr '\n' ' ')" = "false false " ] && ok ||
  fail "FALSE is false, written back: $(cut -d, -f1,4 shouting.csv)"
# A history a spreadsheet re-saved: columns moved are the same history
# (written back in report's order); ';' between them and a row copied
# twice are named as such.
rm -f edited.csv && report --from 2024-01 --to 2024-02 --every month --append edited.csv -q
python3 - <<'PY'
import csv
rows = list(csv.reader(open("edited.csv")))
order = [1, 0] + list(range(2, len(rows[0])))
csv.writer(open("edited-moved.csv", "w", newline="")).writerows([[r[j] for j in order] for r in rows])
csv.writer(open("edited-semicolons.csv", "w", newline=""), delimiter=";").writerows(rows)
csv.writer(open("edited-copied.csv", "w", newline="")).writerows(rows + [rows[1]])
PY
expect_exit 0 "--append to a history with columns moved" report --period 2024-03 --append edited-moved.csv -q
[ "$(head -n 1 edited-moved.csv)" = "$(head -n 1 edited.csv)" ] && ok ||
  fail "--append writes a history with columns moved back in report's order"
expect_exit 1 "--append to a history saved with ';'" report --period 2024-03 --append edited-semicolons.csv
grep -q "edited-semicolons.csv:1: error: .*its columns are separated by ';'" err.txt && ok || fail "';' named: $(cat err.txt)"
# ... and with decimal commas too (a German spreadsheet): rows of several
# fields under a header of one, the same diagnosis, not "cut short".
python3 - <<'PY'
import csv
rows = list(csv.reader(open("edited.csv")))
w = csv.writer(open("edited-german.csv", "w", newline=""), delimiter=";", lineterminator="\r\n")
w.writerow(rows[0])
for r in rows[1:]:
    w.writerow([x.replace(".", ",") if x.replace(".", "", 1).isdigit() else x for x in r])
PY
for command in "report --period 2024-03 --append edited-german.csv" "render edited-german.csv" "diff edited-german.csv edited.csv"; do
  set -- $command
  # diff's 1 says the outputs differ: an input it cannot read is 2.
  want=1; [ "$1" = diff ] && want=2
  if [ "$1" = report ]; then shift; expect_exit 1 "$command" report "$@"; else expect_exit $want "$command" "$bin" "$@"; fi
  grep -q "edited-german.csv:1: error: .*its columns are separated by ';'" err.txt && ok || fail "$command: ';' named: $(cat err.txt)"
done
# A column added by hand is named.
python3 - <<'PY'
import csv
rows = list(csv.reader(open("edited.csv")))
rows[0].append("note")
for r in rows[1:]:
    r.append("")
csv.writer(open("edited-note.csv", "w", newline="")).writerows(rows)
PY
expect_exit 2 "--append to a history with a column added" report --period 2024-03 --append edited-note.csv
grep -q 'the history has other columns than this run (it has "note", which this run has not)' err.txt && ok ||
  fail "the added column named: $(cat err.txt)"
# A column removed by hand is named, and the advice is to restore it.
python3 - <<'PY'
import csv
rows = list(csv.reader(open("edited.csv")))
k = rows[0].index("clv")
csv.writer(open("edited-less.csv", "w", newline="")).writerows([r[:k] + r[k + 1:] for r in rows])
PY
expect_exit 2 "--append to a history with a column removed" report --period 2024-03 --append edited-less.csv
grep -q 'it lacks "clv"): restore the column removed' err.txt && ok ||
  fail "the removed column named: $(cat err.txt)"
# A JSON history cut short is said to be, not "not a JSON object".
report --from 2024-01 --to 2024-03 --every month --append whole.json -q
head -c 1500 whole.json >cut.json
expect_exit 1 "--append to a JSON history cut short" report --period 2024-04 --append cut.json
grep -q "the JSON document ends before it closes; the file was cut short" err.txt && ok || fail "a cut JSON history: $(cat err.txt)"
# diff counts rows on one side apart from the figures compared.
report --from 2024-01 --to 2024-02 --every month -o two-months.csv -q
report --period 2024-01 -o one-month.csv -q
expect_exit 1 "diff of a history and its first month" "$bin" diff two-months.csv one-month.csv --format table
grep -q "figures compared: 0 differ; 1 row only in OLD" out.txt && ok || fail "diff's summary of a missing row: $(tail -1 out.txt)"
expect_exit 1 "--append to a history with a row copied" report --period 2024-03 --append edited-copied.csv
grep -q "edited-copied.csv:\([0-9]*\): error: the --append history cannot be merged into: two rows of period 2024-01 on lines [0-9]* and \\1 (a row copied twice, or the segment column removed?)" err.txt &&
  ok || fail "the copied row named: $(cat err.txt)"

# Nor may --append name an input; the refusal names --append, not -o.
expect_exit 2 "--append to the input file" report --period 2024-05 --append orders.csv
grep -q '^retention: --append orders.csv is the input file orders.csv' err.txt && ok ||
  fail "--append to the input file names --append: $(cat err.txt)"

# A history written with other settings is refused, naming the setting.
for flag in "--window 3m" "--tz Europe/Berlin" "--margin 0.5" "--lifespan 12"; do
  expect_exit 2 "--append with $flag" report --period 2024-05 --append history.csv $flag
  grep -q "$(echo "$flag" | sed 's/--//; s/ .*//; s/tz/time_zone/')" err.txt && ok ||
    fail "the refusal of $flag names it: $(cat err.txt)"
done

# --by and --top are part of how a history's figures were made: rows split
# otherwise overlap (paid_search of --top 2 is inside (other) of --top 1),
# so a run split otherwise is refused, the history untouched.
for ext in csv json ndjson; do
  rm -f "seg.$ext"
  report --period 2024-03 --by channel --top 2 --append "seg.$ext" 2>/dev/null
  cp "seg.$ext" "seg-before.$ext"
  expect_exit 2 "--append .$ext with another --top" \
    report --period 2024-03 --by channel --top 1 --append "seg.$ext"
  grep -q 'top_segments: the history has "2", this run "1"\. Run with the history'"'"'s --by channel --top 2, or append to another file' err.txt &&
    cmp -s "seg.$ext" "seg-before.$ext" && ok ||
    fail "--append .$ext refuses another --top: $(cat err.txt)"
  expect_exit 2 "--append .$ext with another --by" report --period 2024-04 --by country \
    --top 2 --append "seg.$ext"
  grep -q 'segment_column: the history has "channel", this run "country"' err.txt &&
    cmp -s "seg.$ext" "seg-before.$ext" && ok ||
    fail "--append .$ext refuses another --by: $(cat err.txt)"
  expect_exit 0 "--append .$ext with the history's --by and --top" \
    report --period 2024-04 --by channel --top 2 --append "seg.$ext"
done
# diff compares no two outputs split otherwise either.
report --period 2024-03 --by channel --top 1 -o seg-top1.json -q
expect_exit 2 "diff of outputs with another --top" "$bin" diff seg-before.json seg-top1.json
grep -q 'top_segments: seg-before.json has "2", seg-top1.json "1"' err.txt && ok ||
  fail "diff names the --top that differs: $(cat err.txt)"
head -1 seg.csv | grep -q ',last_order,segment_column,top_segments$' && ok ||
  fail "a CSV history records --by and --top in its last columns: $(head -1 seg.csv)"
# A history an older version wrote records neither: a run is taken (with a
# note), its --by and --top recorded from then on and checked after.
report --period 2024-03 --by channel --top 2 -o seg-new.csv -q
cut -d, -f1-37 seg-new.csv >seg-old.csv
python3 - seg.json seg.ndjson <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for k in ("segment_column", "top_segments"): del doc["definitions"][k]
json.dump(doc, open("seg-old.json", "w"), indent=2)
with open("seg-old.ndjson", "w") as out:
    for line in open(sys.argv[2]):
        o = json.loads(line)
        for k in ("segment_column", "top_segments"): del o["definitions"][k]
        out.write(json.dumps(o) + "\n")
PY
for ext in csv json ndjson; do
  expect_exit 0 "--append .$ext to a history without --by and --top recorded" \
    report --period 2024-05 --by channel --top 2 --append "seg-old.$ext"
  grep -q "note: seg-old.$ext does not record how its segments were chosen" err.txt && ok ||
    fail "the note on an older .$ext history: $(cat err.txt)"
  expect_exit 2 "--append .$ext with another --top after that" \
    report --period 2024-05 --by channel --top 1 --append "seg-old.$ext"
  expect_exit 0 "--append .$ext with the recorded --top after that" \
    report --period 2024-06 --by channel --top 2 --append "seg-old.$ext" -q
done
[ "$(head -1 seg-old.csv)" = "$(head -1 seg.csv)" ] && ok ||
  fail "an older CSV history gains the columns: $(head -1 seg-old.csv)"
# --by 7 and --by channel split by one column (channel is the 7th): one
# definition, recorded by the header's name, so either spelling appends.
for ext in csv json ndjson; do
  rm -f "by-number.$ext"
  expect_exit 0 "--append .$ext --by 7" report --period 2024-03 --by 7 --append "by-number.$ext"
  expect_exit 0 "--append .$ext --by channel after --by 7" \
    report --period 2024-04 --by channel --append "by-number.$ext"
  expect_exit 0 "--append .$ext --by 7 after --by channel" \
    report --period 2024-05 --by 7 --append "by-number.$ext"
  expect_exit 2 "--append .$ext --by 8 (country) after --by 7" \
    report --period 2024-05 --by 8 --append "by-number.$ext"
  grep -q 'segment_column: the history has "channel", this run "country"' err.txt && ok ||
    fail "--append .$ext --by 8 names the columns by name: $(cat err.txt)"
done
[ "$(tail -n +2 by-number.csv | cut -d, -f38 | sort -u)" = channel ] && ok ||
  fail "--by 7 is recorded as channel: $(cut -d, -f38 by-number.csv | sort -u | tr '\n' ' ')"
# A history an older version wrote with --by 7 recorded "7": runs split by
# that column still append (with a note saying so), others do not.
report --period 2024-03 --by channel -o by-7-old.csv -q
report --period 2024-03 --by channel -o by-7-old.json -q
report --period 2024-03 --by channel -o by-7-old.ndjson -q
sed -i '2,$s/,channel,0$/,7,0/' by-7-old.csv
sed -i 's/"segment_column": *"channel"/"segment_column": "7"/' by-7-old.json by-7-old.ndjson
for ext in csv json ndjson; do
  grep -q '"7"\|,7,0$' "by-7-old.$ext" || fail "by-7-old.$ext records no \"7\""
  expect_exit 0 "--append .$ext --by channel to a history recording --by 7" \
    report --period 2024-04 --by channel --append "by-7-old.$ext"
  grep -q "note: by-7-old.$ext records its segment column as \"7\" (--by as an older version was given it); this run's input names that column \"channel\" (column 7)" err.txt && ok ||
    fail "the note on a .$ext history recording --by 7: $(cat err.txt)"
  expect_exit 0 "--append .$ext --by 7 to a history recording --by 7" \
    report --period 2024-05 --by 7 --append "by-7-old.$ext"
  expect_exit 2 "--append .$ext --by country to a history recording --by 7" \
    report --period 2024-04 --by country --append "by-7-old.$ext"
done
# UTC under another name (Etc/UTC, as /etc/localtime often names it; Etc/Zulu;
# Z) is the history's zone, for --append and for diff; another zone is not.
for zone in Etc/UTC Etc/Zulu Z; do
  expect_exit 0 "--append --tz $zone to a UTC history" report --period 2024-05 --tz "$zone" \
    --append history.csv
  report --from 2024-01 --to 2024-12 --every month --tz "$zone" --format csv -o "utc-${zone//\//-}.csv" \
    -q 2>/dev/null
  expect_exit 0 "diff of a UTC history and a --tz $zone report" "$bin" diff history.csv \
    "utc-${zone//\//-}.csv"
done
report --from 2024-01 --to 2024-12 --every month --tz Europe/London --format csv -o london.csv -q
expect_exit 2 "diff of a UTC history and a Europe/London report" "$bin" diff history.csv london.csv

# Concurrent runs queue on the lock: every month lands.
rm -f concurrent.csv
for m in $months; do report --period 2024-$m --append concurrent.csv 2>/dev/null & done
wait
[ "$(tail -n +2 concurrent.csv | cut -d, -f1 | tr '\n' ' ')" = \
  "$(for m in $months; do printf '2024-%s ' $m; done)" ] && ok ||
  fail "concurrent appends lost a month: $(cut -d, -f1 concurrent.csv | tr '\n' ' ')"

# Runs given a link to the history and runs given the history itself
# queue on one lock (the one beside the file): every month lands.
mkdir -p real && rm -f real/linked.csv linked.csv && ln -s real/linked.csv linked.csv
report --period 2023-12 --append real/linked.csv -q
for m in $months; do
  if [ $((10#$m % 2)) = 0 ]; then path=linked.csv; else path=real/linked.csv; fi
  report --period 2024-$m --append $path 2>/dev/null &
done
wait
[ "$(tail -n +2 real/linked.csv | cut -d, -f1 | tr '\n' ' ')" = \
  "2023-12 $(for m in $months; do printf '2024-%s ' $m; done)" ] && ok ||
  fail "appends through a link and to its target lost a month: $(cut -d, -f1 real/linked.csv | tr '\n' ' ')"
[ -L linked.csv ] && [ ! -e linked.csv.lock ] && ok || fail "the link's lock is not the target's"

# A lock file root's cron left (0644) does not stop another user whose
# history it is.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  chmod 755 "$work" && mkdir -p shared && chmod 777 shared && rm -f shared/kpi.csv*
  cp orders.csv shared/ && chmod 644 shared/orders.csv
  report --period 2024-01 --append shared/kpi.csv -q && chown nobody shared/kpi.csv
  chmod 644 shared/kpi.csv.lock  # as root's umask leaves it, whatever this one's is
  (cd shared && setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" report \
    orders.csv --period 2024-02 --as-of 2025-01-01 --append kpi.csv -q) 2>err.txt &&
    [ "$(tail -n +2 shared/kpi.csv | cut -d, -f1 | tr '\n' ' ')" = "2024-01 2024-02 " ] && ok ||
    fail "root's lock file stopped another user's append: $(cat err.txt)"
  # A history made read-only is refused as the shell's > refuses it,
  # though a rename needs only the folder's permission; so is -o.
  cp shared/kpi.csv shared/kpi-before.csv && chown root shared/kpi.csv && chmod 444 shared/kpi.csv
  (cd shared && setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" report \
    orders.csv --period 2024-03 --as-of 2025-01-01 --append kpi.csv -q) 2>err.txt
  [ $? = 2 ] && grep -q 'kpi.csv is write-protected; it belongs to another user' err.txt &&
    cmp -s shared/kpi.csv shared/kpi-before.csv && [ "$(stat -c %U shared/kpi.csv)" = root ] && ok ||
    fail "a read-only history was replaced by another user: $(cat err.txt)"
  (cd shared && setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" report \
    orders.csv --period 2024-03 --as-of 2025-01-01 -o kpi.csv -q) 2>err.txt
  [ $? = 2 ] && cmp -s shared/kpi.csv shared/kpi-before.csv && ok ||
    fail "-o replaced a read-only file of another user: $(cat err.txt)"
  # A folder that takes no new file (where the history is replaced, and
  # its lock made) is a usage error before any input is read: a fifo
  # that would block shows it.
  mkdir -p locked && chmod 755 locked && cp shared/kpi-before.csv locked/kpi.csv &&
    chmod 666 locked/kpi.csv && mkfifo shared/never.csv && chmod 666 shared/never.csv
  for flag in --append -o; do
    (cd shared && timeout 10 setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" report \
      never.csv --period 2024-03 --as-of 2025-01-01 $flag ../locked/kpi.csv -q) 2>err.txt
    [ $? = 2 ] && grep -q -- "$flag ../locked/kpi.csv: cannot create a file in the folder ../locked (Permission denied); make the folder writable" err.txt &&
      ok || fail "$flag into a folder that takes no file: $(cat err.txt)"
  done
fi

# kill -9 at random points of re-runs leaves a whole history every time.
for i in $(seq 1 15); do
  report --every month --append concurrent.csv 2>/dev/null &
  pid=$!
  sleep "0.$((RANDOM % 10))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  python3 - concurrent.csv <<'PY' || { fail "a killed append broke the history"; break; }
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
periods = [r["period"] for r in rows]
assert all("2024-%02d" % m in periods for m in range(1, 13)), periods
assert periods == sorted(periods) and len(set(periods)) == len(periods), periods
PY
done
ok
ls concurrent.csv.tmp.* 2>/dev/null && fail "a temporary file was left behind" || ok

# A to-date period is kept per month: June's month-to-date does not
# replace May's (each month keeps its own row), a later run in May does.
for now in 2024-05-20 2024-05-21 2024-06-10; do
  RETENTION_NOW=${now}T10:00:00Z "$bin" report orders.csv --period month-to-date --append mtd-days.csv \
    --fail-if-restated 2>/dev/null || fail "month-to-date on $now"
done
[ "$(cut -d, -f1-3 mtd-days.csv | tail -n +2 | tr '\n' ' ')" = \
  "month-to-date,2024-05-01,2024-05-22 month-to-date,2024-06-01,2024-06-11 " ] && ok ||
  fail "month-to-date rows: $(cut -d, -f1-3 mtd-days.csv | tr '\n' ' ')"
RETENTION_NOW=2024-05-20T10:00:00Z "$bin" report orders.csv --period month-to-date -o may.json -q
RETENTION_NOW=2024-06-10T10:00:00Z "$bin" report orders.csv --period month-to-date -o june.json -q
"$bin" diff may.json june.json --format json >mtd-diff.json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["compared"]==0 and [(x["period"],x["old"]) for x in d["differences"]]==[("2024-05","present"),("2024-06","missing")], d' mtd-diff.json && ok ||
  fail "diff matched May's month-to-date with June's"

# One row per period, however it is spelled, and one length of period.
report --from 2024-01 --to 2024-03 --every month --append months.csv 2>/dev/null
report --from 2024-01 --to 2024-01 --append months.csv 2>/dev/null
[ "$(tail -n +2 months.csv | wc -l)" = 3 ] && ok || fail "2024-01..2024-01 added a second January"
expect_exit 2 "a quarter into a history of months" report --period 2024-Q1 --window 1m --append months.csv
grep -q "the history's periods are months and this run's 2024-Q1 is a quarter" err.txt && ok ||
  fail "the quarter's message: $(cat err.txt)"
expect_exit 2 "a range into a history of months" report --from 2024-01-01 --to 2024-02-15 --window 1m --append months.csv
[ "$(tail -n +2 months.csv | wc -l)" = 3 ] && ok || fail "a refused run changed months.csv"

# A history cut back to its header takes the run; split and unsplit
# runs are refused naming --by.
head -1 months.csv >header-only.csv
expect_exit 0 "append to a header-only history" report --period 2024-05 --append header-only.csv
[ "$(wc -l <header-only.csv)" = 2 ] && ok || fail "header-only history not filled"
report --period 2024-03 --by channel --top 2 --append split.csv 2>/dev/null
expect_exit 2 "an unsplit run into a split history" report --period 2024-04 --append split.csv
grep -q "Run with the history's --by channel --top 2" err.txt && ok || fail "unsplit message: $(cat err.txt)"
expect_exit 2 "a split run into an unsplit history" report --period 2024-06 --by channel --append months.csv
grep -q "this run is split by segment (--by channel)" err.txt && ok || fail "split message: $(cat err.txt)"

# A history emptied (as `> history.csv` does) is refused, not started
# over; standard output redirected onto the history is refused before
# anything is written (with >> the history keeps its bytes).
: >emptied.csv
expect_exit 1 "append to a 0-byte history" report --period 2024-05 --append emptied.csv
grep -q "the --append history is empty (0 bytes)" err.txt && ok || fail "0 bytes: $(cat err.txt)"
[ ! -s emptied.csv ] && ok || fail "the 0-byte history was written"
cp months.csv redirected.csv
cp months.csv redirected.before
"$bin" report orders.csv --as-of 2025-01-01 --period 2024-05 --append redirected.csv \
  --format csv >>redirected.csv 2>err.txt
[ $? = 2 ] && ok || fail "stdout onto the history: not exit 2"
grep -q "standard output is redirected to the --append history redirected.csv" err.txt && ok ||
  fail "stdout onto the history: $(cat err.txt)"
cmp -s redirected.csv redirected.before && ok || fail "stdout onto the history changed it"
# A run waiting for another's lock says so (a stuck run would hold it).
cp months.csv waited.csv
(flock waited.csv.lock sleep 2) &
holder=$!
sleep 0.5
expect_exit 0 "append behind a held lock" report --period 2024-05 --append waited.csv
grep -q "note: waiting for another run to release waited.csv.lock" err.txt && ok ||
  fail "no note while waiting for the lock: $(cat err.txt)"
wait "$holder"
# A figure written back with more decimals (a spreadsheet, a SQL engine's
# scale) is the same figure: no restatement.
python3 - <<'PY'
import csv
rows = list(csv.DictReader(open("months.csv")))
for r in rows:
    r["revenue"] = r["revenue"] + "0"
    r["churn_rate"] = r["churn_rate"] + "0" if "." in r["churn_rate"] else r["churn_rate"]
with open("rescaled.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
PY
period="$(sed -n 2p rescaled.csv | cut -d, -f1)"
expect_exit 0 "a figure with more decimals is not restated" \
  report --period "$period" --append rescaled.csv --fail-if-restated
grep -q "restated" err.txt && fail "restated for a trailing zero: $(cat err.txt)" || ok

# A setting written back as another spelling of its number (margin 1.00)
# is the same setting.
sed 's/,1,,orders,/,1.00,,orders,/' months.csv >margin.csv
grep -q ',1.00,,orders,' margin.csv && ok || fail "margin.csv: no margin rewritten"
expect_exit 0 "margin 1.00 in the history is margin 1" report --period 2024-02 --append margin.csv

# OpenMetrics: promtool accepts every output, segments with quotes,
# backslashes and line breaks included.
# A figure that is no number of its kind (a hand edit, a damaged file) is
# refused by diff (exit 2, naming it; never control bytes raw or invalid
# JSON) and by --append, which leaves the history as it was.
"$bin" report orders.csv --period 2024-05 --as-of 2025-01-01 --format csv -o good.csv -q
sed '2s/^\([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,\)[0-9]*/\1"1\x1b[2J"/' good.csv >escape.csv
grep -q "$(printf '\x1b')" escape.csv && ok || fail "escape.csv holds an ESC"
expect_exit 2 "diff: a count with control bytes" "$bin" diff good.csv escape.csv --format json
grep -q 'which is not a count' err.txt && ! grep -q "$(printf '\x1b')" err.txt out.txt && ok ||
  fail "diff names the bad count, escaped"
sed '2s/^\([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,\)[0-9]*/\11e999/' good.csv >huge.csv
expect_exit 2 "diff: a count past any number" "$bin" diff good.csv huge.csv
python3 -c "
import csv
rows = list(csv.reader(open('good.csv')))
rows[1][rows[0].index('churn_rate')] = '.5'
csv.writer(open('point.csv', 'w', newline='')).writerows(rows)"
expect_exit 1 "diff: a rate written .5" "$bin" diff good.csv point.csv --format json
python3 -c "import json; d = json.load(open('out.txt')); assert d['differences'][0]['new'] == '.5', d" && ok ||
  fail "diff --format json stays JSON for .5"
# A run that knows less (an older --as-of) would make a final row partial
# again: refused (exit 2), the history left as it was.
"$bin" report orders.csv --period 2024-05 --as-of 2024-06-10 --append final.csv -q
cp final.csv final-before.csv
expect_exit 2 "--append: a partial run over a final row" "$bin" report orders.csv --period 2024-05 --as-of 2024-05-20 --append final.csv -q
grep -q "the history's 2024-05 is final (as of 2024-06-10), this run's is partial (as of 2024-05-20)" err.txt && ok ||
  fail "--append names the final row and both days: $(cat err.txt)"
cmp -s final.csv final-before.csv && ok || fail "--append changed the final row"
expect_exit 0 "--append: a later run over a final row" "$bin" report orders.csv --period 2024-05 --as-of 2024-07-10 --append final.csv -q
# A label a spreadsheet rewrote (2024-02 as Feb-24) would not match the
# run's 2024-02, which would become a second row of February: refused,
# naming the label the dates need; diff refuses it too.
"$bin" report orders.csv --from 2024-01 --to 2024-03 --every month --as-of 2025-01-01 \
  --append relabelled.csv -q
sed -i 's/^2024-02,/Feb-24,/' relabelled.csv
cp relabelled.csv relabelled-before.csv
expect_exit 1 "--append to a history with a rewritten label" "$bin" report orders.csv --period 2024-02 \
  --as-of 2025-01-01 --append relabelled.csv -q
grep -q "the row of period Feb-24 runs from 2024-02-01 to 2024-03-01 (end excluded), which is the period 2024-02" err.txt &&
  ok || fail "--append names the label the dates need: $(cat err.txt)"
cmp -s relabelled.csv relabelled-before.csv && ok || fail "--append changed a history it refused"
expect_exit 2 "diff of a history with a rewritten label" "$bin" diff relabelled.csv relabelled.csv
# A range that is a row's whole week replaces its figures and keeps its
# name: a history of weeks stays one of week names.
"$bin" report orders.csv --period 2024-W10 --as-of 2025-01-01 --append weeks.csv -q
"$bin" report orders.csv --from 2024-03-04 --to 2024-03-10 --as-of 2025-01-01 --append weeks.csv -q
[ "$(tail -n +2 weeks.csv | cut -d, -f1)" = 2024-W10 ] && ok ||
  fail "a range over 2024-W10 renamed its row: $(tail -n +2 weeks.csv | cut -d, -f1)"
# render of a history: its partial period is as of the day its row
# records, not the first row's.
"$bin" report orders.csv --period 2024-04 --as-of 2024-05-02 --append asof.csv -q
"$bin" report orders.csv --period 2024-05 --as-of 2024-05-20 --append asof.csv -q
"$bin" render asof.csv --format table | grep -q "not over on 2024-05-20" && ok ||
  fail "render names the first row's as-of for the partial month"
expect_exit 1 "render --fail-if of a history" "$bin" render asof.csv -o /dev/null --fail-if 'orders > 1'
grep -q "holds for 2024-05 (partial: as of 2024-05-20)" err.txt && ok ||
  fail "render --fail-if: the partial month as of its own day: $(cat err.txt)"
# A later run restating a finished month does not move the partial
# month's day: it is the day its own row records.
"$bin" report orders.csv --period 2024-04 --as-of 2024-06-02 --append asof.csv -q
"$bin" render asof.csv --format table | grep -q "not over on 2024-05-20" && ok ||
  fail "render takes a restated month's later day for the partial month"
# So would a partial row as of an earlier day (a retried or backfilled
# cron job), in every format: rows record their day (in JSON too, where a
# backfill of an older month would otherwise move the document's day back).
for ext in csv ndjson json; do
  if [ $ext = json ]; then
    "$bin" report orders.csv --period 2024-04 --as-of 2024-05-02 --append partial.$ext -q
  fi
  "$bin" report orders.csv --period 2024-05 --as-of 2024-05-25 --append partial.$ext -q
  cp partial.$ext partial-before.$ext
  expect_exit 2 "--append .$ext: a partial run over a later partial row" "$bin" report orders.csv \
    --period 2024-05 --as-of 2024-05-03 --append partial.$ext -q
  grep -q "the history's 2024-05 is partial (as of 2024-05-25), this run's is partial too (as of 2024-05-03)" err.txt &&
    ok || fail "--append .$ext names both days: $(cat err.txt)"
  cmp -s partial.$ext partial-before.$ext && ok || fail "--append .$ext changed the later partial row"
  expect_exit 0 "--append .$ext: the same day again" "$bin" report orders.csv --period 2024-05 \
    --as-of 2024-05-25 --append partial.$ext -q
  expect_exit 0 "--append .$ext: a later day" "$bin" report orders.csv --period 2024-05 \
    --as-of 2024-05-28 --append partial.$ext -q
done
# A JSON history's document is as of the latest day its rows record, a
# backfilled older month's row as of its own.
# A backfill last (an older run) leaves both days the latest.
"$bin" report orders.csv --period 2024-03 --as-of 2024-04-02 --append partial.json -q
python3 -c "
import json
d = json.load(open('partial.json'))
assert d['as_of'] == '2024-05-28' and d['definitions']['as_of'] == '2024-05-28', d['as_of']
assert [p['as_of'] for p in d['periods']] == ['2024-04-02', '2024-05-02', '2024-05-28'], d['periods']" && ok ||
  fail "a JSON history's days: $(grep as_of partial.json)"
# render keeps each row's day, in every format, and names it beside a
# partial row: June's month-to-date row is as of June 10, not July 10.
"$bin" report orders.csv --period month-to-date --as-of 2024-06-10 --append row-days.csv -q
"$bin" report orders.csv --period month-to-date --as-of 2024-07-10 --append row-days.csv -q
[ "$("$bin" render row-days.csv --format csv --columns as_of | tr '\n' ' ')" = "as_of 2024-06-10 2024-07-10 " ] &&
  ok || fail "render keeps each row's as_of: $("$bin" render row-days.csv --format csv --columns as_of)"
[ "$("$bin" render row-days.csv --format ndjson | grep -c '"as_of":"2024-06-10"')" = 1 ] && ok ||
  fail "render --format ndjson keeps each row's as_of"
[ "$("$bin" render row-days.csv --format json | grep -c '"as_of": "2024-06-10"')" = 1 ] && ok ||
  fail "render --format json gives each period its as_of"
for format in table html; do
  "$bin" render row-days.csv --format $format >out.txt
  grep -q "not over on the day its row was computed" out.txt && ok ||
    fail "render --format $format says partial rows are as of their own days"
done
# A damaged or blank day is an error, not taken for the latest; --append
# refuses it too (a partial row of no day could be replaced with figures
# known earlier).
sed 's/,2024-06-10,/,June 10th,/' row-days.csv >row-days-bad.csv
expect_exit 1 "render: a damaged as_of" "$bin" render row-days-bad.csv --format csv
grep -q 'row-days-bad.csv:2: error: column as_of: "June 10th" is not a date' err.txt && ok ||
  fail "render names the damaged as_of: $(cat err.txt)"
sed 's/,2024-06-10,/,,/' row-days.csv >row-days-blank.csv
expect_exit 1 "render: a blank as_of" "$bin" render row-days-blank.csv --format csv
expect_exit 1 "--append: a blank as_of" "$bin" report orders.csv --period month-to-date \
  --as-of 2024-06-05 --append row-days-blank.csv -q
grep -q "has no as_of, the day it was computed as of" err.txt && ok ||
  fail "--append names the blank as_of: $(cat err.txt)"
expect_exit 1 "render --fail-if of a month-to-date history" "$bin" render row-days.csv -o /dev/null --fail-if 'orders > 0'
grep -q "holds for month-to-date of 2024-06 (partial: as of 2024-06-10)" err.txt && ok ||
  fail "render --fail-if names the month and the row's day: $(cat err.txt)"
# Revenue past 10^12 (a month in dong) is a figure like any other.
python3 -c "
import csv
rows = list(csv.reader(open('good.csv')))
rows[1][rows[0].index('revenue')] = '1500000000000.0000'
csv.writer(open('big.csv', 'w', newline='')).writerows(rows)"
expect_exit 0 "diff: revenue past 10^12" "$bin" diff big.csv big.csv
sed 's/1500000000000.0000/1500000000000.2500/' big.csv >big2.csv
expect_exit 1 "diff: a change of revenue past 10^12" "$bin" diff big.csv big2.csv --format json
grep -q '"change": 0.25' out.txt && ok || fail "diff: the change of revenue past 10^12: $(cat out.txt)"
# A change past what 64 bits of 1/10000 hold is null, not wrapped around.
sed 's/1500000000000.0000/-922337203685477/' big.csv >low.csv
sed 's/1500000000000.0000/922337203685477/' big.csv >high.csv
expect_exit 1 "diff: a change past 64 bits" "$bin" diff low.csv high.csv --format json
grep -q '"figure": "revenue", "old": -922337203685477, "new": 922337203685477, "change": null' out.txt &&
  ok || fail "diff: a change past 64 bits: $(grep revenue out.txt)"
"$bin" render big.csv --format table >out.txt 2>err.txt && grep -q "1,500,000,000,000.00" out.txt && ok ||
  fail "render: revenue past 10^12 in the table: $(cat out.txt err.txt)"
# A segment with a control character: the JSON holds the value, the CSV
# the text messages show; one run's two outputs are the same figures.
printf 'order_id,customer_id,order_date,amount,channel\n1,A,2024-03-01,10,x\033y\n2,B,2024-03-02,5,tab\tbed\n3,C,2024-03-03,7,z\n' >control-segments.csv
for ext in json csv ndjson; do
  "$bin" report control-segments.csv --period 2024-03 --as-of 2025-01-01 --by channel -q -o control.$ext
done
expect_exit 0 "diff: JSON and CSV of one run with control characters in segments" "$bin" diff control.json control.csv
expect_exit 0 "diff: NDJSON and CSV of one run with control characters in segments" "$bin" diff control.ndjson control.csv
cp control.csv control-history.csv
expect_exit 0 "--append the same run to its CSV" "$bin" report control-segments.csv --period 2024-03 --as-of 2025-01-01 --by channel -q --append control-history.csv
cmp -s control.csv control-history.csv && ok || fail "--append the same run changed the CSV history"
sed '2s/,2024-05-01,/,2024-05-32,/' good.csv >bad-history.csv
cp bad-history.csv bad-history-before.csv
expect_exit 1 "--append to a history with a bad date" "$bin" report orders.csv --period 2024-06 --as-of 2025-01-01 --append bad-history.csv -q
grep -q 'bad-history.csv:2: error: cannot append to this history: the row of period 2024-05 has start "2024-05-32"' err.txt && ok ||
  fail "--append names the bad value"
cmp -s bad-history.csv bad-history-before.csv && ok || fail "--append left the damaged history as it was"
# A history cut short (its last date half written) or a count below 0 is
# damage too, named with its line, never carried on.
sz=$(wc -c <good.csv)
head -c $((sz - 4)) good.csv >cut-history.csv
cp cut-history.csv cut-history-before.csv
expect_exit 1 "--append to a history cut short" "$bin" report orders.csv --period 2024-06 --as-of 2025-01-01 --append cut-history.csv -q
grep -q "cut-history.csv:$(wc -l <good.csv): error: cannot append to this history: .* has last_order \"20" err.txt &&
  cmp -s cut-history.csv cut-history-before.csv && ok || fail "--append to a history cut short: $(cat err.txt)"
python3 -c "
import csv
rows = list(csv.reader(open('good.csv')))
rows[1][rows[0].index('customers_start')] = '-5'
csv.writer(open('negative.csv', 'w', newline='')).writerows(rows)"
expect_exit 1 "--append to a history with a count below 0" "$bin" report orders.csv --period 2024-06 --as-of 2025-01-01 --append negative.csv -q
grep -q 'negative.csv:2: error: .* has customers_start "-5", which is not a count' err.txt && ok ||
  fail "--append names a count below 0: $(cat err.txt)"
expect_exit 2 "diff of a history with a count below 0" "$bin" diff negative.csv good.csv
grep -q 'negative.csv:2: error: cannot be compared' err.txt && ok || fail "diff names the line: $(cat err.txt)"
# Every row is checked, not the first alone: a later row's partial flag
# or a rate below 0 would be carried into every later history.
"$bin" report orders.csv --by channel --period 2024-01 --as-of 2025-01-01 --append later-rows.csv -q
for damage in "partial=abc" "churn_rate=-5" "churn_rate=NaN"; do
  python3 - later-rows.csv later-damaged.csv "$damage" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
column, value = sys.argv[3].split("=")
rows[-1][rows[0].index(column)] = value
csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n").writerows(rows)
PY
  cp later-damaged.csv later-before.csv
  expect_exit 1 "--append to a history whose last row has $damage" "$bin" report orders.csv --by channel --period 2024-02 --as-of 2025-01-01 --append later-damaged.csv -q
  grep -q "later-damaged.csv:$(wc -l <later-rows.csv): error: cannot append" err.txt &&
    cmp -s later-damaged.csv later-before.csv && ok || fail "--append took a last row with $damage: $(cat err.txt)"
  # render prints what it reads: a NaN would be no JSON and pass every gate.
  expect_exit 1 "render of a last row with $damage" "$bin" render later-damaged.csv --format json
done

if command -v promtool >/dev/null; then
  printf 'customer,date,amount,channel\nA,2024-01-05,10,"quo""te"\nB,2024-02-05,20,back\\slash\nC,2024-02-07,5,"two\nlines"\nA,2024-03-01,7,"quo""te"\n' >odd.csv
  outputs=0
  for args in "orders.csv --period 2024-05" "orders.csv --every month --by channel" \
    "odd.csv --every month --by channel" "odd.csv --period 2024-02"; do
    "$bin" report $args --as-of 2025-01-01 --format openmetrics >metrics.prom 2>/dev/null
    if promtool check metrics <metrics.prom >promtool.txt 2>&1; then ok; else
      fail "promtool rejects: $args"; cat promtool.txt | head -5
    fi
    outputs=$((outputs + 1))
  done
  "$bin" report odd.csv --every month --by channel --as-of 2025-01-01 -o odd.prom
  grep -qF 'segment="quo\"te"' odd.prom && grep -qF 'segment="two\nlines"' odd.prom && grep -qF 'segment="back\\slash"' odd.prom && ok ||
    fail "label values escaped"
else
  fail "promtool is not installed (Debian package prometheus; scripts/deps.sh test)"
fi

# With --append alone there is no output for --compare or --columns to
# shape: refused rather than ignored; a gate on a change still uses it.
expect_exit 2 "--compare with --append alone" report --period 2024-05 --compare previous \
  --append compare-history.csv
grep -q 'Add -o FILE or --format' err.txt && [ ! -e compare-history.csv ] && ok ||
  fail "--compare with --append alone says what to add: $(cat err.txt)"
expect_exit 2 "--columns with --append alone" report --period 2024-05 --columns churn_rate \
  --append compare-history.csv
expect_exit 0 "--compare for a gate with --append" report --period 2024-05 --compare previous \
  --fail-if 'churn_rate_change > 90%' --append compare-history.csv
expect_exit 0 "--compare with --append and --format" report --period 2024-05 --compare previous \
  --append compare-history.csv --format csv
grep -q churn_rate_change out.txt && ok || fail "--compare with --append and --format writes it"

# A field given twice could mean either value: refused, with where, in
# each format diff and --append read.
report --period 2024-05 --format ndjson >twice.ndjson
sed -i 's/"orders":/"orders":1,"orders":/' twice.ndjson
expect_exit 2 "diff of an NDJSON row with a field twice" "$bin" diff twice.ndjson twice.ndjson
grep -q 'twice.ndjson:1: .*this row has "orders" twice; keep one' err.txt && ok ||
  fail "a field twice in NDJSON is named with its line: $(cat err.txt)"
report --period 2024-05 --format json | sed 's/"orders":/"orders": 1, "orders":/' >twice.json
expect_exit 2 "diff of a JSON row with a field twice" "$bin" diff twice.json twice.json
grep -q 'row 1 of "periods" has "orders" twice' err.txt && ok ||
  fail "a field twice in JSON is named with its row: $(cat err.txt)"
report --period 2024-05 --format csv | sed '1s/,orders,/,orders,revenue,/; 2s/,false,/,false,1,/' >twice.csv
cp twice.csv twice-kept.csv
expect_exit 1 "--append to a CSV history with a column twice" report --period 2024-06 --append twice.csv
grep -q 'twice.csv:1: .*the header has "revenue" twice; keep one' err.txt && cmp -s twice.csv twice-kept.csv && ok ||
  fail "a column twice in a CSV history is refused and the file kept: $(cat err.txt)"

# The currency an input names is recorded: a history never holds euros in
# one row and yen in the next, nor money of no known currency beside them.
printf 'order_id,customer_id,order_date,amount,currency\nO1,C1,2024-01-05,10,EUR\nO2,C2,2024-02-10,20,EUR\nO3,C1,2024-02-12,30,EUR\n' >eur.csv
sed 's/EUR/JPY/; s/,10,/,1500,/; s/,20,/,3000,/; s/,30,/,4500,/' eur.csv >jpy.csv
cut -d, -f1-4 eur.csv >no-currency.csv
for ext in csv json ndjson; do
  expect_exit 0 "a run in EUR to a new .$ext" "$bin" report eur.csv --period 2024-01 --as-of 2024-06-01 --append "cur.$ext"
  grep -q '"currency": "EUR"\|,EUR$' "cur.$ext" && ok || fail "cur.$ext records no currency"
  cp "cur.$ext" "cur-kept.$ext"
  expect_exit 2 "a run in JPY to an EUR .$ext" "$bin" report jpy.csv --period 2024-02 --as-of 2024-06-01 --append "cur.$ext"
  grep -q 'currency: the history has "EUR", this run "JPY"' err.txt && cmp -s "cur.$ext" "cur-kept.$ext" && ok ||
    fail "a JPY run is refused by an EUR .$ext and the file kept: $(cat err.txt)"
  expect_exit 2 "a run of no currency to an EUR .$ext" "$bin" report no-currency.csv --period 2024-02 --as-of 2024-06-01 --append "cur.$ext"
  # A history of no recorded currency takes one, and keeps it from then on.
  "$bin" report no-currency.csv --period 2024-01 --as-of 2024-06-01 --append "old.$ext" -q
  expect_exit 0 "a run in EUR to a .$ext of no currency" "$bin" report eur.csv --period 2024-02 --as-of 2024-06-01 --append "old.$ext"
  expect_exit 2 "then a run in JPY to it" "$bin" report jpy.csv --period 2024-03 --as-of 2024-06-01 --append "old.$ext"
done
"$bin" report eur.csv --period 2024-02 --as-of 2024-06-01 -o eur.json -q
"$bin" report jpy.csv --period 2024-02 --as-of 2024-06-01 -o jpy.json -q
expect_exit 2 "diff of an EUR and a JPY report" "$bin" diff eur.json jpy.json
grep -q 'currency: eur.json has "EUR", jpy.json "JPY"' err.txt && ok || fail "diff names the currencies: $(cat err.txt)"
# One side of no recorded currency (an older output): compared either way
# (the same figures here), not refused.
"$bin" report no-currency.csv --period 2024-02 --as-of 2024-06-01 -o none.json -q
expect_exit 0 "diff of an EUR report and one of no currency" "$bin" diff eur.json none.json
expect_exit 0 "diff of a report of no currency and an EUR one" "$bin" diff none.json eur.json
"$bin" render cur.csv --format table >out.txt 2>/dev/null
grep -q "Money in EUR." out.txt && ok || fail "render's table names the recorded currency"

# Tokyo's 00:30 on July 1 is June 30 in UTC: June is reported, partial,
# and the run after June has ended in UTC makes it final without a
# restatement alarm.
printf 'order_id,customer_id,order_date,amount\nO1,C1,2024-05-05T10:00:00Z,10\nO2,C2,2024-06-10T10:00:00Z,20\n' >tokyo.csv
printf 'order_id,customer_id,order_date,amount,channel\nO1,C1,2024-05-05T10:00:00Z,10,a\nO2,C2,2024-06-10T10:00:00Z,20,b\n' >tokyo.csv
for by in "" "--by channel"; do
  rm -f tokyo-history.csv
  # shellcheck disable=SC2086
  TZ=Asia/Tokyo RETENTION_NOW=2024-07-01T00:30:00+09:00 "$bin" report tokyo.csv --period last-month --append tokyo-history.csv -q $by
  [ "$(grep -c '^2024-06,2024-06-01,2024-07-01,true,' tokyo-history.csv)" = "$(grep -c '^2024-06,' tokyo-history.csv)" ] && ok ||
    fail "June ($by), still running in UTC, has a row marked final: $(cat tokyo-history.csv)"
  # shellcheck disable=SC2086
  TZ=Asia/Tokyo RETENTION_NOW=2024-07-01T10:30:00+09:00 expect_exit 0 "the run after June ended in UTC ($by)" \
    "$bin" report tokyo.csv --period last-month --append tokyo-history.csv --fail-if-restated $by
  ! grep -q true tokyo-history.csv && ! grep -q restated err.txt && ok ||
    fail "June ($by) final after it ended in UTC, without a restatement: $(cat err.txt)"
done

# A history a spreadsheet saved holds its rates to 15 significant digits:
# the same figures, so no restatement and no difference.
report --from 2024-01 --to 2024-04 --every month --append saved.csv -q
python3 - <<'PY'
import csv
rows = list(csv.reader(open("saved.csv")))
rate = rows[0].index("churn_rate")
for r in rows[1:]:
    for i in range(rate, rate + 6):
        if r[i]:
            r[i] = "%.15g" % float(r[i])
csv.writer(open("saved-by-excel.csv", "w", newline="")).writerows(rows)
PY
cmp -s saved.csv saved-by-excel.csv && fail "the 15-digit copy is no other text" || ok
expect_exit 0 "diff of a history and its 15-digit copy" "$bin" diff saved.csv saved-by-excel.csv
expect_exit 0 "a re-run into a history a spreadsheet saved" report --period 2024-03 --append saved-by-excel.csv --fail-if-restated
grep -q restated err.txt && fail "a 15-digit rate read as restated: $(cat err.txt)" || ok

# Every row's settings are checked, not the first's alone: a row edited to
# another time zone (or merged from another history) is refused where it is.
report --from 2024-01 --to 2024-03 --every month --append rows.csv -q
python3 - <<'PY'
import csv
rows = list(csv.reader(open("rows.csv")))
rows[3][rows[0].index("time_zone")] = "Europe/Berlin"
csv.writer(open("rows-edited.csv", "w", newline="")).writerows(rows)
PY
cp rows-edited.csv rows-kept.csv
expect_exit 1 "--append to a CSV history whose third row is another zone" report --period 2024-04 --append rows-edited.csv
grep -q 'rows-edited.csv:4: error: this row records time_zone "Europe/Berlin" where line 2 records "UTC"' err.txt && cmp -s rows-edited.csv rows-kept.csv && ok ||
  fail "a row of another zone is named and the file kept: $(cat err.txt)"
expect_exit 2 "diff of a history with a row of another zone" "$bin" diff rows.csv rows-edited.csv
expect_exit 1 "render of a history with a row of another zone" "$bin" render rows-edited.csv
report --from 2024-01 --to 2024-03 --every month --append rows.ndjson -q
sed '2s/"time_zone": "UTC"/"time_zone": "Asia\/Tokyo"/' rows.ndjson >rows-edited.ndjson
expect_exit 1 "--append to an NDJSON history whose second line is another zone" report --period 2024-04 --append rows-edited.ndjson
grep -q 'rows-edited.ndjson:2: error: this row records time_zone "Asia/Tokyo" where line 1 records "UTC"' err.txt && ok ||
  fail "an NDJSON line of another zone is named: $(cat err.txt)"
# A JSON history whose keys a tool sorted (jq -S) is the same history.
report --from 2024-01 --to 2024-03 --every month --append unsorted.json -q
python3 -c 'import json; d = json.load(open("unsorted.json")); json.dump(d, open("sorted.json", "w"), sort_keys=True, indent=1)'
expect_exit 0 "diff of a JSON history and its copy with keys sorted" "$bin" diff unsorted.json sorted.json
expect_exit 0 "--append to a JSON history with its keys sorted" report --period 2024-04 --append sorted.json
# A negative retention rate (a window shorter than the period: more
# customers arrive and lapse than stay) is a figure like any other.
printf 'customer,date,amount\nA,2024-02-20,10\nA,2024-03-20,10\nB,2024-03-03,10\nC,2024-03-05,10\n' >short.csv
for ext in csv json ndjson; do
  "$bin" report short.csv --period 2024-03 --window 14d --as-of 2024-06-01 --append "shortwin.$ext" -q 2>/dev/null
  python3 - "shortwin.$ext" <<'PY' && ok || fail "a negative retention rate is written to .$ext"
import csv, json, sys
path = sys.argv[1]
if path.endswith(".csv"):
    rate = next(csv.DictReader(open(path)))["retention_rate"]
elif path.endswith(".ndjson"):
    rate = json.loads(open(path).readline())["retention_rate"]
else:
    rate = json.load(open(path))["periods"][0]["retention_rate"]
sys.exit(0 if float(rate) == -1 else 1)
PY
  expect_exit 0 "--append again to a .$ext history with a negative retention rate" \
    "$bin" report short.csv --period 2024-03 --window 14d --as-of 2024-06-02 --append "shortwin.$ext"
  expect_exit 0 "diff of a .$ext history with a negative retention rate" "$bin" diff "shortwin.$ext" "shortwin.$ext"
done
expect_exit 0 "render of a history with a negative retention rate" "$bin" render shortwin.csv --format table
grep -q -- '-100.0%' out.txt && ok || fail "render shows -100.0%: $(cat out.txt)"
# A churn rate is never below 0: an edited one is refused.
python3 - shortwin.csv shortwin-edited.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
rows[0]["churn_rate"] = "-0.5"
w = csv.DictWriter(open(sys.argv[2], "w", newline=""), fieldnames=rows[0].keys())
w.writeheader(); w.writerows(rows)
PY
expect_exit 1 "render of a history with a negative churn rate" "$bin" render shortwin-edited.csv
grep -q 'column churn_rate: "-0.5" is not a number of 0 or more' err.txt && ok || fail "a negative churn rate is named: $(cat err.txt)"

echo "$passes passed, $failures failed"
[ "$failures" = 0 ]
