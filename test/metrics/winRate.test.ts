import { describe, expect, it } from 'vitest';
import { explicitWindow, parseIsoDay } from '../../src/model/calendar.js';
import type { DayNumber, Deal, DealStatus } from '../../src/model/types.js';
import { runFold } from '../../src/metrics/fold.js';
import { LOST_AMOUNTS_ZEROED } from '../../src/metrics/rates.js';
import type { Scope } from '../../src/metrics/scope.js';
import { winRateFold, type OpenPolicy, type WinRateResult } from '../../src/metrics/winRate.js';
import { day, deal } from '../support/records.js';




// Q2 2026, analysed at its last day.
const scope: Scope = { asOf: day('2026-06-30'), window: explicitWindow(day('2026-04-01'), day('2026-06-30')), basis: 'close' };

// METRICS.md "Win rates" worked example. Won cycles: A 2026-01-01..04-15 = 104 days,
// B 2026-02-01..05-01 = 89 days (hand-computed from month lengths).
const A = deal({ id: 'A', status: 'won', amount: 20_000, created: day('2026-01-01'), close: day('2026-04-15') });
const B = deal({ id: 'B', status: 'won', amount: 10_000, created: day('2026-02-01'), close: day('2026-05-01') });
const D = deal({ id: 'D', status: 'lost', amount: 30_000, created: day('2026-02-15'), close: day('2026-06-01') });
const cLost = deal({ id: 'C', status: 'lost', amount: 40_000, created: day('2026-03-01'), close: day('2026-05-10') });
// C open: created 2026-03-01, so 121 days old at 2026-06-30 (hand-computed: 31 + 30 + 31 + 29).
const cOpen = deal({ id: 'C', status: 'open', amount: 40_000, created: day('2026-03-01'), close: day('2026-07-15') });
// The same open deal opened earlier: 2025-11-01..2026-06-30 = 241 days (30+31+31+28+31+30+31+29).
const cOpenOld = deal({ id: 'C', status: 'open', amount: 40_000, created: day('2025-11-01'), close: day('2026-07-15') });

function rates(deals: readonly Deal[], open: OpenPolicy, minSample = 30): WinRateResult {
  return runFold(winRateFold({ scope, open, minSample }), deals);
}

describe('winRateFold: METRICS.md "Win rates" worked example', () => {
  it('C lost: Wu = 2/4, Wv = 30,000/100,000', () => {
    const result = rates([A, B, cLost, D], { kind: 'exclude' });
    expect(result.unitWinRate.value).toBe(2 / 4);
    expect(result.valueWinRate.value).toBe(30_000 / 100_000);
    expect(result).toMatchObject({ won: 2, lost: 2, open: 0, n: 4, wonValue: 30_000, lostValue: 70_000 });
    expect(result.unitWinRate.reason).toBeNull();
    expect(result.valueWinRate.reason).toBeNull();
  });

  it('C open, exclude: Wu = 2/3, Wv = 30,000/60,000', () => {
    const result = rates([A, B, cOpen, D], { kind: 'exclude' });
    expect(result.unitWinRate.value).toBe(2 / 3);
    expect(result.valueWinRate.value).toBe(30_000 / 60_000);
    // open: the open deals in scope, for context; they are not in n.
    expect(result).toMatchObject({ won: 2, lost: 1, open: 1, openValue: 40_000, n: 3, policy: 'exclude' });
  });

  it('C open, include: Wu = 2/4, Wv = 30,000/100,000', () => {
    const result = rates([A, B, cOpen, D], { kind: 'include' });
    expect(result.unitWinRate.value).toBe(2 / 4);
    expect(result.valueWinRate.value).toBe(30_000 / 100_000);
    expect(result).toMatchObject({ won: 2, lost: 1, open: 1, openValue: 40_000, n: 4, policy: 'include' });
  });
});

