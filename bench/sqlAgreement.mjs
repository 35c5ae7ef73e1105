#!/usr/bin/env node
/**
 * The SQL's answers on the benchmark file (issue 20): for every metric `dealmath sql` writes
 * (winrate, velocity, pareto, coverage, retention), the folds' JSON (`dealmath METRIC FILE
 * --format json`) against DuckDB running the query `dealmath sql METRIC FILE --dialect duckdb`
 * prints, over the file loaded as a typed table: the same groups, every number within 1e-9
 * (relative above 1), null exactly where the folds give n/a; and `dealmath winrate` on the same
 * deals as Parquet (`--engine duckdb`) gives the CSV answer. bench/run.mjs calls it and reports
 * it in its "answers:" line; it prints one JSON document on stdout, messages on stderr.
 *
 *   node bench/sqlAgreement.mjs FILE CONFIG AS_OF
 *
 * @duckdb/node-api comes from bench/.deps (installed there by bench/run.mjs), else from the
 * project's node_modules.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [file, config, asOf] = process.argv.slice(2);
if (file === undefined || config === undefined || asOf === undefined) {
  process.stderr.write('usage: node bench/sqlAgreement.mjs FILE CONFIG AS_OF\n');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'dealmath.js');
const TOLERANCE = 1e-9;

async function duckdbModule() {
  try {
    return await import(createRequire(join(here, '.deps', 'package.json')).resolve('@duckdb/node-api'));
  } catch {
    return import('@duckdb/node-api');
  }
}

/** Each metric with the options the bench asks of it, and how its JSON and the SQL's rows pair up. */
const CASES = [
  { metric: 'winrate', args: ['--by', 'owner'], shape: 'grouped', fields: { won: 'won', lost: 'lost', open: 'open_deals', wonValue: 'won_value', lostValue: 'lost_value', openValue: 'open_value', n: 'n', unitWinRate: 'unit_win_rate', valueWinRate: 'value_win_rate' } },
  { metric: 'winrate', args: ['--open', 'age-out', '--by', 'segment', '--by', 'region', '--period', '2026'], shape: 'grouped', fields: { won: 'won', lost: 'lost', n: 'n', unitWinRate: 'unit_win_rate', valueWinRate: 'value_win_rate', agedOut: 'aged_out' } },
  { metric: 'velocity', args: ['--by', 'owner'], shape: 'grouped', fields: { deals: 'deals', averageWonAmount: 'average_won_amount', winRate: 'win_rate', cycleDays: 'cycle_days', perDay: 'per_day', perMonth: 'per_month', perQuarter: 'per_quarter' } },
  { metric: 'pareto', args: ['--by', 'account'], shape: 'pareto', fields: { entities: 'entities', total: 'total', k: 'k', share: 'share', topShare: 'top_share', gini: 'gini' } },
  { metric: 'coverage', args: ['--target', '50000000', '--period', '2026-Q4', '--prospect-rate', '0.1'], shape: 'total', fields: { target: 'target', wonToDate: 'won_to_date', remaining: 'remaining', unitWinRate: 'unit_win_rate', valueWinRate: 'value_win_rate', averageWonAmount: 'average_won_amount', n: 'n', requiredMultiple: 'required_multiple', requiredPipeline: 'required_pipeline', requiredDeals: 'required_deals', openPipeline: 'open_pipeline', openDeals: 'open_deals', attainment: 'attainment', coverage: 'coverage', gap: 'gap', prospectsNeeded: 'prospects_needed' } },
  { metric: 'retention', args: ['--period', '2026', '--compare', '2025', '--by', 'segment'], shape: 'retention', fields: { grr: 'grr', nrr: 'nrr', logoRetention: 'logo_retention', accountsStart: 'accounts_start', accountsRetained: 'accounts_retained', churned: 'churned', revenueStart: 'revenue_start', revenueRetained: 'revenue_retained', revenueEnd: 'revenue_end', newAccountRevenue: 'new_account_revenue', newAccounts: 'new_accounts' } },
];

function dealmath(args) {
  const child = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  if (child.status !== 0) throw new Error(`dealmath ${args.join(' ')}: exit ${child.status}: ${child.stderr.trim().split('\n').at(-1)}`);
  return child.stdout;
}

const figure = (value) => (value !== null && typeof value === 'object' && 'value' in value ? value.value : value);
const plain = (value) => (typeof value === 'bigint' ? Number(value) : value !== null && typeof value === 'object' && typeof value.toDouble === 'function' ? value.toDouble() : value);

let compared = 0;

