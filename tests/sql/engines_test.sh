#!/usr/bin/env bash
# Differential test of `retention sql report` and `retention sql cohorts`:
# the queries run on real engines (SQLite, DuckDB, PostgreSQL 15) over the
# same orders that `retention report --format csv` and `retention cohorts
# --format csv` read, and each result must equal the command's byte for
# byte after normalize.py, which changes only spelling:
# NULL as an empty cell, t/f as true/false, money's trailing zeros beyond 2
# decimals, each double as its shortest round-trip text (see normalize.py).
# The dialects that cannot run here (BigQuery, Snowflake, Redshift, Spark,
# Trino) must pass a real parser of that dialect (parse_check.mjs).
#
#   engines_test.sh RETENTION SOURCE_DIR WORK_DIR
#
# WORK_DIR keeps the npm packages and the generated data between runs.
set -euo pipefail
retention="$1"
root="$2"
work="$3"
here="$root/tests/sql"
mkdir -p "$work"
tmp="$(mktemp -d)"
chmod 755 "$tmp"  # the postgres user reads the CSV files below it

source "$here/pg_server.sh"
cleanup() {
  pg_stop
  [ -n "${ENGINES_TEST_KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT

need() {
  command -v "$1" >/dev/null || {
    echo "engines_test: $1 is missing; ./scripts/test installs it (scripts/deps.sh)" >&2
    exit 1
  }
}
need sqlite3
need node
need npm
need python3

# --- Node packages: DuckDB and the parsers, installed once per lock file.
node_dir="$work/node"
if ! cmp -s "$here/package-lock.json" "$node_dir/package-lock.json" ||
  [ ! -d "$node_dir/node_modules" ]; then
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
# The scripts import the packages, so they run from beside node_modules.
cp "$here/duckdb_run.mjs" "$here/parse_check.mjs" "$here/resolve_hook.mjs" "$node_dir/"

# --- Data sets: name|file|date type|a flag for both report and sql|a flag
# for sql only.
datasets=()
datasets+=("sample|$root/data/orders.csv|timestamp||")
datasets+=("nasty|$here/nasty_orders.csv|timestamp|--customer-col=Customer ID|")
# Currencies written as usd, USD and Usd: --by currency makes one segment of
# each currency, and no total of them.
datasets+=("currencies|$here/currency_orders.csv|timestamp||")
# A revenue past 4.6e14 (in 1/10000, twice it is past 64 bits): AOV and
# CLV are still exact.
python3 -c "print('customer_id,order_id,order_date,amount');[print(f'c{i%7},o{i},2024-03-{1+i%28:02d},999999999999') for i in range(500)]" >"$tmp/large.csv"
datasets+=("large|$tmp/large.csv|timestamp||")
generator="$work/generate_orders"
if [ ! -x "$generator" ] || [ "$root/bench/generate_orders.cc" -nt "$generator" ]; then
  g++ -O2 -std=c++17 -o "$generator" "$root/bench/generate_orders.cc"
fi
"$generator" --rows 100000 --seed 7 -o "$tmp/generated.csv"
datasets+=("generated|$tmp/generated.csv|timestamp||")
cdnow="$root/../shared/data/cdnow/CDNOW_master.txt"
if [ -f "$cdnow" ]; then
  # customer, YYYYMMDD, CDs, dollars: one order per row (no order id).
  tr -d '\r' <"$cdnow" | awk 'BEGIN { print "customer_id,order_date,amount" }
       NR > 1 && NF == 4 { printf "%s,%s-%s-%s,%s\n", $1, substr($2,1,4), substr($2,5,2), substr($2,7,2), $4 }' \
    >"$tmp/cdnow.csv"
  datasets+=("cdnow|$tmp/cdnow.csv|date||--order-col=none")
else
  echo "engines_test: no CDNOW data at $cdnow; testing without it"
fi

# Flags given to both `cohorts` and `sql cohorts`, per data set.
cohort_cases_for() {
  case "$1" in
    cdnow)
      echo "--from 1997-01 --as-of 1998-07-01"
      echo "--from 1997-01 --to 1997-12 --every week --as-of 1998-03-10"
      ;;
    nasty)
      echo "--from 2024-01 --as-of 2025-01-01"
      # A refund in 2025-02, after the last order: it starts no cohort.
      echo "--from 2024-01 --as-of 2025-03-01"
      echo "--from 2024-01 --to 2024-06 --as-of 2024-09-20 --by channel"
      echo "--from 2024-01-01 --every week --as-of 2024-04-01 --by channel --top 1"
      # --from after the last order, no --to: its cohort, of size 0.
      echo "--from 2025-06 --as-of 2025-09-15"
      echo "--from 2025-06 --as-of 2025-09-15 --by channel"
      echo "--from 2025-Q3 --every month --as-of 2025-12-15"
      ;;
    currencies)
      echo "--from 2024-01 --as-of 2025-01-01 --by currency"
      ;;
    large)
      echo "--from 2024-03 --as-of 2024-04-01"
      ;;
    *)
      echo "--from 2023-01 --as-of 2025-01-15"
      echo "--from 2023-01 --to 2024-06 --every quarter --as-of 2024-11-20 --by channel --top 3"
      echo "--from 2024-01-01 --every week --as-of 2024-04-01"
      echo "--from 2023-01 --as-of 2023-01-20"
      ;;
  esac
}

