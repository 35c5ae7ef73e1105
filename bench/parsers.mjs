#!/usr/bin/env node
/**
 * `npm run bench:parsers`: the measurement behind dealmath's CSV parser (README "Performance").
 * Parses the benchmark file (bench/data/deals-1m.csv; run `npm run bench` first to generate it)
 * with each candidate, the same 96 KiB text chunks fed incrementally as dealmath feeds them, and
 * prints the median of 3 rounds. Every parser must return the same number of records and the
 * same characters in them, or the script says so and exits 1.
 *
 * csv-parse (the design card's choice) and papaparse come from node_modules, dealmath's own fast
 * path from dist/ (`npm run build` first); uDSV is installed on
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
import { fastRecords } from '../dist/io/csvFastRecords.js';

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
const byteChunks = [];
for await (const chunk of createReadStream(file, { highWaterMark: 96 * 1024 })) {
  byteChunks.push(chunk);
  chunks.push(chunk.toString('utf8'));
}
const width = chunks[0]?.slice(0, chunks[0].indexOf('\n')).split(',').length ?? 0;

/**
 * Splitting by scanning bytes instead of searching the decoded text (issue 19's "parse bytes"):
 * each byte of an ASCII chunk compared in a loop over the Uint8Array, the cells cut from the text
 * decoded once per chunk (byte i is character i in ASCII). Quoted fields without a doubled quote
 * are handled; anything else throws, as the bench file has none. Kept to show why dealmath
 * does not split this way: V8's indexOf over a string is a native search, and a JavaScript loop
 * over bytes is slower than it, before a single cell is made.
 */
function byteRecords(bytes, text, onRecord) {
  let cells = new Array(width);
  let count = 0;
  let from = 0;
  let start = 0;
  for (let at = 0; at < bytes.length; at += 1) {
    const byte = bytes[at];
    if (byte === 44) {
      cells[count++] = text.substring(from, at);
      from = at + 1;
    } else if (byte === 10) {
      cells[count++] = text.substring(from, at);
      if (count < width) cells.length = count;
      onRecord(cells);
      cells = new Array(width);
      count = 0;
      from = at + 1;
      start = from;
    } else if (byte === 34 && at === from) {
      const close = bytes.indexOf(34, at + 1);
      if (close === -1) return start;
      const after = bytes[close + 1];
      if (after !== 44 && after !== 10) throw new Error('byte scan: a quoted field this candidate does not read');
      cells[count++] = text.substring(at + 1, close);
      at = close + 1;
      from = at + 1;
      if (after === 10) {
        if (count < width) cells.length = count;
        onRecord(cells);
        cells = new Array(width);
        count = 0;
        start = from;
      }
    } else if (byte > 127) throw new Error('byte scan: a non-ASCII byte; this candidate reads ASCII only');
  }
  return start;
}

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
  "dealmath's fast path (string indexOf, csvFastRecords.ts)": () => {
    const seen = tally();
    let carried = '';
    for (const chunk of chunks) {
      const input = carried + chunk;
      const split = fastRecords(input, ',', width);
      if (split === null) throw new Error('fastRecords declined a chunk of the bench file');
      for (const row of split.records) count(seen, row);
      carried = input.substring(split.cursor);
    }
    if (carried !== '') for (const row of fastRecords(`${carried}\n`, ',', width).records) count(seen, row);
    return seen;
  },
  'byte scan (Uint8Array loop, tried and dropped)': () => {
    const seen = tally();
    let carried = Buffer.alloc(0);
    for (const chunk of byteChunks) {
      const bytes = carried.length === 0 ? chunk : Buffer.concat([carried, chunk]);
      const start = byteRecords(bytes, bytes.latin1Slice(0, bytes.length), (row) => count(seen, row));
      carried = bytes.subarray(start);
    }
    if (carried.length !== 0) {
      const bytes = Buffer.concat([carried, Buffer.from('\n')]);
      byteRecords(bytes, bytes.latin1Slice(0, bytes.length), (row) => count(seen, row));
    }
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
