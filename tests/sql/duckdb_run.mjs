// Runs SQL in an in-memory DuckDB for engines_test.sh:
//
//   node duckdb_run.mjs SETUP.sql QUERY.sql OUT.csv [QUERY.sql OUT.csv ...]
//
// SETUP.sql loads the tables; each query's result is written as CSV: a
// header, then one line per row, NULL as an empty cell, other values as
// DuckDB's own text (doubles as JavaScript prints them, which is the
// shortest text that reads back as the same double).
import { readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [setup, ...pairs] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(readFileSync(setup, 'utf8'));

const cell = (v) => {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'object' ? v.toString() : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

for (let i = 0; i + 1 < pairs.length; i += 2) {
  const reader = await connection.runAndReadAll(readFileSync(pairs[i], 'utf8'));
  const lines = [reader.columnNames().map(cell).join(',')];
  for (const row of reader.getRows()) lines.push(row.map(cell).join(','));
  writeFileSync(pairs[i + 1], lines.join('\n') + '\n');
}
connection.closeSync?.();
instance.closeSync?.();
