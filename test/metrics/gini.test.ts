import { describe, expect, it } from 'vitest';
import { gini } from '../../src/metrics/gini.js';

describe('gini', () => {
  it('METRICS.md "Pareto / top performers": 2 of 10 reps with 80% of the total', () => {
    // hand-computed: sorted 8 x 2.5 then 40, 40; sum of (2i - 11) x_i =
    // 2.5 x (-9 - 7 - 5 - 3 - 1 + 1 + 3 + 5) + 40 x 7 + 40 x 9 = -40 + 280 + 360 = 600;
    // 600 / (10 x 100) = 0.6
    const values = [40, 40, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5];
    expect(gini(values)).toEqual({ gini: { value: 0.6, reason: null }, n: 10 });
  });

  it('matches the mean-absolute-difference definition', () => {
    // hand-computed: |differences| over unordered pairs of 10, 20, 30, 40:
    // 10 + 20 + 30 + 10 + 20 + 10 = 100; ordered pairs 200; 200 / (2 x 4^2 x 25) = 0.25
    expect(gini([40, 10, 30, 20]).gini.value).toBeCloseTo(0.25, 12);
  });

  it('uses the population convention: one entity with everything gives (n - 1) / n', () => {
    // hand-computed: (2 x 4 - 4 - 1) x 100 / (4 x 100) = 3/4
    expect(gini([0, 0, 100, 0]).gini.value).toBe(0.75);
  });

  it('counts zeros: adding an entity with nothing raises the coefficient', () => {
    // hand-computed: [50, 50] -> 0; [0, 50, 50] -> (-2 x 0 + 0 x 50 + 2 x 50) / (3 x 100) = 1/3
    expect(gini([50, 50]).gini.value).toBe(0);
    expect(gini([0, 50, 50]).gini.value).toBeCloseTo(1 / 3, 12);
  });

  it('is 0, never -0, for equal values and for a single entity', () => {
    expect(Object.is(gini([0.1, 0.1, 0.1]).gini.value, 0)).toBe(true);
    expect(Object.is(gini([7]).gini.value, 0)).toBe(true);
  });

  it('is null with a reason for no values or a total of 0', () => {
    expect(gini([])).toEqual({ gini: { value: null, reason: { code: 'no-entities', message: 'no entities' } }, n: 0 });
    expect(gini([0, 0])).toEqual({ gini: { value: null, reason: { code: 'nothing-to-concentrate', message: 'total is 0: nothing to concentrate' } }, n: 2 });
  });

  it('throws RangeError on negative or non-finite values and does not mutate its input', () => {
    expect(() => gini([1, -1])).toThrow(RangeError);
    expect(() => gini([1, Number.NaN])).toThrow(/gini/);
    expect(() => gini([Number.POSITIVE_INFINITY])).toThrow(RangeError);
    const values = [3, 1, 2];
    gini(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