# Flags given to both `report` and `sql report`, per data set.
cases_for() {
  case "$1" in
    cdnow)
      echo "--from 1997-01 --to 1998-06 --every month --as-of 1998-07-01"
      echo "--period 1997-Q2 --window 90d --as-of 1998-07-01 --margin 0.3"
      echo "--from 1997-01 --to 1998-06 --every quarter --window 6m --as-of 1998-05-10 --lifespan 4"
      ;;
    nasty)
      echo "--from 2024-01 --to 2024-12 --every month --as-of 2025-01-01"
      echo "--from 2024-01 --to 2024-12 --every month --as-of 2024-06-20 --by channel"
      echo "--from 2024-01-01 --to 2024-03-31 --every week --window 10d --as-of 2025-01-01"
      echo "--period 2024-Q1 --window 3m --as-of 2025-01-01 --lifespan 2.5 --by channel --top 2"
      ;;
    large)
      echo "--period 2024-03 --as-of 2024-04-01"
      ;;
    currencies)
      echo "--from 2024-01 --to 2024-12 --every quarter --as-of 2025-01-01 --by currency"
      echo "--period 2024 --as-of 2025-01-01 --by currency --window 3m"
      ;;
    *)
      echo "--period 2024-02 --as-of 2024-03-10"
      echo "--from 2023-01 --to 2024-12 --every month --as-of 2025-01-15"
      echo "--period 2024-Q1 --window 90d --as-of 2024-06-30 --margin 0.3"
      echo "--from 2023-01 --to 2024-12 --every quarter --by channel --top 3 --as-of 2024-11-20"
      echo "--period month-to-date --as-of 2024-05-15 --lifespan 12"
      echo "--from 2024-01-01 --to 2024-03-31 --every week --window 14d --as-of 2024-04-01"
      echo "--period 2024 --by country --as-of 2025-06-01"
      ;;
  esac
}

# --- PostgreSQL 15 on a Unix socket in $tmp, as an unprivileged user.
pg_start "$tmp/pg" 5439

# CREATE statements for a CSV's columns: staging holds text, the table the
# types a warehouse would use (ids text, amount NUMERIC, date TIMESTAMP or
# DATE; orders_tz holds the instants as TIMESTAMPTZ).
columns_of() { head -1 "$1" | tr -d '\r' | tr ',' '\n'; }
typed_select() {  # typed_select CSV DATETYPE TZTYPE
  local first=1 col expr
  while IFS= read -r col; do
    case "$col" in
      order_date) expr="CAST(CAST(\"$col\" AS $3) AS $2)" ;;
      amount) expr="CAST(\"$col\" AS DECIMAL(18,4))" ;;
      *) expr="\"$col\"" ;;
    esac
    [ $first -eq 1 ] || printf ', '
    printf '%s AS "%s"' "$expr" "$col"
    first=0
  done < <(columns_of "$1")
}
staging_columns() {
  columns_of "$1" | sed 's/.*/"&" TEXT/' | paste -sd, -
}

failures=0
checks=0
compare() {  # compare LABEL EXPECTED ACTUAL
  checks=$((checks + 1))
  if ! cmp -s "$2" "$3"; then
    failures=$((failures + 1))
    echo "FAIL: $1"
    diff "$2" "$3" | head -10 || true
  fi
}

