#!/usr/bin/env bash
# Dates and numbers read as a file's first rows show, through the binary:
# the German ';' export and a US month-first file with no flags (figures
# worked out by hand in tests/data/sniff/README.md's files), the note on
# stderr and --quiet, the same result on 1 and 2 threads, the flags, and
# the stop when a file cannot tell.
# Usage: sniff_test.sh path/to/retention path/to/project
set -uo pipefail
bin="$1"
root="$2"
data="$root/tests/data/sniff"
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The CSV field of `column` (by header name) in the first data row.
field() {
  python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(r[0][sys.argv[2]])' "$1" "$2"
}

# January 2024 of the German file: K1 ordered on 31.12.2023 (1.234,56), so
# is active at the start; K2 is new (12,50); K1 orders again (99,90).
"$bin" report "$data/bestellungen.csv" --period 2024-01 --as-of 2024-12-31 --format csv \
  >"$tmp/de.csv" 2>"$tmp/de.err" || fail "report bestellungen.csv exited $?"
grep -qx "note: $data/bestellungen.csv: read amounts with a decimal comma and '.' between thousands (1.234,56) and dates as DD.MM.YYYY (--date-format '%d.%m.%Y')" "$tmp/de.err" ||
  fail "no note of the German layout: $(cat "$tmp/de.err")"
for pair in orders=2 revenue=112.40 customers_start=1 customers_new=1 customers_end=2 customers_lost=0; do
  got="$(field "$tmp/de.csv" "${pair%%=*}")"
  [ "$got" = "${pair#*=}" ] || fail "bestellungen.csv ${pair%%=*}: got $got, expected ${pair#*=}"
done
# The whole of 2023 holds the one order of 1.234,56.
"$bin" report "$data/bestellungen.csv" --period 2023 --as-of 2024-12-31 --format csv -q \
  >"$tmp/de2023.csv" 2>"$tmp/quiet.err"
[ "$(field "$tmp/de2023.csv" revenue)" = 1234.56 ] || fail "2023 revenue: $(field "$tmp/de2023.csv" revenue)"
[ ! -s "$tmp/quiet.err" ] || fail "--quiet printed: $(cat "$tmp/quiet.err")"
# The same on one thread and on two.
"$bin" report "$data/bestellungen.csv" --from 2023-12 --to 2024-02 --every month --as-of 2024-12-31 \
  --format csv --threads 1 -q >"$tmp/t1.csv"
"$bin" report "$data/bestellungen.csv" --from 2023-12 --to 2024-02 --every month --as-of 2024-12-31 \
  --format csv --threads 2 -q >"$tmp/t2.csv"
cmp -s "$tmp/t1.csv" "$tmp/t2.csv" || fail "--threads 1 and 2 differ"
# Flags that say the same as the sniffing give the same figures, silently.
"$bin" report "$data/bestellungen.csv" --from 2023-12 --to 2024-02 --every month --as-of 2024-12-31 \
  --format csv --threads 1 --decimal-separator , --thousands-separator . --date-format '%d.%m.%Y' \
  >"$tmp/flags.csv" 2>"$tmp/flags.err"
cmp -s "$tmp/t1.csv" "$tmp/flags.csv" || fail "the flags read the German file otherwise"
[ ! -s "$tmp/flags.err" ] || fail "a note for flags given: $(cat "$tmp/flags.err")"
# Other commands share the input flags, and so the sniffing.
"$bin" validate "$data/bestellungen.csv" --as-of 2024-12-31 -q >"$tmp/validate.txt" ||
  fail "validate bestellungen.csv: $(cat "$tmp/validate.txt")"
"$bin" cohorts "$data/bestellungen.csv" --from 2023-12 --as-of 2024-12-31 --format csv -q \
  >/dev/null || fail "cohorts bestellungen.csv exited $?"

# December 2010 of the US file: three orders, 15.30 + 1,011.10 + 20.00.
"$bin" report "$data/us_month_first.csv" --period 2010-12 --as-of 2011-12-31 --format csv \
  >"$tmp/us.csv" 2>"$tmp/us.err" || fail "report us_month_first.csv exited $?"
