#!/usr/bin/env node
/**
 * `npm run bench`: dealmath against a DuckDB reference on 1,000,000 generated deals (issue 7).
 *
 *   node bench/run.mjs              1M and 100k deals, 7 runs of each measurement
 *   node bench/run.mjs --runs 11    more runs
 *   node bench/run.mjs --quick      100k deals only, 3 runs (no scaling figure)
 *   node bench/run.mjs --no-duckdb  dealmath alone, checked against the plain-JS reference
 *
 * Generates the data from the seeded example generator when missing (or older than the
 * generator), installs @duckdb/node-api on demand into bench/.deps (never through
 * `npm install`; without it the reference and the ratios are n/a), alternates dealmath and DuckDB
 * run by run, each a child process, and prints the median wall time, the peak RSS and the ratio
 * of each measurement against the issue's bars. It checks that the answers agree (exit 1 when
 * they do not), and that DuckDB running `dealmath sql`'s query for every SQL metric agrees with
 * the folds' JSON to 1e-9 (bench/sqlAgreement.mjs); a missed bar is reported, not an error. The table also goes to
 * bench/data/latest.json. Timing is never asserted by the test suite.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { AS_OF, RATES, disagreements, fromDealmath, fromDuckdb, referenceAggregateOfFile } from './agreement.mjs';

const USAGE = `usage: node bench/run.mjs [--runs N] [--quick] [--no-duckdb] [--no-extras] [--rss time|resource-usage]

  --runs N       runs of each measurement, alternated between the tools (default 7; 3 with --quick)
  --quick        100k deals only (no 1M file, no scaling figure)
  --no-duckdb    dealmath alone, checked against the plain-JS reference; ratios to DuckDB n/a
  --no-extras    without the forecast Monte Carlo, movement over 52 snapshots, many-groups and
                 many-columns measurements (bench/forecast.mjs, movement.mjs, groups.mjs; about
                 two minutes) and the peak RSS of every command once (about 20 seconds)
  --rss METHOD   peak RSS by GNU time's %M (default when /usr/bin/time works) or by the child's
                 own process.resourceUsage() (bench/maxrss.mjs)`;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dataDir = join(here, 'data');
const depsDir = join(here, '.deps');
const bin = join(root, 'bin', 'dealmath.js');
const generator = join(root, 'examples', 'generate.mjs');
const exampleConfig = join(root, 'examples', 'dealmath.yaml');
const reportBuilt = existsSync(join(root, 'dist', 'cli', 'commands', 'report.js'));
const GNU_TIME = '/usr/bin/time';
const VERSION_RUNS = 15;
// Issue 19's bars (the first ones, issue 7, were 2.0, 3.0 and 1.5).
const BARS = { winrateRatio: 1.2, reportRatio: 1.5, rssMb: 250, versionRatio: 1.3, scaling: 11, monteCarloSeconds: 1, movementSeconds: 10, movementRssMb: 500, groupsPartsRatio: 1.05, groupsJsonRssMb: 250 };

function parseArguments(argv) {
  const options = { quick: false, runs: null, duckdb: true, rss: null, extras: true };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--quick') options.quick = true;
    else if (argument === '--no-duckdb') options.duckdb = false;
    else if (argument === '--no-extras') options.extras = false;
    else if (argument === '--rss') {
      const rss = argv[index + 1];
      if (rss !== 'time' && rss !== 'resource-usage') usageError(`--rss is time or resource-usage, got ${rss ?? 'nothing'}`);
      options.rss = rss === 'time' ? 'gnu-time' : rss;
      index += 1;
    }
    else if (argument === '--runs') {
      const runs = Number(argv[index + 1]);
      if (!Number.isInteger(runs) || runs < 1) usageError(`--runs needs a whole number >= 1, got ${argv[index + 1] ?? 'nothing'}`);
      options.runs = runs;
      index += 1;
    } else if (argument === '--help' || argument === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else usageError(`unknown argument ${argument}`);
  }
  return { ...options, runs: options.runs ?? (options.quick ? 3 : 7) };
}

function usageError(message) {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

const note = (message) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------------------------------
// Inputs: data files, the config, DuckDB.

/** The generated deals file for a deal count, made (again) when missing or older than the generator. */
function dataset(deals, name) {
  const path = join(dataDir, name);
  if (existsSync(path) && statSync(path).mtimeMs >= statSync(generator).mtimeMs) return path;
  note(`generating ${name} (${deals.toLocaleString('en-US')} deals) ...`);
  const scratch = mkdtempSync(join(dataDir, 'gen-'));
  try {
    execFileSync(process.execPath, [generator, '--deals', String(deals), '--deals-only', '--out', scratch], { stdio: ['ignore', 'ignore', 'inherit'] });
    renameSync(join(scratch, 'deals.csv'), path);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return path;
}

/**
 * examples/dealmath.yaml without its report: section, whose deals/history/accounts/reps paths
 * would make `report` read the small example files as well as the benchmark file.
 */
function benchConfig() {
  const config = parseYaml(readFileSync(exampleConfig, 'utf8'));
  const rates = config.currency?.rates ?? {};
  for (const [currency, usd] of Object.entries(RATES)) {
    if (currency !== config.currency?.base && rates[currency] !== usd) throw new Error(`bench: ${exampleConfig} rates changed (${currency}: ${rates[currency]}); update RATES in bench/agreement.mjs`);
  }
  delete config.report;
  const path = join(dataDir, 'bench.yaml');
  writeFileSync(path, `# Written by bench/run.mjs from examples/dealmath.yaml, without its report: section.\n${stringifyYaml(config)}`);
  return path;
}

/** Installs @duckdb/node-api into bench/.deps once; returns null when usable, else why not. */
function installDuckdb() {
  const marker = join(depsDir, 'node_modules', '@duckdb', 'node-api', 'package.json');
  if (existsSync(marker)) return null;
  note('installing @duckdb/node-api into bench/.deps (once; prebuilt binaries from npm) ...');
  mkdirSync(depsDir, { recursive: true });
  if (!existsSync(join(depsDir, 'package.json'))) writeFileSync(join(depsDir, 'package.json'), '{ "private": true }\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--prefix', depsDir, '--no-audit', '--no-fund', '--ignore-scripts', '@duckdb/node-api'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error !== undefined) return `npm could not be started: ${result.error.message}`;
  if (result.status !== 0) return `npm install exited with status ${result.status} (its messages are above)`;
  if (!existsSync(marker)) return 'npm install finished but @duckdb/node-api is not in bench/.deps';
  return null;
}

/** Warns when dist/ (what bin/dealmath.js runs) is older than a source file: the numbers would be stale. */
function checkBuild() {
  const built = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(built)) {
    console.error('bench: dist/ is missing: run `npm run build` first');
    process.exit(2);
  }
  const builtAt = statSync(built).mtimeMs;
  const newer = readdirSync(join(root, 'src'), { recursive: true }).filter((file) => String(file).endsWith('.ts') && statSync(join(root, 'src', String(file))).mtimeMs > builtAt);
  if (newer.length > 0) note(`warning: ${newer.length} file(s) in src/ are newer than dist/ (e.g. src/${newer[0]}): the figures measure the last build`);
}

