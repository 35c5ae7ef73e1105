#!/usr/bin/env node
/**
 * `node bench/movement.mjs`: `dealmath movement` over 52 weekly snapshots of 100,000 deals
 * (issue 16: memory bounded by deals, not deals x snapshots). Writes the snapshots into a temp
 * folder (seeded: the same files every run; about 8 MB each), runs the built binary once, and
 * prints its wall time, CPU time and peak RSS (bench/maxrss.mjs) as JSON. Never part of the test suite.
 *
 *   node bench/movement.mjs                      52 snapshots of 100,000 deals
 *   node bench/movement.mjs --snapshots 13 --deals 20000 --keep
 *   node bench/movement.mjs --dir DIR --runs 3     reuse snapshots kept by --keep
 *
 * Runs the binary --runs times (default 3) and reports the median wall time and peak RSS, with
 * the SHA-256 of the JSON output (to compare a change's output with the one before it).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'dealmath.js');
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const SNAPSHOTS = option('--snapshots', 52);
const DEALS = option('--deals', 100_000);
const RUNS = option('--runs', 3);
const reuse = argv.includes('--dir') ? argv[argv.indexOf('--dir') + 1] : null;
const keep = argv.includes('--keep') || reuse !== null;

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(16);
const int = (low, high) => low + Math.floor((high - low + 1) * random());

const MS_PER_DAY = 86_400_000;
const iso = (day) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
const FIRST = Date.parse('2025-11-24T00:00:00Z') / MS_PER_DAY; // a Monday
const STAGES = ['Qualification', 'Discovery', 'Proposal', 'Negotiation'];
const OWNERS = Array.from({ length: 40 }, (_, index) => `Rep ${String(index + 1).padStart(2, '0')}`);

// The pipeline: DEALS live deals at a time; each week some close and new ones replace them.
const deals = [];
const dir = reuse ?? mkdtempSync(join(tmpdir(), 'dealmath-movement-bench-'));
const files = [];
let bytes = 0;
let nextId = 1;
const newDeal = (today) => ({ id: `D${String(nextId++).padStart(7, '0')}`, owner: OWNERS[int(0, OWNERS.length - 1)], stage: 0, amount: int(10, 2000) * 100, close: today + int(7, 200), status: 'open', closedOn: null });
for (let index = 0; index < DEALS; index += 1) deals.push(newDeal(FIRST));

const reused = reuse !== null && existsSync(reuse) && readdirSync(reuse).filter((name) => name.endsWith('.csv')).length === SNAPSHOTS;
if (reused) {
  for (const name of readdirSync(dir)) if (name.endsWith('.csv')) bytes += statSync(join(dir, name)).size;
}
for (let week = 0; week < (reused ? 0 : SNAPSHOTS); week += 1) {
  const today = FIRST + week * 7;
  for (let index = 0; index < deals.length; index += 1) {
    const deal = deals[index];
    if (deal.status !== 'open') {
      // Closed deals stay in the export for four weeks, then a new deal takes the slot.
      if (today - deal.closedOn > 28) deals[index] = newDeal(today);
      continue;
    }
    const roll = random();
    if (roll < 0.03) Object.assign(deal, { status: random() < 0.3 ? 'won' : 'lost', closedOn: today, close: today });
    else if (roll < 0.1) deal.close += int(7, 45); // pushed
    else if (roll < 0.12) deal.close -= int(7, 30); // pulled in
    else if (roll < 0.16) deal.amount = Math.max(100, deal.amount + int(-20, 20) * 100);
    else if (roll < 0.22 && deal.stage < STAGES.length - 1) deal.stage += 1;
  }
  const file = join(dir, `pipeline-${iso(today)}.csv`);
  const lines = ['Id,Owner,Stage,Amount,Close Date'];
  for (const deal of deals) {
    const stage = deal.status === 'won' ? 'Closed Won' : deal.status === 'lost' ? 'Closed Lost' : STAGES[deal.stage];
    lines.push(`${deal.id},${deal.owner},${stage},${deal.amount},${iso(deal.close)}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  bytes += statSync(file).size;
  files.push(file);
}

const rssFile = join(dir, 'maxrss.txt');
const cpuFile = join(dir, 'cpu.txt');
const outFile = join(dir, 'out.json');
const runs = [];
for (let attempt = 0; attempt < RUNS; attempt += 1) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--import', join(here, 'maxrss.mjs'), bin, 'movement', dir, '--json', '--out', outFile], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_MAXRSS_FILE: rssFile, BENCH_CPU_FILE: cpuFile },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    console.error(run.stderr);
    process.exit(1);
  }
  runs.push({ seconds, rssKB: Number(readFileSync(rssFile, 'utf8')), cpuSeconds: Number(readFileSync(cpuFile, 'utf8')) / 1e6 });
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = median(runs.map((run) => run.seconds));
const rssKB = median(runs.map((run) => run.rssKB));
const cpuSeconds = median(runs.map((run) => run.cpuSeconds));
const output = readFileSync(outFile);
const result = JSON.parse(output.toString('utf8'));
const report = {
  snapshots: SNAPSHOTS,
  dealsPerSnapshot: DEALS,
  rowsRead: result.rowsRead,
  inputMB: Math.round(bytes / 1e5) / 10,
  runs: RUNS,
  wallSeconds: Math.round(seconds * 100) / 100,
  cpuSeconds: Math.round(cpuSeconds * 100) / 100,
  peakRssMB: Math.round(rssKB / 1024),
  allRuns: runs.map((run) => `${run.seconds.toFixed(2)} s wall, ${run.cpuSeconds.toFixed(2)} s cpu, ${Math.round(run.rssKB / 1024)} MB`),
  // Without the time of the run, so that two runs of the same code give the same digest.
  outputSha256: createHash('sha256').update(output.toString('utf8').replace(/"generatedAt": "[^"]*"/, '')).digest('hex'),
  node: process.version,
};
console.log(JSON.stringify(report, null, 2));
if (keep) console.error(`snapshots kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
