/**
 * The fuzz harness's checks (scripts/fuzz/runner.mjs), one class at a time, on run results written
 * by hand: each finding shape the issue describes is caught, and the ordinary outcomes (a one-line
 * refusal, exit 1 on failed validation, file names differing between two readings) are not.
 * The generators (scripts/fuzz/mutations.mjs) are checked for seeding and for the row forms they
 * write, against csv-parse's reading of the same text.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../cli/helpers.js';
import { createRandom, generateCase, loadBases, toCsv, toJson, toYaml } from '../../scripts/fuzz/mutations.mjs';
import { crashOf, describePath, hangOf, injectionOf, invariantOf, lossOf, memoryOf, overwriteOf, type RunResult } from '../../scripts/fuzz/runner.mjs';

function run(overrides: Partial<RunResult>): RunResult {
  return { args: ['winrate', 'deals.csv', '--json'], env: {}, code: 0, signal: null, killedFor: null, ms: 300, peakMb: 60, stdout: '', stderr: '', ...overrides };
}

const accounting = (rowsRead: number, rowsUsed: number, rowsRejected: number, rowsFiltered: number, extra: object = {}): string =>
  JSON.stringify({ schemaVersion: 1, command: 'winrate', rowsRead, rowsUsed, rowsRejected, rowsFiltered, ...extra });

describe('crash', () => {
  it('is an internal error, a stack trace, a signal or an exit code outside 0, 1, 2', () => {
    // The issue's `--delimiter ''` outcome, as printed.
    expect(crashOf(run({ code: 2, stderr: 'dealmath: internal error: Invalid array length\n' }))).toBe('dealmath: internal error: Invalid array length');
    expect(crashOf(run({ code: 1, stderr: 'TypeError: x is undefined\n    at readDeals (file:///dist/cli.js:10:5)\n' }))).toBe('stack trace: TypeError: x is undefined');
    expect(crashOf(run({ code: 134 }))).toBe('exit 134');
    expect(crashOf(run({ code: null, signal: 'SIGSEGV' }))).toBe('killed by SIGSEGV');
  });

  it('is not a one-line refusal, a failed check, or a run the harness killed (hang or memory)', () => {
    expect(crashOf(run({ code: 2, stderr: 'dealmath: deals.csv, row 3, column "amount": "abc" is not an amount\n' }))).toBeNull();
    expect(crashOf(run({ code: 1, stderr: 'dealmath validate: 7 errors\n' }))).toBeNull();
    expect(crashOf(run({ code: null, signal: 'SIGKILL', killedFor: 'time' }))).toBeNull();
  });
});

describe('hang and memory', () => {
  it('a run killed at the time limit is a hang on an input under 1 MB, not on a larger one', () => {
    const killed = run({ code: null, signal: 'SIGKILL', killedFor: 'time', ms: 10_002 });
    expect(hangOf(killed, 30_000)).toBe('over 10 s on 30000 bytes of input');
    expect(hangOf(killed, 2 * 1024 * 1024)).toBeNull();
    expect(hangOf(run({ ms: 900 }), 30_000)).toBeNull();
  });

  it('a run killed at the memory limit is a memory finding', () => {
    expect(memoryOf(run({ code: null, signal: 'SIGKILL', killedFor: 'memory', peakMb: 1030 }))).toBe('peak RSS over 1024 MB');
    expect(memoryOf(run({ peakMb: 900 }))).toBeNull();
  });
});

describe('loss', () => {
  it('is rows not accounted for in the JSON', () => {
    expect(lossOf(run({ stdout: accounting(10, 6, 2, 1) }), null)).toBe('rowsRead 10 != rowsUsed 6 + rowsRejected 2 + rowsFiltered 1');
  });

  it('is rowsRead short of the data rows written (mixed line endings read as 5 rows of 13)', () => {
    expect(lossOf(run({ stdout: accounting(5, 2, 3, 0) }), 13)).toBe('rowsRead 5, but 13 data rows were written');
  });

  it('counts footer rows, and reads nothing into output that is not JSON', () => {
    expect(lossOf(run({ stdout: accounting(12, 10, 0, 0, { files: [{ footerRows: 2 }] }) }), null)).toBeNull();
    expect(lossOf(run({ stdout: accounting(13, 10, 3, 0) }), 13)).toBeNull();
    expect(lossOf(run({ stdout: '| owner | won |' }), 13)).toBeNull();
  });
});

describe('injection', () => {
  it('is a bidi or control character raw in a terminal table', () => {
    expect(injectionOf(run({ stdout: '│ \u202Eevil.exe │ 1 │\n' }), 'table')).toBe('U+202E raw in the table: "│ \\u202Eevil.exe │ 1 │\\n"');
    expect(injectionOf(run({ stdout: '│ Bob\u001B[31m │\n' }), 'table')).toMatch(/^U\+001B raw in the table/);
  });

  it('is not line breaks, box drawing, or escapes in JSON', () => {
    expect(injectionOf(run({ stdout: '┌──┐\n│ é │\t\n└──┘\n' }), 'table')).toBeNull();
    expect(injectionOf(run({ stdout: '{"owner":"\u202Eevil"}' }), 'json')).toBeNull();
  });
});

describe('overwrite', () => {
  const file = { type: 'file', mode: 0o644, hash: 'a' } as const;

  it('is an input changed, a symlink or FIFO replaced by a file, a private file made public', () => {
    expect(overwriteOf({ 'deals.csv': file }, { 'deals.csv': { ...file, hash: 'b' } })).toBe('deals.csv: its content changed');
    expect(overwriteOf({ 'link.txt': { type: 'symlink', mode: 0o777, hash: null } }, { 'link.txt': file }, ['link.txt'])).toBe('link.txt: a symlink became a file');
    expect(overwriteOf({ pipe: { type: 'fifo', mode: 0o644, hash: null } }, { pipe: file }, ['pipe'])).toBe('pipe: a fifo became a file');
    expect(overwriteOf({ null: { type: 'device', mode: 0o666, hash: null } }, { null: file }, ['null'])).toBe('null: a device became a file');
    expect(overwriteOf({ 'private.txt': { ...file, mode: 0o600 } }, { 'private.txt': { ...file, hash: 'b' } }, ['private.txt'])).toBe('private.txt: mode 600 became 644');
  });

  it('is not a new report in a file the run may write', () => {
    expect(overwriteOf({ 'report.txt': file }, { 'report.txt': { ...file, hash: 'b' } }, ['report.txt'])).toBeNull();
  });

  it('sees what a path is on disk', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kept.txt'), 'kept\n');
    symlinkSync('kept.txt', join(dir, 'link.txt'));
    mkdirSync(join(dir, 'folder'));
    expect(describePath(join(dir, 'link.txt')).type).toBe('symlink');
    expect(describePath(join(dir, 'folder')).type).toBe('directory');
    expect(describePath(join(dir, 'none')).type).toBe('missing');
    // sha256 of "kept\n" (sha256sum).
    expect(describePath(join(dir, 'kept.txt')).hash).toBe('78051faade059d70866df6a3fb83ef348721fd74a87e93ef95c493f87d0d236b');
  });
});

describe('invariant', () => {
  const answer = (won: number, file: string): string => JSON.stringify({ schemaVersion: 1, rowsRead: 200, files: [{ file }], total: { won }, warnings: [`2 rows rejected in ${file}`] });

  it('is a different answer from the same rows: the reordered file of the issue (total.won 142 vs 54)', () => {
    expect(invariantOf(run({ stdout: answer(142, 'deals.csv') }), run({ stdout: answer(54, 'deals.csv') }), ['deals.csv'])).toBe('total.won: 142 vs 54');
  });

  it('names a difference in the last digits of a double (money summed in another order)', () => {
    const sum = (value: number): RunResult => run({ stdout: JSON.stringify({ total: { wonValue: value } }) });
    // The figures: 22196822.9041 against 22196822.904100027.
    expect(invariantOf(sum(22196822.9041), sum(22196822.904100027), [])).toBe('last digits differ: total.wonValue: 22196822.9041 vs 22196822.904100027');
  });

  it('is a different exit code, naming both first lines', () => {
    expect(invariantOf(run({ code: 0 }), run({ code: 2, stderr: 'dealmath: part-2.csv: day/month order\n' }), [])).toBe('exit 0 vs 2:  | dealmath: part-2.csv: day/month order');
  });

  it('is not a difference in file names, row numbers or the findings listed', () => {
    const one = run({ stdout: answer(142, 'deals.csv') });
    const other = run({ stdout: answer(142, 'deals.json') });
    expect(invariantOf(one, other, ['deals.csv', 'deals.json'])).toBeNull();
  });
});

describe('generators', () => {
  const bases = loadBases(ROOT);
  const descriptions = (seed: number): string[] => {
    const random = createRandom(seed);
    return Array.from({ length: 30 }, () => generateCase(random, bases).description);
  };

  it('the same seed gives the same cases, another seed others', () => {
    expect(descriptions(11)).toEqual(descriptions(11));
    expect(descriptions(12)).not.toEqual(descriptions(11));
  });

  it('writes the same rows as CSV (any line ending, any delimiter), JSON and YAML', () => {
    const table = { header: ['deal_id', 'name', 'amount'], rows: [['D1', 'Acme, "Inc"', '100'], ['4000000000000000001', 'line\nbreak', 'NaN']] };
    const random = createRandom(1);
    for (const options of [{ eol: '\r\n' }, { eol: 'mixed', random }, { delimiter: ';' }]) {
      expect(parse(toCsv(table, options), { delimiter: options.delimiter ?? ',', record_delimiter: ['\r\n', '\n'] })).toEqual([table.header, ...table.rows]);
    }
    expect(JSON.parse(toJson(table))).toEqual(table.rows.map((row) => ({ deal_id: row[0], name: row[1], amount: row[2] })));
    // Typed: numbers written as their source text, so 19 digits stay 19 digits in the file.
    expect(toJson(table, { typed: true })).toContain('"deal_id":4000000000000000001,');
    expect(toYaml(table, { typed: true })).toContain('"amount": .nan');
    // A leading zero is no JSON number: such a cell stays a string.
    expect(toJson({ header: ['zip'], rows: [['00012']] }, { typed: true })).toBe('[\n{"zip":"00012"}\n]\n');
  });
});
