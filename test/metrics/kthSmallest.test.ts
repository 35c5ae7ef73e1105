/** kthSmallest: the simulation's quantiles by selection, held to a sort. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kthSmallest } from '../../src/metrics/kthSmallest.js';

describe('kthSmallest', () => {
  it('gives the k-th smallest (0-based), as sorting would', () => {
    expect(kthSmallest(Float64Array.of(5, 1, 4, 2, 3), 1, 0, 4)).toBe(2);
    expect(kthSmallest(Float64Array.of(7), 0, 0, 0)).toBe(7);
    expect(kthSmallest(Float64Array.of(2, 2, 2, 1), 3, 0, 3)).toBe(2);
  });

  it('equals the sorted array at k for any values (many repeated, as run totals are), leaving smaller before and larger after', () => {
    const values = fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -1e12, max: 1e12 })), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(values, fc.nat(), (list, pick) => {
        const array = Float64Array.from(list);
        const sorted = Float64Array.from(list).sort();
        const k = pick % list.length;
        const found = kthSmallest(array, k, 0, list.length - 1);
        expect(found).toBe(sorted[k]);
        for (let index = 0; index < k; index += 1) expect(array[index]).toBeLessThanOrEqual(found);
        for (let index = k + 1; index < list.length; index += 1) expect(array[index]).toBeGreaterThanOrEqual(found);
      }),
      { numRuns: 1000 },
    );
  });

  it('selects within a range, and refuses a k outside it', () => {
    const array = Float64Array.of(9, 8, 1, 2, 3, 0);
    expect(kthSmallest(array, 3, 2, 4)).toBe(2);
    expect(() => kthSmallest(array, 5, 0, 4)).toThrow(RangeError);
  });
});