// ---------------------------------------------------------------------------------------
// Measuring a child process: wall time with hrtime, peak RSS with GNU time's %M, else with the
// child's own process.resourceUsage() through bench/maxrss.mjs.

function rssMethod(asked) {
  if (asked === 'resource-usage') return asked;
  if (existsSync(GNU_TIME)) {
    const probe = spawnSync(GNU_TIME, ['-f', '%M', process.execPath, '-e', ''], { encoding: 'utf8' });
    if (probe.status === 0 && /^\d+$/.test(probe.stderr.trim().split('\n').at(-1) ?? '')) return 'gnu-time';
  }
  if (asked === 'gnu-time') note(`${GNU_TIME} -f %M does not work here: peak RSS by process.resourceUsage() instead`);
  return 'resource-usage';
}

function measure(method, scratch, nodeArguments, env = {}) {
  const childEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env };
  const rssFile = join(scratch, 'maxrss');
  let command = process.execPath;
  let commandArguments = nodeArguments;
  if (method === 'gnu-time') {
    command = GNU_TIME;
    commandArguments = ['-f', '%M', process.execPath, ...nodeArguments];
  } else {
    rmSync(rssFile, { force: true });
    childEnv.BENCH_MAXRSS_FILE = rssFile;
    commandArguments = ['--import', pathToFileURL(join(here, 'maxrss.mjs')).href, ...nodeArguments];
  }
  const started = process.hrtime.bigint();
  const result = spawnSync(command, commandArguments, { encoding: 'utf8', env: childEnv, maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`node ${nodeArguments.join(' ')} exited with status ${result.status}:\n${result.stderr.trim().split('\n').slice(-8).join('\n')}`);
  const rssKb = method === 'gnu-time' ? Number(result.stderr.trim().split('\n').at(-1)) : Number(readFileSync(rssFile, 'utf8'));
  return { seconds, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : null, stdout: result.stdout };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summary(samples) {
  if (samples === undefined || samples.length === 0) return null;
  const rss = samples.map((sample) => sample.rssMb).filter((value) => value !== null);
  return { seconds: median(samples.map((sample) => sample.seconds)), rssMb: rss.length === 0 ? null : Math.max(...rss), samples: samples.map((sample) => sample.seconds) };
}

/**
 * Runs every task once per round, `rounds` times, reversing the order on odd rounds so that
 * neither tool always runs first; a slow moment of the machine hits both alike.
 */
function alternate(tasks, rounds, method, scratch) {
  const samples = new Map(tasks.map((task) => [task.key, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? tasks : [...tasks].reverse();
    for (const task of order) {
      const sample = measure(method, scratch, task.args, task.env);
      samples.get(task.key).push(sample);
      if (!task.quiet) note(`  run ${round + 1}/${rounds} ${task.label}: ${sample.seconds.toFixed(2)} s, ${sample.rssMb === null ? '?' : sample.rssMb.toFixed(0)} MB`);
    }
  }
  return samples;
}

// ---------------------------------------------------------------------------------------
// The run.

const { quick, runs, duckdb: duckdbWanted, rss, extras } = parseArguments(process.argv.slice(2));
checkBuild();
mkdirSync(dataDir, { recursive: true });
const scratch = mkdtempSync(join(dataDir, 'run-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

const small = dataset(100_000, 'deals-100k.csv');
const large = quick ? small : dataset(1_000_000, 'deals-1m.csv');
const largeLabel = quick ? '100k' : '1M';
const config = benchConfig();
const method = rssMethod(rss);

let duckdbProblem = duckdbWanted ? installDuckdb() : 'not asked for (--no-duckdb)';
if (duckdbProblem === null) {
  // One untimed run on the small file: proves the binary loads on this machine.
  try {
    measure(method, scratch, [join(here, 'duckdbReference.mjs'), small, '1']);
  } catch (error) {
    duckdbProblem = `DuckDB does not run here: ${error.message}`;
  }
}
if (duckdbProblem !== null) note(`${duckdbProblem}\nDuckDB reference skipped: its times and the ratios are n/a.`);
const duckdb = duckdbProblem === null;

const winrate = (file) => [bin, 'winrate', file, '--by', 'owner', '--config', config, '--as-of', AS_OF, '--json'];
// The one-pass reading mode, for comparison with the default (src/cli/parallel.ts: one part per core).
const otherWorkers = '1';
const tasks = [
  { key: 'winrate', label: `dealmath winrate ${largeLabel}`, args: winrate(large) },
  ...(duckdb ? [{ key: 'duckdb1', label: 'DuckDB 1 thread', args: [join(here, 'duckdbReference.mjs'), large, '1'] }] : []),
  ...(duckdb ? [{ key: 'duckdb2', label: 'DuckDB 2 threads', args: [join(here, 'duckdbReference.mjs'), large, '2'] }] : []),
  { key: 'winrateWorkers', label: `dealmath winrate ${largeLabel}, DEALMATH_WORKERS=${otherWorkers}`, args: winrate(large), env: { DEALMATH_WORKERS: otherWorkers } },
  ...(reportBuilt ? [{ key: 'report', label: `dealmath report ${largeLabel}`, args: [bin, 'report', large, '--config', config, '--as-of', AS_OF, '--target', '4000000', '--json'] }] : []),
  ...(quick ? [] : [{ key: 'winrateSmall', label: 'dealmath winrate 100k', args: winrate(small) }]),
  // The reader alone (decode and split into cells, no deal read), one thread: the floor under winrate.
  { key: 'csvAlone', label: `the CSV reader alone ${largeLabel}`, args: [join(here, 'csvAlone.mjs'), large] },
  { key: 'retention', label: `dealmath retention ${largeLabel}`, args: [bin, 'retention', large, '--config', config, '--as-of', AS_OF, '--period', '2026', '--compare', '2025', '--json'] },
];
if (!reportBuilt) note('report: not built yet (no dist/cli/commands/report.js)');

note(`${runs} rounds of ${tasks.length} measurements on ${largeLabel} deals (peak RSS by ${method === 'gnu-time' ? 'GNU time %M' : 'process.resourceUsage() in the child'}) ...`);
const samples = alternate(tasks, runs, method, scratch);
note(`dealmath --version against node -e "", ${VERSION_RUNS} rounds ...`);
const startup = alternate([
  { key: 'version', label: 'dealmath --version', args: [bin, '--version'], quiet: true },
  { key: 'bare', label: 'node -e ""', args: ['-e', ''], quiet: true },
], VERSION_RUNS, method, scratch);

// ---------------------------------------------------------------------------------------
// Every command once on the large file, for the peak-RSS bar ("every command on 1M deals"):
// not timed for a ratio, so one run each. The report, winrate and retention are measured above.

const sweepCommands = [
  ['inspect', large, '--json'],
  ['validate', large, '--config', config, '--as-of', AS_OF, '--json'],
  ['velocity', large, '--by', 'owner', '--config', config, '--as-of', AS_OF, '--json'],
  ['coverage', large, '--config', config, '--as-of', AS_OF, '--target', '4000000', '--json'],
  ['funnel', large, '--by', 'owner', '--config', config, '--as-of', AS_OF, '--json'],
  ['pvf', large, '--assume-equal-dwell', '--config', config, '--as-of', AS_OF, '--target', '4000000', '--json'],
  ['forecast', large, '--config', config, '--as-of', AS_OF, '--json'],
  ['pareto', large, '--by', 'account', '--config', config, '--as-of', AS_OF, '--json'],
  ['scorecard', large, '--config', config, '--as-of', AS_OF, '--json'],
  ['accounts', large, '--config', config, '--as-of', AS_OF, '--json'],
  ['winrate', large, '--by', 'account', '--config', config, '--as-of', AS_OF, '--json'],
];
const problems = [];
const sweep = [];
/** The open deals the large file's forecast simulates (its JSON's total.simulation.deals). */
let simulatedDeals = null;
if (extras) {
  note(`every command once on ${largeLabel} deals (peak RSS) ...`);
  for (const [command, ...rest] of sweepCommands) {
    const label = [command, ...rest.filter((item) => item !== large && item !== config && item !== AS_OF && item !== '--config' && item !== '--as-of' && item !== '--json')].join(' ');
    try {
      const sample = measure(method, scratch, [bin, command, ...rest]);
      sweep.push({ command: label, seconds: sample.seconds, rssMb: sample.rssMb });
      if (command === 'forecast') simulatedDeals = JSON.parse(sample.stdout).total?.simulation?.deals ?? null;
      note(`  ${label}: ${sample.seconds.toFixed(2)} s, ${sample.rssMb === null ? '?' : sample.rssMb.toFixed(0)} MB`);
    } catch (error) {
      problems.push(`${label} failed: ${error.message.split('\n').slice(0, 2).join(' ')}`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// The other scripts' figures (each prints JSON): the Monte Carlo, movement, many groups.

function script(name, args = []) {
  note(`node bench/${name} ${args.join(' ')} ...`);
  const child = spawnSync(process.execPath, [join(here, name), ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) {
    note(`bench/${name} failed (exit ${child.status}): its figures are n/a`);
    return null;
  }
  // One JSON document (the scripts print nothing else on stdout).
  return JSON.parse(child.stdout);
}
const monteCarlo = extras ? script('forecast.mjs') : null;
// The simulation alone at the size the report's forecast runs it: what the report costs past reading.
const reportSimulation = extras && simulatedDeals !== null ? script('forecast.mjs', ['--deals', String(simulatedDeals), '--attempts', '3']) : null;
const movement = extras ? script('movement.mjs') : null;
const groups = extras ? script('groups.mjs', ['--quick', '--json']) : null;

// ---------------------------------------------------------------------------------------
// Agreement: every dealmath winrate answer against the reference (DuckDB single-thread, else
// the plain-JS aggregate), and DuckDB's two-thread answer too.

note('checking the answers ...');
function check(label, expected, outputs, convert) {
  for (const [index, output] of outputs.entries()) {
    const found = disagreements(expected, convert(JSON.parse(output)));
    if (found.length > 0) problems.push(`${label} (run ${index + 1}): ${found.slice(0, 3).join('; ')}${found.length > 3 ? ` (+${found.length - 3})` : ''}`);
  }
}
const stdoutOf = (key) => (samples.get(key) ?? []).map((sample) => sample.stdout);
const referenceName = duckdb ? 'DuckDB' : 'the plain-JS reference';
const expected = duckdb ? fromDuckdb(JSON.parse(stdoutOf('duckdb1').at(-1))) : await referenceAggregateOfFile(large);
check('dealmath winrate', expected, stdoutOf('winrate'), fromDealmath);
check(`dealmath winrate DEALMATH_WORKERS=${otherWorkers}`, expected, stdoutOf('winrateWorkers'), fromDealmath);
if (duckdb) {
  check('DuckDB 1 thread', expected, stdoutOf('duckdb1'), fromDuckdb);
  check('DuckDB 2 threads', expected, stdoutOf('duckdb2'), fromDuckdb);
}
if (!quick) check('dealmath winrate 100k', await referenceAggregateOfFile(small), stdoutOf('winrateSmall'), fromDealmath);
// The SQL of every metric (`dealmath sql`) in DuckDB against the folds' JSON, to 1e-9 (bench/sqlAgreement.mjs).
let sqlAgreement = 'n/a (no DuckDB)';
if (duckdb) {
  note(`node bench/sqlAgreement.mjs (every SQL metric on ${largeLabel} deals) ...`);
  const child = spawnSync(process.execPath, [join(here, 'sqlAgreement.mjs'), large, config, AS_OF], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  const sql = child.stdout.trim() === '' ? null : JSON.parse(child.stdout);
  if (sql === null) problems.push(`bench/sqlAgreement.mjs failed (exit ${child.status})`);
  else {
    const metrics = [...new Set(sql.checks.map((entry) => entry.metric))].join(', ');
    for (const entry of sql.checks.filter((item) => !item.agree)) problems.push(`sql ${entry.metric} ${entry.args.join(' ')}: ${entry.problems.slice(0, 3).join('; ')}`);
    if (!sql.parquetSameAsCsv) problems.push('winrate on the Parquet copy (--engine duckdb) differs from the CSV answer');
    sqlAgreement = sql.checks.every((entry) => entry.agree) ? `${metrics} agree (the folds' JSON against DuckDB running dealmath sql's query: ${sql.values} numbers within 1e-9, n/a where the folds say n/a); winrate --by owner on the Parquet copy ${sql.parquetSameAsCsv ? 'is' : 'is NOT'} the CSV answer` : 'DISAGREE (above)';
  }
}
const agreement = problems.length === 0 ? `agree (dealmath against ${referenceName}: same owners, identical counts, values within 1e-6); SQL: ${sqlAgreement}` : `DISAGREE: ${problems.join(' | ')}`;

// ---------------------------------------------------------------------------------------
// The table.

const result = Object.fromEntries([...samples, ...startup].map(([key, list]) => [key, summary(list)]));
const ratio = (a, b) => (a === null || a === undefined || b === null || b === undefined ? null : a.seconds / b.seconds);
const passes = (value, bar) => (value === null ? null : value <= bar);
const defaultRss = [result.winrate, result.report, result.winrateSmall, result.version, result.retention, ...sweep].map((entry) => entry?.rssMb ?? null).filter((value) => value !== null);
const peakRss = defaultRss.length === 0 ? null : Math.max(...defaultRss);
const sweepLine = sweep.length === 0 ? '' : `every command once on ${largeLabel} deals, peak RSS MB (s): ${sweep.map((item) => `${item.command} ${item.rssMb === null ? '?' : item.rssMb.toFixed(0)} (${item.seconds.toFixed(2)})`).join('; ')}`;
const duckOne = result.duckdb1 ?? null;
const rows = [
  { what: `winrate --by owner, ${largeLabel}`, dealmath: result.winrate, reference: duckOne, referenceName: 'DuckDB 1 thread', bar: `ratio <= ${BARS.winrateRatio}`, limit: BARS.winrateRatio },
  { what: `winrate --by owner, ${largeLabel}`, dealmath: result.winrate, reference: result.duckdb2 ?? null, referenceName: 'DuckDB 2 threads', bar: '(for comparison)', limit: null },
  { what: `winrate, DEALMATH_WORKERS=${otherWorkers}`, dealmath: result.winrateWorkers, reference: duckOne, referenceName: 'DuckDB 1 thread', bar: '(for comparison: one pass, one thread)', limit: null },
  reportBuilt
    ? { what: `report, ${largeLabel}`, dealmath: result.report, reference: duckOne, referenceName: 'DuckDB 1 thread (winrate aggregate)', bar: `ratio <= ${BARS.reportRatio}`, limit: BARS.reportRatio }
    : { what: 'report: not built yet', dealmath: null, reference: null, referenceName: '', bar: `ratio <= ${BARS.reportRatio}`, limit: null },
  { what: '--version', dealmath: result.version, reference: result.bare, referenceName: 'node -e ""', bar: `ratio <= ${BARS.versionRatio}`, limit: BARS.versionRatio },
  { what: `the CSV reader alone (bytes decoded and split into cells, no deal read), one thread, ${largeLabel}`, dealmath: result.csvAlone, reference: duckOne, referenceName: 'DuckDB 1 thread (winrate aggregate)', bar: '(for comparison: the floor under winrate)', limit: null },
  ...(quick ? [] : [{ what: 'winrate 1M against 100k (scaling)', dealmath: result.winrate, reference: result.winrateSmall, referenceName: 'dealmath winrate 100k', bar: `ratio <= ${BARS.scaling}`, limit: BARS.scaling }]),
].map((row) => {
  const value = ratio(row.dealmath, row.reference);
  return {
    what: row.what,
    dealmathSeconds: row.dealmath?.seconds ?? null,
    reference: row.referenceName,
    referenceSeconds: row.reference?.seconds ?? null,
    ratio: value,
    dealmathRssMb: row.dealmath?.rssMb ?? null,
    referenceRssMb: row.reference?.rssMb ?? null,
    bar: row.bar,
    pass: row.limit === null ? null : passes(value, row.limit),
  };
});
const entry = (seconds, rssMb) => (seconds === null || seconds === undefined ? null : { seconds, rssMb: rssMb ?? null });
const groupRun = (output, workers) => groups?.groups.find((item) => item.output === output && item.workers === workers) ?? null;
const columns = groups?.columns ?? null;
const extraRows = [
  { what: `retention, ${largeLabel}`, dealmath: result.retention, reference: duckOne, referenceName: 'DuckDB 1 thread (winrate aggregate)', bar: '(for comparison)', limit: null },
  ...(extras
    ? [
        { what: 'forecast Monte Carlo, 10,000 runs x 10,000 deals', dealmath: entry(monteCarlo === null ? null : monteCarlo.medianMs / 1000), reference: null, referenceName: '', bar: `< ${BARS.monteCarloSeconds} s`, limit: null, pass: monteCarlo === null ? null : monteCarlo.medianMs / 1000 < BARS.monteCarloSeconds },
        ...(reportSimulation === null ? [] : [{ what: `forecast Monte Carlo alone, 10,000 runs x ${reportSimulation.deals.toLocaleString('en-US')} deals (the open deals the ${largeLabel} file's forecast and report simulate)`, dealmath: entry(reportSimulation.medianMs / 1000), reference: duckOne, referenceName: 'DuckDB 1 thread (winrate aggregate)', bar: '(for comparison: part of the report)', limit: null }]),
        { what: 'movement, 52 snapshots x 100,000 deals', dealmath: entry(movement?.wallSeconds, movement?.peakRssMB), reference: null, referenceName: '', bar: `< ${BARS.movementSeconds} s and ${BARS.movementRssMb} MB`, limit: null, pass: movement === null ? null : movement.wallSeconds < BARS.movementSeconds && movement.peakRssMB < BARS.movementRssMb },
        { what: `winrate --by owner, 200,000 deals with ${columns?.added ?? '?'} custom columns added (${columns?.columns ?? '?'} in all), DEALMATH_WORKERS=1`, dealmath: entry(columns?.wide.seconds, columns?.wide.rssMb), reference: entry(columns?.narrow.seconds, columns?.narrow.rssMb), referenceName: 'the same deals, 18 columns', bar: '(for comparison)', limit: null },
        ...['JSON', 'table'].map((output) => {
          const parts = groupRun(output, 2);
          const onePass = groupRun(output, 1);
          const accounts = parts?.accounts?.toLocaleString('en-US') ?? '?';
          return { what: `winrate --by account, ${accounts} accounts in 200,000 deals, ${output}, DEALMATH_WORKERS=2`, dealmath: entry(parts?.seconds, parts?.rssMb), reference: entry(onePass?.seconds, onePass?.rssMb), referenceName: 'the same in one pass', bar: output === 'JSON' ? `ratio <= ${BARS.groupsPartsRatio}, RSS <= ${BARS.groupsJsonRssMb} MB` : `ratio <= ${BARS.groupsPartsRatio}`, limit: null, pass: parts === null || onePass === null ? null : parts.seconds <= onePass.seconds * BARS.groupsPartsRatio && (output !== 'JSON' || Math.max(parts.rssMb, onePass.rssMb) <= BARS.groupsJsonRssMb) };
        }),
      ]
    : []),
].map((row) => {
  const value = ratio(row.dealmath, row.reference);
  return { what: row.what, dealmathSeconds: row.dealmath?.seconds ?? null, reference: row.referenceName, referenceSeconds: row.reference?.seconds ?? null, ratio: value, dealmathRssMb: row.dealmath?.rssMb ?? null, referenceRssMb: row.reference?.rssMb ?? null, bar: row.bar, pass: row.pass ?? (row.limit === null ? null : passes(value, row.limit)) };
});
rows.push(...extraRows);
rows.push({ what: `peak RSS, any dealmath command (default settings${sweep.length === 0 ? '' : `; every command on ${largeLabel} deals, each listed below the table`})`, dealmathSeconds: null, reference: '', referenceSeconds: null, ratio: null, dealmathRssMb: peakRss, referenceRssMb: null, bar: `<= ${BARS.rssMb} MB`, pass: passes(peakRss, BARS.rssMb) });

const fixed = (value, digits = 2) => (value === null || value === undefined ? 'n/a' : value.toFixed(digits));
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = `${largeLabel} deals (${(statSync(large).size / 1e6).toFixed(0)} MB), median of ${runs} runs (--version: ${VERSION_RUNS}), node ${process.version}, ${availableParallelism()} cores (${cpu}), peak RSS by ${method === 'gnu-time' ? 'GNU time %M' : 'process.resourceUsage()'}`;
console.log(`\n${header}\nanswers: ${agreement}${duckdb ? '' : `\nDuckDB: n/a (${duckdbProblem})`}\n`);
const table = [
  '| what | dealmath s | reference | reference s | ratio | dealmath peak RSS MB | reference peak RSS MB | bar | pass |',
  '|---|---:|---|---:|---:|---:|---:|---|---|',
  ...rows.map((row) => `| ${row.what} | ${fixed(row.dealmathSeconds)} | ${row.reference || '-'} | ${fixed(row.referenceSeconds)} | ${fixed(row.ratio)} | ${fixed(row.dealmathRssMb, 0)} | ${fixed(row.referenceRssMb, 0)} | ${row.bar} | ${row.pass === null ? '' : row.pass ? 'yes' : 'NO'} |`),
];
console.log(table.join('\n'));
if (sweepLine !== '') console.log(`\n${sweepLine}`);
// The table is also bench/results.md, committed with the change it measures.
writeFileSync(
  join(here, 'results.md'),
  `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}.\n\n${header}\n\nanswers: ${agreement}\n\n${table.join('\n')}\n${sweepLine === '' ? '' : `\n${sweepLine}\n`}`,
);

const document = {
  date: new Date().toISOString(),
  node: process.version,
  cores: availableParallelism(),
  cpu,
  dataset: { file: large, bytes: statSync(large).size },
  runs,
  versionRuns: VERSION_RUNS,
  quick,
  rssMethod: method,
  duckdb: duckdb ? 'ok' : duckdbProblem,
  agreement,
  rows,
  everyCommand: sweep,
  samples: result,
};
writeFileSync(join(dataDir, 'latest.json'), `${JSON.stringify(document, null, 2)}\n`);
note(`\nwritten: ${join('bench', 'data', 'latest.json')}`);
if (problems.length > 0) process.exitCode = 1;
