/**
 * Property (fast-check): the fast CSV splitter (src/io/csvFastRecords.ts) gives papaparse's
 * records and cursor for the same text, or declines (null) and leaves the text to papaparse.
 * papaparse with its last record held back (`parse(text, 0, true)`) is the reference: it is the
 * parser dealmath reads every chunk with otherwise. Texts are built from the characters that
 * matter to CSV (quotes, delimiters, LF, CR, spaces, tabs) so every branch is reached.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { canSplitFast, fastRecords } from '../../src/io/csvFastRecords.js';

function papaparse(text: string, delimiter: string): { records: string[][]; cursor: number; errorRows: number[] } {
  const parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' });
  const results = parser.parse(text, 0, true) as Papa.ParseResult<string[]>;
  return { records: results.data, cursor: results.meta.cursor, errorRows: results.errors.map((error) => error.row ?? -1) };
}

const unit = fc.constantFrom('a', 'b', '7', ' ', ',', ';', '\t', '"', '""', '\n', '\r', '\r\n', 'é', '🚀');
const text = fc.string({ unit, maxLength: 80 });
/** Texts shaped like records: cells quoted or not, so that the fast path is taken often. */
const recordText = fc
  .tuple(fc.array(fc.array(fc.tuple(fc.boolean(), fc.string({ unit, maxLength: 6 })), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'))
  .map(([rows, lineBreak]) => rows.map((row) => row.map(([quoted, cell]) => (quoted ? `"${cell.replaceAll('"', '""')}"` : cell.replace(/["\n]/g, ''))).join(',')).join(lineBreak));

describe('fastRecords', () => {
  it('gives papaparse records and cursor whenever it does not decline', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof(text, recordText, recordText.map((body) => `${body}\n`), recordText.map((body) => `${body}\r\n`)), fc.constantFrom(',', ';', '\t'), fc.integer({ min: 0, max: 5 }), (input, delimiter, width) => {
        const fast = fastRecords(input, delimiter, width);
        if (fast === null) return;
        taken += 1;
        const reference = papaparse(input, delimiter);
        // papaparse may already flag a bad quote in the record held back; that record is parsed
        // again with the next chunk (by papaparse, as the fast path declines it), so the error
        // comes then, at the same row.
        for (const row of reference.errorRows) expect(row).toBe(reference.records.length);
        expect(fast.records).toEqual(reference.records);
        expect(fast.cursor).toBe(reference.cursor);
      }),
      // FAST_RECORDS_RUNS=100000 searches longer (about 3 s).
      { numRuns: Number(process.env.FAST_RECORDS_RUNS ?? 3000) },
    );
    // The property says nothing if the fast path always declined.
    expect(taken).toBeGreaterThan(1500);
  });

  it('splits plain, quoted and multi-line fields and holds back the unfinished record', () => {
    const input = 'id,name,amount\nD1,"Acme, Inc.",100\nD2,"Say ""hi""",\n\nD3,"two\nlines",7\nD4,unfinished';
    expect(fastRecords(input, ',', 3)).toEqual({
      records: [['id', 'name', 'amount'], ['D1', 'Acme, Inc.', '100'], ['D2', 'Say "hi"', ''], [''], ['D3', 'two\nlines', '7']],
      cursor: input.indexOf('D4'),
    });
  });

  it('declines what papaparse reads its own way: white space after a closing quote, an undoubled quote', () => {
    expect(fastRecords('"a" ,b\nc,d\n', ',', 2)).toBeNull();
    expect(fastRecords('"a"\r,b\nc,d\n', ',', 2)).toBeNull();
    expect(fastRecords('"a"b,c\n', ',', 2)).toBeNull();
  });

  it('reads a fully quoted CRLF export (Salesforce) and holds back a CR that may have its LF in the next chunk', () => {
    expect(fastRecords('"Id","Amount"\r\n"D1","1,000"\r\n"D2","5"\r', ',', 2)).toEqual({ records: [['Id', 'Amount'], ['D1', '1,000']], cursor: 29 });
  });

  it('holds back a quoted field that may go on in the next chunk', () => {
    expect(fastRecords('x\n"ab', ',', 1)).toEqual({ records: [['x']], cursor: 2 });
    expect(fastRecords('x\n"ab"', ',', 1)).toEqual({ records: [['x']], cursor: 2 });
  });

  it('is used only for a one-character delimiter and LF line breaks', () => {
    expect(canSplitFast(',', '\n')).toBe(true);
    expect(canSplitFast('\t', '\n')).toBe(true);
    expect(canSplitFast(',', '\r')).toBe(false);
    expect(canSplitFast('||', '\n')).toBe(false);
    expect(canSplitFast('"', '\n')).toBe(false);
  });
});
