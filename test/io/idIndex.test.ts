/** The compact id index keeps the first location of every id and finds every repeat. */
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../src/io/idIndex.js';

describe('IdIndex', () => {
  it('returns -1 for a new id and the first location for a repeat, across growth', () => {
    const index = new IdIndex(4);
    // The ids taken for repeats, if any (one expect() at the end: one per id cost 0.3 s).
    const repeats: string[] = [];
    for (let n = 0; n < 50_000; n += 1) {
      // warm() is a cache hint only: it must change nothing.
      if (n % 1000 === 0) index.warm(Array.from({ length: 1000 }, (_, k) => `D${n + k}`));
      if (index.firstSeenOrAdd(`D${n}`, n) !== -1) repeats.push(`D${n}`);
    }
    expect(repeats).toEqual([]);
    expect(index.size).toBe(50_000);
    expect(index.firstSeenOrAdd('D0', 99)).toBe(0);
    expect(index.firstSeenOrAdd('D49999', 99)).toBe(49_999);
    expect(index.firstSeenOrAdd('D12345', 7)).toBe(12_345);
    expect(index.size).toBe(50_000);
  });

  it('tells apart ids that differ only slightly, and the empty id', () => {
    const index = new IdIndex();
    const ids = ['', 'a', 'A', 'ab', 'ba', '0', '00', 'é', 'e\u0301', '__proto__', 'constructor'];
    ids.forEach((id, position) => expect(index.firstSeenOrAdd(id, position)).toBe(-1));
    ids.forEach((id, position) => expect(index.firstSeenOrAdd(id, 100)).toBe(position));
  });

  it('finds an id held by two indexes, whatever their sizes, also after one crossed threads as its table', () => {
    const left = new IdIndex();
    const right = new IdIndex(10);
    for (let n = 0; n < 1000; n += 1) left.firstSeenOrAdd(`L${n}`, n);
    for (let n = 0; n < 3000; n += 1) right.firstSeenOrAdd(`R${n}`, n);
    expect(left.sharesAnIdWith(right)).toBe(false);
    expect(right.sharesAnIdWith(left)).toBe(false);
    // What a worker thread sends: the table alone, copied as structured clone would.
    const received = IdIndex.fromTable(right.table().slice(), right.size);
    expect(received.size).toBe(3000);
    expect(received.firstSeenOrAdd('R2999', 5)).toBe(2999);
    right.firstSeenOrAdd('L500', 7);
    expect(left.sharesAnIdWith(right)).toBe(true);
    expect(right.sharesAnIdWith(left)).toBe(true);
    expect(new IdIndex().sharesAnIdWith(left)).toBe(false);
  });
});
