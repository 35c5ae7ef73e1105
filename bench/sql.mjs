#!/usr/bin/env node
/**
 * `npm run bench:sql`: both engines and both formats on the 1M-deal file (issue 20). Prints
 * wall time and peak memory of `dealmath winrate FILE --by owner`, `velocity`, `pareto` and
 * `retention --by owner` for CSV and Parquet with the default engine and with `--engine
 * duckdb`, and checks the four JSON answers of each command are the same (but for generatedAt
 * and inputs, which name the file). The Parquet copy is written by DuckDB (typed columns, snappy,
 * as a warehouse export). One run of each (the figures move by about 10% between runs on
 * a shared machine); run it with `nice`.
 *
 *   node bench/sql.mjs            1M deals
 *   node bench/sql.mjs --deals N  another size (generated once into bench/data)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dataDir = join(here, 'data');
const generator = join(root, 'examples', 'generate.mjs');
const config = join(root, 'examples', 'dealmath.yaml');
const bin = join(root, 'bin', 'dealmath.js');
const sizeFlag = process.argv.indexOf('--deals');
const deals = sizeFlag === -1 ? 1_000_000 : Number(process.argv[sizeFlag + 1]);
const label = deals >= 1_000_000 ? `${deals / 1_000_000}m` : `${Math.round(deals / 1000)}k`;

mkdirSync(dataDir, { recursive: true });
const csv = join(dataDir, `deals-${label}.csv`);
if (!existsSync(csv) || statSync(csv).mtimeMs < statSync(generator).mtimeMs) {
  process.stderr.write(`generating ${csv} ...\n`);
  const scratch = mkdtempSync(join(dataDir, 'gen-'));
  try {
    execFileSync(process.execPath, [generator, '--deals', String(deals), '--deals-only', '--out', scratch], { stdio: ['ignore', 'ignore', 'inherit'] });
    renameSync(join(scratch, 'deals.csv'), csv);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
const parquet = csv.replace(/\.csv$/, '.parquet');
if (!existsSync(parquet) || statSync(parquet).mtimeMs < statSync(csv).mtimeMs) {
  process.stderr.write(`writing ${parquet} ...\n`);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const types = "{'amount': 'DOUBLE', 'probability': 'DOUBLE', 'created': 'DATE', 'close': 'DATE', 'last_activity': 'DATE', 'stage_entered': 'DATE'}";
  await connection.run(`COPY (SELECT * FROM read_csv('${csv}', header = true, types = ${types})) TO '${parquet}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

/** One run: wall seconds, peak RSS in MB (the child's own, bench/maxrss.mjs), and its stdout. */
function measure(args) {
  const scratch = mkdtempSync(join(dataDir, 'rss-'));
  const rssFile = join(scratch, 'maxrss');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(join(here, 'maxrss.mjs')).href, bin, ...args], {
    env: { ...process.env, BENCH_MAXRSS_FILE: rssFile },
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`dealmath ${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  const megabytes = Number(readFileSync(rssFile, 'utf8').trim()) / 1024;
  rmSync(scratch, { recursive: true, force: true });
  return { seconds, megabytes, stdout: result.stdout };
}

const size = (path) => `${(statSync(path).size / 1_048_576).toFixed(0)} MiB`;
console.log(`${deals.toLocaleString('en-US')} deals: CSV ${size(csv)}, Parquet ${size(parquet)}`);
console.log('| command | input | engine | wall | peak memory |');
console.log('|---|---|---|---|---|');
for (const command of ['winrate', 'velocity', 'pareto', 'retention']) {
  const answers = [];
  for (const [input, file] of [['CSV', csv], ['Parquet', parquet]]) {
    for (const engine of ['default', 'duckdb']) {
      const run = measure([command, file, '--config', config, '--as-of', '2026-11-20', '--by', 'owner', '--format', 'json', '--engine', engine]);
      // The answer, without what names the run rather than answers it (the time, the input file and its hash).
      answers.push(JSON.stringify({ ...JSON.parse(run.stdout), generatedAt: null, inputs: null }));
      console.log(`| ${command} --by owner | ${input} | ${engine} | ${run.seconds.toFixed(2)} s | ${run.megabytes.toFixed(0)} MB |`);
    }
  }
  const same = answers.every((answer) => answer === answers[0]);
  console.log(`| ${command}: the four JSON answers | | | ${same ? 'identical' : 'DIFFER'} | |`);
  if (!same) process.exitCode = 1;
}
