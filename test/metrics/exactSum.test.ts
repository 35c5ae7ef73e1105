/**
 * The exact-sum accumulator (src/metrics/exactSum.ts): one rounding of the exact sum, whatever
 * the order or the split. Expected values from Python's math.fsum documentation and by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToSum, exactSum, mergeSums, sumValue, toCents } from '../../src/metrics/exactSum.js';

function sumOf(values: readonly number[]): number {
  const sum = exactSum();
  for (const value of values) addToSum(sum, value);
  return sumValue(sum);
}

describe('exactSum', () => {
  it('gives the correctly rounded sum where plain addition drifts', () => {
    // Python docs: sum([.1] * 10) == 0.9999999999999999, fsum(...) == 1.0.
    expect(sumOf(Array(10).fill(0.1))).toBe(1);
    // Python docs (math.fsum): the partials survive cancellation.
    expect(sumOf([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50])).toBe(1e-100);
    expect(sumOf([0.1, 0.2, 0.3])).toBe(0.6);
    expect(sumOf([])).toBe(0);
    expect(Object.is(sumOf([-0]), 0)).toBe(true);
  });

  it('adds whole amounts directly while the total is a safe integer, and exactly past it (Python math.fsum)', () => {
    // math.fsum([2**53 - 1, 1, 1]) == 9007199254740992.0; math.fsum([1e16, 1, 1]) == 1.0000000000000002e+16
    expect(sumOf([2 ** 53 - 1, 1, 1])).toBe(9007199254740992);
    expect(sumOf([1e16, 1, 1])).toBe(1.0000000000000002e16);
    // whole amounts then a fraction: math.fsum([20000, 30000, 0.1]) == 50000.1
    expect(sumOf([20000, 30000, 0.1])).toBe(50000.1);
    expect(sumOf([-5, 5, -0])).toBe(0);
  });

  it('is the same bit for bit for any order and any split into merged parts', () => {
    const amount = fc.integer({ min: 0, max: 1e12 }).map((cents) => cents / 1e4);
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 300 }), fc.nat(), fc.nat(), (values, seed, cut) => {
        const whole = sumOf(values);
        const shuffled = [...values].sort((a, b) => ((a * 1e4 + seed) % 97) - ((b * 1e4 + seed) % 97));
        expect(sumOf(shuffled)).toBe(whole);
        const at = cut % (values.length + 1);
        const left = exactSum();
        const right = exactSum();
        for (const value of values.slice(0, at)) addToSum(left, value);
        for (const value of values.slice(at)) addToSum(right, value);
        expect(sumValue(mergeSums(right, left))).toBe(whole);
      }),
      { seed: 18, numRuns: 300 },
    );
  });
});

describe('the integrity score sums exactly', () => {
  it('is the same bit for bit whatever the order of the open deals (found by npm run fuzz)', async () => {
    const { integrityFold } = await import('../../src/validate/integrity.js');
    const deals = [10_000.37, 2_500.01, 99.99, 123_456.78, 0.01, 7_777.77].map((amount, index) => ({ amount, flagged: index % 2 === 0 }));
    const score = (order: readonly { amount: number; flagged: boolean }[]): number | null => {
      let state = integrityFold.init();
      for (const deal of order) state = integrityFold.add(state, deal, deal.flagged);
      return integrityFold.finish(state).integrityScore.value;
    };
    const forward = score(deals);
    expect(score([...deals].reverse())).toBe(forward);
    // clean (odd positions): 2,500.01 + 123,456.78 + 7,777.77 = 133,734.56 of 143,834.93 open
    expect(forward).toBe(133734.56 / 143834.93);
  });
});

describe('toCents', () => {
  it('rounds to the nearest cent, a half cent as written away from zero', () => {
    // 1.005 and 2.675 are 100.49999999999999 and 267.49999999999997 cents in binary: halves as written.
    expect([toCents(1.005), toCents(2.675), toCents(1.015), toCents(-1.005)]).toEqual([101, 268, 102, -101]);
    // Not halves: the nearest cent.
    expect([toCents(1.004), toCents(1.0051), toCents(0.35 * 1.27), toCents(80 - 60.05), toCents(0)]).toEqual([100, 101, 44, 1995, 0]);
  });
});