/** The differences between a JSON row and an SQL row, as short sentences. */
function differences(json, row, fields, label) {
  const found = [];
  for (const [field, column] of Object.entries(fields)) {
    compared += 1;
    const want = figure(json[field]);
    const got = plain(row[column]);
    if (want === null || want === undefined) {
      if (got !== null && got !== undefined) found.push(`${label} ${field}: n/a expected, ${got} found`);
    } else if (typeof got !== 'number' || !(Math.abs(got - want) <= TOLERANCE * Math.max(1, Math.abs(want)))) {
      found.push(`${label} ${field}: ${want} expected, ${got} found`);
    }
  }
  return found;
}

/** The JSON's rows (total and groups) paired with the SQL's. */
function compare(shape, json, rows, fields) {
  if (shape === 'pareto' || shape === 'total') {
    if (rows.length !== 1) return [`${rows.length} rows, 1 expected`];
    const row = rows[0];
    if (shape === 'total') return differences(json.total, row, fields, 'team');
    return [...differences(json, row, fields, 'pareto'), ...differences(json.uplift, row, { multiplier: 'multiplier', increase: 'increase' }, 'uplift')];
  }
  const by = json.by ?? [];
  const groups = [json.total, ...(json.groups ?? [])];
  const found = rows.length === groups.length ? [] : [`${rows.length} rows, ${groups.length} expected`];
  // A group's key: { dimension: value } per --by name (winrate, velocity), or one " / "-joined entry (retention).
  const keyOf = (row) => (shape === 'retention' ? by.map((name) => row[name]).join(' / ') : JSON.stringify(by.map((name) => row[name])));
  const jsonKey = (group) => (shape === 'retention' ? Object.values(group.key ?? {})[0] : JSON.stringify(by.map((name) => group.key[name])));
  for (const group of groups) {
    const total = group === json.total;
    const row = rows.find((candidate) => (total ? Number(candidate.level) === 0 : Number(candidate.level) === 1 && keyOf(candidate) === jsonKey(group)));
    const label = total ? 'total' : jsonKey(group);
    if (row === undefined) found.push(`${label}: no SQL row`);
    else found.push(...differences(group, row, fields, label));
  }
  return found;
}

const { DuckDBInstance } = await duckdbModule();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
// The file as a warehouse table: typed dates and numbers, every other column text.
const types = "{'amount': 'DOUBLE', 'probability': 'DOUBLE', 'created': 'DATE', 'close': 'DATE', 'last_activity': 'DATE', 'stage_entered': 'DATE'}";
await connection.run(`CREATE TABLE deals AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}', header = true, all_varchar = false, types = ${types})`);
const checks = [];
for (const { metric, args, shape, fields } of CASES) {
  const common = ['--config', config, '--as-of', asOf, ...args];
  const started = Date.now();
  let problems;
  const before = compared;
  try {
    const json = JSON.parse(dealmath([metric, file, '--format', 'json', ...common]));
    const sql = dealmath(['sql', metric, file, '--dialect', 'duckdb', '--table', 'deals', ...common]);
    const rows = (await connection.runAndReadAll(sql)).getRowObjects();
    problems = compare(shape, json, rows, fields);
  } catch (error) {
    problems = [error.message];
  }
  const check = { metric, args, agree: problems.length === 0, values: compared - before, problems: problems.slice(0, 5), moreProblems: Math.max(0, problems.length - 5) };
  process.stderr.write(`  ${metric} ${args.join(' ')}: ${check.agree ? `agree (${check.values} numbers)` : `DISAGREE (${problems[0]})`}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  checks.push(check);
}
// The same deals as Parquet (typed columns, as bench/sql.mjs writes them): `winrate --by owner` on it (DuckDB reads Parquet) is the CSV answer.
const parquet = file.replace(/\.csv$/, '.parquet');
if (!existsSync(parquet) || statSync(parquet).mtimeMs < statSync(file).mtimeMs) {
  await connection.run(`COPY deals TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet)`);
}
connection.closeSync();
instance.closeSync();
const answerOf = (stdout) => JSON.stringify({ ...JSON.parse(stdout), generatedAt: null, inputs: null });
const common = ['--config', config, '--as-of', asOf, '--by', 'owner', '--format', 'json'];
let parquetSame;
try {
  parquetSame = answerOf(dealmath(['winrate', parquet, ...common, '--engine', 'duckdb'])) === answerOf(dealmath(['winrate', file, ...common]));
} catch (error) {
  process.stderr.write(`  winrate on Parquet: ${error.message}\n`);
  parquetSame = false;
}
process.stderr.write(`  winrate ${parquet.split('/').at(-1)} --by owner --engine duckdb: ${parquetSame ? 'the CSV answer' : 'DIFFERS from the CSV answer'}\n`);
console.log(JSON.stringify({ tolerance: TOLERANCE, values: compared, checks, parquetSameAsCsv: parquetSame }));
if (checks.some((check) => !check.agree) || !parquetSame) process.exitCode = 1;