describe('winRateFold: age-out', () => {
  it('defaults DAYS to 2 x the average won cycle and keeps a younger open deal out', () => {
    // hand-computed: average won cycle (104 + 89) / 2 = 96.5 days, DAYS = 193; C is 121 days old: excluded.
    const result = rates([A, B, cOpen, D], { kind: 'age-out', days: null });
    expect(result.averageWonCycleDays.value).toBe(96.5);
    expect(result.ageOutDays?.value).toBe(193);
    expect(result.agedOut).toBe(0);
    expect(result.unitWinRate.value).toBe(2 / 3);
    expect(result.valueWinRate.value).toBe(30_000 / 60_000);
  });

  it('gives each state its own age buckets: an aged fold leaves a later fresh one without any', () => {
    // States without open ages share one empty map (a map per group was 13 MB for 66,000 groups);
    // the first bucket must give the state a map of its own, never fill the shared one.
    const fold = winRateFold({ scope, open: { kind: 'age-out', days: null }, minSample: 5 });
    const aged = fold.add(fold.add(fold.init(), cOpenOld), A);
    const merged = fold.merge(fold.init(), aged);
    expect(fold.finish(merged)).toMatchObject({ agedOut: 1 });
    expect(rates([A, B, D], { kind: 'age-out', days: null })).toMatchObject({ agedOut: 0, lost: 1, n: 3 });
    expect(rates([A, B, cOpen, D], { kind: 'age-out', days: null })).toMatchObject({ agedOut: 0, n: 3 });
  });

  it('counts an open deal older than the default DAYS as lost', () => {
    // hand-computed: C is 241 days old > 193: lost, so Wu = 2/4 and Wv = 30,000/100,000 as if C were lost.
    const result = rates([A, B, cOpenOld, D], { kind: 'age-out', days: null });
    expect(result.unitWinRate.value).toBe(2 / 4);
    expect(result.valueWinRate.value).toBe(30_000 / 100_000);
    expect(result).toMatchObject({ won: 2, lost: 2, agedOut: 1, n: 4, lostValue: 70_000, policy: 'age-out' });
  });

  it('takes an explicit age-out:DAYS, aging only deals strictly older', () => {
    // C is 241 days old: DAYS = 240 ages it out, DAYS = 241 does not ("older than DAYS").
    expect(rates([A, B, cOpenOld, D], { kind: 'age-out', days: 240 })).toMatchObject({
      unitWinRate: { value: 2 / 4 },
      agedOut: 1,
      ageOutDays: { value: 240 },
    });
    expect(rates([A, B, cOpenOld, D], { kind: 'age-out', days: 241 })).toMatchObject({
      unitWinRate: { value: 2 / 3 },
      agedOut: 0,
      ageOutDays: { value: 241 },
    });
  });

  it('leaves out open deals without a created date and counts them', () => {
    const undated = deal({ id: 'E', status: 'open', amount: 5_000, close: day('2026-07-01') });
    const result = rates([A, B, D, undated], { kind: 'age-out', days: 0 });
    expect(result).toMatchObject({ unitWinRate: { value: 2 / 3 }, agedOut: 0, ageUnknown: 1, open: 1 });
  });

  it('gives null rates when the default DAYS is unknown and an open deal would need judging', () => {
    // Won deals without dates: no cycle, so no default DAYS.
    const wonUndated = deal({ id: 'W', status: 'won', amount: 10_000 });
    const result = rates([wonUndated, D, cOpenOld], { kind: 'age-out', days: null });
    expect(result.ageOutDays?.value).toBeNull();
    expect(result.ageOutDays?.reason?.message).toMatch(/age-out:DAYS/);
    expect(result.unitWinRate.value).toBeNull();
    expect(result.unitWinRate.reason?.message).toMatch(/no default age-out days/);
    expect(result.valueWinRate.value).toBeNull();
    expect(result.interval).toBeNull();
  });

  it('still gives rates without a default DAYS when there is no open deal to judge', () => {
    const wonUndated = deal({ id: 'W', status: 'won', amount: 10_000 });
    const result = rates([wonUndated, D], { kind: 'age-out', days: null });
    expect(result.unitWinRate.value).toBe(1 / 2);
    expect(result.ageOutDays?.value).toBeNull();
  });

  it('ignores open deals opened after the window (they were not worked in it)', () => {
    const q1: Scope = { asOf: day('2026-06-30'), window: explicitWindow(day('2026-01-01'), day('2026-03-31')), basis: 'created' };
    // Cohort Q1: A (created 01-01) and B (02-01) won, D (02-15) lost; an open deal created in May is not in the cohort.
    const lateOpen = deal({ id: 'L', status: 'open', amount: 1_000, created: day('2026-05-01') });
    const result = runFold(winRateFold({ scope: q1, open: { kind: 'age-out', days: 0 }, minSample: 30 }), [A, B, D, lateOpen]);
    expect(result.agedOut).toBe(0);
    expect(result.unitWinRate.value).toBe(2 / 3);
  });
});