for entry in "${datasets[@]}"; do
  IFS='|' read -r name file datetype extra sql_extra <<<"$entry"
  echo "engines_test: $name (at ${SECONDS}s)"
  d="$tmp/$name"
  mkdir -p "$d"
  datesql=TIMESTAMP
  [ "$datetype" = date ] && datesql=DATE
  extra_flags=()
  [ -n "$extra" ] && extra_flags=("$extra")
  sql_flags=()
  [ -n "$sql_extra" ] && sql_flags=("$sql_extra")

  # The engines' CSV readers get LF line ends (data/orders.csv mixes CRLF
  # in; PostgreSQL's COPY refuses a bare CR), the report the file itself.
  tr -d '\r' <"$file" >"$d/load.csv"
  load="$d/load.csv"
  # SQLite: every column text, as in the CSV.
  sqlite3 "$d/sqlite.db" ".import --csv $load orders"
  # PostgreSQL: typed tables; times converted to UTC wall clock.
  {
    echo "SET TimeZone = 'UTC';"
    echo "DROP TABLE IF EXISTS staging, orders, orders_tz;"
    echo "CREATE TABLE staging ($(staging_columns "$file"));"
    echo "\\copy staging FROM '$load' CSV HEADER"
    echo "CREATE TABLE orders AS SELECT $(typed_select "$file" "$datesql" TIMESTAMPTZ) FROM staging;"
    echo "CREATE TABLE orders_tz AS SELECT $(typed_select "$file" TIMESTAMPTZ TIMESTAMPTZ) FROM staging;"
  } >"$d/pg_setup.sql"
  "${psql[@]}" -f - <"$d/pg_setup.sql"
  # DuckDB: the same types.
  {
    echo "SET TimeZone = 'UTC';"
    echo "CREATE TABLE staging AS SELECT * FROM read_csv('$load', all_varchar = true, header = true);"
    echo "CREATE TABLE orders AS SELECT $(typed_select "$file" "$datesql" TIMESTAMPTZ) FROM staging;"
    echo "CREATE TABLE orders_tz AS SELECT $(typed_select "$file" TIMESTAMPTZ TIMESTAMPTZ) FROM staging;"
  } >"$d/duckdb_setup.sql"

  # run_case report|cohorts TABLE FLAGS...: the command on the file, the
  # query on SQLite and PostgreSQL now, on DuckDB below (one process for
  # all the queries of a data set).
  run_case() {
    local kind="$1" table="$2" f
    shift 2
    f=("$@")
    n=$((n + 1))
    "$retention" "$kind" "$file" "${f[@]}" --format csv >"$d/$n.report" 2>/dev/null
    jobs+=("figures"$'\t'"$d/$n.report"$'\t'"$d/$n.expected")
    local dialects=(postgres duckdb)
    [ "$table" = orders ] && dialects+=(sqlite) # SQLite has no time zones: no orders_tz
    for dialect in "${dialects[@]}"; do
      "$retention" sql "$kind" --dialect "$dialect" --table "$table" "${f[@]}" "${sql_flags[@]}" \
        >"$d/$n.$dialect.sql"
    done
    if [ "$table" = orders ]; then
      sqlite3 "$d/sqlite.db" -cmd '.mode quote' -cmd '.headers on' <"$d/$n.sqlite.sql" \
        >"$d/$n.sqlite.raw"
      jobs+=("quote"$'\t'"$d/$n.sqlite.raw"$'\t'"$d/$n.sqlite.csv"$'\t'"$d/$n.expected")
      checked+=("$n.sqlite|$name sqlite $kind: ${f[*]}")
    fi
    "${psql[@]}" --csv -f - <"$d/$n.postgres.sql" >"$d/$n.postgres.raw"
    jobs+=("csv"$'\t'"$d/$n.postgres.raw"$'\t'"$d/$n.postgres.csv")
    checked+=("$n.postgres|$name postgres $kind: ${f[*]}")
    duck_args+=("$d/$n.duckdb.sql" "$d/$n.duckdb.raw")
    jobs+=("csv"$'\t'"$d/$n.duckdb.raw"$'\t'"$d/$n.duckdb.csv")
    checked+=("$n.duckdb|$name duckdb: $kind ${f[*]}")
  }
  # The engines' outputs are normalized in one Python run per data set
  # (normalize.py batch), then compared.
  duck_args=()
  jobs=()
  checked=()
  n=0
  while IFS= read -r flags; do
    read -ra f <<<"$flags"
    run_case report orders "${f[@]}" "${extra_flags[@]}"
  done < <(cases_for "$name")
  while IFS= read -r flags; do
    read -ra f <<<"$flags"
    run_case cohorts orders "${f[@]}" "${extra_flags[@]}"
  done < <(cohort_cases_for "$name")
  # Instants in TIMESTAMPTZ reported in another zone (sample data only).
  if [ "$name" = sample ]; then
    run_case report orders_tz --from 2023-01 --to 2024-12 --every month --as-of 2025-01-15 \
      --tz Europe/Berlin
    run_case cohorts orders_tz --from 2023-01 --every week --as-of 2024-03-10 --tz Europe/Berlin
  fi

  (cd "$node_dir" && node duckdb_run.mjs "$d/duckdb_setup.sql" "${duck_args[@]}")
  printf '%s\n' "${jobs[@]}" >"$d/jobs"
  python3 "$here/normalize.py" batch "$d/jobs"
  for entry in "${checked[@]}"; do
    base="${entry%%|*}"
    compare "${entry#*|}" "$d/${base%%.*}.expected" "$d/$base.csv"
  done
done

echo "engines_test: parsers (at ${SECONDS}s)"
# --- The dialects that cannot run here: a real parser of each must accept
# the query, for a series with segments and for a single period.
for dialect in bigquery snowflake redshift spark trino; do
  "$retention" sql report --dialect "$dialect" --table shop.orders --from 2024-01 --to 2024-06 \
    --every month --by channel --top 3 --as-of 2024-05-20 >"$tmp/$dialect.1.sql"
  "$retention" sql report --dialect "$dialect" --table orders --period 2024-Q1 --window 90d \
    --tz Europe/Berlin --date-kind instant --lifespan 12 --as-of 2024-05-20 --order-col none \
    >"$tmp/$dialect.2.sql"
  "$retention" sql cohorts --dialect "$dialect" --table shop.orders --from 2024-01 \
    --by channel --top 3 --as-of 2024-05-20 >"$tmp/$dialect.3.sql"
  "$retention" sql cohorts --dialect "$dialect" --table orders --from 2024-01 --to 2024-03 \
    --every week --tz Europe/Berlin --date-kind local --as-of 2024-05-20 --order-col none \
    >"$tmp/$dialect.4.sql"
done
if (cd "$node_dir" && node parse_check.mjs "$tmp"); then
  checks=$((checks + 20))
else
  failures=$((failures + 1))
fi

echo "engines_test: unreadable values in SQLite (at ${SECONDS}s)"
# SQLite's datetime() reads an unreadable date as NULL and CAST an
# unreadable amount as 0: the query must stop with an error naming the
# value, as PostgreSQL and DuckDB stop on a failed cast, never drop or
# zero the row. Each file is good orders plus one bad row.
unreadable_case() {  # unreadable_case LABEL EXPECTED-MESSAGE CSV [SQL FLAGS...]
  local label="$1" message="$2" db="$tmp/unreadable.db"
  printf '%s' "$3" >"$tmp/unreadable.csv"
  shift 3
  checks=$((checks + 1))
  rm -f "$db"
  sqlite3 "$db" ".import --csv $tmp/unreadable.csv orders"
  "$retention" sql report --dialect sqlite --table orders --period 2024-02 --as-of 2024-03-01 "$@" \
    >"$tmp/unreadable.sql"
  if sqlite3 "$db" <"$tmp/unreadable.sql" >"$tmp/unreadable.out" 2>"$tmp/unreadable.err" ||
    ! grep -qF "$message" "$tmp/unreadable.err"; then
    failures=$((failures + 1))
    echo "FAIL: sqlite, $label: expected an error with: $message"
    cat "$tmp/unreadable.out" "$tmp/unreadable.err" | head -5
  fi
}
good=$'customer_id,order_id,order_date,amount\nc1,o1,2024-01-05,10.00\nc2,o2,2024-01-06,20.00\nc1,o3,2024-02-05,30.00\n'
unreadable_case "a day-first date" 'cannot read the date "05/02/2024" in column order_date' \
  "${good}c3,o4,05/02/2024,40.00"$'\n'
