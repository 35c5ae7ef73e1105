/**
 * Property (fast-check): a CSV written by a standard writer (csv-stringify) reads back through
 * openTable to the same header and records: any delimiter dealmath detects, LF or CRLF, quoted or
 * only where needed, with or without a UTF-8 BOM, and wherever the 256 KiB read chunks cut the
 * file (the second property places the generated rows across the first chunk boundary).
 *
 * The record-length guard (the part of openTable that refuses a record longer than the limit
 * before papaparse buffers it) refuses exactly the files that hold such a record, wherever the
 * chunks cut them, here with a limit small enough for generated rows to cross it.
 *
 * One deliberate difference: a row whose cells are all blank is a blank line to dealmath (how a
 * spreadsheet saves an empty row), so the generator keeps one cell of every row filled.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';

/**
 * A cell holding a line break is quoted (RFC 4180), whatever the record delimiter: csv-stringify
 * leaves a lone LF unquoted in a CRLF file, which dealmath reads as a line saved with another
 * ending (a new row), as it must for files with mixed line endings.
 */
const LINE_BREAK = /[\r\n]/;
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordLengthGuard, guessNewline, openTable } from '../../src/io/table.js';

const dir = mkdtempSync(join(tmpdir(), 'dealmath-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;

const CHUNK = 256 * 1024;
const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', ',', ';', '|', '\t', '"', '\n', '\r\n', "'", '=', 'é', '€', '🚀'), maxLength: 12 });
const shape = fc.record({
  width: fc.integer({ min: 1, max: 5 }),
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  recordDelimiter: fc.constantFrom('unix' as const, 'windows' as const),
  quoted: fc.boolean(),
  bom: fc.boolean(),
});
const table = shape.chain((options) => fc.tuple(fc.constant(options), fc.array(fc.array(cell, { minLength: options.width, maxLength: options.width }), { minLength: 1, maxLength: 8 })));

function keepOneCellFilled(rows: readonly string[][]): string[][] {
  return rows.map((row) => (row.every((value) => value.trim() === '') ? ['x', ...row.slice(1)] : [...row]));
}

async function readBack(path: string, delimiter: string | undefined): Promise<{ header: readonly string[]; records: string[][] }> {
  const opened = await openTable(path, { delimiter });
  const records: string[][] = [];
  for await (const batch of opened.batches) for (const raw of batch) records.push([...raw.cells]);
  return { header: opened.header, records };
}

describe('CSV round trip through openTable', () => {
  it('reads back what csv-stringify wrote', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ([options, rows]) => {
        const data = keepOneCellFilled(rows);
        const header = Array.from({ length: options.width }, (_, index) => `h${index}`);
        const text = stringify([header, ...data], { delimiter: options.delimiter, record_delimiter: options.recordDelimiter, quoted: options.quoted, quoted_match: LINE_BREAK });
        const path = join(dir, `round-${(fileCount += 1)}.csv`);
        writeFileSync(path, `${options.bom ? '\uFEFF' : ''}${text}`);
        // One column has no delimiter in its header to detect: say which it is.
        const read = await readBack(path, options.width === 1 ? options.delimiter : undefined);
        expect(read.header).toEqual(header);
        expect(read.records).toEqual(data);
      }),
      { numRuns: 200 },
    );
  });

  it('reads back rows cut anywhere by the first 256 KiB chunk boundary', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.integer({ min: 0, max: 160 }), async ([options, rows], before) => {
        const data = keepOneCellFilled(rows);
        const header = Array.from({ length: options.width }, (_, index) => `h${index}`);
        const write = (records: string[][]): string => stringify(records, { delimiter: options.delimiter, record_delimiter: options.recordDelimiter, quoted: options.quoted, quoted_match: LINE_BREAK });
        const head = write([header]);
        // A filler row sized so that the generated rows start `before` bytes ahead of the boundary.
        const fillerRow = (length: number): string[] => [`f${'f'.repeat(Math.max(0, length))}`, ...Array.from({ length: options.width - 1 }, () => 'f')];
        const fillerBytes = (length: number): number => Buffer.byteLength(write([fillerRow(length)]));
        const target = CHUNK - before - Buffer.byteLength(head) - (options.bom ? 3 : 0);
        const length = target - fillerBytes(0);
        const filler = fillerRow(length);
        expect(fillerBytes(length)).toBe(target);
        const path = join(dir, `boundary-${(fileCount += 1)}.csv`);
        writeFileSync(path, `${options.bom ? '\uFEFF' : ''}${head}${write([filler, ...data])}`);
        const read = await readBack(path, options.width === 1 ? options.delimiter : undefined);
        expect(read.header).toEqual(header);
        expect(read.records).toEqual([filler, ...data]);
      }),
      { numRuns: 300 },
    );
  });

  it('the record-length guard refuses exactly the files with a record over the limit', () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 8, max: 60 }), fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 40 }), ([options, rows], limit, sizes) => {
        const records = [Array.from({ length: options.width }, (_, index) => `h${index}`), ...keepOneCellFilled(rows)];
        const texts = records.map((record) => stringify([record], { delimiter: options.delimiter, record_delimiter: options.recordDelimiter, quoted: options.quoted, quoted_match: LINE_BREAK }));
        // A record's length is its text up to its line break.
        const newline = options.recordDelimiter === 'windows' ? '\r\n' : '\n';
        const expected = texts.every((text) => text.length - newline.length <= limit);
        const whole = texts.join('');
        expect(guessNewline(whole)).toBe(newline);
        const guard = new RecordLengthGuard(options.delimiter, newline, limit);
        // Chunks no longer than the limit: a record longer than the limit then always crosses a boundary.
        let accepted = true;
        for (let start = 0, index = 0; start < whole.length && accepted; index += 1) {
          const size = Math.min(sizes[index % sizes.length] as number, limit);
          accepted = guard.add(whole.slice(start, start + size));
          start += size;
        }
        expect(accepted).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
