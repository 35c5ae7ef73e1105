import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DealmathError } from '../../src/model/errors.js';
import { createHistoryIndex, packedHistoryLookup, packedHistoryMap, type PackedHistory } from '../../src/model/packedHistory.js';
import type { StageEntry } from '../../src/model/types.js';

const entry = (dealId: string, stage: string, entered: number, row: number, file = 'h.csv'): StageEntry => ({ dealId, stage, entered, source: { file, row } });

function packed(entries: readonly StageEntry[]): PackedHistory {
  const index = createHistoryIndex();
  for (const item of entries) index.add(item);
  expect(index.size).toBe(entries.length);
  return index.pack();
}

describe('createHistoryIndex', () => {
  it('groups entries by deal, each deal\'s in file order, and finds them by id', () => {
    const rows = [entry('A', 'Qualify', 1, 2), entry('B', 'Qualify', 3, 3), entry('A', 'Proposal', 5, 4), entry('B', 'Closed Won', -400, 2, 'second.csv')];
    const history = packed(rows);
    const lookup = packedHistoryLookup(history);
    expect(lookup({ id: 'A' })).toEqual([rows[0], rows[2]]);
    expect(lookup({ id: 'B' })).toEqual([rows[1], rows[3]]);
    expect(lookup({ id: 'C' })).toBeUndefined();
    // Each id and label once; four numbers a row.
    expect(history.dealIds).toEqual(['A', 'B']);
    expect(history.stages).toEqual(['Qualify', 'Proposal', 'Closed Won']);
    expect(history.files).toEqual(['h.csv', 'second.csv']);
    expect([...history.starts]).toEqual([0, 2, 4]);
    expect(packedHistoryMap(history)).toEqual(new Map([['A', [rows[0], rows[2]]], ['B', [rows[1], rows[3]]]]));
  });

  it('is plain data: a structured clone (what a worker thread is sent) answers the same', () => {
    const rows = [entry('A', 'Qualify', 1, 2), entry('B', 'Proposal', 3, 3), entry('A', 'Proposal', 5, 4)];
    const history = packed(rows);
    const copy = structuredClone(history);
    expect(packedHistoryLookup(copy)({ id: 'A' })).toEqual(packedHistoryLookup(history)({ id: 'A' }));
    expect(packedHistoryMap(copy)).toEqual(packedHistoryMap(history));
  });

  it('answers the same as grouping the entries by id, for any entries', () => {
    const entryArbitrary = fc.record({
      dealId: fc.constantFrom('A', 'B', 'C', 'a long Salesforce id 0065e00000AbCdEfGH', ''),
      stage: fc.constantFrom('Qualify', 'Proposal', 'Negotiation/Review'),
      entered: fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 }),
      source: fc.record({ file: fc.constantFrom('a.csv', 'b.csv'), row: fc.integer({ min: 0, max: 2 ** 32 - 1 }) }),
    });
    fc.assert(
      fc.property(fc.array(entryArbitrary, { maxLength: 60 }), (rows) => {
        const expected = new Map<string, StageEntry[]>();
        for (const item of rows) expected.set(item.dealId, [...(expected.get(item.dealId) ?? []), item]);
        const history = packed(rows);
        expect(packedHistoryMap(history)).toEqual(expected);
        const lookup = packedHistoryLookup(history);
        // In the history's order (the next deal guessed first), backwards, and ids it lacks between.
        const ids = [...expected.keys()];
        for (const id of [...ids, ...ids.reverse(), 'D', ...ids.flatMap((known) => ['D', known])]) expect(lookup({ id })).toEqual(expected.get(id));
      }),
      { numRuns: 300 },
    );
  });

  it('stops with a limit-exceeded DealmathError naming the row past its bound', () => {
    const index = createHistoryIndex(1);
    index.add(entry('A', 'Qualify', 1, 2));
    let error: unknown;
    try {
      index.add(entry('B', 'Qualify', 1, 3));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DealmathError);
    expect((error as DealmathError).code).toBe('limit-exceeded');
    expect((error as DealmathError).row).toBe(3);
    expect(() => createHistoryIndex(0)).toThrow(/createHistoryIndex/);
  });

  it('refuses what its columns cannot hold, and a builder used after it packed', () => {
    const index = createHistoryIndex();
    expect(() => index.add(entry('A', 'Qualify', 1.5, 2))).toThrow(RangeError);
    expect(() => index.add(entry('A', 'Qualify', 2 ** 31, 2))).toThrow(RangeError);
    expect(() => index.add(entry('A', 'Qualify', 1, 2 ** 32))).toThrow(RangeError);
    expect(index.size).toBe(0);
    index.add(entry('A', 'Qualify', 1, 2));
    index.pack();
    expect(() => index.add(entry('A', 'Qualify', 1, 3))).toThrow(/after pack/);
    expect(() => index.pack()).toThrow(/twice/);
  });

  it('grows past its first capacity without losing rows', () => {
    const rows = Array.from({ length: 5000 }, (_, row) => entry(`D${row % 700}`, row % 2 === 0 ? 'Qualify' : 'Proposal', row, row + 2));
    const lookup = packedHistoryLookup(packed(rows));
    expect(lookup({ id: 'D3' })?.map((item) => item.source.row)).toEqual(rows.filter((item) => item.dealId === 'D3').map((item) => item.source.row));
    expect(lookup({ id: 'D699' })?.length).toBe(7);
  });
});
