import { describe, expect, it } from 'vitest';
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
  return {
    deals: terms.deals,
    dealsBasis: 'open',
    averageWonAmount: terms.averageWonAmount,
    averageWonAmountReason: terms.averageWonAmount === null ? 'no won deals in window' : null,
    winRate: terms.winRate,
    winRateReason: terms.winRate === null ? 'no closed deals in window' : null,
    won: 0,
    lost: 0,
    cycleDays: terms.cycleDays,
    cycleDaysReason: terms.cycleDays === null ? 'no won deals in window' : null,
    perDay: terms.perDay,
    perMonth: terms.perDay === null ? null : terms.perDay * 30.4375,
    perQuarter: terms.perDay === null ? null : terms.perDay * 91.3125,
    reason: terms.reason ?? null,
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
    expect(result.ratio).toBe(4);
    expect(result.reason).toBeNull();
    expect(result.levers).toEqual({ deals: 0, value: 0, winRate: 0.5, cycle: 0.5 });
    expect(Object.is(result.levers.deals, 0)).toBe(true);
    expect(result.terms.cycle).toBeCloseTo(0.693147181, 9); // -ln(25/50) = ln 2
    expect(result.logChange).toBeCloseTo(1.386294361, 9); // ln 4
  });

  it('splits a 3x change from more deals and larger deals', () => {
    // after: 20 x 30,000 x 0.25 / 50 = 3,000. ln 3 = 1.098612289 = ln 2 (0.693147181) + ln 1.5 (0.405465108);
    // shares 0.693147181 / 1.098612289 = 0.630929754 and 0.405465108 / 1.098612289 = 0.369070246.
    const after = velocity({ deals: 20, averageWonAmount: 30_000, winRate: 0.25, cycleDays: 50, perDay: 3_000 });
    const result = velocityChange(before, after);
    expect(result.ratio).toBe(3);
    expect(result.levers.deals).toBeCloseTo(0.630929754, 9);
    expect(result.levers.value).toBeCloseTo(0.369070246, 9);
    expect(Object.is(result.levers.winRate, 0)).toBe(true);
    expect(Object.is(result.levers.cycle, 0)).toBe(true);
    expect(Object.is(result.terms.cycle, 0)).toBe(true); // -ln(50/50) must be 0, not -0
  });

  it('gives a lever that worked against the change a negative share', () => {
    // after: 20 x 20,000 x 0.25 / 200 = 500, ratio 0.5. ln 0.5 = ln 2 - ln 4 = -ln 2;
    // deals share ln 2 / -ln 2 = -1, cycle share -ln 4 / -ln 2 = 2.
    const after = velocity({ deals: 20, averageWonAmount: 20_000, winRate: 0.25, cycleDays: 200, perDay: 500 });
    const result = velocityChange(before, after);
    expect(result.ratio).toBe(0.5);
    expect(result.levers.deals).toBeCloseTo(-1, 12);
    expect(result.levers.cycle).toBeCloseTo(2, 12);
  });

  it('gives null shares with a reason when velocity is unchanged', () => {
    // after: 20 x 20,000 x 0.25 / 100 = 1,000: ln 2 - ln 2 = 0, nothing to share
    const after = velocity({ deals: 20, averageWonAmount: 20_000, winRate: 0.25, cycleDays: 100, perDay: 1_000 });
    const result = velocityChange(before, after);
    expect(result.ratio).toBe(1);
    expect(result.levers).toEqual({ deals: null, value: null, winRate: null, cycle: null });
    expect(result.reason).toMatch(/unchanged/);
  });

  it('gives a null ratio with the reason when a velocity is undefined', () => {
    const undefinedAfter = velocity({ deals: 10, averageWonAmount: null, winRate: 0, cycleDays: null, perDay: null, reason: 'no won deals in window' });
    const result = velocityChange(before, undefinedAfter);
    expect(result.ratio).toBeNull();
    expect(result.reason).toBe('no velocity in the second window: no won deals in window');
    expect(result.levers.deals).toBeNull();
    expect(velocityChange(undefinedAfter, before).reason).toMatch(/first window/);
  });

  it('gives a null ratio when the first velocity is 0', () => {
    const empty = velocity({ deals: 0, averageWonAmount: 20_000, winRate: 0.25, cycleDays: 50, perDay: 0 });
    const result = velocityChange(empty, before);
    expect(result.ratio).toBeNull();
    expect(result.reason).toBe('velocity was 0 in the first window');
  });

  it('gives ratio 0 but null shares when a term falls to 0 (no logarithm)', () => {
    const empty = velocity({ deals: 0, averageWonAmount: 20_000, winRate: 0.25, cycleDays: 50, perDay: 0 });
    const result = velocityChange(before, empty);
    expect(result.ratio).toBe(0);
    expect(result.reason).toBe('N (deals) is 0 in the second window');
    expect(result.levers.deals).toBeNull();
  });
});
