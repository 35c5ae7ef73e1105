/**
 * `npm run bench`: dealmath against a DuckDB reference on 1,000,000 generated deals.
 *
 * Generates the data from the seeded example generator when missing, installs @duckdb/node-api
 * on demand into bench/.deps (never through `npm install`), alternates dealmath and DuckDB runs,
 * and prints median wall time, peak RSS (GNU time's %M) and the ratio for each measurement, with
 * the issue's bar; it checks that both answers agree. `--quick`: 100k deals, 3 runs.
 * Results also go to bench/data/latest.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { disagreements, fromDealmath } from './agreement.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const data = join(here, 'data');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runs = Number(args[args.indexOf('--runs') + 1]) || (quick ? 3 : 7);
const bin = join(root, 'bin', 'dealmath.js');
const TIME = '/usr/bin/time';

mkdirSync(data, { recursive: true });

function dataset(deals) {
  const path = join(data, `deals-${deals >= 1e6 ? `${deals / 1e6}m` : `${deals / 1e3}k`}.csv`);
  if (!existsSync(path)) {
    const scratch = join(data, `gen-${deals}`);
    execFileSync(process.execPath, [join(root, 'examples', 'generate.mjs'), '--deals', String(deals), '--deals-only', '--out', scratch], { stdio: 'inherit' });
    renameSync(join(scratch, 'deals.csv'), path);
  }
  return path;
}

function benchConfig() {
  // The example config without its report: section, so the report reads only the file given.
  const path = join(data, 'bench.yaml');
  writeFileSync(path, [
    'stages: [Qualification, Discovery, Proposal, Negotiation, Closed Won, Closed Lost]',
    'won: [Closed Won]',
    'lost: [Closed Lost]',
    'currency: { base: USD, rates: { EUR: 1.08, GBP: 1.27 } }',
    '',
  ].join('\n'));
  return path;
}

function duckdbAvailable() {
  const marker = join(here, '.deps', 'node_modules', '@duckdb', 'node-api', 'package.json');
  if (existsSync(marker)) return true;
  console.error('installing @duckdb/node-api into bench/.deps (once) ...');
  mkdirSync(join(here, '.deps'), { recursive: true });
  if (!existsSync(join(here, '.deps', 'package.json'))) writeFileSync(join(here, '.deps', 'package.json'), '{ "private": true }\n');
  const result = spawnSync('npm', ['install', '--prefix', join(here, '.deps'), '--no-audit', '--no-fund', '@duckdb/node-api'], { stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(marker)) {
    console.error('DuckDB could not be installed: the reference and the ratios are n/a.');
    return false;
  }
  return true;
}

/** Runs a command under GNU time; returns wall seconds, peak RSS in MB and stdout. */
function measure(command, commandArgs) {
  const useTime = existsSync(TIME);
  const started = process.hrtime.bigint();
  const result = useTime
    ? spawnSync(TIME, ['-f', '%M', command, ...commandArgs], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed: ${result.stderr}`);
  const rssKb = useTime ? Number(result.stderr.trim().split('\n').pop()) : Number.NaN;
  return { seconds, rssMb: rssKb / 1024, stdout: result.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function series(label, run) {
  const samples = [];
  for (let index = 0; index < runs; index += 1) samples.push(run());
  return { label, seconds: median(samples.map((sample) => sample.seconds)), rssMb: Math.max(...samples.map((sample) => sample.rssMb)), last: samples.at(-1) };
}

const large = dataset(quick ? 100_000 : 1_000_000);
const small = quick ? large : dataset(100_000);
const config = benchConfig();
const winrate = (file) => [bin, 'winrate', file, '--by', 'owner', '--config', config, '--as-of', '2026-11-20', '--json'];
const duck = duckdbAvailable();

// Alternate the tools run by run, so a slow moment of the machine hits both alike.
const dealmathSamples = [];
const duckSamples = [];
for (let index = 0; index < runs; index += 1) {
  dealmathSamples.push(measure(process.execPath, winrate(large)));
  if (duck) duckSamples.push(measure(process.execPath, [join(here, 'duckdbReference.mjs'), large, '1']));
}
const dealmathWinrate = { seconds: median(dealmathSamples.map((s) => s.seconds)), rssMb: Math.max(...dealmathSamples.map((s) => s.rssMb)) };
const duckWinrate = duck ? { seconds: median(duckSamples.map((s) => s.seconds)), rssMb: Math.max(...duckSamples.map((s) => s.rssMb)) } : null;
const duckTwo = duck ? series('duckdb 2 threads', () => measure(process.execPath, [join(here, 'duckdbReference.mjs'), large, '2'])) : null;

let agreement = 'n/a (no DuckDB)';
if (duck) {
  const problems = disagreements(JSON.parse(duckSamples.at(-1).stdout).map((row) => ({ ...row, won: Number(row.won), lost: Number(row.lost), open: Number(row.open) })), fromDealmath(JSON.parse(dealmathSamples.at(-1).stdout)));
  agreement = problems.length === 0 ? 'agree' : `DISAGREE: ${problems.slice(0, 5).join('; ')}`;
}

const oneThread = series('winrate, 1 thread', () => measure('env', ['DEALMATH_WORKERS=1', process.execPath, ...winrate(large)]));
const report = series('report', () => measure(process.execPath, [bin, 'report', large, '--config', config, '--as-of', '2026-11-20', '--target', '4000000', '--json']));
const version = series('--version', () => measure(process.execPath, [bin, '--version']));
const bare = series('node -e ""', () => measure(process.execPath, ['-e', '']));
const smallRun = quick ? null : series('winrate 100k', () => measure(process.execPath, winrate(small)));

const ratio = (a, b) => (b === null || b === undefined ? null : a / b);
const rows = [
  { what: `winrate --by owner (${quick ? '100k' : '1M'})`, dealmath: dealmathWinrate.seconds, reference: duckWinrate?.seconds ?? null, ratio: ratio(dealmathWinrate.seconds, duckWinrate?.seconds), rssMb: dealmathWinrate.rssMb, bar: 'ratio <= 2.0', pass: duckWinrate === null ? null : dealmathWinrate.seconds / duckWinrate.seconds <= 2 },
  { what: 'winrate, one thread (DEALMATH_WORKERS=1)', dealmath: oneThread.seconds, reference: duckWinrate?.seconds ?? null, ratio: ratio(oneThread.seconds, duckWinrate?.seconds), rssMb: oneThread.rssMb, bar: '(for comparison)', pass: null },
  { what: 'report', dealmath: report.seconds, reference: duckWinrate?.seconds ?? null, ratio: ratio(report.seconds, duckWinrate?.seconds), rssMb: report.rssMb, bar: 'ratio <= 3.0', pass: duckWinrate === null ? null : report.seconds / duckWinrate.seconds <= 3 },
  { what: 'peak RSS, any command', dealmath: null, reference: null, ratio: null, rssMb: Math.max(dealmathWinrate.rssMb, oneThread.rssMb, report.rssMb), bar: '<= 250 MB', pass: Math.max(dealmathWinrate.rssMb, oneThread.rssMb, report.rssMb) <= 250 },
  { what: 'dealmath --version vs node -e ""', dealmath: version.seconds, reference: bare.seconds, ratio: ratio(version.seconds, bare.seconds), rssMb: version.rssMb, bar: 'ratio <= 1.5', pass: version.seconds / bare.seconds <= 1.5 },
  ...(smallRun === null ? [] : [{ what: 'scaling: 1M time / 100k time', dealmath: dealmathWinrate.seconds, reference: smallRun.seconds, ratio: dealmathWinrate.seconds / smallRun.seconds, rssMb: smallRun.rssMb, bar: 'ratio <= 11', pass: dealmathWinrate.seconds / smallRun.seconds <= 11 }]),
];

const fixed = (value, digits = 2) => (value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
console.log(`\n${quick ? '100k' : '1M'} deals, median of ${runs} runs; reference: DuckDB (@duckdb/node-api) single thread${duckTwo ? `; DuckDB 2 threads ${fixed(duckTwo.seconds)} s` : ''}; answers ${agreement}\n`);
console.log('| what | dealmath s | reference s | ratio | peak RSS MB | bar | pass |');
console.log('|---|---:|---:|---:|---:|---|---|');
for (const row of rows) console.log(`| ${row.what} | ${fixed(row.dealmath)} | ${fixed(row.reference)} | ${fixed(row.ratio)} | ${fixed(row.rssMb, 0)} | ${row.bar} | ${row.pass === null ? '' : row.pass ? 'yes' : 'NO'} |`);
writeFileSync(join(data, 'latest.json'), `${JSON.stringify({ runs, quick, agreement, duckdbTwoThreads: duckTwo?.seconds ?? null, duckdbRssMb: duckWinrate?.rssMb ?? null, rows }, null, 2)}\n`);
if (agreement.startsWith('DISAGREE')) process.exitCode = 1;
