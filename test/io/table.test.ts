/**
 * Table sources (src/io/table.ts): delimiter and encoding detection, row numbers (header = row 1,
 * a record spanning lines is one row), blank lines, report footers, malformed CSV.
 * Fixtures: test/fixtures/exports/, one file per scenario.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDelimiter, openTable, type RawRow, type Table } from '../../src/io/table.js';
import { DealmathError } from '../../src/model/errors.js';
import { errorOf } from '../support/errors.js';

const EXPORTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'exports');
const fixture = (name: string): string => join(EXPORTS, name);

const scratch = mkdtempSync(join(tmpdir(), 'dealmath-table-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** Writes a scratch file for a case too small to deserve a fixture. */
const scratchFile = (name: string, content: string | Uint8Array): string => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};

async function readAll(table: Table): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const batch of table.batches) rows.push(...batch);
  return rows;
}

async function open(path: string, options: { delimiter?: string } = {}): Promise<{ table: Table; rows: RawRow[] }> {
  const table = await openTable(path, options);
  const rows = await readAll(table);
  return { table, rows };
}

describe('detectDelimiter', () => {
  it.each([
    ['id,name,stage', ','],
    ['id;name;stage', ';'],
    ['id\tname\tstage', '\t'],
    ['id|name|stage', '|'],
    ['single', ','],
    ['', ','],
  ])('finds the delimiter of %j', (header, delimiter) => {
    expect(detectDelimiter(header)).toBe(delimiter);
  });

  it('ignores delimiters inside quotes and looks at the header line only', () => {
    expect(detectDelimiter('"a,b,c";"d,e";f\nx,y,z,w,v')).toBe(';');
    expect(detectDelimiter('id;name\r\n1,2,3,4,5,6')).toBe(';');
  });
});

