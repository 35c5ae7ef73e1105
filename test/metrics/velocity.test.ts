import { describe, expect, it } from 'vitest';
import { explicitWindow, parseIsoDay } from '../../src/model/calendar.js';
import type { DayNumber, Deal, DealStatus } from '../../src/model/types.js';
import { runFold } from '../../src/metrics/fold.js';
import type { Scope } from '../../src/metrics/scope.js';
import { velocityFold } from '../../src/metrics/velocity.js';
import { day, deal } from '../support/records.js';




const scope: Scope = { asOf: day('2026-06-30'), window: explicitWindow(day('2026-04-01'), day('2026-06-30')), basis: 'close' };

const openDeals = Array.from({ length: 10 }, (_, index) =>
  deal({ id: `O${index}`, status: 'open', amount: 1_000 * (index + 1), created: day('2026-05-01') }),
);
// Won: 10,000 over 40 days (2026-03-22..05-01) and 30,000 over 60 days (2026-04-02..06-01).
const won = [
  deal({ id: 'W1', status: 'won', amount: 10_000, created: day('2026-03-22'), close: day('2026-05-01') }),
  deal({ id: 'W2', status: 'won', amount: 30_000, created: day('2026-04-02'), close: day('2026-06-01') }),
];
const lost = Array.from({ length: 6 }, (_, index) =>
  deal({ id: `L${index}`, status: 'lost', amount: 5_000, created: day('2026-03-01'), close: day('2026-05-15') }),
);
const deals = [...openDeals, ...won, ...lost];

describe('velocityFold', () => {
  it('computes V = N x A x W / L (hand-computed)', () => {
    // hand-computed: N = 10 open, A = (10,000 + 30,000) / 2 = 20,000, W = 2 / (2 + 6) = 0.25,
    // L = (40 + 60) / 2 = 50; V = 10 x 20,000 x 0.25 / 50 = 1,000 per day;
    // per month 1,000 x 30.4375 = 30,437.5; per quarter 1,000 x 91.3125 = 91,312.5 (METRICS.md "Window").
    const result = runFold(velocityFold({ scope, n: 'open' }), deals);
    expect(result).toEqual({
      deals: 10,
      dealsBasis: 'open',
      averageWonAmount: { value: 20_000, reason: null },
      winRate: { value: 0.25, reason: null },
      won: 2,
      lost: 6,
      cycleDays: { value: 50, reason: null },
      perDay: { value: 1_000, reason: null },
      perMonth: { value: 30_437.5, reason: null },
      perQuarter: { value: 91_312.5, reason: null },
    });
  });

  it('counts closed deals in the window as N with --n closed', () => {
    // hand-computed: N = 2 won + 6 lost = 8; V = 8 x 20,000 x 0.25 / 50 = 800
    const result = runFold(velocityFold({ scope, n: 'closed' }), deals);
    expect(result.deals).toBe(8);
    expect(result.perDay.value).toBe(800);
  });

  it('averages only won deals that carry an amount, and uses the cycle-days column without dates', () => {
    const noAmount = deal({ id: 'W3', status: 'won', amount: null, cycleDays: 80 });
    // hand-computed: A = 40,000 / 2 = 20,000 (W3 has no amount); L = (40 + 60 + 80) / 3 = 60;
    // W = 3 / 9 = 1/3; V = 10 x 20,000 x (1/3) / 60 = 1,111.11...
    const result = runFold(velocityFold({ scope, n: 'open' }), [...deals, noAmount]);
    expect(result.averageWonAmount.value).toBe(20_000);
    expect(result.cycleDays.value).toBe(60);
    expect(result.winRate.value).toBe(3 / 9);
    expect(result.perDay.value).toBeCloseTo(1_111.111111111, 6);
  });

  it('gives V = 0 for an empty pipeline, not null', () => {
    const result = runFold(velocityFold({ scope, n: 'open' }), [...won, ...lost]);
    expect(result.deals).toBe(0);
    expect(Object.is(result.perDay.value, 0)).toBe(true);
    expect(result.perDay.reason).toBeNull();
  });

  it('gives V null with a reason when there are no won deals', () => {
    const result = runFold(velocityFold({ scope, n: 'open' }), [...openDeals, ...lost]);
    expect(result).toMatchObject({
      winRate: { value: 0 },
      averageWonAmount: { value: null, reason: { message: 'no won deals in window' } },
      cycleDays: { value: null },
      perDay: { value: null, reason: { code: 'no-won-deals', message: 'no won deals in window' } },
      perMonth: { value: null, reason: { code: 'no-won-deals' } },
      perQuarter: { value: null, reason: { code: 'no-won-deals' } },
    });
  });

  it('gives V null when the average won cycle is 0 days, never Infinity', () => {
    const sameDay = deal({ id: 'S', status: 'won', amount: 10_000, created: day('2026-05-01'), close: day('2026-05-01') });
    const result = runFold(velocityFold({ scope, n: 'open' }), [...openDeals, sameDay]);
    expect(result.cycleDays.value).toBe(0);
    expect(result.perDay.value).toBeNull();
    expect(result.perDay.reason?.message).toBe('average won cycle is 0 days');
  });

  it('gives null terms with reasons for empty input', () => {
    const result = runFold(velocityFold({ scope, n: 'open' }), []);
    expect(result).toMatchObject({
      deals: 0,
      winRate: { value: null, reason: { message: 'no closed deals in window' } },
      perDay: { value: null, reason: { message: 'no won deals in window' } },
    });
  });

  it('names the missing amount or cycle as the reason', () => {
    const bare = deal({ id: 'B', status: 'won' });
    const result = runFold(velocityFold({ scope, n: 'open' }), [...openDeals, bare]);
    expect(result.averageWonAmount.reason?.message).toBe('no won deal carries an amount');
    expect(result.cycleDays.reason?.message).toBe('no won deal has a known sales cycle');
    expect(result.perDay.reason?.message).toBe('no won deal carries an amount');
  });

  it('merge of two halves equals one pass', () => {
    const fold = velocityFold({ scope, n: 'open' });
    const whole = runFold(fold, deals);
    for (let split = 0; split <= deals.length; split += 3) {
      let first = fold.init();
      for (const item of deals.slice(0, split)) first = fold.add(first, item);
      let second = fold.init();
      for (const item of deals.slice(split)) second = fold.add(second, item);
      expect(fold.finish(fold.merge(first, second))).toEqual(whole);
      expect(fold.finish(fold.merge(second, first))).toEqual(whole);
    }
  });
});
