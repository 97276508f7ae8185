#!/usr/bin/env bash
# `retention render`: a report's CSV presented again must print exactly what
# `report` prints for the same run (table and JSON, with and without
# segments); a warehouse's spelling of the same figures (NULL as empty, t/f,
# money with 4 decimals, doubles with 17+ digits, no definitions columns)
# renders the same table; gates and exit codes are report's.
#
#   render_cli_test.sh RETENTION SOURCE_DIR
set -uo pipefail
retention="$1"
root="$2"
orders="$root/data/orders.csv"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

checks=0
failures=0
fail() {
  failures=$((failures + 1))
  echo "FAIL: $*"
}
same() {  # same LABEL EXPECTED ACTUAL
  checks=$((checks + 1))
  cmp -s "$2" "$3" || {
    fail "$1"
    diff "$2" "$3" | head -6
  }
}

runs=(
  "--period 2024-03 --as-of 2024-06-01"
  "--from 2024-01 --to 2024-06 --every month --as-of 2024-05-15"
  "--from 2023-01 --to 2024-12 --every quarter --by channel --top 2 --as-of 2025-01-10"
  "--period 2024-Q1 --window 90d --margin 0.3 --lifespan 12 --as-of 2024-12-31"
)
for run in "${runs[@]}"; do
  read -ra flags <<<"$run"
  by=()
  [[ "$run" == *"--by channel"* ]] && by=(--by channel)
  "$retention" report "$orders" "${flags[@]}" --format csv -q >"$tmp/report.csv"
  for format in table json; do
    "$retention" report "$orders" "${flags[@]}" --format "$format" -q >"$tmp/expected"
    "$retention" render "$tmp/report.csv" "${by[@]}" --format "$format" >"$tmp/actual"
    same "render --format $format of: report $run" "$tmp/expected" "$tmp/actual"
  done
done

# A report written with --compare renders with its comparison, in every
# format, and its _change gates judge as report's do.
compare_runs=(
  "--period 2024-03 --as-of 2024-06-01 --compare previous"
  "--period month-to-date --as-of 2024-05-15 --compare previous"
  "--from 2024-01 --to 2024-04 --every month --by channel --as-of 2024-06-01 --compare year"
)
for run in "${compare_runs[@]}"; do
  read -ra flags <<<"$run"
  "$retention" report "$orders" "${flags[@]}" --format csv -q >"$tmp/report.csv"
  for format in table json csv html openmetrics; do
    "$retention" report "$orders" "${flags[@]}" --format "$format" -q >"$tmp/expected"
    "$retention" render "$tmp/report.csv" --format "$format" >"$tmp/actual"
    same "render --format $format of: report $run" "$tmp/expected" "$tmp/actual"
  done
done
"$retention" report "$orders" --period 2024-03 --as-of 2024-06-01 --compare previous \
  --format csv -q >"$tmp/report.csv"
checks=$((checks + 1))
"$retention" render "$tmp/report.csv" --fail-if 'orders_change > -100000' >/dev/null 2>&1
[ $? = 1 ] || fail "render of a --compare CSV judges a _change gate"
checks=$((checks + 1))
"$retention" report "$orders" --period 2024-03 --as-of 2024-06-01 --format csv -q >"$tmp/plain.csv"
"$retention" render "$tmp/plain.csv" --fail-if 'orders_change > 0' >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q 'write it with report --compare' "$tmp/err" ||
  fail "a _change gate on a CSV without --compare is a usage error"

# The CSV of a report --by records its column (segment_column): without
# --by, render names it in the headings as report did, not "segment".
"$retention" report "$orders" --from 2024-01 --to 2024-03 --every month --by channel \
  --as-of 2024-06-01 --format csv -q >"$tmp/report.csv"
for format in table html; do
  "$retention" report "$orders" --from 2024-01 --to 2024-03 --every month --by channel \
    --as-of 2024-06-01 --format "$format" -q >"$tmp/expected"
  "$retention" render "$tmp/report.csv" --format "$format" >"$tmp/actual"
  same "render --format $format without --by names the recorded column" "$tmp/expected" \
    "$tmp/actual"
done

# --by names the column the file's segments came from: another than the
# one it records, or a file without segments, is a usage error.
"$retention" render "$tmp/report.csv" --by country --format table >/dev/null 2>"$tmp/err"
code=$?
checks=$((checks + 1))
[ "$code" = 2 ] && grep -qF 'the segments of' "$tmp/err" || fail "render --by another column: exit $code: $(cat "$tmp/err")"
# The recorded column in another case, or by number, is the same column.
for by in Channel 7; do
  "$retention" render "$tmp/report.csv" --by "$by" --format table >/dev/null 2>"$tmp/err"
  code=$?
  checks=$((checks + 1))
  [ "$code" = 0 ] || fail "render --by $by (the recorded column): exit $code: $(cat "$tmp/err")"
done
"$retention" report "$orders" --period 2024-03 --as-of 2024-06-01 --format csv -q >"$tmp/plain.csv"
"$retention" render "$tmp/plain.csv" --by channel --format table >/dev/null 2>"$tmp/err"
code=$?
checks=$((checks + 1))
[ "$code" = 2 ] && grep -qF 'has no segments' "$tmp/err" || fail "render --by without segments: exit $code: $(cat "$tmp/err")"

# A warehouse's result: the figure columns only, spelled as engines do.
"$retention" report "$orders" --from 2024-01 --to 2024-06 --every month --as-of 2024-05-15 \
  --format csv -q >"$tmp/report.csv"
