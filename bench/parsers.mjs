#!/usr/bin/env node
/**
 * `npm run bench:parsers`: the measurement behind dealmath's CSV parser (README "Performance").
 * Parses the benchmark file (bench/data/deals-1m.csv; run `npm run bench` first to generate it)
 * with each candidate, the same 96 KiB text chunks fed incrementally as dealmath feeds them, and
 * prints the median of 3 rounds. Every parser must return the same number of records and the
 * same characters in them, or the script says so and exits 1.
 *
 * csv-parse (the design card's choice) and papaparse come from node_modules; uDSV is installed on
 * demand into bench/.deps, never through `npm install`.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { once } from 'node:events';
import { parse as csvParse } from 'csv-parse';
import Papa from 'papaparse';

const here = dirname(fileURLToPath(import.meta.url));
const depsDir = join(here, '.deps');
const file = process.argv[2] ?? join(here, 'data', 'deals-1m.csv');
const ROUNDS = 3;

if (!existsSync(file)) {
  process.stderr.write(`bench/parsers.mjs: ${file} is missing; run npm run bench first (it generates it)\n`);
  process.exit(2);
}

/** Installs uDSV into bench/.deps once; returns its module, or null (with a note) when it cannot. */
async function loadUdsv() {
  const marker = join(depsDir, 'node_modules', 'udsv', 'package.json');
  if (!existsSync(marker)) {
    process.stderr.write('installing udsv into bench/.deps (once) ...\n');
    mkdirSync(depsDir, { recursive: true });
    if (!existsSync(join(depsDir, 'package.json'))) writeFileSync(join(depsDir, 'package.json'), '{ "private": true }\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    spawnSync(npm, ['install', '--prefix', depsDir, '--no-audit', '--no-fund', '--ignore-scripts', 'udsv'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (!existsSync(marker)) {
      process.stderr.write('udsv could not be installed; it is left out\n');
      return null;
    }
  }
  const require = createRequire(join(depsDir, 'package.json'));
  return import(pathToFileURL(require.resolve('udsv')).href);
}

/** What a parser saw: records, and characters in all their fields (a cheap check that they agree). */
const tally = () => ({ records: 0, chars: 0 });
const count = (seen, row) => {
  seen.records += 1;
  for (const field of row) seen.chars += field.length;
};

const chunks = [];
for await (const chunk of createReadStream(file, { highWaterMark: 96 * 1024 })) chunks.push(chunk.toString('utf8'));

const udsv = await loadUdsv();
const parsers = {
  // Its streaming API, as a reader of a file would use it.
  'csv-parse (stream, arrays)': async () => {
    const seen = tally();
    const parser = csvParse({ relax_column_count: true });
    const consumed = (async () => {
      for await (const row of parser) count(seen, row);
    })();
    for (const chunk of chunks) if (!parser.write(chunk)) await once(parser, 'drain');
    parser.end();
    await consumed;
    return seen;
  },
  'papaparse core Parser (dealmath)': () => {
    const seen = tally();
    const parser = new Papa.Parser({ delimiter: ',', newline: '\n', quoteChar: '"' });
    let carried = '';
    for (const chunk of chunks) {
      const input = carried + chunk;
      const results = parser.parse(input, 0, true);
      for (const row of results.data) count(seen, row);
      carried = input.substring(results.meta.cursor);
    }
    if (carried !== '') for (const row of parser.parse(carried, 0, false).data) count(seen, row);
    return seen;
  },
  ...(udsv === null
    ? {}
    : {
        'uDSV (chunked)': () => {
          const seen = tally();
          const parser = udsv.initParser(udsv.inferSchema(chunks[0] ?? '', { header: () => [] }));
          for (const chunk of chunks) parser.chunk(chunk, parser.stringArrs, (row) => count(seen, row));
          parser.end();
          return seen;
        },
      }),
};

const times = Object.fromEntries(Object.keys(parsers).map((name) => [name, []]));
const results = {};
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, run] of Object.entries(parsers)) {
    const started = performance.now();
    results[name] = await run();
    times[name].push((performance.now() - started) / 1000);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const [reference] = Object.values(results);
let agree = true;
process.stdout.write(`${file}: ${chunks.length} chunks of 96 KiB, median of ${ROUNDS} rounds, node ${process.version}\n\n| parser | s | records | characters |\n|---|---:|---:|---:|\n`);
for (const [name, seen] of Object.entries(results)) {
  if (seen.records !== reference.records || seen.chars !== reference.chars) agree = false;
  process.stdout.write(`| ${name} | ${median(times[name]).toFixed(2)} | ${seen.records} | ${seen.chars} |\n`);
}
process.stdout.write(agree ? '\nall parsers agree\n' : '\nTHE PARSERS DISAGREE\n');
process.exitCode = agree ? 0 : 1;
