// Parses the queries engines_test.sh wrote for the dialects that cannot run
// here, each with a real parser of its dialect:
//
//   node parse_check.mjs DIR
//
// DIR holds DIALECT.N.sql files. node-sql-parser knows BigQuery, Snowflake
// and Redshift; dt-sql-parser knows Spark SQL and Trino. Exits 1 naming
// each query a parser rejects.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'node:module';
import nodeSqlParser from 'node-sql-parser';

register('./resolve_hook.mjs', import.meta.url);
const { SparkSQL, TrinoSQL } = await import('dt-sql-parser');

const dir = process.argv[2];
const parsers = {
  bigquery: (sql) => new nodeSqlParser.Parser().astify(sql, { database: 'BigQuery' }),
  snowflake: (sql) => new nodeSqlParser.Parser().astify(sql, { database: 'Snowflake' }),
  redshift: (sql) => new nodeSqlParser.Parser().astify(sql, { database: 'Redshift' }),
  spark: (sql) => throwOn(new SparkSQL().validate(sql)),
  trino: (sql) => throwOn(new TrinoSQL().validate(sql)),
};
function throwOn(errors) {
  if (errors.length > 0) {
    const e = errors[0];
    throw new Error(`line ${e.startLine}:${e.startColumn}: ${e.message}`);
  }
}

let failed = 0;
let checked = 0;
for (const file of readdirSync(dir).sort()) {
  const dialect = file.split('.')[0];
  if (!file.endsWith('.sql') || !parsers[dialect]) continue;
  checked++;
  try {
    parsers[dialect](readFileSync(join(dir, file), 'utf8'));
  } catch (e) {
    failed++;
    console.log(`FAIL: ${dialect} parser rejects ${file}: ${String(e.message).slice(0, 400)}`);
  }
}
console.log(`parse_check: ${checked} queries, ${failed} rejected`);
process.exit(failed === 0 && checked > 0 ? 0 : 1);
