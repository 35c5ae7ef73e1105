/**
 * The DuckDB reference, run as its own Node process so its time and memory are measured the
 * same way as dealmath's: `node bench/duckdbReference.mjs FILE THREADS` prints the benchmark's
 * aggregate (bench/agreement.mjs) as JSON rows. @duckdb/node-api is installed on demand into
 * bench/.deps by bench/run.mjs, never by `npm install`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AS_OF, LOST_STAGE, RATES, WON_STAGE } from './agreement.mjs';

const [file, threadsArgument = '1'] = process.argv.slice(2);
const threads = Number(threadsArgument);
if (file === undefined || !Number.isInteger(threads) || threads < 1) {
  process.stderr.write('usage: node bench/duckdbReference.mjs FILE [THREADS]\n');
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '.deps', 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));

const quote = (text) => `'${String(text).replace(/'/g, "''")}'`;
// Explicit types, so no sniffing pass and the same reading on every file.
const columns = {
  deal_id: 'VARCHAR', name: 'VARCHAR', account: 'VARCHAR', owner: 'VARCHAR', stage: 'VARCHAR',
  amount: 'DOUBLE', currency: 'VARCHAR', created: 'DATE', close: 'DATE', probability: 'DOUBLE',
  forecast_category: 'VARCHAR', last_activity: 'DATE', stage_entered: 'DATE', lost_stage: 'VARCHAR',
  segment: 'VARCHAR', region: 'VARCHAR', product: 'VARCHAR', type: 'VARCHAR',
};
const columnsSql = `{${Object.entries(columns).map(([name, type]) => `${quote(name)}: ${quote(type)}`).join(', ')}}`;
// An unknown currency converts to NULL and drops out of the sums: a disagreement, not a silent 1:1.
const rate = `CASE currency ${Object.entries(RATES).map(([currency, usd]) => `WHEN ${quote(currency)} THEN ${usd}::DOUBLE`).join(' ')} ELSE NULL END`;
const value = `amount * ${rate}`;
const won = `stage = ${quote(WON_STAGE)}`;
const lost = `stage = ${quote(LOST_STAGE)}`;
const open = `stage NOT IN (${quote(WON_STAGE)}, ${quote(LOST_STAGE)}) AND created <= DATE ${quote(AS_OF)}`;
const sql = `
  SELECT owner,
    count(*) FILTER (WHERE ${won}) AS won,
    count(*) FILTER (WHERE ${lost}) AS lost,
    count(*) FILTER (WHERE ${open}) AS open,
    coalesce(sum(${value}) FILTER (WHERE ${won}), 0) AS wonValue,
    coalesce(sum(${value}) FILTER (WHERE ${lost}), 0) AS lostValue,
    coalesce(sum(${value}) FILTER (WHERE ${open}), 0) AS openValue
  FROM read_csv(${quote(file)}, header = true, auto_detect = false, columns = ${columnsSql})
  GROUP BY owner
  HAVING count(*) FILTER (WHERE ${won} OR ${lost} OR (${open})) > 0
  ORDER BY owner`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`SET threads = ${threads}`);
const reader = await connection.runAndReadAll(sql);
process.stdout.write(`${JSON.stringify(reader.getRowObjectsJson())}\n`);