unreadable_case "February 30" 'cannot read the date "2024-02-30" in column order_date' \
  "${good}c3,o4,2024-02-30,40.00"$'\n'
unreadable_case "a decimal comma" 'cannot read the amount "12,50" in column amount' \
  "${good}"$'c3,o4,2024-02-06,"12,50"\n'
unreadable_case "text for an amount" 'cannot read the amount "abc" in column amount' \
  "${good}c3,o4,2024-02-06,abc"$'\n'
unreadable_case "an empty amount" 'cannot read the amount "" in column amount' \
  "${good}c3,o4,2024-02-06,"$'\n'
unreadable_case "a price with a currency sign" 'cannot read the price "$4" in column price' \
  $'customer_id,order_date,qty,price\nc1,2024-01-05,1,10\nc3,2024-02-06,2,$4\n' \
  --order-col none --quantity-col qty --price-col price
unreadable_case "quantity x price past 4 decimals" 'in columns qty and price: more than 4 decimal places' \
  $'customer_id,order_date,qty,price\nc1,2024-02-05,0.5,0.0003\n' \
  --order-col none --quantity-col qty --price-col price
unreadable_case "a fifth decimal" 'cannot read the amount "1.00005" in column amount; expected a number such as -12.50 with at most 4 decimals' \
  "${good}c3,o4,2024-02-06,1.00005"$'\n'
unreadable_case "an exponent" 'cannot read the amount "1e2" in column amount' \
  "${good}c3,o4,2024-02-06,1e2"$'\n'
# An offset SQLite cannot read names the spellings it takes.
unreadable_case "a lowercase utc" 'expected ISO 8601 text such as 2024-03-01, 20240301 or 2024-03-01 14:30:00, with an offset written Z, +01:00, +0100, +01 or UTC' \
  "${good}c3,o4,2024-02-06 10:00:00 utc,40.00"$'\n'
# SQLite reads an unknown "name" as the text 'name': a table without the
# order column made every customer's rows one order, a mistyped --by one
# segment. Named through the source's alias, it is the error it is.
unreadable_case "no order column" 'no such column: source.order_id' \
  $'customer_id,order_date,amount\nc1,2024-02-05,10\nc1,2024-02-06,20\n'
unreadable_case "a mistyped --by" 'no such column: source.chanel' "$good" --by chanel
unreadable_case "a mistyped --customer-col" 'no such column: source.customer' "$good" --customer-col customer
# A CLV past 9.2e14 cannot be money exactly: SQLite's cast would give the
# largest integer; the query stops, as report does.
unreadable_case "a CLV too large" 'a CLV is too large to be money exactly' \
  $'customer_id,order_id,order_date,amount\nc1,o1,2024-02-05,999999999999\n' --lifespan 1000

echo "engines_test: NULLs and fifth decimals in PostgreSQL and DuckDB (at ${SECONDS}s)"
# Their casts fail on text they cannot read, but not on a NULL date or
# amount (a row silently left out of every sum) nor on a fifth decimal
# (rounded by the cast): the query checks those rows, as report refuses
# them.
strict_case() {  # strict_case LABEL EXPECTED-MESSAGE SELECT [SQL FLAGS...]
  local label="$1" message="$2" rows="$3"
  shift 3
  "$retention" sql report --table strict --period 2024-02 --as-of 2024-03-01 "$@" >"$tmp/strict.pg.sql"
  checks=$((checks + 1))
  if { echo "DROP TABLE IF EXISTS strict; CREATE TABLE strict AS $rows;"; cat "$tmp/strict.pg.sql"; } |
    "${psql[@]}" -v ON_ERROR_STOP=1 --csv -f - >"$tmp/strict.out" 2>"$tmp/strict.err" ||
    ! grep -qF "$message" "$tmp/strict.err"; then
    failures=$((failures + 1))
    echo "FAIL: postgres: $label: the query did not stop with: $message"
    cat "$tmp/strict.out" "$tmp/strict.err" | head -5
  fi
  "$retention" sql report --dialect duckdb --table strict --period 2024-02 --as-of 2024-03-01 "$@" \
    >"$tmp/strict.duck.sql"
  echo "CREATE TABLE strict AS $rows;" >"$tmp/strict.setup.sql"
  checks=$((checks + 1))
  if (cd "$node_dir" && node duckdb_run.mjs "$tmp/strict.setup.sql" "$tmp/strict.duck.sql" \
    "$tmp/strict.duck.csv") >"$tmp/strict.out" 2>"$tmp/strict.err" ||
    ! grep -qF "$message" "$tmp/strict.err"; then
    failures=$((failures + 1))
    echo "FAIL: duckdb: $label: the query did not stop with: $message"
    cat "$tmp/strict.out" "$tmp/strict.err" | head -5
  fi
}
strict_rows() {  # strict_rows "AMOUNT" "DATE": a good row, then one with these
  echo "SELECT * FROM (VALUES ('c1', 'o1', TIMESTAMP '2024-02-03 00:00:00', CAST(40 AS DECIMAL(18,5))),
    ('c2', 'o2', $2, $1)) AS t(customer_id, order_id, order_date, amount)"
}
strict_case "a NULL amount" "retention: the amount NULL in column amount: every row needs one" \
  "$(strict_rows 'CAST(NULL AS DECIMAL(18,5))' "TIMESTAMP '2024-02-04 00:00:00'")"
strict_case "a NULL date" "retention: the date NULL in column order_date: every row needs one" \
  "$(strict_rows 'CAST(5 AS DECIMAL(18,5))' 'CAST(NULL AS TIMESTAMP)')"
