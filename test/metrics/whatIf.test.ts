import { describe, expect, it } from 'vitest';
import { known, notAvailable } from '../../src/metrics/figure.js';
import { whatIf } from '../../src/metrics/whatIf.js';

describe('whatIf', () => {
  it('reproduces the METRICS.md example: n=+10%, value=+10%, win=+10%, cycle=-10% is x1.4789', () => {
    // METRICS.md "Sales velocity" What-if: 1.1 x 1.1 x 1.1 / 0.9 = 1.331 / 0.9 = 1.478888... (+47.9%)
    const result = whatIf(known(1_000), { deals: 0.1, value: 0.1, winRate: 0.1, cycle: -0.1 });
    expect(result.multiplier).toBeCloseTo(1.478888888888889, 12);
    expect(result.multiplier.toFixed(4)).toBe('1.4789');
    expect(result.perDay.value).toBeCloseTo(1_478.888888888889, 9);
  });

  it('leaves velocity unchanged without levers', () => {
    expect(whatIf(known(1_000), {})).toEqual({ multiplier: 1, perDay: { value: 1_000, reason: null } });
  });

  it('divides by a longer cycle', () => {
    // hand-computed: cycle +25% gives 1 / 1.25 = 0.8
    expect(whatIf(known(1_000), { cycle: 0.25 })).toEqual({ multiplier: 0.8, perDay: { value: 800, reason: null } });
  });

  it('keeps the multiplier when velocity is null', () => {
    // hand-computed: deals +50% = 1.5
    expect(whatIf(notAvailable('no-won-deals', 'no won deals in window'), { deals: 0.5 })).toEqual({ multiplier: 1.5, perDay: { value: null, reason: { code: 'no-won-deals', message: 'no won deals in window' } } });
  });

  it('gives 0 for a -100% lever other than cycle, never -0', () => {
    const result = whatIf(known(1_000), { winRate: -1, cycle: 0.5 });
    expect(Object.is(result.multiplier, 0)).toBe(true);
    expect(Object.is(result.perDay.value, 0)).toBe(true);
  });

  it('throws RangeError for a cycle change of -100% or a lever below -100%', () => {
    expect(() => whatIf(known(1_000), { cycle: -1 })).toThrow(RangeError);
    expect(() => whatIf(known(1_000), { cycle: -1.5 })).toThrow(/whatIf/);
    expect(() => whatIf(known(1_000), { deals: -1.01 })).toThrow(RangeError);
    expect(() => whatIf(known(1_000), { value: Number.NaN })).toThrow(RangeError);
    expect(() => whatIf(known(Number.POSITIVE_INFINITY), {})).toThrow(RangeError);
  });
});
