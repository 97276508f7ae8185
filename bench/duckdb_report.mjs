// The figures of `retention report FILE --period YYYY-MM --format json`
// (one month, one-month activity window, UTC) computed by DuckDB in one SQL
// query. The reference an analyst would write by hand; see bench/README.md.
//
//   node bench/duckdb_report.mjs FILE YYYY-MM [TIMES]
//
// FILE is CSV, or NDJSON when it ends in .ndjson/.jsonl. Columns: order_id,
// customer_id, order_date, amount (others are ignored). TIMES says how
// order_date is written (generate_orders --times): datetime (the
// default, "2024-03-05 14:31:22"), date ("2024-03-05"), or offset (ISO 8601
// with a UTC offset or Z, read as TIMESTAMPTZ and taken in UTC, as
// retention does). Ids are read as DuckDB detects them: BIGINT for
// numbers, VARCHAR for the other shapes. Definitions follow
// docs/metrics.md:
//   * a purchase line has amount >= 0; a refund (amount < 0) only changes
//     revenue, it is neither an order nor activity;
//   * an order is one order_id among purchase lines, placed at the earliest
//     time of its lines; a customer is active at t with an order in [t - W, t);
//   * revenue is every amount (refunds included) dated in [t0, t1);
//   * only rows dated before t1 matter.
// Money is DECIMAL(18,4), so sums are exact.

import { DuckDBInstance } from '@duckdb/node-api';
import { reportSql } from './duckdb_query.mjs';

const [file, month, times = 'datetime'] = process.argv.slice(2);
if (!file || !/^\d{4}-\d{2}$/.test(month ?? '') || !['datetime', 'date', 'offset'].includes(times)) {
  console.error('usage: node duckdb_report.mjs FILE YYYY-MM [datetime|date|offset]');
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
// The order_date column as a UTC TIMESTAMP, and how read_csv reads it.
const csvDate = {
  datetime: `types = {'order_date': 'TIMESTAMP', 'amount': 'DECIMAL(18,4)'},
                     timestampformat = '%Y-%m-%d %H:%M:%S'`,
  date: `types = {'order_date': 'DATE', 'amount': 'DECIMAL(18,4)'}`,
  offset: `types = {'order_date': 'TIMESTAMPTZ', 'amount': 'DECIMAL(18,4)'}`,
}[times];
const ts = {
  datetime: 'order_date::TIMESTAMP',
  date: 'order_date::TIMESTAMP',
  offset: "order_date::TIMESTAMPTZ AT TIME ZONE 'UTC'",
}[times];
const source = ndjson
  ? `SELECT order_id, customer_id, ${ts} AS ts, amount::DECIMAL(18,4) AS amount
       FROM read_json(${quoted}, format = 'newline_delimited')`
  : `SELECT order_id, customer_id, ${ts} AS ts, amount
       FROM read_csv(${quoted}, header = true,
                     ${csvDate})`;

// The figures are computed in UTC, as retention's default.
const sql = reportSql(source, t0, t1, s0, e0);

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
