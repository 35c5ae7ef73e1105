import { describe, expect, it } from 'vitest';
import { known, notAvailable, type Figure } from '../../src/metrics/figure.js';
import type { VelocityResult } from '../../src/metrics/velocity.js';
import { velocityChange } from '../../src/metrics/velocityChange.js';

/** A velocity result from its four terms; perDay is given as a literal by each test. */
function velocity(terms: {
  deals: number;
  averageWonAmount: number | null;
  winRate: number | null;
  cycleDays: number | null;
  perDay: number | null;
  reason?: string;
}): VelocityResult {
  const figure = (value: number | null, code: string, message: string): Figure => (value === null ? notAvailable(code, message) : known(value));
  const perDay = (days: number): Figure => (terms.perDay === null ? notAvailable('no-won-deals', terms.reason ?? 'unknown') : known(terms.perDay * days));
  return {
    deals: terms.deals,
    dealsBasis: 'open',
    averageWonAmount: figure(terms.averageWonAmount, 'no-won-deals', 'no won deals in window'),
    winRate: figure(terms.winRate, 'no-closed-deals', 'no closed deals in window'),
    won: 0,
    lost: 0,
    cycleDays: figure(terms.cycleDays, 'no-won-deals', 'no won deals in window'),
    perDay: perDay(1),
    perMonth: perDay(30.4375),
    perQuarter: perDay(91.3125),
  };
}

// hand-computed: 10 x 20,000 x 0.25 / 50 = 1,000 per day
const before = velocity({ deals: 10, averageWonAmount: 20_000, winRate: 0.25, cycleDays: 50, perDay: 1_000 });

describe('velocityChange', () => {
  it('splits a 4x change between win rate and cycle (hand-computed)', () => {
    // after: 10 x 20,000 x 0.5 / 25 = 4,000; ln 4 = ln(0.5/0.25) - ln(25/50) = ln 2 + ln 2,
    // so win rate and cycle each carry half; deals and value carry 0.
    const after = velocity({ deals: 10, averageWonAmount: 20_000, winRate: 0.5, cycleDays: 25, perDay: 4_000 });
    const result = velocityChange(before, after);
    expect(result.ratio).toEqual({ value: 4, reason: null });
    expect(result.levers).toEqual({ value: { deals: 0, value: 0, winRate: 0.5, cycle: 0.5 }, reason: null });
    expect(Object.is(result.levers.value?.deals, 0)).toBe(true);
    expect(result.terms.value?.cycle).toBeCloseTo(0.693147181, 9); // -ln(25/50) = ln 2
    expect(result.logChange.value).toBeCloseTo(1.386294361, 9); // ln 4
  });

  it('splits a 3x change from more deals and larger deals', () => {
    // after: 20 x 30,000 x 0.25 / 50 = 3,000. ln 3 = 1.098612289 = ln 2 (0.693147181) + ln 1.5 (0.405465108);
    // shares 0.693147181 / 1.098612289 = 0.630929754 and 0.405465108 / 1.098612289 = 0.369070246.
    const after = velocity({ deals: 20, averageWonAmount: 30_000, winRate: 0.25, cycleDays: 50, perDay: 3_000 });
    const result = velocityChange(before, after);
    expect(result.ratio.value).toBe(3);
    expect(result.levers.value?.deals).toBeCloseTo(0.630929754, 9);
    expect(result.levers.value?.value).toBeCloseTo(0.369070246, 9);
    expect(Object.is(result.levers.value?.winRate, 0)).toBe(true);
    expect(Object.is(result.levers.value?.cycle, 0)).toBe(true);
    expect(Object.is(result.terms.value?.cycle, 0)).toBe(true); // -ln(50/50) must be 0, not -0
  });

  it('gives a lever that worked against the change a negative share', () => {
    // after: 20 x 20,000 x 0.25 / 200 = 500, ratio 0.5. ln 0.5 = ln 2 - ln 4 = -ln 2;
    // deals share ln 2 / -ln 2 = -1, cycle share -ln 4 / -ln 2 = 2.
    const after = velocity({ deals: 20, averageWonAmount: 20_000, winRate: 0.25, cycleDays: 200, perDay: 500 });
    const result = velocityChange(before, after);
    expect(result.ratio.value).toBe(0.5);
    expect(result.levers.value?.deals).toBeCloseTo(-1, 12);
    expect(result.levers.value?.cycle).toBeCloseTo(2, 12);
  });

  it('gives null shares with a reason when velocity is unchanged', () => {
    // after: 20 x 20,000 x 0.25 / 100 = 1,000: ln 2 - ln 2 = 0, nothing to share
    const after = velocity({ deals: 20, averageWonAmount: 20_000, winRate: 0.25, cycleDays: 100, perDay: 1_000 });
    const result = velocityChange(before, after);
    expect(result.ratio.value).toBe(1);
    expect(result.levers.value).toBeNull();
    expect(result.levers.reason?.code).toBe('velocity-unchanged');
    expect(result.levers.reason?.message).toMatch(/unchanged/);
  });

  it('gives a null ratio with the reason when a velocity is undefined', () => {
    const undefinedAfter = velocity({ deals: 10, averageWonAmount: null, winRate: 0, cycleDays: null, perDay: null, reason: 'no won deals in window' });
    const result = velocityChange(before, undefinedAfter);
    expect(result.ratio.value).toBeNull();
    expect(result.ratio.reason).toEqual({ code: 'no-velocity-after', message: 'no velocity in the second window: no won deals in window' });
    expect(result.levers.value).toBeNull();
    expect(velocityChange(undefinedAfter, before).ratio.reason?.message).toMatch(/first window/);
  });

  it('gives a null ratio when the first velocity is 0', () => {
    const empty = velocity({ deals: 0, averageWonAmount: 20_000, winRate: 0.25, cycleDays: 50, perDay: 0 });
    const result = velocityChange(empty, before);
    expect(result.ratio.value).toBeNull();
    expect(result.ratio.reason?.message).toBe('velocity was 0 in the first window');
  });

  it('gives ratio 0 but null shares when a term falls to 0 (no logarithm)', () => {
    const empty = velocity({ deals: 0, averageWonAmount: 20_000, winRate: 0.25, cycleDays: 50, perDay: 0 });
    const result = velocityChange(before, empty);
    expect(result.ratio.value).toBe(0);
    expect(result.levers.reason).toEqual({ code: 'lever-zero', message: 'N (deals) is 0 in the second window' });
    expect(result.levers.value).toBeNull();
  });
});
