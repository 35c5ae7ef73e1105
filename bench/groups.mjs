#!/usr/bin/env node
/**
 * `npm run bench:groups`: exports of the shapes the 1M-deal benchmark file does not have.
 *
 * Many groups. The benchmark file has 15 owners and 120 accounts; a real export can have tens of
 * thousands of accounts, and then the output (sorting, tables, JSON) weighs more than the
 * reading. This derives files with about 64,000 (200k deals) and 200,000 (1M deals) distinct
 * accounts from bench/data/deals-1m.csv (run `npm run bench` once to make it), and prints the
 * median wall time and peak RSS of `winrate --by account` as JSON and as a table, in one pass and
 * in two parts (DEALMATH_WORKERS=1 and 2).
 *
 * Many columns. The benchmark file has 18 columns, all of them read; a Salesforce export has
 * dozens of custom fields besides, each kept as a dimension of every deal. The first 200k deals
 * with 42 such columns added (60 in all) against the same deals as they are: `winrate --by
 * owner` in one pass. Never part of the test suite.
 *
 *   node bench/groups.mjs           200k and 1M deals, 3 runs each
 *   node bench/groups.mjs --quick   200k deals only
 *   node bench/groups.mjs --json    the measurements as one JSON line
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'data', 'deals-1m.csv');
const bin = join(here, '..', 'bin', 'dealmath.js');
const config = join(here, 'data', 'bench.yaml');
const quick = process.argv.includes('--quick');
/** --json: one JSON line of every measurement instead of the table (for bench/run.mjs). */
const asJson = process.argv.includes('--json');
const RUNS = 3;

if (!existsSync(source) || !existsSync(config)) {
  console.error('bench/data/deals-1m.csv or bench.yaml is missing: run `npm run bench` once first');
  process.exit(2);
}

/** The first `rows` deals with the account column replaced by one of `accounts` names (seeded). */
async function derive(rows, accounts, path) {
  if (existsSync(path)) return path;
  const out = createWriteStream(path);
  let seed = 7;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  let header = null;
  let written = 0;
  for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
    const cells = Papa.parse(line).data[0];
    if (header === null) {
      header = cells;
      out.write(`${line}\n`);
      continue;
    }
    if (written === rows) break;
    cells[header.indexOf('account')] = `Account ${String(Math.floor(random() * accounts)).padStart(6, '0')} Holdings Ltd`;
    out.write(`${Papa.unparse([cells])}\n`);
    written += 1;
  }
  await new Promise((resolve) => out.end(resolve));
  return path;
}

function measure(file, format, workers) {
  return alternating([{ args: ['winrate', file, '--by', 'account', '--config', config, '--as-of', '2026-11-20', ...format], workers }])[0];
}

// Names drawn at random from 70,000 give about 64,000 distinct accounts in 200,000 deals (the
// case of issue 14); from 200,000, about 200,000 in 1M deals.
/** The distinct account names of a derived file, counted here rather than assumed. */
function distinctAccounts(file) {
  const result = spawnSync(process.execPath, [bin, 'winrate', file, '--by', 'account', '--config', config, '--as-of', '2026-11-20', '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return JSON.parse(result.stdout).groups.length;
}

/** Values of the added custom columns, as an export's picklists, flags, dates and notes hold them. */
const CUSTOM_VALUES = ['', 'Yes', 'No', 'Partner Referral', '2025-01-15', '12.5', 'Enterprise Tier', 'Q3 push', 'x'];
const CUSTOM_COLUMNS = 42;

/** The first `rows` deals as they are (`custom` 0), or with `custom` columns added to each line. */
async function withColumns(rows, custom, path) {
  if (existsSync(path)) return path;
  const out = createWriteStream(path);
  let line = -1;
  for await (const text of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
    if (line === rows) break;
    line += 1;
    let added = '';
    for (let column = 0; column < custom; column += 1) added += `,${line === 0 ? `Custom_Field_${column}__c` : CUSTOM_VALUES[(line * 7 + column * 3) % CUSTOM_VALUES.length]}`;
    out.write(`${text}${added}\n`);
  }
  await new Promise((resolve) => out.end(resolve));
  return path;
}

/** Median wall time and highest peak RSS of RUNS alternating runs of each command (`workers`: DEALMATH_WORKERS). */
function alternating(commands) {
  const samples = commands.map(() => []);
  for (let run = 0; run < RUNS; run += 1) {
    commands.forEach(({ args, workers }, index) => {
      const started = process.hrtime.bigint();
      const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1', DEALMATH_WORKERS: String(workers) } });
      if (result.status !== 0) throw new Error(result.stderr);
      samples[index].push({ seconds: Number(process.hrtime.bigint() - started) / 1e9, rssMb: Number(result.stderr.trim().split('\n').at(-1)) / 1024 });
    });
  }
  return samples.map((runs) => ({ seconds: runs.map((sample) => sample.seconds).sort((a, b) => a - b)[Math.floor(RUNS / 2)], rssMb: Math.max(...runs.map((sample) => sample.rssMb)) }));
}

const cases = [[200_000, 70_000, 'deals-200k-64k-accounts.csv']];
if (!quick) cases.push([1_000_000, 200_000, 'deals-1m-accounts.csv']);
const measured = [];
if (!asJson) console.log('| deals | distinct accounts | output | parts | s | peak RSS MB |\n|---:|---:|---|---:|---:|---:|');
for (const [rows, accounts, name] of cases) {
  const file = await derive(rows, accounts, join(here, 'data', name));
  const distinct = distinctAccounts(file);
  for (const [label, format] of [['JSON', ['--json']], ['table', []]]) for (const workers of [1, 2]) {
    const { seconds, rssMb } = measure(file, format, workers);
    measured.push({ deals: rows, accounts: distinct, output: label, workers, seconds, rssMb });
    if (!asJson) console.log(`| ${rows.toLocaleString('en-US')} | ${distinct.toLocaleString('en-US')} | ${label} | ${workers === 1 ? 'one pass' : workers} | ${seconds.toFixed(2)} | ${rssMb.toFixed(0)} |`);
  }
}

const narrow = await withColumns(200_000, 0, join(here, 'data', 'deals-200k.csv'));
const wide = await withColumns(200_000, CUSTOM_COLUMNS, join(here, 'data', 'deals-200k-wide.csv'));
const byOwner = (file) => ['winrate', file, '--by', 'owner', '--config', config, '--as-of', '2026-11-20', '--json'];
const [wideRun, narrowRun] = alternating([{ args: byOwner(wide), workers: 1 }, { args: byOwner(narrow), workers: 1 }]);
const columns = { deals: 200_000, columns: 18 + CUSTOM_COLUMNS, added: CUSTOM_COLUMNS, wide: wideRun, narrow: narrowRun };
if (asJson) console.log(JSON.stringify({ groups: measured, columns }));
else console.log(`\n200,000 deals, winrate --by owner in one pass: ${columns.columns} columns ${wideRun.seconds.toFixed(2)} s (${wideRun.rssMb.toFixed(0)} MB), 18 columns ${narrowRun.seconds.toFixed(2)} s (${narrowRun.rssMb.toFixed(0)} MB)`);