python3 - "$tmp/report.csv" >"$tmp/warehouse.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
keep = rows[0].index("schema_version")
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(rows[0][:keep])
for row in rows[1:]:
    cells = []
    for name, v in zip(rows[0][:keep], row[:keep]):
        if name == "partial":
            v = {"true": "t", "false": "f"}[v]
        elif name in ("revenue", "aov", "clv") and v:
            v = v + "00"  # DECIMAL(38,4)
        elif name.endswith("_rate") and v:
            v = "%.20f" % float(v)  # the same double, spelled long
        cells.append(v)
    out.writerow(cells)
PY
"$retention" report "$orders" --from 2024-01 --to 2024-06 --every month --as-of 2024-05-15 \
  --format table -q >"$tmp/expected"
"$retention" render "$tmp/warehouse.csv" --as-of 2024-05-15 --format table >"$tmp/actual"
same "render of a warehouse result" "$tmp/expected" "$tmp/actual"
checks=$((checks + 1))
"$retention" render "$tmp/warehouse.csv" --as-of 2024-05-15 --format html -o "$tmp/page.html" &&
  grep -q '<html' "$tmp/page.html" || fail "render --format html"

# expect STATUS LABEL COMMAND...: the exit code, and stderr kept in $tmp/err.
expect() {
  local want="$1" label="$2" status=0
  shift 2
  checks=$((checks + 1))
  "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
  [ "$status" -eq "$want" ] || fail "$label: exit $status, not $want: $(head -2 "$tmp/err")"
}
expect 1 "a gate that holds" "$retention" render "$tmp/warehouse.csv" --as-of 2024-05-15 \
  --format json --fail-if 'churn_rate > 0.5'
grep -q "fail-if 'churn_rate > 0.5' holds for 2024-0" "$tmp/err" || fail "the gate's message"
expect 3 "--check-exit-code" "$retention" render "$tmp/warehouse.csv" --as-of 2024-05-15 \
  --format json --fail-if 'churn_rate > 0.5' --check-exit-code 3
expect 0 "a gate that does not hold" "$retention" render "$tmp/warehouse.csv" --as-of 2024-05-15 \
  --format json --fail-if 'revenue < -1000000'
cut -d, -f1-5 "$tmp/warehouse.csv" >"$tmp/cut.csv"
expect 1 "a missing column" "$retention" render "$tmp/cut.csv" --format json
grep -q "customers_start" "$tmp/err" || fail "the missing column is named: $(cat "$tmp/err")"
sed '3s/,t,/,maybe,/;3s/,f,/,maybe,/' "$tmp/warehouse.csv" >"$tmp/bad.csv"
expect 1 "a bad value" "$retention" render "$tmp/bad.csv" --format json
grep -q "bad.csv:3" "$tmp/err" || fail "the bad value's line is named: $(cat "$tmp/err")"
expect 2 "no file" "$retention" render
# A header alone is a file cut short, not a report of nothing; a row cut
# short names the fix.
"$retention" report "$orders" --period 2024-03 --format csv -q | head -1 >"$tmp/header-only.csv"
expect 1 "a header alone" "$retention" render "$tmp/header-only.csv" --format json
grep -q "holds no row of figures, only a header" "$tmp/err" || fail "a header alone is named: $(cat "$tmp/err")"
"$retention" report "$orders" --period 2024-03 --format csv -q | head -c 600 >"$tmp/row-cut.csv"
expect 1 "a row cut short" "$retention" render "$tmp/row-cut.csv" --format json
grep -q "the file was cut short or edited: restore it from a backup" "$tmp/err" || fail "a row cut short names the fix: $(cat "$tmp/err")"
# A report's CSV is partial or final as of the day it records: another
# --as-of would note its periods against a day they were not computed on.
"$retention" report "$orders" --period 2024-03 --as-of 2024-03-15 --format csv -q >"$tmp/mid.csv"
expect 2 "--as-of other than the CSV's" "$retention" render "$tmp/mid.csv" --as-of 2024-05-01
checks=$((checks + 1))
grep -q 'are as of 2024-03-15 (the latest day its as_of column records)' "$tmp/err" || fail "the --as-of refusal names the CSV's day: $(cat "$tmp/err")"
expect 0 "--as-of the CSV's own day" "$retention" render "$tmp/mid.csv" --as-of 2024-03-15 --format json
# A cell no report writes is refused with its line, never copied into the
# output: a margin or lifespan that is no number (it went into the JSON as
# written: "margin": 0.3, "hacked": true), a period label with an ESC (it
# reached the terminal raw in the table), a start after the end.
"$retention" report "$orders" --period 2024-03 --margin 0.3 --format csv -q >"$tmp/good.csv"
damage() {  # damage COLUMN VALUE OUT: the report's CSV with one cell of its row replaced
  python3 - "$tmp/good.csv" "$1" "$2" "$3" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
rows[1][rows[0].index(sys.argv[2])] = sys.argv[3]
csv.writer(open(sys.argv[4], "w", newline="")).writerows(rows)
EOF
}
damage margin '0.3, "hacked": true' "$tmp/margin.csv"
damage lifespan '}}}' "$tmp/lifespan.csv"
damage period $'2024-03\e]0;x\a' "$tmp/label.csv"
damage start 9999-12-31 "$tmp/start.csv"
for f in margin lifespan label start; do
  for format in json table; do
    expect 1 "damaged $f, $format" "$retention" render "$tmp/$f.csv" --format "$format"
    checks=$((checks + 1))
    grep -q "^$tmp/$f.csv:2: error: the row of period " "$tmp/err" || fail "damaged $f is named: $(cat -v "$tmp/err")"
    grep -q $'\e' "$tmp/err" && fail "damaged $f: a raw ESC on stderr"
  done
done

echo "render_cli_test: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
