#!/usr/bin/env bash
# The warehouse path measured: the query of `retention sql report` on DuckDB
# beside `retention report` on the same rows (and beside a hand-written
# DuckDB query), and `retention report postgresql://...` reading the rows
# from PostgreSQL 15 beside reading them from the CSV file, in rows/s.
#
#   bench/warehouse.sh [SIZE]      # rows: 1M (default), 100k, 10M, ...
#
# Environment: RETENTION_BIN (default build/retention: a Release build, as
# ./scripts/run makes), REPS (best of, default 3), PERIOD (default 2024-03).
# Uses bench/out/ (data) and bench/node_modules (npm ci --prefix bench),
# and the Debian postgresql package. Prints a Markdown table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"
out="$bench/out"
size="${1:-1M}"
reps="${REPS:-3}"
period="${PERIOD:-2024-03}"
as_of=2025-01-01
bin="${RETENTION_BIN:-$root/build/retention}"
die() { printf 'bench/warehouse.sh: %s\n' "$*" >&2; exit 1; }
case "$size" in
  *[kK]) rows=$((${size%[kK]} * 1000)) ;;
  *[mM]) rows=$((${size%[mM]} * 1000000)) ;;
  *) rows="$size" ;;
esac
[ -x "$bin" ] || die "no $bin: build retention (./scripts/run) or set RETENTION_BIN"
mkdir -p "$out"
[ -d "$bench/node_modules/@duckdb/node-api" ] ||
  npm ci --prefix "$bench" --no-audit --no-fund --loglevel=error >/dev/null
if [ ! -x "$out/generate_orders" ] || [ "$bench/generate_orders.cc" -nt "$out/generate_orders" ]; then
  g++ -O2 -std=c++17 -o "$out/generate_orders" "$bench/generate_orders.cc"
fi
csv="$out/orders-$size.csv"
[ -s "$csv" ] || "$out/generate_orders" --rows "$rows" --seed 1 -o "$csv"

now() { date +%s.%N; }
best_of() {  # best_of COMMAND...: the best wall time of REPS runs, in seconds
  local best="" start t
  for ((i = 0; i < reps; i++)); do
    start=$(now)
    "$@" >/dev/null
    t=$(echo "$(now) - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" -eq 1 ]; then best=$t; fi
  done
  printf '%.3f' "$best"
}
rate() { echo "$rows / $1" | bc -l | xargs printf '%.0f'; }

single=(--period "$period" --as-of "$as_of")
series=(--from 2022-01 --to 2024-12 --every month --as-of "$as_of")
"$bin" sql report --dialect duckdb --table orders "${single[@]}" >"$out/warehouse-month.sql"
"$bin" sql report --dialect duckdb --table orders "${series[@]}" >"$out/warehouse-series.sql"
"$bin" sql cohorts --dialect duckdb --table orders --from 2022-01 --as-of "$as_of" \
  >"$out/warehouse-cohorts.sql"
declare -A duck
while read -r name seconds _; do duck[$name]=$seconds; done < <(
  cd "$bench" && node warehouse_duckdb.mjs "$csv" "$period" "$reps" "$out/warehouse-month.sql" \
    "$out/warehouse-series.sql" "$out/warehouse-cohorts.sql")
ret_month=$(best_of "$bin" report "$csv" "${single[@]}" --format csv -q)
ret_series=$(best_of "$bin" report "$csv" "${series[@]}" --format csv -q)
ret_cohorts=$(best_of "$bin" cohorts "$csv" --from 2022-01 --as-of "$as_of" --format csv -q)

# PostgreSQL: the same rows in a typed table, read back by retention.
source "$root/tests/sql/pg_server.sh"
tmp="$(mktemp -d)"
trap 'pg_stop; rm -rf "$tmp"' EXIT
pg_start "$tmp/pg" 5442
"${psql[@]}" -c "CREATE TABLE orders (order_id TEXT, customer_id TEXT, order_date TIMESTAMP,
  sku TEXT, quantity INTEGER, amount NUMERIC(18,4), channel TEXT, country TEXT)"
head -1 "$csv" | grep -q '^order_id,customer_id,order_date,sku,quantity,amount,channel,country' ||
  die "unexpected columns in $csv: $(head -1 "$csv")"
"${psql[@]}" -c "\\copy orders FROM '$csv' CSV HEADER"
uri="postgresql://postgres@/postgres?host=$tmp/pg&port=5442"
pg_month=$(best_of "$bin" report "$uri" --table orders "${single[@]}" --format csv -q)
copy_only=$(best_of "${psql[@]}" -c "COPY orders TO STDOUT WITH (FORMAT csv, HEADER)")

echo "## $size rows ($(du -m "$csv" | cut -f1) MB CSV), best of $reps, $(nproc) cores"
echo
echo "| what | retention on the CSV | DuckDB, generated SQL | DuckDB, hand-written |"
echo "|---|---|---|---|"
echo "| one month ($period) | ${ret_month} s | ${duck[warehouse-month.sql]} s | ${duck[hand-written]} s |"
echo "| 36-month series | ${ret_series} s | ${duck[warehouse-series.sql]} s | |"
echo "| monthly cohorts from 2022-01 | ${ret_cohorts} s | ${duck[warehouse-cohorts.sql]} s | |"
echo
echo "DuckDB times are the query alone on a loaded table (loading the CSV took ${duck[load]} s);"
echo "retention's include reading and parsing the CSV."
echo
echo "| reading the rows | seconds | rows/s |"
echo "|---|---|---|"
echo "| retention report FILE.csv (one month) | $ret_month | $(rate "$ret_month") |"
echo "| retention report postgresql://... --table orders | $pg_month | $(rate "$pg_month") |"
echo "| psql COPY ... TO STDOUT alone (the floor) | $copy_only | $(rate "$copy_only") |"
