import { describe, expect, it } from 'vitest';
import { WILSON_Z_95, wilsonInterval } from '../../src/metrics/wilson.js';

describe('wilsonInterval', () => {
  it('matches the published 81 of 263 example (Newcombe 1998, Wikipedia "Binomial proportion confidence interval")', () => {
    // Published: 0.2553 to 0.3662 at 95%.
    // Hand-computed digits: p = 81/263 = 0.307984791; z^2 = 1.959964^2 = 3.841458881;
    // z^2/n = 0.014606308, so 1 + z^2/n = 1.014606308;
    // centre = (0.307984791 + 0.007303154) / 1.014606308 = 0.310749048;
    // half = 1.959964 / 1.014606308 * sqrt(0.000810381 + 0.000013884) = 1.931749 * 0.028710023 = 0.055460529;
    // low = 0.310749048 - 0.055460529 = 0.255288519, high = 0.310749048 + 0.055460529 = 0.366209577.
    const interval = wilsonInterval(81, 263);
    expect(interval?.low).toBeCloseTo(0.255288519, 8);
    expect(interval?.high).toBeCloseTo(0.366209577, 8);
    expect(interval?.low.toFixed(4)).toBe('0.2553');
    expect(interval?.high.toFixed(4)).toBe('0.3662');
  });

  it('uses z = 1.959964 by default (METRICS.md "Win rates")', () => {
    expect(WILSON_Z_95).toBe(1.959964);
    expect(wilsonInterval(81, 263)).toEqual(wilsonInterval(81, 263, 1.959964));
  });

  it('is symmetric around one half for 2 of 4', () => {
    // hand-computed: p = 0.5 so centre = (0.5 + z^2/8) / (1 + z^2/4) = 0.5 exactly;
    // half = 1.959964 / 1.960364720 * sqrt(0.0625 + 3.841458881/64) = 0.999795585 * 0.350032567 = 0.349961012
    const interval = wilsonInterval(2, 4);
    expect(interval?.low).toBeCloseTo(0.150038988, 8);
    expect(interval?.high).toBeCloseTo(0.849961012, 8);
  });

  it('gives low exactly 0 for 0 of n, and high = z^2 / (n + z^2)', () => {
    // hand-computed: with p = 0 the half-width equals the centre, (z^2/2n) / (1 + z^2/n),
    // so high = 2 x centre = z^2 / (n + z^2) = 3.841458881 / 13.841458881 = 0.277532803
    const interval = wilsonInterval(0, 10);
    expect(interval).not.toBeNull();
    expect(Object.is(interval?.low, 0)).toBe(true);
    expect(interval?.high).toBeCloseTo(0.277532803, 8);
  });

  it('gives high exactly 1 for n of n, and low = n / (n + z^2)', () => {
    // hand-computed: mirror of 0 of n: low = 10 / 13.841458881 = 0.722467197
    const interval = wilsonInterval(10, 10);
    expect(interval?.high).toBe(1);
    expect(interval?.low).toBeCloseTo(0.722467197, 8);
  });

  it('returns null for n = 0 (no rate, no interval)', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('widens with a larger z', () => {
    const narrow = wilsonInterval(5, 20, 1);
    const wide = wilsonInterval(5, 20, 3);
    expect(wide!.low).toBeLessThan(narrow!.low);
    expect(wide!.high).toBeGreaterThan(narrow!.high);
  });

  it('throws RangeError for arguments out of their domain', () => {
    expect(() => wilsonInterval(-1, 5)).toThrow(RangeError);
    expect(() => wilsonInterval(6, 5)).toThrow(/wilsonInterval/);
    expect(() => wilsonInterval(1.5, 5)).toThrow(RangeError);
    expect(() => wilsonInterval(0, -1)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 5, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 5, Number.NaN)).toThrow(RangeError);
  });
});
