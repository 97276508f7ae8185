// The figures of `retention report FILE --period YYYY-MM --format json`
// (one month, one-month activity window, UTC) computed by DuckDB in one SQL
// query. The reference an analyst would write by hand; see bench/README.md.
//
//   node bench/duckdb_report.mjs FILE YYYY-MM
//
// FILE is CSV, or NDJSON when it ends in .ndjson/.jsonl. Columns: order_id,
// customer_id, order_date, amount (others are ignored). Definitions follow
// docs/metrics.md:
//   * a purchase line has amount >= 0; a refund (amount < 0) only changes
//     revenue, it is neither an order nor activity;
//   * an order is one order_id among purchase lines, placed at the earliest
//     time of its lines; a customer is active at t with an order in [t - W, t);
//   * revenue is every amount (refunds included) dated in [t0, t1);
//   * only rows dated before t1 matter.
// Money is DECIMAL(18,4), so sums are exact.

import { DuckDBInstance } from '@duckdb/node-api';

const [file, month] = process.argv.slice(2);
if (!file || !/^\d{4}-\d{2}$/.test(month ?? '')) {
  console.error('usage: node duckdb_report.mjs FILE YYYY-MM');
  process.exit(2);
}

const [year, mon] = month.split('-').map(Number);
const stamp = (y, m) => {
  const d = new Date(Date.UTC(y, m - 1, 1));
  return `TIMESTAMP '${d.toISOString().slice(0, 10)} 00:00:00'`;
};
const t0 = stamp(year, mon);          // period start (included)
const t1 = stamp(year, mon + 1);      // period end (excluded)
const s0 = stamp(year, mon - 1);      // t0 - W: active at start = an order in [s0, t0)
const e0 = t0;                        // t1 - W: active at end = an order in [e0, t1)

const quoted = `'${file.replaceAll("'", "''")}'`;
const ndjson = /\.(ndjson|jsonl)$/i.test(file);
const source = ndjson
  ? `SELECT order_id, customer_id, order_date::TIMESTAMP AS ts, amount::DECIMAL(18,4) AS amount
       FROM read_json(${quoted}, format = 'newline_delimited')`
  : `SELECT order_id, customer_id, order_date AS ts, amount
       FROM read_csv(${quoted}, header = true,
                     types = {'order_date': 'TIMESTAMP', 'amount': 'DECIMAL(18,4)'},
                     timestampformat = '%Y-%m-%d %H:%M:%S')`;

// One scan: rows before t1 grouped by order id (its time = earliest purchase
// line; refund-only ids have none), then by customer, then counted.
const sql = `
WITH lines AS (
  ${source}
),
by_order AS (
  SELECT customer_id,
         min(ts) FILTER (WHERE amount >= 0) AS order_ts,
         sum(amount) FILTER (WHERE ts >= ${t0}) AS revenue
  FROM lines
  WHERE ts < ${t1}
  GROUP BY customer_id, order_id
),
by_customer AS (
  SELECT min(order_ts) AS first_ts,
         bool_or(order_ts >= ${s0} AND order_ts < ${t0}) AS active_start,
         bool_or(order_ts >= ${e0}) AS active_end,
         count(order_ts) FILTER (WHERE order_ts >= ${t0}) AS orders,
         sum(revenue) AS revenue
  FROM by_order
  GROUP BY customer_id
)
SELECT count(*) FILTER (WHERE active_start)                                    AS customers_start,
       count(*) FILTER (WHERE active_end)                                      AS customers_end,
       count(*) FILTER (WHERE first_ts >= ${t0})                               AS customers_new,
       count(*) FILTER (WHERE active_start AND NOT active_end)                 AS customers_lost,
       count(*) FILTER (WHERE first_ts < ${t0} AND NOT active_start AND active_end) AS customers_reactivated,
       count(*) FILTER (WHERE orders > 0)                                      AS customers_active,
       count(*) FILTER (WHERE orders > 1)                                      AS customers_repeat,
       count(*) FILTER (WHERE orders > 0 AND first_ts < ${t0})                 AS customers_returning,
       coalesce(sum(orders), 0)                                                AS orders,
       coalesce(sum(revenue), 0)::DECIMAL(38,4)::VARCHAR                       AS revenue
FROM by_customer`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
const row = reader.getRowObjects()[0];

const n = (k) => Number(row[k]);
const S = n('customers_start');
const E = n('customers_end');
const N = n('customers_new');
const L = n('customers_lost');
// Exact decimal text, trailing zeros trimmed down to two places like retention's JSON.
const revenue = String(row.revenue).replace(/(\.\d\d\d*?)0+$/, '$1');
const out = {
  period: month,
  customers_start: S,
  customers_end: E,
  customers_new: N,
  customers_lost: L,
  customers_reactivated: n('customers_reactivated'),
  customers_active: n('customers_active'),
  customers_repeat: n('customers_repeat'),
  customers_returning: n('customers_returning'),
  orders: n('orders'),
  revenue: '@REVENUE@',
  churn_rate: S === 0 ? null : L / S,
  retention_rate: S === 0 ? null : (E - N) / S,
};
process.stdout.write(JSON.stringify(out, null, 2).replace('"@REVENUE@"', revenue) + '\n');
connection.closeSync?.();
instance.closeSync?.();
