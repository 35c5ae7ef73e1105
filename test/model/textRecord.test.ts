/**
 * textRecordMaker: a deal's dimensions made by a generated constructor (one fast shape for any
 * number of columns), with every header, however written, an ordinary own key holding its cell.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { textRecordMaker, type RecordColumn } from '../../src/model/textRecord.js';
import { ROOT } from '../cli/helpers.js';

/** Headers that would break or inject into generated code if they were not written as literals. */
const HOSTILE: readonly string[] = ['__proto__', 'constructor', 'prototype', 'a"b', "it's", 'back\\slash', 'line\nbreak', 'sep\u2028arator', '', "'); globalThis.injected = 1; ('", '"] = 0; globalThis.injected = 1; this["', '${injected}', '0', 'toString'];

describe('textRecordMaker', () => {
  it("keeps each column's cell under its name, in the columns' order, '' for a cell the row lacks", () => {
    const make = textRecordMaker([
      [2, 'region'],
      [0, 'segment'],
      [5, 'product'],
    ]);
    const record = make(['SMB', 'ignored', 'EMEA']);
    expect(Object.entries(record)).toEqual([
      ['region', 'EMEA'],
      ['segment', 'SMB'],
      ['product', ''],
    ]);
    // Each call makes a new record.
    expect(make(['Mid-Market', '', 'NA'])).not.toBe(make(['Mid-Market', '', 'NA']));
  });

  it('takes the later of two columns with one name, as assigning them in turn does', () => {
    expect(Object.entries(textRecordMaker([[0, 'Region'], [1, 'Region']])(['first', 'second']))).toEqual([['Region', 'second']]);
  });

  it('keeps hostile headers as ordinary own keys, and nothing else gains a property', () => {
    const columns: RecordColumn[] = HOSTILE.map((name, index) => [index, name]);
    const record = textRecordMaker(columns)(HOSTILE.map((_, index) => `v${index}`));
    for (const [index, name] of HOSTILE.entries()) {
      expect(Object.hasOwn(record, name), name).toBe(true);
      expect(record[name], name).toBe(`v${index}`);
    }
    // Integer-like names first, as every object orders its keys.
    expect(Object.keys(record)).toEqual(['0', ...HOSTILE.filter((name) => name !== '0')]);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(record))).toBeNull();
    expect((globalThis as Record<string, unknown>).injected).toBeUndefined();
    expect(({} as Record<string, unknown>).v0).toBeUndefined();
  });

  it.each(HOSTILE)('keeps the header %j alone as an ordinary own key', (name) => {
    const record = textRecordMaker([[1, name]])(['other', 'cell']);
    expect(Object.entries(record)).toEqual([[name, 'cell']]);
    expect((globalThis as Record<string, unknown>).injected).toBeUndefined();
  });

  it('makes the same records for 60 columns, as a wide export has', () => {
    const columns: RecordColumn[] = Array.from({ length: 60 }, (_, index) => [59 - index, `Custom_Field_${index}__c`]);
    const cells = Array.from({ length: 60 }, (_, index) => `cell ${index}`);
    const record = textRecordMaker(columns)(cells);
    expect(Object.keys(record)).toHaveLength(60);
    expect(record.Custom_Field_0__c).toBe('cell 59');
    expect(record.Custom_Field_59__c).toBe('cell 0');
    expect(record.Custom_Field_17__c).toBe('cell 42');
  });

  it('makes the same records for 2,000 columns (past 256 names, by the loop: V8 would copy a generated record into a dictionary)', () => {
    const columns: RecordColumn[] = Array.from({ length: 2000 }, (_, index) => [index, `C${index}`]);
    const record = textRecordMaker(columns)(Array.from({ length: 1999 }, (_, index) => `v${index}`));
    expect(Object.keys(record)).toHaveLength(2000);
    expect(record.C0).toBe('v0');
    expect(record.C1998).toBe('v1998');
    expect(record.C1999).toBe('');
    expect(Object.getPrototypeOf(Object.getPrototypeOf(record))).toBeNull();
  });

  it('makes the same records where code generation is refused (node --disallow-code-generation-from-strings)', () => {
    const columns: RecordColumn[] = HOSTILE.map((name, index) => [HOSTILE.length - 1 - index, name]);
    const cells = HOSTILE.map((_, index) => `v${index}`);
    const script = `
      const { textRecordMaker } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/model/textRecord.js')).href)});
      let generated = true;
      try { new Function('return 1'); } catch { generated = false; }
      const record = textRecordMaker(${JSON.stringify(columns)})(${JSON.stringify(cells)});
      process.stdout.write(JSON.stringify({ generated, entries: Object.entries(record), prototype: Object.getPrototypeOf(Object.getPrototypeOf(record)) === null }));`;
    const child = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const refused = JSON.parse(child.stdout) as { generated: boolean; entries: [string, string][]; prototype: boolean };
    expect(refused.generated).toBe(false);
    expect(refused.entries).toEqual(Object.entries(textRecordMaker(columns)(cells)));
    expect(refused.prototype).toBe(true);
  });
});