strict_case "a fifth decimal" "in column amount: more than 4 decimal places" \
  "$(strict_rows 'CAST(10.12345 AS DECIMAL(18,5))' "TIMESTAMP '2024-02-04 00:00:00'")"
strict_case "quantity x price past 4 decimals" "in columns qty and price: more than 4 decimal places" \
  "SELECT * FROM (VALUES ('c1', TIMESTAMP '2024-02-03 00:00:00', CAST(0.5 AS DECIMAL(18,4)), CAST(0.0003 AS DECIMAL(18,4)))) AS t(customer_id, order_date, qty, price)" \
  --order-col none --quantity-col qty --price-col price
# Text amounts: the casts read an exponent, NaN and Infinity, which report
# refuses; the query stops on them too.
text_rows() {  # text_rows "AMOUNT": a good row, then one with this text
  echo "SELECT * FROM (VALUES ('c1', 'o1', TIMESTAMP '2024-02-03 00:00:00', '40'),
    ('c2', 'o2', TIMESTAMP '2024-02-04 00:00:00', '$1')) AS t(customer_id, order_id, order_date, amount)"
}
for amount in 1e2 ' 1E2' NaN Infinity -inf; do
  strict_case "the text amount '$amount'" \
    "retention: the amount $amount in column amount: not a decimal number such as -12.50" \
    "$(text_rows "$amount")"
done
# Text dates in PostgreSQL: its cast reads 03/02/2024 by the session's
# DateStyle, and "epoch" or "Mar 2 2024" too, where report reads ISO only;
# the query stops on them, under any DateStyle. ISO text is read as before,
# and the result's days are ISO whatever DateStyle prints a DATE as.
date_rows() {  # date_rows "DATE": a good row, then one with this text
  echo "SELECT * FROM (VALUES ('c1', 'o1', '2024-02-03 10:00:00+02:00', 40.0),
    ('c2', 'o2', '$1', 5.0)) AS t(customer_id, order_id, order_date, amount)"
}
"$retention" sql report --table strict --period 2024-02 --as-of 2024-03-01 >"$tmp/strict.pg.sql"
for date in 03/02/2024 epoch 'Mar 2 2024' '2024-02-05 allballs'; do
  checks=$((checks + 1))
  if { echo "SET DateStyle = 'ISO, MDY'; DROP TABLE IF EXISTS strict; CREATE TABLE strict AS $(date_rows "$date");"; cat "$tmp/strict.pg.sql"; } |
    "${psql[@]}" -v ON_ERROR_STOP=1 --csv -f - >"$tmp/strict.out" 2>"$tmp/strict.err" ||
    ! grep -qF "retention: the date $date in column order_date: not an ISO 8601 date" "$tmp/strict.err"; then
    failures=$((failures + 1))
    echo "FAIL: postgres: the text date '$date' did not stop the query"
    cat "$tmp/strict.out" "$tmp/strict.err" | head -5
  fi
done
checks=$((checks + 1))
if ! { echo "SET DateStyle = 'SQL, DMY'; DROP TABLE IF EXISTS strict; CREATE TABLE strict AS $(date_rows ' 20240205T09:30:00Z');"; cat "$tmp/strict.pg.sql"; } |
  "${psql[@]}" -v ON_ERROR_STOP=1 --csv -f - 2>"$tmp/strict.err" | grep -q '^2024-02,2024-02-01,2024-03-01,.*,45.0000,'; then
  failures=$((failures + 1))
  echo "FAIL: postgres: ISO text dates were refused or misread, or the days printed by DateStyle"
  head -5 "$tmp/strict.err"
fi
# A plain text amount is read as before, with its sign and spaces (the
# query of the text dates above).
checks=$((checks + 1))
if ! { echo "DROP TABLE IF EXISTS strict; CREATE TABLE strict AS $(text_rows ' +5.5 ');"; cat "$tmp/strict.pg.sql"; } |
  "${psql[@]}" --csv -f - 2>"$tmp/strict.err" | grep -q '^2024-02,.*,45.5000,'; then
  failures=$((failures + 1))
  echo "FAIL: postgres: a plain text amount was refused or misread"
  head -5 "$tmp/strict.err"
fi
# A row without a customer is left out before its values are looked at.
checks=$((checks + 1))
"$retention" sql report --table strict --period 2024-02 --as-of 2024-03-01 >"$tmp/strict.pg.sql"
if ! { echo "DROP TABLE IF EXISTS strict; CREATE TABLE strict AS $(strict_rows 'CAST(NULL AS DECIMAL(18,5))' "TIMESTAMP '2024-02-04 00:00:00'" | sed "s/('c2'/(CAST(NULL AS TEXT)/");"; cat "$tmp/strict.pg.sql"; } |
  "${psql[@]}" -v ON_ERROR_STOP=1 --csv -f - 2>"$tmp/strict.err" | grep -q '^2024-02,.*,40.0000,'; then
  failures=$((failures + 1))
  echo "FAIL: postgres: a row without a customer stopped the query"
  head -5 "$tmp/strict.err"
fi
# The good rows alone give figures (the check refuses only what it cannot read).
checks=$((checks + 1))
printf '%s%s\n' "$good" "c3,o4,2024-02-06T10:00:00Z,+40.50000" >"$tmp/readable.csv"
rm -f "$tmp/readable.db"
sqlite3 "$tmp/readable.db" ".import --csv $tmp/readable.csv orders"
if ! "$retention" sql report --dialect sqlite --table orders --period 2024-02 --as-of 2024-03-01 |
  sqlite3 -csv "$tmp/readable.db" | grep -q '^2024-02,.*,70.5000,'; then
  failures=$((failures + 1))
  echo "FAIL: sqlite: readable values gave no figures"
fi

# An id typed with an ideographic space after it (U+3000) is the same id,
# as report reads it: one customer in both.
checks=$((checks + 1))
printf 'order_id,customer_id,order_date,amount\nO1,C1,2024-02-01,10\nO2,C1\xe3\x80\x80,2024-02-02,20\n' >"$tmp/ideographic.csv"
rm -f "$tmp/ideographic.db"
sqlite3 "$tmp/ideographic.db" ".import --csv $tmp/ideographic.csv orders"
want="$("$retention" report "$tmp/ideographic.csv" --period 2024-02 --as-of 2024-03-01 -q --format csv --columns customers_active,orders | tail -1)"
got="$("$retention" sql report --dialect sqlite --table orders --period 2024-02 --as-of 2024-03-01 |
  sqlite3 -csv -header "$tmp/ideographic.db" | python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin))[0]; print(r["customers_active"]+","+r["orders"])')"