describe('winRateFold: edge cases', () => {
  it('gives a null value rate when lost deals carry no amounts (CRM zeroes them)', () => {
    const zeroed = deal({ id: 'Z', status: 'lost', amount: 0, close: day('2026-05-01') });
    const missing = deal({ id: 'M', status: 'lost', amount: null, close: day('2026-05-02') });
    const result = rates([A, B, zeroed, missing], { kind: 'exclude' });
    expect(result.unitWinRate.value).toBe(2 / 4);
    expect(result.valueWinRate.value).toBeNull();
    expect(result.valueWinRate.reason).toBe(LOST_AMOUNTS_ZEROED);
    expect(result.valueWinRate.reason?.code).toBe('lost-amounts-zeroed');
    expect(result.valueWinRate.reason?.message).toBe('lost deals carry no amounts (CRM zeroes them)');
  });

  it('computes the value rate when at least one lost deal carries an amount, leaving missing amounts out', () => {
    const missing = deal({ id: 'M', status: 'lost', amount: null, close: day('2026-05-02') });
    // hand-computed: 30,000 / (30,000 + 30,000) = 0.5; M adds to the count, not the sums.
    const result = rates([A, B, D, missing], { kind: 'exclude' });
    expect(result.unitWinRate.value).toBe(2 / 4);
    expect(result.valueWinRate.value).toBe(0.5);
  });

  it('gives null rates with reasons for n = 0, never NaN', () => {
    const result = rates([], { kind: 'exclude' });
    expect(result).toMatchObject({
      won: 0,
      lost: 0,
      n: 0,
      unitWinRate: { value: null, reason: { message: 'no closed deals in window' } },
      valueWinRate: { value: null, reason: { message: 'no closed deals in window' } },
      interval: null,
      smallSample: true,
      averageWonCycleDays: { value: null },
    });
  });

  it('gives null rates when only open deals are in scope under exclude', () => {
    const result = rates([cOpen], { kind: 'exclude' });
    expect(result).toMatchObject({ n: 0, open: 1, unitWinRate: { value: null }, valueWinRate: { value: null } });
  });

  it('gives a unit rate of 0 (not null) when every deal was lost', () => {
    const result = rates([D, cLost], { kind: 'exclude' });
    expect(result.unitWinRate.value).toBe(0);
    expect(result.valueWinRate.value).toBe(0);
  });

  it('gives a null value rate when no deal in the denominator carries an amount', () => {
    const wonNoAmount = deal({ id: 'W', status: 'won', amount: null, close: day('2026-05-01') });
    const include = rates([wonNoAmount, { ...cOpen, amount: null }], { kind: 'include' });
    expect(include.unitWinRate.value).toBe(1 / 2);
    expect(include.valueWinRate.value).toBeNull();
    expect(include.valueWinRate.reason?.message).toBe('no amounts on the counted deals');
  });

  it('attaches the Wilson interval of won out of n', () => {
    // hand-computed (see wilson.test.ts): 2 of 4 gives 0.150038988..0.849961012
    const result = rates([A, B, cLost, D], { kind: 'exclude' });
    expect(result.interval?.low).toBeCloseTo(0.150038988, 8);
    expect(result.interval?.high).toBeCloseTo(0.849961012, 8);
  });

  it('flags a small sample when n < minSample', () => {
    expect(rates([A, B, cLost, D], { kind: 'exclude' }, 5).smallSample).toBe(true);
    expect(rates([A, B, cLost, D], { kind: 'exclude' }, 4).smallSample).toBe(false);
  });

  it('does not mutate its input deals', () => {
    const deals = Object.freeze([Object.freeze({ ...A }), Object.freeze({ ...cOpenOld })]);
    expect(() => rates(deals, { kind: 'age-out', days: null })).not.toThrow();
  });

  it('throws RangeError for a negative minSample or DAYS', () => {
    expect(() => winRateFold({ scope, open: { kind: 'exclude' }, minSample: -1 })).toThrow(RangeError);
    expect(() => winRateFold({ scope, open: { kind: 'age-out', days: -5 }, minSample: 30 })).toThrow(/winRateFold/);
  });
});

describe('winRateFold: merge', () => {
  const more = [
    deal({ id: 'E', status: 'won', amount: 5_000, created: day('2026-03-10'), close: day('2026-06-10') }),
    deal({ id: 'F', status: 'lost', amount: 7_000, created: day('2026-01-10'), close: day('2026-04-20') }),
    deal({ id: 'G', status: 'open', amount: 9_000, created: day('2025-10-01') }),
    deal({ id: 'H', status: 'open', amount: 2_000, created: day('2026-06-01') }),
    deal({ id: 'I', status: 'open', amount: 3_000 }),
  ];
  const deals = [A, B, cOpenOld, D, ...more];
  const policies: OpenPolicy[] = [{ kind: 'exclude' }, { kind: 'include' }, { kind: 'age-out', days: null }, { kind: 'age-out', days: 30 }];

  it.each(policies)('merge of two halves equals one pass (%o)', (policy) => {
    const fold = winRateFold({ scope, open: policy, minSample: 30 });
    const whole = runFold(fold, deals);
    for (let split = 0; split <= deals.length; split += 1) {
      let first = fold.init();
      for (const item of deals.slice(0, split)) first = fold.add(first, item);
      let second = fold.init();
      for (const item of deals.slice(split)) second = fold.add(second, item);
      expect(fold.finish(fold.merge(first, second))).toEqual(whole);
      expect(fold.finish(fold.merge(second, first))).toEqual(whole);
    }
  });

  it('merge does not change its inputs', () => {
    const fold = winRateFold({ scope, open: { kind: 'age-out', days: null }, minSample: 30 });
    let first = fold.init();
    for (const item of [cOpenOld, A]) first = fold.add(first, item);
    let second = fold.init();
    for (const item of [{ ...cOpenOld, id: 'C2' }, D]) second = fold.add(second, item);
    const before = fold.finish(first);
    fold.merge(first, second);
    expect(fold.finish(first)).toEqual(before);
  });
});
