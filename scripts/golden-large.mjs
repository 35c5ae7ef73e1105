#!/usr/bin/env node
/**
 * Golden outputs at scale (issue 14): every command of examples/README.md on a generated
 * 1M-deal file, in every format, hashed. `--write` records the hashes in
 * test/golden/large.sha256; without it, the hashes are checked against that file and any
 * difference is listed (exit 1). Too slow for the test suite (minutes); run it around a
 * refactor:  node scripts/golden-large.mjs [--deals N] [--data DIR] [--write]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples');
const RECORD = join(ROOT, 'test/golden/large.sha256');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const deals = Number(option('--deals', '1000000'));
const data = resolve(option('--data', join(tmpdir(), `dealmath-golden-${deals}`)));
const write = args.includes('--write');

const dealsFile = join(data, 'deals.csv');
if (!existsSync(dealsFile)) {
  console.error(`generating ${deals} deals into ${data} ...`);
  const generated = spawnSync(process.execPath, [join(EXAMPLES, 'generate.mjs'), '--deals', String(deals), '--deals-only', '--out', data], { stdio: 'inherit' });
  if (generated.status !== 0) process.exit(2);
}

const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
const commands = (/```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '')
  .split('\n')
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter((line) => line.startsWith('dealmath ') && / deals\.csv/.test(line))
  .map((line) => line.slice('dealmath '.length).split(/\s+/).map((arg) => (arg === 'deals.csv' ? dealsFile : arg)));

function run(argv) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/dealmath.js'), ...argv], { cwd: EXAMPLES, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '80' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = createHash('sha256');
    let stderr = '';
    child.stdout.on('data', (chunk) => hash.update(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolvePromise(`${hash.update(`\n# exit ${code}\n${stderr.split(data).join('DATA')}`).digest('hex')}`));
  });
}

const lines = [];
for (const command of commands) {
  for (const format of ['table', 'json', 'csv', 'md']) {
    const argv = [...command, '--format', format];
    const label = argv.join(' ').split(data).join('DATA');
    const started = Date.now();
    lines.push(`${await run(argv)}  ${label}`);
    console.error(`${((Date.now() - started) / 1000).toFixed(1)} s  ${label}`);
  }
}
if (write) {
  writeFileSync(RECORD, `${lines.join('\n')}\n`);
  console.error(`wrote ${lines.length} hashes to test/golden/large.sha256`);
} else {
  const recorded = new Set(readFileSync(RECORD, 'utf8').trim().split('\n'));
  const differing = lines.filter((line) => !recorded.has(line));
  for (const line of differing) console.error(`differs: ${line.slice(66)}`);
  console.error(differing.length === 0 ? `all ${lines.length} outputs match` : `${differing.length} of ${lines.length} outputs differ`);
  process.exit(differing.length === 0 ? 0 : 1);
}
