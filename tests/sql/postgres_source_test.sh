#!/usr/bin/env bash
# Reading orders straight from PostgreSQL: a throwaway PostgreSQL 15 holds
# data/orders.csv as a typed table, and every command that reads orders
# must give from postgresql://... what it gives from the CSV file (the
# figure columns; the recorded input names differ). Then the errors: a
# missing table or column, a wrong password (absent from the message), a
# server that is down: one line on stderr, exit 1.
#
#   postgres_source_test.sh RETENTION SOURCE_DIR
set -euo pipefail
retention="$1"
root="$2"
here="$root/tests/sql"
tmp="$(mktemp -d)"
source "$here/pg_server.sh"
cleanup() {
  pg_stop
  rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
checks=0
fail() {
  failures=$((failures + 1))
  echo "FAIL: $*"
}
same() {  # same LABEL EXPECTED ACTUAL
  checks=$((checks + 1))
  cmp -s "$2" "$3" || {
    fail "$1"
    diff "$2" "$3" | head -5
  }
}

pg_start "$tmp/pg" 5441
sock="$tmp/pg"
uri="postgresql://postgres@/postgres?host=$sock&port=5441"
tr -d '\r' <"$root/data/orders.csv" >"$tmp/orders.csv"
chmod 644 "$tmp/orders.csv"
"${psql[@]}" <<SQL
CREATE TABLE staging (order_id TEXT, customer_id TEXT, order_date TEXT, sku TEXT,
  quantity TEXT, amount TEXT, channel TEXT, country TEXT);
\copy staging FROM '$tmp/orders.csv' CSV HEADER
CREATE SCHEMA shop;
CREATE TABLE shop.orders AS SELECT order_id, customer_id AS "Customer ID",
  CAST(order_date AS TIMESTAMP) AS order_date, sku, CAST(quantity AS INTEGER) AS quantity,
  CAST(amount AS DECIMAL(18,4)) AS amount, channel, country FROM staging;
CREATE USER reader PASSWORD 'right-secret';
GRANT USAGE ON SCHEMA shop TO reader;
GRANT SELECT ON shop.orders TO reader;
SQL
# reader must give a password; everyone else is trusted as before.
sed -i '1i local all reader scram-sha-256' "$sock/data/pg_hba.conf"
"${psql[@]}" -c 'SELECT pg_reload_conf()' >/dev/null

figures() { python3 "$here/figures_only.py"; }
csv_flags=(--customer-col "Customer ID")
# The CSV names the column customer_id; the table "Customer ID".
for cmd in "report --period 2024-Q1 --as-of 2024-06-30" \
  "report --from 2023-01 --to 2024-12 --every month --by channel --as-of 2025-01-15" \
  "cohorts --from 2023-01 --as-of 2025-01-01"; do
  read -ra c <<<"$cmd"
  "$retention" "${c[@]}" "$root/data/orders.csv" --format csv | figures >"$tmp/expected"
  "$retention" "${c[@]}" "$uri" --table shop.orders "${csv_flags[@]}" --format csv |
    figures >"$tmp/actual"
  same "$cmd from postgresql://" "$tmp/expected" "$tmp/actual"
done

# --query: any SELECT; here a subset, equal to the same subset as a file.
head -1 "$tmp/orders.csv" >"$tmp/organic.csv"
grep ',organic,' "$tmp/orders.csv" >>"$tmp/organic.csv"
"$retention" report "$tmp/organic.csv" --period 2024 --as-of 2025-01-01 --format csv |
  figures >"$tmp/expected"
"$retention" report "$uri" --query "SELECT * FROM shop.orders WHERE channel = 'organic'" \
  "${csv_flags[@]}" --period 2024 --as-of 2025-01-01 --format csv | figures >"$tmp/actual"
same "report --query" "$tmp/expected" "$tmp/actual"

# validate reads it too (and finds it clean); clv runs on it.
checks=$((checks + 2))
"$retention" validate "$uri" --table shop.orders "${csv_flags[@]}" >/dev/null ||
  fail "validate postgresql://"
"$retention" clv "$uri" --table shop.orders "${csv_flags[@]}" --as-of 2025-01-01 >/dev/null ||
  fail "clv postgresql://"

# The password: from the URI, PGPASSWORD or a pgpass file, and never shown.
good="postgresql://reader:right-secret@/postgres?host=$sock&port=5441"
checks=$((checks + 3))
"$retention" report "$good" --table shop.orders "${csv_flags[@]}" --period 2024 \
  --as-of 2025-01-01 --format csv >"$tmp/out" || fail "password in the URI"
grep -q right-secret "$tmp/out" && fail "the password is in the output"
PGPASSWORD=right-secret "$retention" report "postgresql://reader@/postgres?host=$sock&port=5441" \
  --table shop.orders "${csv_flags[@]}" --period 2024 --as-of 2025-01-01 >/dev/null ||
  fail "PGPASSWORD"
echo "*:*:*:reader:right-secret" >"$tmp/pgpass"
chmod 600 "$tmp/pgpass"
PGPASSFILE="$tmp/pgpass" "$retention" report "postgresql://reader@/postgres?host=$sock&port=5441" \
  --table shop.orders "${csv_flags[@]}" --period 2024 --as-of 2025-01-01 >/dev/null ||
  fail "PGPASSFILE"

# expect_error LABEL PATTERN COMMAND...: exit 1, one line naming PATTERN,
# and no password anywhere.
expect_error() {
  local label="$1" pattern="$2" status=0
  shift 2
  checks=$((checks + 1))
  "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
  if [ "$status" -ne 1 ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -q "$pattern" "$tmp/err" ||
    grep -q -e wrong-secret -e right-secret "$tmp/err" "$tmp/out"; then
    fail "$label (exit $status): $(cat "$tmp/err")"
  fi
}
expect_error "missing table" 'relation "nope" does not exist' \
  "$retention" report "$uri" --table nope --period 2024
expect_error "missing column" 'no_such' \
  "$retention" report "$uri" --table shop.orders --customer-col no_such --period 2024
expect_error "bad column in --query" 'no_such' \
  "$retention" report "$uri" --query "SELECT no_such FROM shop.orders" --period 2024
expect_error "wrong password" 'password authentication failed' \
  "$retention" report "postgresql://reader:wrong-secret@/postgres?host=$sock&port=5441" \
  --table shop.orders --period 2024
expect_error "wrong password as a parameter" 'password authentication failed' \
  "$retention" cohorts "postgresql://reader@/postgres?host=$sock&port=5441&password=wrong-secret" \
  --table shop.orders
pg_stop
expect_error "server down" 'cannot connect' \
  "$retention" report "postgresql://reader:wrong-secret@/postgres?host=$sock&port=5441" \
  --table shop.orders --period 2024

# Usage: a database needs --table or --query, and they need a database.
checks=$((checks + 2))
status=0
"$retention" report "$uri" --period 2024 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "no --table: exit $status, not 2"
status=0
"$retention" report "$root/data/orders.csv" --table orders --period 2024 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "--table with a file: exit $status, not 2"

echo "postgres_source_test: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