if [ "$want" != "1,2" ] || [ "$got" != "$want" ]; then
  failures=$((failures + 1))
  echo "FAIL: sqlite: an id with an ideographic space: report $want, query $got"
fi

# A customer's segment comes from the rows known on --as-of: a later
# purchase in another segment was not known that day (as report has it).
checks=$((checks + 1))
printf 'order_id,customer_id,order_date,amount,seg\nR1,A,2024-01-10,-5.00,x\nO1,A,2024-02-10,10.00,y\nO2,B,2024-01-12,7.00,x\n' >"$tmp/seg_as_of.csv"
rm -f "$tmp/seg_as_of.db"
sqlite3 "$tmp/seg_as_of.db" ".import --csv $tmp/seg_as_of.csv orders"
got="$("$retention" sql report --dialect sqlite --table orders --period 2024-01 --by seg --as-of 2024-01-31 |
  sqlite3 -csv -header "$tmp/seg_as_of.db" | python3 -c 'import csv,sys; print(";".join(r["segment"]+"="+"%.2f" % float(r["revenue"]) for r in csv.DictReader(sys.stdin)))')"
want="$("$retention" report "$tmp/seg_as_of.csv" --period 2024-01 --by seg --as-of 2024-01-31 -q --format csv |
  python3 -c 'import csv,sys; print(";".join(r["segment"]+"="+r["revenue"] for r in csv.DictReader(sys.stdin)))')"
if [ "$got" != "=2.00;x=2.00" ] || [ "$want" != "=2.00;x=2.00" ]; then
  failures=$((failures + 1))
  echo "FAIL: a segment decided by a row after --as-of: sql $got, report $want"
fi

