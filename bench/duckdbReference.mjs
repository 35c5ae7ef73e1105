/**
 * The DuckDB reference, run as its own process so its time and memory are measured like
 * dealmath's: `node bench/duckdbReference.mjs FILE THREADS` prints the aggregate as JSON.
 * @duckdb/node-api is installed on demand into bench/.deps by bench/run.mjs.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { AS_OF } from './agreement.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '.deps', 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));

const [file, threads = '1'] = process.argv.slice(2);
const columns = "{'deal_id':'VARCHAR','name':'VARCHAR','account':'VARCHAR','owner':'VARCHAR','stage':'VARCHAR','amount':'DOUBLE','currency':'VARCHAR','created':'DATE','close':'DATE','probability':'DOUBLE','forecast_category':'VARCHAR','last_activity':'DATE','stage_entered':'DATE','lost_stage':'VARCHAR','segment':'VARCHAR','region':'VARCHAR','product':'VARCHAR'}";
const rate = "CASE currency WHEN 'EUR' THEN 1.08 WHEN 'GBP' THEN 1.27 ELSE 1 END";
const value = `coalesce(amount, 0) * ${rate}`;
const isOpen = `stage NOT IN ('Closed Won', 'Closed Lost') AND created <= DATE '${AS_OF}'`;
const sql = `
  SELECT owner,
    count(*) FILTER (WHERE stage = 'Closed Won') AS won,
    count(*) FILTER (WHERE stage = 'Closed Lost') AS lost,
    count(*) FILTER (WHERE ${isOpen}) AS open,
    coalesce(sum(${value}) FILTER (WHERE stage = 'Closed Won'), 0) AS wonValue,
    coalesce(sum(${value}) FILTER (WHERE stage = 'Closed Lost'), 0) AS lostValue,
    coalesce(sum(${value}) FILTER (WHERE ${isOpen}), 0) AS openValue
  FROM read_csv('${file.replace(/'/g, "''")}', header = true, auto_detect = false, columns = ${columns})
  GROUP BY owner ORDER BY owner`;
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
process.stdout.write(JSON.stringify(reader.getRowObjectsJson()));
