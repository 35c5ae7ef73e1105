/** The compact id index keeps the first location of every id and finds every repeat. */
import { describe, expect, it } from 'vitest';
import { IdIndex, shareAHash } from '../../src/io/idIndex.js';

describe('IdIndex', () => {
  it('returns -1 for a new id and the first location for a repeat, across growth', () => {
    const index = new IdIndex(4);
    for (let n = 0; n < 50_000; n += 1) {
      // warm() is a cache hint only: it must change nothing.
      if (n % 1000 === 0) index.warm(Array.from({ length: 1000 }, (_, k) => `D${n + k}`));
      expect(index.firstSeenOrAdd(`D${n}`, n)).toBe(-1);
    }
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

  it('lists its hashes sorted, so two parts holding the same id are found by a linear walk', () => {
    const left = new IdIndex();
    const right = new IdIndex();
    for (let n = 0; n < 1000; n += 1) left.firstSeenOrAdd(`L${n}`, n);
    for (let n = 0; n < 1000; n += 1) right.firstSeenOrAdd(`R${n}`, n);
    const leftHashes = left.sortedHashes();
    expect(leftHashes).toHaveLength(1000);
    expect([...leftHashes].every((hash, at) => at === 0 || (leftHashes[at - 1] as number) < hash)).toBe(true);
    expect(shareAHash(leftHashes, right.sortedHashes())).toBe(false);
    right.firstSeenOrAdd('L500', 7);
    expect(shareAHash(leftHashes, right.sortedHashes())).toBe(true);
    expect(shareAHash(new Float64Array(0), leftHashes)).toBe(false);
  });
});