grep -q "read amounts with ',' between thousands (1,234.56) and dates as MM/DD/YYYY hh:mm (--date-format '%m/%d/%Y %H:%M')" "$tmp/us.err" ||
  fail "no note of the US layout: $(cat "$tmp/us.err")"
for pair in orders=3 revenue=1046.40 customers_active=2; do
  got="$(field "$tmp/us.csv" "${pair%%=*}")"
  [ "$got" = "${pair#*=}" ] || fail "us_month_first.csv ${pair%%=*}: got $got, expected ${pair#*=}"
done

# No day above 12: stop, and say both --date-format.
"$bin" report "$data/day_or_month.csv" --period 2024 --as-of 2024-12-31 >/dev/null 2>"$tmp/amb.err"
[ $? = 1 ] || fail "day_or_month.csv did not exit 1"
grep -qF "give --date-format '%d/%m/%Y' (day first: 2024-01-05) or --date-format '%m/%d/%Y' (month first: 2024-05-01)" "$tmp/amb.err" ||
  fail "day_or_month.csv: $(cat "$tmp/amb.err")"
# Either flag then reads it, each its way: May and June, or January and February.
"$bin" report "$data/day_or_month.csv" --period 2024-05 --as-of 2024-12-31 --format csv \
  --date-format '%m/%d/%Y' >"$tmp/md.csv" || fail "month first did not read"
[ "$(field "$tmp/md.csv" orders)" = 1 ] || fail "month first: $(field "$tmp/md.csv" orders) orders in May"
"$bin" report "$data/day_or_month.csv" --period 2024-01 --as-of 2024-12-31 --format csv \
  --date-format '%d/%m/%Y' >"$tmp/dm.csv" || fail "day first did not read"
[ "$(field "$tmp/dm.csv" orders)" = 1 ] || fail "day first: $(field "$tmp/dm.csv" orders) orders in January"

# Online Retail's invoice lines are month first unless a date shows the
# day first; when a later date does, the error says what was assumed and
# which flag reads the day first.
{
  echo 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'
  for i in $(seq 1 2100); do echo "$((500000 + i)),A,x,1,$((i % 12 + 1))/$((i % 12 + 1))/2011 10:00,1.00,$((10000 + i % 5)),UK"; done
  echo '510000,A,x,1,25/2/2011 10:00,1.00,99999,UK'
} >"$tmp/retail.csv"
"$bin" report "$tmp/retail.csv" --period 2011 --as-of 2012-01-01 >/dev/null 2>"$tmp/retail.err"
[ $? = 1 ] || fail "retail.csv with a day-first date did not exit 1"
grep -qF "dates here are read as MM/DD/YYYY hh:mm, the month first, as this export writes them (no date in the first 2000 rows has a day above 12); give --date-format '%d/%m/%Y %H:%M' to read the day first" "$tmp/retail.err" ||
  fail "retail.csv: $(cat "$tmp/retail.err")"
# Every day its month: the example is one that reads two ways.
{
  echo 'customer_id,order_id,order_date,amount'
  for i in $(seq 1 20); do echo "C$i,O$i,$((i % 12 + 1))/$((i % 12 + 1))/2011,1.00"; done
} >"$tmp/same.csv"
"$bin" report "$tmp/same.csv" --period 2011 --as-of 2012-01-01 >/dev/null 2>"$tmp/same.err"
grep -qF "(day first: 03/05 is 3 May) or --date-format '%m/%d/%Y' (month first: 03/05 is 5 March)" "$tmp/same.err" ||
  fail "same.csv: $(cat "$tmp/same.err")"

# Usage errors.
"$bin" report "$data/bestellungen.csv" --decimal-separator ';' >/dev/null 2>&1
[ $? = 2 ] || fail "--decimal-separator ';' is not a usage error"
"$bin" report "$data/bestellungen.csv" --decimal-separator , --thousands-separator , >/dev/null 2>&1
[ $? = 2 ] || fail "the same separator twice is not a usage error"

if [ "$failures" = 0 ]; then echo "all passed"; else echo "$failures failed"; fi
[ "$failures" = 0 ]
