/**
 * largest and smallest: Math.max and Math.min over any number of values. Spreading 200,000 values
 * into Math.max overflowed the stack (a quadrant chart of 200,000 accounts: an internal error).
 */
import { describe, expect, it } from 'vitest';
import { largest, smallest } from '../../src/report/extremes.js';

describe('largest and smallest', () => {
  it.each([
    [[3, -1, 7, 0], 7, -1],
    [[-5], -5, -5],
    [[0, -0], 0, -0],
    [[-0, 0], 0, -0],
    [[1, Number.NaN, 2], Number.NaN, Number.NaN],
    [[Number.POSITIVE_INFINITY, 1], Number.POSITIVE_INFINITY, 1],
  ])('%j: largest %d, smallest %d, as Math.max and Math.min give', (values, high, low) => {
    expect(largest(values)).toBe(high);
    expect(smallest(values)).toBe(low);
    expect(largest(values)).toBe(Math.max(...values));
    expect(smallest(values)).toBe(Math.min(...values));
  });

  it('gives the start for no values, and counts the start among them', () => {
    expect(largest([])).toBe(Number.NEGATIVE_INFINITY);
    expect(smallest([])).toBe(Number.POSITIVE_INFINITY);
    expect(smallest([5, 9], 0)).toBe(0);
    expect(smallest([5, -9], 0)).toBe(-9);
    expect(largest([2, 3], 10)).toBe(10);
  });

  it('takes 500,000 values, which Math.max(...values) cannot', () => {
    const values = Array.from({ length: 500_000 }, (_, index) => (index * 7919) % 500_000);
    expect(() => Math.max(...values)).toThrow(RangeError);
    expect(largest(values)).toBe(499_999);
    expect(smallest(values, 1)).toBe(0);
  });
});