describe('openTable: the Salesforce report fixture', () => {
  it('reads 8 data rows and holds back the footer after the blank line', async () => {
    const { table, rows } = await open(fixture('salesforce-report.csv'));
    expect(table.format).toBe('csv');
    expect(table.delimiter).toBe(',');
    expect(table.header).toEqual([
      'Opportunity Owner', 'Account Name', 'Opportunity Name', 'Stage', 'Amount', 'Amount Currency',
      'Close Date', 'Created Date', 'Probability (%)', 'Forecast Category',
    ]);
    expect(rows.map((row) => row.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows[0]?.cells).toEqual([
      'Maria Lopez', 'Acme Corp', 'Acme Corp - Platform Expansion', 'Closed Won', '$48,000.00', 'USD', '2/27/2026', '11/14/2025', '100', 'Closed',
    ]);
    // Grand Totals, Confidential, Copyright; the row of empty cells counts as a blank line.
    expect(table.stats).toMatchObject({ blankLines: 2, footerRows: 3 });
    expect(rows.some((row) => row.cells.some((cell) => cell.includes('Grand Totals') || cell.includes('Copyright')))).toBe(false);
  });
});

describe('openTable: footers, blank lines', () => {
  it('counts a totals footer after a blank line and does not read it as data', async () => {
    const { rows, table } = await open(fixture('footer-rows.csv'));
    expect(rows.map((row) => row.cells[0])).toEqual(['F-1', 'F-2', 'F-3', 'F-4', 'F-5']);
    expect(table.stats).toMatchObject({ blankLines: 1, footerRows: 2 });
  });

  it('skips blank and whitespace-only lines but keeps spreadsheet row numbers', async () => {
    const { rows, table } = await open(fixture('blank-lines.csv'));
    // Lines: header 1, B-1 2, blank 3, B-2 4, B-3 5, blank 6-7, B-4 8, spaces 9, B-5 10, blank 11-12.
    expect(rows.map((row) => [row.row, row.cells[0]])).toEqual([
      [2, 'B-1'], [4, 'B-2'], [5, 'B-3'], [8, 'B-4'], [10, 'B-5'],
    ]);
    expect(table.stats).toMatchObject({ blankLines: 6, footerRows: 0 });
  });

  it('reads sparse rows after a mid-file blank line as data once a full row follows', async () => {
    const path = scratchFile('sparse-after-blank.csv', 'id,name,stage,amount\nA,Alpha,Open,100\n\nB,,,\nC,Gamma,Open,300\n');
    const { rows, table } = await open(path);
    expect(rows.map((row) => [row.row, row.cells[0]])).toEqual([[2, 'A'], [4, 'B'], [5, 'C']]);
    expect(table.stats).toMatchObject({ blankLines: 1, footerRows: 0 });
  });

  // A row of empty cells (`,,,,`) is how Excel saves an empty row: a blank line, not a deal.
  it('skips a mid-file row whose cells are all empty', async () => {
    const path = scratchFile('empty-cells-row.csv', 'id,name,stage,amount\nA,Alpha,Open,100\n,,,\nB,Beta,Open,200\n');
    const { rows, table } = await open(path);
    expect(rows.map((row) => [row.row, row.cells[0]])).toEqual([[2, 'A'], [4, 'B']]);
    expect(table.stats.blankLines).toBe(1);
  });

  // A file that starts with an empty line: the header is the first line with content.
  it('skips blank lines before the header', async () => {
    const path = scratchFile('leading-blank.csv', '\nid,name,stage\nA,Alpha,Open\n');
    const { table, rows } = await open(path);
    expect(table.header).toEqual(['id', 'name', 'stage']);
    expect(rows.map((row) => row.cells[0])).toEqual(['A']);
  });
});

describe('openTable: quoting, line ends, delimiters, encodings', () => {
  it('reads commas, doubled quotes and line breaks inside quotes, CRLF line ends; a multi-line record is one row', async () => {
    const { rows } = await open(fixture('quoted-newlines.csv'));
    expect(rows.map((row) => [row.row, row.cells[0]])).toEqual([
      [2, 'Q-1'], [3, 'Q-2'], [4, 'Q-3'], [5, 'Q-4'], [6, 'Q-5'], [7, 'Q-6'],
    ]);
    expect(rows[0]?.cells.slice(1, 3)).toEqual(['Platform expansion, phase 2', 'Acme, Inc.']);
    expect(rows[1]?.cells[1]).toBe('The "Big" Renewal');
    expect(rows[2]?.cells[1]).toBe('Analytics add-on\r\n(multi-year, 3 sites)');
    expect(rows[4]?.cells[1]).toBe('Security suite\r\nincl. "SSO"\r\nand audit');
    // No stray \r at the end of the last cell of a CRLF line.
    expect(rows.every((row) => row.cells.length === 8 && !(row.cells[7] ?? '').endsWith('\r'))).toBe(true);
  });

  it('detects a UTF-8 BOM and semicolons, and strips the BOM from the first header', async () => {
    const { table, rows } = await open(fixture('bom-semicolons.csv'));
    expect(table.encoding).toBe('utf-8 with BOM');
    expect(table.delimiter).toBe(';');
    expect(table.header[0]).toBe('Deal ID');
    expect(table.header).toHaveLength(9);
    expect(rows).toHaveLength(6);
    expect(rows[0]?.cells).toEqual(['DE-1001', 'Rahmenvertrag Müller', 'Müller GmbH', 'Anna Schmidt', 'Won', '€5.000,00', '15/01/2026', '27/02/2026', '100%']);
  });

  it('detects tabs, and keeps commas inside tab-separated cells', async () => {
    const { table, rows } = await open(fixture('tab-delimited.tsv'));
    expect(table.delimiter).toBe('\t');
    expect(table.header).toEqual(['deal_id', 'deal_name', 'account_name', 'owner', 'deal_stage', 'amount', 'created_at', 'closed_at', 'region']);
    expect(rows).toHaveLength(5);
    expect(rows[2]?.cells[1]).toBe('Analytics add-on, 3 sites');
  });

  it('uses a forced delimiter over detection', async () => {
    const path = scratchFile('forced.csv', 'id|name,with comma|stage\nA|Alpha, Inc.|Open\n');
    const { table, rows } = await open(path, { delimiter: '|' });
    expect(table.delimiter).toBe('|');
    expect(table.header).toEqual(['id', 'name,with comma', 'stage']);
    expect(rows[0]?.cells).toEqual(['A', 'Alpha, Inc.', 'Open']);
  });

  it('decodes UTF-16LE with a BOM', async () => {
    const body = Buffer.from('id,stage\nA,Öffnen\n', 'utf16le');
    const path = scratchFile('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
    const { table, rows } = await open(path);
    expect(table.encoding).toBe('utf-16le');
    expect(rows).toEqual([{ row: 2, cells: ['A', 'Öffnen'] }]);
  });

  it('names empty headers and suffixes repeated ones so every column has a key', async () => {
    const path = scratchFile('headers.csv', ' id ,,Amount,amount\nA,x,1,2\n');
    const { table } = await open(path);
    expect(table.header).toEqual(['id', 'column 2', 'Amount', 'amount (2)']);
  });

  it('passes ragged rows through with their own length (the deal reader rejects them)', async () => {
    const path = scratchFile('ragged.csv', 'id,name,stage\nA,Alpha\nB,Beta,Open,extra\n');
    const { rows } = await open(path);
    expect(rows).toEqual([
      { row: 2, cells: ['A', 'Alpha'] },
      { row: 3, cells: ['B', 'Beta', 'Open', 'extra'] },
    ]);
  });
});

describe('openTable: errors', () => {
  it('rejects an empty file', async () => {
    const error = await errorOf(open(scratchFile('empty.csv', '')));
    expect(error.code).toBe('empty-input');
  });

  it('rejects a missing file and a directory', async () => {
    expect((await errorOf(open(join(scratch, 'no-such.csv')))).code).toBe('file-not-found');
    expect((await errorOf(open(scratch))).code).toBe('unreadable');
  });

  it('locates an unclosed quote at the row where it opens', async () => {
    const error = await errorOf(open(scratchFile('unclosed.csv', 'id,name,stage\nA,ok,Open\nB,"broken,Open\nC,x,Open\n')));
    expect(error.code).toBe('malformed-input');
    expect(error.row).toBe(3);
  });

  // A quote inside an unquoted field is literal text (as Excel and RFC 4180 readers take it).
  it('reads a stray quote inside an unquoted field as text', async () => {
    const { rows } = await open(scratchFile('stray-quote.csv', 'id,name,stage\nA,ok,Open\nB,fine,Open\nC,5" screen,Open\n'));
    expect(rows.map((row) => row.cells)).toEqual([['A', 'ok', 'Open'], ['B', 'fine', 'Open'], ['C', '5" screen', 'Open']]);
  });

  it('locates an undoubled quote inside a quoted field at its row', async () => {
    const error = await errorOf(open(scratchFile('undoubled.csv', 'id,name,stage\nA,ok,Open\nB,"the "big" one",Open\n')));
    expect(error.code).toBe('malformed-input');
    expect(error.row).toBe(3);
  });
});

describe('openTable: JSON and YAML lists of records', () => {
  it('reads a JSON mapping holding one list, header = keys in order of first appearance', async () => {
    const path = scratchFile('deals.json', JSON.stringify({ deals: [{ id: 'J-1', stage: 'Open', amount: 5 }, { id: 'J-2', stage: 'Closed Won', region: 'EMEA' }] }));
    const { table, rows } = await open(path);
    expect(table.format).toBe('json');
    expect(table.header).toEqual(['id', 'stage', 'amount', 'region']);
    expect(rows).toEqual([
      { row: 2, cells: ['J-1', 'Open', '5', ''] },
      { row: 3, cells: ['J-2', 'Closed Won', '', 'EMEA'] },
    ]);
  });

  it('reads a YAML list, with dates as YYYY-MM-DD', async () => {
    const path = scratchFile('deals.yaml', '- id: Y-1\n  stage: Open\n  close: 2026-03-04\n- id: Y-2\n  stage: Closed Lost\n');
    const { table, rows } = await open(path);
    expect(table.format).toBe('yaml');
    expect(rows).toEqual([
      { row: 2, cells: ['Y-1', 'Open', '2026-03-04'] },
      { row: 3, cells: ['Y-2', 'Closed Lost', ''] },
    ]);
  });

  it('rejects a nested value with the record row and key', async () => {
    const error = await errorOf(open(scratchFile('nested.json', JSON.stringify([{ id: 'A' }, { id: 'B', tags: ['x'] }]))));
    expect(error.code).toBe('malformed-input');
    expect([error.row, error.column]).toEqual([3, 'tags']);
  });
});
