import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileOfScore, percentileRank } from '../../src/metrics/percentileRank.js';

const higher = { higherIsBetter: true } as const;
const lower = { higherIsBetter: false } as const;

describe('percentileRank', () => {
  it('ranks distinct values: (worse + 0.5 x equal) / n', () => {
    // hand-computed: 10 beats 0 -> 0.5/4 = 0.125; 20 -> 1.5/4 = 0.375; 30 -> 0.625; 40 -> 0.875
    expect(percentileRank([30, 10, 40, 20], higher)).toEqual([0.625, 0.125, 0.875, 0.375]);
  });

  it('gives tied values one rank (weak+strict average)', () => {
    // hand-computed: 20 beats 1 (10), ties 2 -> (1 + 0.5 x 2) / 4 = 0.5; 40 -> (3 + 0.5) / 4 = 0.875
    expect(percentileRank([40, 10, 20, 20], higher)).toEqual([0.875, 0.125, 0.5, 0.5]);
    // hand-computed: all tied -> (0 + 0.5 x 3) / 3 = 0.5 each
    expect(percentileRank([7, 7, 7], higher)).toEqual([0.5, 0.5, 0.5]);
  });

  it('ranks shorter higher when higherIsBetter is false (sales cycle)', () => {
    // hand-computed: 30 days beats the 60-day peer -> (1 + 0.5) / 2 = 0.75; 60 -> 0.5 / 2 = 0.25
    expect(percentileRank([30, 60], lower)).toEqual([0.75, 0.25]);
    // hand-computed: [30, 45, 45, 90] shorter is better: 45 beats 90 (1) and ties 2 -> 2/4 = 0.5
    expect(percentileRank([90, 45, 30, 45], lower)).toEqual([0.125, 0.5, 0.875, 0.5]);
  });

  it('keeps null values null and leaves them out of the peers', () => {
    // hand-computed: peers [10, 30]: 10 -> 0.5/2 = 0.25, 30 -> 1.5/2 = 0.75
    expect(percentileRank([10, null, 30], higher)).toEqual([0.25, null, 0.75]);
  });

  it('handles empty input and a single value', () => {
    expect(percentileRank([], higher)).toEqual([]);
    // hand-computed: alone, tied with itself: 0.5 / 1
    expect(percentileRank([123], higher)).toEqual([0.5]);
  });

  it('throws RangeError on non-finite values and never mutates its input', () => {
    expect(() => percentileRank([1, Number.NaN], higher)).toThrow(RangeError);
    expect(() => percentileRank([1, Number.POSITIVE_INFINITY], higher)).toThrow(/percentileRank/);
    const values = [3, 1, 2];
    percentileRank(values, higher);
    expect(values).toEqual([3, 1, 2]);
  });

  it('averages 0.5 over any group (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 }), (values) => {
        const ranks = percentileRank(values, higher) as number[];
        const mean = ranks.reduce((sum, rank) => sum + rank, 0) / ranks.length;
        expect(mean).toBeCloseTo(0.5, 9);
      }),
    );
  });
});

describe('percentileOfScore', () => {
  it('places a value among peers without joining them', () => {
    // hand-computed: 50 beats all 4 peers -> 4/4 = 1; 5 beats none -> 0; 20 beats 1, ties 2 -> 2/4 = 0.5
    const peers = [10, 20, 20, 40];
    expect(percentileOfScore(peers, 50, higher)).toBe(1);
    expect(percentileOfScore(peers, 5, higher)).toBe(0);
    expect(percentileOfScore(peers, 20, higher)).toBe(0.5);
    // hand-computed: 15 beats 10 only -> 1/4
    expect(percentileOfScore(peers, 15, higher)).toBe(0.25);
    // hand-computed: shorter better, 15 beats 20, 20, 40 -> 3/4
    expect(percentileOfScore(peers, 15, lower)).toBe(0.75);
  });

  it('is null with no peers and throws on a non-finite value', () => {
    expect(percentileOfScore([], 3, higher)).toBeNull();
    expect(() => percentileOfScore([1], Number.NaN, higher)).toThrow(RangeError);
  });
});