# docs/warehouse.md's --from-query for a status and a document-type column
# gives what report reads from the same rows as a file (the status rules):
# values in any case and with spaces, a NULL status, a credit memo written
# positive and one written negative, and two with a discount line, one
# written either way (a note lowers revenue by its total: 18 and 9), one
# whose lines are apart (25), and an invoice without a document type.
checks=$((checks + 1))
printf 'customer_id,order_id,order_date,amount,status,doc_type\nc1,1,2024-02-01,100,Paid,Invoice\nc1,2,2024-02-02,40, VOIDED ,Invoice\nc2,3,2024-02-03,25,,Invoice\nc1,CN1,2024-02-05,30,paid,Credit Memo\nc2,CN2,2024-02-06,-5,paid,credit_note\nc3,4,2024-02-07,9,Failed,Invoice\nc1,CN3,2024-02-07,20,paid,Credit Memo\nc1,CN3,2024-02-07,-2,paid,Credit Memo\nc2,CN4,2024-02-08,-10,paid,credit_note\nc2,CN4,2024-02-08,1,paid,credit_note\nc2,5,2024-02-09,4,paid,\nc1,CN5,2024-02-10,30,paid,Credit Memo\nc1,6,2024-02-10,2,paid,Invoice\nc1,CN5,2024-02-10,-5,paid,Credit Memo\n' >"$tmp/invoices.csv"
rm -f "$tmp/invoices.db"
sqlite3 "$tmp/invoices.db" ".import --csv $tmp/invoices.csv invoices"
sqlite3 "$tmp/invoices.db" "UPDATE invoices SET status = NULL WHERE status = ''; UPDATE invoices SET doc_type = NULL WHERE doc_type = ''"
recipe="$(sed -n '/^retention sql report --dialect sqlite --period 2024-03 --from-query "$/,/^```$/p' "$root/docs/warehouse.md" | sed '1d;$d' | sed 's/"$//')"
want="$("$retention" report "$tmp/invoices.csv" --period 2024-02 --as-of 2024-03-01 -q --format csv --columns orders,revenue | tail -1)"
got="$("$retention" sql report --dialect sqlite --period 2024-02 --as-of 2024-03-01 --from-query "$recipe" |
  sqlite3 -csv -header "$tmp/invoices.db" | python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin))[0]; print(r["orders"]+","+"%.2f" % float(r["revenue"]))')"
if [ -z "$recipe" ] || [ "$want" != "4,44.00" ] || [ "$got" != "$want" ]; then
  failures=$((failures + 1))
  echo "FAIL: sqlite: the status-rules recipe of docs/warehouse.md: report $want, query $got"
fi

# A query as people write it, ending in ';', is a subquery all the same.
checks=$((checks + 1))
if ! "$retention" sql report --dialect sqlite --from-query 'SELECT * FROM orders; ' --period 2024-02 \
  --as-of 2024-03-01 | sqlite3 -csv "$tmp/readable.db" | grep -q '^2024-02,.*,70.5000,'; then
  failures=$((failures + 1))
  echo "FAIL: sqlite: --from-query ending in ';' gave no figures"
fi
# --tz Z is UTC, under the name DuckDB knows.
checks=$((checks + 1))
"$retention" sql report --dialect duckdb --table strict --period 2024-02 --as-of 2024-03-01 --tz Z \
  >"$tmp/zulu.duck.sql"
echo "CREATE TABLE strict AS SELECT * FROM (VALUES ('c1', 'o1', TIMESTAMPTZ '2024-02-03 10:00:00+00', CAST(40 AS DECIMAL(18,4)))) AS t(customer_id, order_id, order_date, amount);" >"$tmp/zulu.setup.sql"
if ! (cd "$node_dir" && node duckdb_run.mjs "$tmp/zulu.setup.sql" "$tmp/zulu.duck.sql" \
  "$tmp/zulu.duck.csv") >"$tmp/zulu.out" 2>&1 || ! grep -q '40' "$tmp/zulu.duck.csv"; then
  failures=$((failures + 1))
  echo "FAIL: duckdb: --tz Z"
  head -5 "$tmp/zulu.out"
fi

# A DOUBLE column (DuckDB's read_csv_auto makes one of amounts) holds a
# 4-decimal amount past 1.3e11 only to within its own error: that is no
# fifth decimal, and the figures are report's.
checks=$((checks + 1))
printf '%s\n' customer_id,order_id,order_date,amount c1,o1,2024-03-05,137438953472.0001 \
  c2,o2,2024-03-06,200000000000.0003 >"$tmp/doubles.csv"
"$retention" sql report --dialect duckdb --table doubles --period 2024-03 --as-of 2024-05-01 \
  >"$tmp/doubles.duck.sql"
echo "CREATE TABLE doubles AS SELECT * FROM read_csv('$tmp/doubles.csv', header = true, columns = {'customer_id': 'VARCHAR', 'order_id': 'VARCHAR', 'order_date': 'DATE', 'amount': 'DOUBLE'});" \
  >"$tmp/doubles.setup.sql"
if ! (cd "$node_dir" && node duckdb_run.mjs "$tmp/doubles.setup.sql" "$tmp/doubles.duck.sql" \
  "$tmp/doubles.duck.raw") >"$tmp/doubles.out" 2>&1 ||
  ! grep -q ",337438953472.0004," <(python3 "$here/normalize.py" csv <"$tmp/doubles.duck.raw"); then
  failures=$((failures + 1))
  echo "FAIL: duckdb: a DOUBLE amount of 4 decimals past 1.3e11 was refused or misread"
  head -5 "$tmp/doubles.out"
fi

# Times that carry an offset are instants, read in UTC without --tz (in
# --tz's zone with it), whatever the session's zone; times without one are
# local already: TIMESTAMPTZ and text columns alike, as report reads the
# file. The queries run in a New York session, where a cast by type alone
# moved June 1, 02:00 UTC into May. (The TIMESTAMPTZ table is loaded in
# the report's zone, so its zone-less row is that zone's local time.)
printf '%s\n' customer_id,order_id,order_date,amount a,o1,2024-06-01T02:00:00Z,10.00 \
  b,o2,2024-06-01T00:30:00+01:00,20.00 c,o3,'2024-05-31 23:30:00',5.00 \
  d,o4,'2024-06-01 00:10:00.25+0530',2.00 e,o5,'2024-06-01 01:00:00 UTC',1.00 >"$tmp/offsets.csv"
chmod 644 "$tmp/offsets.csv"
for zone in UTC Europe/Berlin; do
  "$retention" report "$tmp/offsets.csv" --from 2024-05 --to 2024-06 --every month \
    --as-of 2024-07-15 --tz "$zone" --format csv -q | cut -d, -f1,6,8,15 >"$tmp/offsets.expected"
  tz_flags=()
  [ "$zone" = UTC ] || tz_flags=(--tz "$zone")
  { echo "SET TimeZone = '$zone';"
    echo "SET client_min_messages = warning; DROP TABLE IF EXISTS offsets_text, offsets_tz, offsets_char;"
    echo "CREATE TABLE offsets_text (customer_id TEXT, order_id TEXT, order_date TEXT, amount NUMERIC);"
    echo "\\copy offsets_text FROM '$tmp/offsets.csv' CSV HEADER"
    echo "CREATE TABLE offsets_tz AS SELECT customer_id, order_id, CAST(order_date AS TIMESTAMPTZ) AS order_date, amount FROM offsets_text;"
    echo "CREATE TABLE offsets_char AS SELECT customer_id, order_id, CAST(order_date AS CHAR(40)) AS order_date, amount FROM offsets_text;"
  } | "${psql[@]}" -f -
  { echo "SET TimeZone = '$zone';"
    echo "CREATE TABLE offsets_text AS SELECT * FROM read_csv('$tmp/offsets.csv', all_varchar = true, header = true);"
    echo "CREATE TABLE offsets_tz AS SELECT customer_id, order_id, CAST(order_date AS TIMESTAMPTZ) AS order_date, amount FROM offsets_text;"
    echo "CREATE TABLE offsets_char AS SELECT customer_id, order_id, CAST(order_date AS CHAR(40)) AS order_date, amount FROM offsets_text;"
    echo "SET TimeZone = 'America/New_York';"
  } >"$tmp/offsets.setup.sql"
  duck_args=()
  for table in offsets_text offsets_tz offsets_char; do
    checks=$((checks + 2))
    "$retention" sql report --table "$table" --from 2024-05 --to 2024-06 --every month \
      --as-of 2024-07-15 "${tz_flags[@]}" | PGTZ=America/New_York "${psql[@]}" --csv -f - |
      python3 "$here/normalize.py" csv | cut -d, -f1,6,8,15 >"$tmp/$table.pg.csv"
    compare "postgres: $table ${tz_flags[*]}: offsets in a New York session" \
      "$tmp/offsets.expected" "$tmp/$table.pg.csv"
    "$retention" sql report --dialect duckdb --table "$table" --from 2024-05 --to 2024-06 \
      --every month --as-of 2024-07-15 "${tz_flags[@]}" >"$tmp/$table.duck.sql"
    duck_args+=("$tmp/$table.duck.sql" "$tmp/$table.duck.raw")
  done
  (cd "$node_dir" && node duckdb_run.mjs "$tmp/offsets.setup.sql" "${duck_args[@]}")
  for table in offsets_text offsets_tz offsets_char; do
    python3 "$here/normalize.py" csv <"$tmp/$table.duck.raw" | cut -d, -f1,6,8,15 \
      >"$tmp/$table.duck.csv"
    compare "duckdb: $table ${tz_flags[*]}: offsets in a New York session" \
      "$tmp/offsets.expected" "$tmp/$table.duck.csv"
  done
done

# SQLite's datetime() reads an offset only as Z or +01:00: +0100, +01,
# UTC and a basic date (20240531) are rewritten, to the instants report
# reads. Most rows are an order in May or June by their offset alone.
printf '%s\n' customer_id,order_id,order_date,amount a,o1,2024-06-01T00:30:00+0100,10.00 \
  b,o2,2024-05-31T23:30:00-01,20.00 c,o3,'2024-06-01 00:10:00.25+0530',5.00 \
  d,o4,'2024-06-01 01:00:00 UTC',1.00 e,o5,20240531,2.00 f,o6,2024-05-31T23:59:59.9996+00,4.00 \
  g,o7,2024-06-01T00:00:00z,8.00 h,o8,'2024-05-31 22:00 -0230',16.00 i,o9,'20240601 00:15GMT',32.00 \
  >"$tmp/sqlite_offsets.csv"
"$retention" report "$tmp/sqlite_offsets.csv" --from 2024-05 --to 2024-06 --every month \
  --as-of 2024-07-15 --format csv -q | cut -d, -f1,6,8,15 >"$tmp/sqlite_offsets.expected"
rm -f "$tmp/sqlite_offsets.db"
sqlite3 "$tmp/sqlite_offsets.db" ".import --csv $tmp/sqlite_offsets.csv orders"
checks=$((checks + 1))
"$retention" sql report --dialect sqlite --table orders --from 2024-05 --to 2024-06 --every month \
  --as-of 2024-07-15 >"$tmp/sqlite_offsets.sql"
# A query that stops is a difference to show, not the end of the test.
sqlite3 -csv -header "$tmp/sqlite_offsets.db" <"$tmp/sqlite_offsets.sql" >"$tmp/sqlite_offsets.raw" 2>&1 || true
{ python3 "$here/normalize.py" csv <"$tmp/sqlite_offsets.raw" || cat "$tmp/sqlite_offsets.raw"; } |
  cut -d, -f1,6,8,15 >"$tmp/sqlite_offsets.csv.out"
compare "sqlite: offsets written +0100, +01, UTC, and a basic date" "$tmp/sqlite_offsets.expected" \
  "$tmp/sqlite_offsets.csv.out"

# A column whose name says UTC holds UTC times without an offset, as
# report reads created_at_utc in a file.
printf '%s\n' customer_id,order_id,created_at_utc,amount c1,o1,'2024-05-31 23:30:00',10.00 \
  c2,o2,'2024-05-15 12:00:00',5.00 >"$tmp/utc_named.csv"
chmod 644 "$tmp/utc_named.csv"
utc_flags=(--date-col created_at_utc --from 2024-05 --to 2024-06 --every month --as-of 2024-07-15
  --tz Europe/Berlin)
"$retention" report "$tmp/utc_named.csv" "${utc_flags[@]}" --format csv -q | cut -d, -f1,8,15 \
  >"$tmp/utc_named.expected"
checks=$((checks + 2))
{ echo "SET client_min_messages = warning; DROP TABLE IF EXISTS utc_named;"
  echo "CREATE TABLE utc_named (customer_id TEXT, order_id TEXT, created_at_utc TIMESTAMP, amount NUMERIC);"
  echo "\\copy utc_named FROM '$tmp/utc_named.csv' CSV HEADER"
} | "${psql[@]}" -f -
"$retention" sql report --table utc_named "${utc_flags[@]}" | PGTZ=America/New_York "${psql[@]}" --csv -f - |
  python3 "$here/normalize.py" csv | cut -d, -f1,8,15 >"$tmp/utc_named.pg.csv"
compare "postgres: a TIMESTAMP column named created_at_utc" "$tmp/utc_named.expected" "$tmp/utc_named.pg.csv"
echo "CREATE TABLE utc_named AS SELECT * FROM read_csv('$tmp/utc_named.csv', header = true, columns = {'customer_id': 'VARCHAR', 'order_id': 'VARCHAR', 'created_at_utc': 'TIMESTAMP', 'amount': 'DECIMAL(18,4)'});" \
  >"$tmp/utc_named.setup.sql"
"$retention" sql report --dialect duckdb --table utc_named "${utc_flags[@]}" >"$tmp/utc_named.duck.sql"
(cd "$node_dir" && node duckdb_run.mjs "$tmp/utc_named.setup.sql" "$tmp/utc_named.duck.sql" \
  "$tmp/utc_named.duck.raw")
python3 "$here/normalize.py" csv <"$tmp/utc_named.duck.raw" | cut -d, -f1,8,15 >"$tmp/utc_named.duck.csv"
compare "duckdb: a TIMESTAMP column named created_at_utc" "$tmp/utc_named.expected" "$tmp/utc_named.duck.csv"

echo "engines_test: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
