// Times SQL on DuckDB over a loaded table, for bench/warehouse.sh:
//
//   node bench/warehouse_duckdb.mjs FILE.csv YYYY-MM REPS QUERY.sql...
//
// Loads FILE into an in-memory table `orders` with the types a warehouse
// would hold (ids text, order_date TIMESTAMP, amount DECIMAL(18,4)), then
// runs the hand-written query of duckdb_query.mjs for the month and each
// QUERY.sql (written by `retention sql report --dialect duckdb`) REPS
// times. Prints one line per step: "name seconds rows", the best run.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { reportSql } from './duckdb_query.mjs';

const [file, month, repsText, ...queries] = process.argv.slice(2);
const reps = Number(repsText);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const quoted = `'${file.replaceAll("'", "''")}'`;

const timed = async (sql) => {
  const start = process.hrtime.bigint();
  const reader = await connection.runAndReadAll(sql);
  return [Number(process.hrtime.bigint() - start) / 1e9, reader.getRows().length];
};

let [seconds] = await timed(`SET TimeZone = 'UTC';
CREATE TABLE orders AS
SELECT CAST(order_id AS VARCHAR) AS order_id, CAST(customer_id AS VARCHAR) AS customer_id,
       order_date, amount, channel
FROM read_csv(${quoted}, header = true,
              types = {'order_date': 'TIMESTAMP', 'amount': 'DECIMAL(18,4)',
                       'order_id': 'VARCHAR', 'customer_id': 'VARCHAR'},
              timestampformat = '%Y-%m-%d %H:%M:%S')`);
console.log(`load ${seconds.toFixed(3)} 0`);

const [year, mon] = month.split('-').map(Number);
const stamp = (y, m) =>
  `TIMESTAMP '${new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10)} 00:00:00'`;
const steps = [['hand-written', reportSql(
    'SELECT order_id, customer_id, order_date AS ts, amount FROM orders', stamp(year, mon),
    stamp(year, mon + 1), stamp(year, mon - 1), stamp(year, mon))]];
for (const q of queries) steps.push([q.replace(/.*\//, ''), readFileSync(q, 'utf8')]);
for (const [name, sql] of steps) {
  let best = Infinity, rows = 0;
  for (let i = 0; i < reps; i++) {
    const [s, n] = await timed(sql);
    best = Math.min(best, s);
    rows = n;
  }
  console.log(`${name} ${best.toFixed(3)} ${rows}`);
}
connection.closeSync?.();
instance.closeSync?.();
