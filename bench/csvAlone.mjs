#!/usr/bin/env node
/**
 * `node bench/csvAlone.mjs FILE`: the CSV reader alone, on one thread: FILE's bytes decoded and
 * split into rows of cells, as every command reads them (`openTable`, src/io/table.ts), and
 * nothing done with the rows. What `winrate` costs before a single deal is read: the floor of
 * reading through strings, for bench/run.mjs to set beside DuckDB. Needs `npm run build` first;
 * never part of the test suite.
 */
import { openTable } from '../dist/io/table.js';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node bench/csvAlone.mjs FILE');
  process.exit(2);
}
const table = await openTable(file);
let rows = 0;
let cells = 0;
for await (const batch of table.batches) {
  rows += batch.length;
  for (const row of batch) cells += row.cells.length;
}
console.log(JSON.stringify({ rows, cells }));
