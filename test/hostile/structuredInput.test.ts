/**
 * Issue 18, JSON and YAML exports: read in time and memory that grow with the records, ids kept
 * as written, and NaN/Infinity in number cells reported as findings. Through the real binary.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DealmathError } from '../../src/model/errors.js';
import { openTable, type RawRow } from '../../src/index.js';
import { dealmath, tempDir, type CliResult } from '../cli/helpers.js';
import { errorOf } from '../support/errors.js';

/** Exit 2 with exactly one line on stderr matching `message`, no stack trace, nothing on stdout. */
function expectRefused(result: CliResult, message: RegExp): void {
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.code).toBe(2);
}

function write(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

describe('records without cells', () => {
  // 30,000 `{}` (90 KB) once sized the id index from zero-length cells: "internal error: Array buffer allocation failed".
  it('a JSON list of 30,000 empty records is refused for its missing status column, promptly', () => {
    const path = write('empty.json', `[${Array(30_000).fill('{}').join(',')}]`);
    const started = Date.now();
    const result = dealmath(['winrate', path, '--json', '--as-of', '2026-11-20']);
    expectRefused(result, /empty\.json: no way to know a deal's status/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

/** Runs validate --json and returns the document (with the row accounting checked). */
function validateJson(path: string, extra: string[] = []): { code: number; doc: { rowsRead: number; rowsUsed: number; rowsRejected: number; rowsFiltered: number; findings: { rule: string; row: number; column: string | null; value: string | null }[] } } {
  const result = dealmath(['validate', path, '--json', '--as-of', '2026-11-20', ...extra]);
  const doc = JSON.parse(result.stdout);
  expect(doc.rowsRead).toBe(doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered);
  return { code: result.code, doc };
}

const brief = (findings: readonly { rule: string; row: number; column: string | null; value: string | null }[]): [string, number, string | null, string | null][] =>
  findings.map((found) => [found.rule, found.row, found.column, found.value]);

describe('ids kept as written', () => {
  // Zoho-style record ids: 19 digits, beyond 2^53; as doubles the three were one id (two duplicate-id findings).
  const ids = ['4876876000000123451', '4876876000000123452', '4876876000000123453'];

  it('19-digit numeric ids in JSON stay three distinct deals', () => {
    const json = `[${ids.map((id, index) => `{"id": ${id}, "stage": "Closed Won", "amount": ${100 + index}, "close": "2026-01-0${index + 1}"}`).join(',\n')}]`;
    const { code, doc } = validateJson(write('zoho.json', json));
    expect(brief(doc.findings).filter(([rule]) => rule === 'duplicate-id')).toEqual([]);
    expect([code, doc.rowsRead, doc.rowsUsed]).toEqual([0, 3, 3]);
  });

  it('19-digit numeric ids in YAML stay three distinct deals', () => {
    const yaml = ids.map((id, index) => `- id: ${id}\n  stage: Closed Won\n  amount: ${100 + index}\n  close: 2026-01-0${index + 1}\n`).join('');
    const { code, doc } = validateJson(write('zoho.yaml', yaml));
    expect(brief(doc.findings).filter(([rule]) => rule === 'duplicate-id')).toEqual([]);
    expect([code, doc.rowsRead, doc.rowsUsed]).toEqual([0, 3, 3]);
  });

  it('a repeated 19-digit id is still a duplicate, shown as written', () => {
    const json = `[{"id": ${ids[0]}, "stage": "Closed Won", "amount": 1}, {"id": ${ids[0]}, "stage": "Closed Won", "amount": 2}]`;
    const { doc } = validateJson(write('repeat.json', json));
    expect(brief(doc.findings).filter(([rule]) => rule === 'duplicate-id')).toEqual([['duplicate-id', 3, 'id', ids[0]]]);
  });
});

describe('NaN and Infinity in number cells', () => {
  // YAML's .nan and .inf are numbers to the parser; as amounts they are bad-amount findings with the cell as written.
  it('a JSON amount written with 300 fraction digits reads as the same CSV cell does (was 5e-324: bad-amount; found by npm run fuzz)', () => {
    const tiny = `0.${'0'.repeat(322)}5`;
    const json = write('tiny.json', `[{"id":"T1","stage":"Closed Won","amount":${tiny},"close":"2026-02-01"}]`);
    const csv = write('tiny.csv', `id,stage,amount,close\nT1,Closed Won,${tiny},2026-02-01\n`);
    const fromJson = validateJson(json).doc;
    const fromCsv = validateJson(csv).doc;
    expect(fromJson.rowsRejected).toBe(fromCsv.rowsRejected);
    expect(fromJson.findings.map((found) => found.rule)).toEqual(fromCsv.findings.map((found) => found.rule));
  });

  it('YAML saved with CR line ends reads as with LF (was one long line: not valid YAML, and inspect aborted the process; found by npm run fuzz)', () => {
    const lines = ['- id: A1', '  stage: Closed Won', '  amount: 100', '- id: A2', '  stage: Closed Lost', '  amount: 50'];
    const lf = validateJson(write('lf.yaml', `${lines.join('\n')}\n`)).doc;
    const cr = validateJson(write('cr.yaml', `${lines.join('\r')}\r`)).doc;
    expect(cr).toMatchObject({ rowsRead: 2, rowsRejected: 0 });
    expect(cr.rowsUsed).toBe(lf.rowsUsed);
    const inspected = dealmath(['inspect', write('cr2.yaml', `${lines.join('\r')}\r`), '--json']);
    expect(inspected.code).toBe(0);
  });

  it('YAML .nan, .inf and -.inf amounts are bad-amount findings showing the cell as in the file', () => {
    const yaml = [
      '- {id: A, stage: Closed Won, amount: .nan}',
      '- {id: B, stage: Closed Won, amount: .inf}',
      '- {id: C, stage: Closed Won, amount: -.Inf}',
      '- {id: D, stage: Closed Won, amount: 5}',
      '',
    ].join('\n');
    const { code, doc } = validateJson(write('nan.yaml', yaml));
    expect(brief(doc.findings).filter(([rule]) => rule === 'bad-amount')).toEqual([
      ['bad-amount', 2, 'amount', '.nan'],
      ['bad-amount', 3, 'amount', '.inf'],
      ['bad-amount', 4, 'amount', '-.Inf'],
    ]);
    expect([code, doc.rowsRejected, doc.rowsUsed]).toEqual([1, 3, 1]);
  });

  it('JSON NaN or Infinity (not JSON) is refused naming the record', () => {
    const path = write('nan.json', '[{"id": "A", "stage": "Won", "amount": 5},\n {"id": "B", "stage": "Won", "amount": NaN}]');
    expectRefused(dealmath(['validate', path]), /nan\.json, row 3: not valid JSON \(record 2: /);
  });
});

async function readRows(path: string): Promise<{ header: readonly string[]; rows: RawRow[] }> {
  const table = await openTable(path);
  const rows: RawRow[] = [];
  for await (const batch of table.batches) rows.push(...batch);
  return { header: table.header, rows };
}

describe('JSON read as a stream of records', () => {
  // Strings holding brackets, quotes, escaped backslashes and braces; records cut across the
  // reader's 96 KiB chunks (5,000 records of ~60 bytes). Expected cells: what JSON.parse of the
  // whole document gives, as text.
  it('reads records whose strings hold brackets and escapes, across chunk boundaries, as JSON.parse does', async () => {
    const tricky = ['a]b', 'c}d', 'e\\"f', '{"x":[1]}', '\\', 'ü€', ''];
    const records = Array.from({ length: 5000 }, (_, index) => ({ id: `R-${index}`, name: tricky[index % tricky.length], amount: index % 7 === 0 ? 1.5 : index }));
    const { header, rows } = await readRows(write('tricky.json', JSON.stringify({ meta: { note: 'x ] [ }' }, deals: records, after: { n: 1 } }, null, 1)));
    const expected = (JSON.parse(JSON.stringify(records)) as { id: string; name: string; amount: number }[]).map((record, index) => ({ row: index + 2, cells: [record.id, record.name, String(record.amount)] }));
    expect(header).toEqual(['id', 'name', 'amount']);
    expect(rows).toEqual(expected);
  });

  it('keys first seen late in the file are in the header', async () => {
    const records: Record<string, unknown>[] = Array.from({ length: 3000 }, (_, index) => ({ id: `R-${index}` }));
    records[2999] = { id: 'R-2999', region: 'EMEA' };
    const { header, rows } = await readRows(write('late.json', JSON.stringify(records)));
    expect(header).toEqual(['id', 'region']);
    expect(rows[0]).toEqual({ row: 2, cells: ['R-0', ''] });
    expect(rows[2999]).toEqual({ row: 3001, cells: ['R-2999', 'EMEA'] });
  });

  it('refuses by name: a broken record (with its row), a record not a mapping, two lists, text after the end, deep nesting, a record over 4 MiB', async () => {
    const cases: [string, string, RegExp, number | undefined][] = [
      ['broken.json', '[{"id": "A"}, {"id": "B",}]', /: not valid JSON \(record 2: /, 3],
      ['scalar.json', '[{"id": "A"}, 7]', /: record 2 is not a mapping of field to value$/, 3],
      ['two.json', '{"a": [{"id": "A"}], "b": [{"id": "B"}]}', /more than one list/, undefined],
      ['after.json', '[{"id": "A"}] x', /after the end of the document/, undefined],
      ['open.json', '[{"id": "A"}', /ends before its list is closed/, undefined],
      ['deep.json', `[{"id": ${'['.repeat(100)}${']'.repeat(100)}}]`, /nested more than 64 levels deep/, undefined],
      ['long.json', `[{"id": "${'x'.repeat(4 * 1024 * 1024 + 10)}"}]`, /longer than 4194304 characters, the limit per record/, undefined],
      ['empty.json', '[]', /the list of records is empty/, undefined],
    ];
    for (const [name, text, message, row] of cases) {
      const error = await errorOf(readRows(write(name, text)));
      expect([name, error.message]).toEqual([name, expect.stringMatching(message)]);
      expect([name, error.row ?? undefined]).toEqual([name, row]);
    }
  });

  // 16 MiB of tiny records (331,815) parsed whole took more than a 64 MB heap (crash, signal 6); streamed, it fits.
  it('16 MiB of tiny JSON records is read with a 64 MB heap', () => {
    const parts: string[] = [];
    let bytes = 2;
    while (bytes < 16 * 1024 * 1024) {
      const text = `{"id":"D-${parts.length}","stage":"Closed Won","amount":${parts.length % 97}}`;
      parts.push(text);
      bytes += text.length + 1;
    }
    const result = dealmath(['winrate', write('tiny.json', `[${parts.join(',')}]`), '--json', '--as-of', '2026-11-20'], { env: { NODE_OPTIONS: '--max-old-space-size=64' } });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).total).toMatchObject({ won: parts.length, lost: 0 });
  });

  it('a JSON file of 64 MiB and more is read (it streams), not refused', () => {
    // 1.7M records of ~40 bytes: once refused at 64 MiB, and before that held whole (2.4 GB).
    const record = (index: number): string => `{"id":"D-${index}","stage":"Closed Won","amount":${index % 97}}`;
    // Written a block at a time: a list of 1.7M strings joined took the test 1.3 s and 150 MB.
    const path = join(tempDir(), 'large.json');
    const file = openSync(path, 'w');
    let bytes = 2;
    let count = 0;
    let block = '[';
    while (bytes <= 64 * 1024 * 1024) {
      const text = (count === 0 ? '' : ',') + record(count);
      block += text;
      bytes += text.length;
      count += 1;
      if (block.length >= 1 << 20) {
        writeSync(file, block);
        block = '';
      }
    }
    writeSync(file, `${block}]`);
    closeSync(file);
    const result = dealmath(['winrate', path, '--json', '--as-of', '2026-11-20']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).total).toMatchObject({ won: count, lost: 0 });
  }, 120_000);
});

describe('YAML read in groups of items', () => {
  // 1 MiB of tiny records (22,597) as one document tree took ~90 MB of heap: with the heap capped
  // at 64 MB it crashed (out of memory, signal 6). Parsed in groups of items, it fits.
  it('1 MiB of tiny YAML records is read with a 64 MB heap', () => {
    const lines: string[] = [];
    let bytes = 0;
    for (let index = 0; bytes < 1024 * 1024; index += 1) {
      const line = `- {id: D-${index}, stage: Closed Won, amount: ${index % 97}}\n`;
      lines.push(line);
      bytes += line.length;
    }
    const result = dealmath(['winrate', write('tiny.yaml', lines.join('')), '--json', '--as-of', '2026-11-20'], { env: { NODE_OPTIONS: '--max-old-space-size=64' } });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).total).toMatchObject({ won: lines.length, lost: 0 });
  });

  it('a large top-level list reads every record, in order, as one document would', async () => {
    // About 40,000 records (~1.2 MB): several 256 KiB groups. Expected: the records as generated.
    const lines: string[] = ['# an export', ''];
    for (let index = 0; index < 40_000; index += 1) lines.push(`- id: Y-${index}\n  stage: ${index % 3 === 0 ? 'Closed Won' : 'Open'}\n  note: "- not an item"`);
    const { header, rows } = await readRows(write('large.yaml', `${lines.join('\n')}\n`));
    expect(header).toEqual(['id', 'stage', 'note']);
    expect(rows).toHaveLength(40_000);
    expect(rows[39_999]).toEqual({ row: 40_001, cells: ['Y-39999', 'Closed Won', '- not an item'] });
    expect(rows[4]).toEqual({ row: 6, cells: ['Y-4', 'Open', '- not an item'] });
  });

  it('an alias to an anchor in an earlier group still resolves (the file is then read as one document)', async () => {
    const lines: string[] = ['- id: Y-0\n  owner: &owner Dana Smith'];
    for (let index = 1; index < 20_000; index += 1) lines.push(`- id: Y-${index}\n  owner: x`);
    lines.push('- id: Y-last\n  owner: *owner');
    const { rows } = await readRows(write('alias.yaml', `${lines.join('\n')}\n`));
    expect(rows.at(-1)).toEqual({ row: 20_002, cells: ['Y-last', 'Dana Smith'] });
  });

  it('an error in a later group is still refused as the whole document words it', async () => {
    const lines: string[] = [];
    for (let index = 0; index < 20_000; index += 1) lines.push(`- id: Y-${index}\n  owner: x`);
    lines.push('- id: Y-bad\n  owner: x\n  owner: y');
    const error = await errorOf(readRows(write('dupkey.yaml', `${lines.join('\n')}\n`)));
    expect(error.message).toMatch(/: not valid YAML \(Map keys must be unique/);
  });
});
