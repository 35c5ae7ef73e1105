import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../src/model/calendar.js';
import type { StageOrder } from '../../src/model/stageHistory.js';
import type { DayNumber, Deal, StageEntry } from '../../src/model/types.js';
import { runFold } from '../../src/metrics/fold.js';
import { funnelFold, type FunnelAvailable, type FunnelResult } from '../../src/metrics/funnel.js';
import { LOST_AMOUNTS_ZEROED } from '../../src/metrics/rates.js';
import { deal as baseDeal } from '../support/records.js';

function day(text: string): DayNumber {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new Error(`bad test date ${text}`);
  return parsed;
}

// Each deal sits one row below the last, from row 2.
let dealRow = 1;
const deal = (fields: Parameters<typeof baseDeal>[0]): Deal => baseDeal({ source: { file: 'deals.csv', row: (dealRow += 1) }, ...fields });

function history(rows: readonly [string, string, string][]): Map<string, StageEntry[]> {
  const byDeal = new Map<string, StageEntry[]>();
  rows.forEach(([dealId, stage, entered], index) => {
    const list = byDeal.get(dealId) ?? [];
    list.push({ dealId, stage, entered: day(entered), source: { file: 'history.csv', row: index + 2 } });
    byDeal.set(dealId, list);
  });
  return byDeal;
}

function available(result: FunnelResult): FunnelAvailable {
  if (!result.available) throw new Error(`expected an available funnel, got ${result.detail}`);
  return result;
}

const order: StageOrder = { open: ['Qualify', 'Proposal', 'Negotiation'], closed: ['Closed Won', 'Closed Lost'] };
const asOf = day('2026-06-30');

// The scenario of test/fixtures/history (deals.csv + history.csv), in memory.
const scenarioDeals: readonly Deal[] = [
  deal({ id: 'D1', status: 'won', stage: 'Closed Won', amount: 30000, created: day('2026-01-05'), close: day('2026-03-01') }),
  deal({ id: 'D2', status: 'lost', stage: 'Closed Lost', amount: 10000, created: day('2026-01-10'), close: day('2026-02-15') }),
  deal({ id: 'D3', status: 'lost', stage: 'Closed Lost', amount: 20000, created: day('2026-02-01'), close: day('2026-04-01') }),
  deal({ id: 'D4', status: 'won', stage: 'Closed Won', amount: 50000, created: day('2026-02-05'), close: day('2026-05-10') }),
  deal({ id: 'D5', status: 'open', stage: 'Proposal', amount: 40000, created: day('2026-04-01'), close: day('2026-07-31') }),
  deal({ id: 'D6', status: 'lost', stage: 'Closed Lost', amount: 5000, created: day('2026-03-01'), close: day('2026-03-20') }),
];
const scenarioHistory = history([
  ['D1', 'Qualify', '2026-01-05'],
  ['D1', 'Proposal', '2026-01-20'],
  ['D1', 'Negotiation', '2026-02-10'],
  ['D1', 'Closed Won', '2026-03-01'],
  ['D2', 'Qualify', '2026-01-10'],
  ['D2', 'Proposal', '2026-01-25'],
  ['D2', 'Closed Lost', '2026-02-15'],
  ['D3', 'Qualify', '2026-02-01'],
  ['D3', 'Negotiation', '2026-03-01'],
  ['D3', 'Closed Lost', '2026-04-01'],
  ['D4', 'Qualify', '2026-02-05'],
  ['D4', 'Proposal', '2026-02-20'],
  ['D4', 'Negotiation', '2026-03-15'],
  ['D4', 'Closed Won', '2026-05-10'],
  ['D5', 'Qualify', '2026-04-01'],
  ['D5', 'Proposal', '2026-05-01'],
  ['D6', 'Qualify', '2026-03-01'],
  ['D6', 'Closed Lost', '2026-03-20'],
]);

describe('funnelFold', () => {
  it('gives the METRICS.md win-rate example at the first stage, which every deal reached', () => {
    // METRICS.md "Win rates" worked example, C lost: A 20,000 won; B 10,000 won; C 40,000 lost; D 30,000 lost.
    // Every deal reached the first stage, so its conversion is the window's Wu = 50% and Wv = 30%.
    const deals = [
      deal({ id: 'A', status: 'won', amount: 20000 }),
      deal({ id: 'B', status: 'won', amount: 10000 }),
      deal({ id: 'C', status: 'lost', amount: 40000, lostStage: 'Proposal' }),
      deal({ id: 'D', status: 'lost', amount: 30000, lostStage: 'Qualify' }),
    ];
    const result = available(runFold(funnelFold({ stageOrder: order, asOf, historyByDeal: null }), deals));
    const [qualify, proposal, negotiation] = result.stages;
    expect(qualify?.winConversion.value).toBe(0.5);
    expect(qualify?.valueConversion.value).toBe(0.3);
    expect(qualify?.closedReached).toBe(4);
    // hand-computed: Proposal was reached by A, B (won: every stage) and C (lost at Proposal): 2 of 3; value 30,000 / 70,000.
    expect(proposal?.winConversion.value).toBeCloseTo(2 / 3, 12);
    expect(proposal?.valueConversion.value).toBeCloseTo(30000 / 70000, 12);
    // hand-computed: Negotiation only by the won deals: 2 of 2.
    expect(negotiation?.winConversion.value).toBe(1);
    expect(result.reachBasis).toEqual({ won: 2, history: 0, 'lost-stage': 2, 'current-stage': 0, unknown: 0 });
  });

  it('computes reach, conversions, open value and dwell from a history with a skipped stage', () => {
    const result = available(runFold(funnelFold({ stageOrder: order, asOf, historyByDeal: scenarioHistory, minSample: 4 }), scenarioDeals));
    const [qualify, proposal, negotiation] = result.stages;
    // hand-computed reach: Qualify all 6; Proposal D1 D2 D3 (skipped it: counts) D4 D5 = 5; Negotiation D1 D3 D4 = 3.
    expect(result.stages.map((stage) => stage.reached)).toEqual([6, 5, 3]);
    expect(result.stages.map((stage) => stage.closedReached)).toEqual([5, 4, 3]);
    // hand-computed: won 2 of 5 = 0.4, 2 of 4 = 0.5, 2 of 3.
    expect(qualify?.winConversion.value).toBe(0.4);
    expect(proposal?.winConversion.value).toBe(0.5);
    expect(negotiation?.winConversion.value).toBeCloseTo(0.6666666666666666, 15);
    // hand-computed by value: won 30,000 + 50,000 = 80,000; lost at Qualify 10,000 + 20,000 + 5,000 -> 80/115;
    // Proposal 10,000 + 20,000 -> 80/110; Negotiation 20,000 -> 80/100.
    expect(qualify?.valueConversion.value).toBeCloseTo(0.6956521739130435, 15);
    expect(proposal?.valueConversion.value).toBeCloseTo(0.7272727272727273, 15);
    expect(negotiation?.valueConversion.value).toBe(0.8);
    // hand-computed next stage: Qualify 5 of 6 left it for Proposal; Proposal: D5 is still there, so 3 of 4; Negotiation -> won 2 of 3.
    expect(qualify?.nextStage).toBe('Proposal');
    expect(qualify?.nextStageConversion.value).toBeCloseTo(5 / 6, 15);
    expect(proposal?.nextStageN).toBe(4);
    expect(proposal?.nextStageConversion.value).toBe(0.75);
    expect(negotiation?.nextStage).toBe('won');
    expect(negotiation?.nextStageConversion.value).toBeCloseTo(2 / 3, 15);
    // D5, 40,000, sits in Proposal.
    expect(result.stages.map((stage) => [stage.open, stage.openValue])).toEqual([[0, 0], [1, 40000], [0, 0]]);
    // hand-computed dwell of closed deals: Qualify 15, 15, 28, 15, 19 -> mean 92/5 = 18.4, median 15;
    // Proposal 21, 21, 23 -> mean 65/3, median 21; Negotiation 19, 31, 56 -> mean 106/3, median 31.
    expect(qualify?.averageDwellDays.value).toBe(18.4);
    expect(qualify?.medianDwellDays.value).toBe(15);
    expect(proposal?.averageDwellDays.value).toBeCloseTo(21.666666666666668, 12);
    expect(proposal?.medianDwellDays.value).toBe(21);
    expect(negotiation?.averageDwellDays.value).toBeCloseTo(35.333333333333336, 12);
    expect(negotiation?.medianDwellDays.value).toBe(31);
    expect(result.stages.map((stage) => stage.dwellN)).toEqual([5, 3, 3]);
    // hand-computed won cycles: D1 01-05 -> 03-01 = 55, D4 02-05 -> 05-10 = 94; mean 74.5.
    expect(result.averageWonCycleDays.value).toBe(74.5);
    expect(result.dealsWithHistory).toBe(6);
    // minSample 4: Negotiation's 3 closed deals are a small sample.
    expect(result.stages.map((stage) => stage.smallSample)).toEqual([false, false, true]);
  });

  it('prints each conversion to won with n and a Wilson interval', () => {
    const result = available(runFold(funnelFold({ stageOrder: order, asOf, historyByDeal: scenarioHistory }), scenarioDeals));
    // hand-computed, Wilson score with z = 1.959964, 2 of 4: p = 0.5, z^2 = 3.8414589, shrink = 1 + z^2/4 = 1.9603647,
    // centre = (0.5 + z^2/8) / shrink = 0.5; half-width = (1.959964 / 1.9603647) x sqrt(0.25/4 + z^2/64)
    // = 0.9997956 x sqrt(0.0625 + 0.0600228) = 0.9997956 x 0.3500326 = 0.3499610.
    expect(result.stages[1]?.closedReached).toBe(4);
    expect(result.stages[1]?.winConversionInterval?.low).toBeCloseTo(0.150039, 6);
    expect(result.stages[1]?.winConversionInterval?.high).toBeCloseTo(0.849961, 6);
  });

  it('stops without any stage information, naming --history and lost_stage, and never guesses', () => {
    const deals = [deal({ id: 'A', status: 'won', amount: 100 }), deal({ id: 'B', status: 'lost', amount: 100 })];
    const result = runFold(funnelFold({ stageOrder: order, asOf, historyByDeal: null }), deals);
    expect(result.available).toBe(false);
    if (result.available) return;
    expect(result.reason).toBe('no-stage-information');
    expect(result.needs).toEqual(['--history', 'lost_stage']);
    expect(result.historyGiven).toBe(false);

    const unmatched = runFold(funnelFold({ stageOrder: order, asOf, historyByDeal: history([['ZZ', 'Qualify', '2026-01-01']]) }), deals);
    expect(unmatched.available).toBe(false);
    if (!unmatched.available) expect(unmatched.historyGiven).toBe(true);
  });

  it('leaves out and counts lost deals with neither history nor lost_stage when others have it', () => {
    const deals = [
      deal({ id: 'A', status: 'won', amount: 100 }),
      deal({ id: 'B', status: 'lost', amount: 100, lostStage: 'Qualify' }),
      deal({ id: 'C', status: 'lost', amount: 100 }),
    ];
    const result = available(runFold(funnelFold({ stageOrder: order, asOf, historyByDeal: null }), deals));
    expect(result.lostWithoutStageInformation).toBe(1);
    // hand-computed: Qualify reached by A and B only: 1 of 2.
    expect(result.stages[0]?.closedReached).toBe(2);
    expect(result.stages[0]?.winConversion.value).toBe(0.5);
  });

  it('gives null with a reason for n = 0 and for lost deals whose amounts are zeroed', () => {
    const deals = [
      deal({ id: 'A', status: 'won', amount: 500 }),
      deal({ id: 'B', status: 'lost', amount: 0, lostStage: 'Qualify' }),
      deal({ id: 'C', status: 'open', stage: 'Qualify', amount: null }),
    ];
    const result = available(runFold(funnelFold({ stageOrder: order, asOf, historyByDeal: null }), deals));
    expect(result.stages[0]?.valueConversion.value).toBeNull();
    expect(result.stages[0]?.valueConversion.reason).toBe(LOST_AMOUNTS_ZEROED);
    expect(result.stages[0]?.openWithoutAmount).toBe(1);

    const empty = available(runFold(funnelFold({ stageOrder: order, asOf, historyByDeal: null }), []));
    const first = empty.stages[0];
    expect(first?.winConversion.value).toBeNull();
    expect(first?.winConversion.reason?.message).toBe('no closed deal reached this stage');
    expect(first?.winConversionInterval).toBeNull();
    expect(first?.valueConversion.value).toBeNull();
    expect(first?.nextStageConversion.value).toBeNull();
    expect(first?.averageDwellDays.value).toBeNull();
    expect(first?.averageDwellDays.reason).not.toBeNull();
    expect(empty.averageWonCycleDays.value).toBeNull();
  });

  it('gives the same result for two merged halves as for one pass, in either order', () => {
    const fold = funnelFold({ stageOrder: order, asOf, historyByDeal: scenarioHistory });
    const whole = runFold(fold, scenarioDeals);
    const half = (deals: readonly Deal[]) => deals.reduce((state, item) => fold.add(state, item), fold.init());
    const first = half(scenarioDeals.slice(0, 3));
    const second = half(scenarioDeals.slice(3));
    expect(fold.finish(fold.merge(first, second))).toEqual(whole);
    expect(fold.finish(fold.merge(second, first))).toEqual(whole);
    expect(runFold(fold, [...scenarioDeals].reverse())).toEqual(whole);
  });

  it('throws RangeError naming the function for an empty stage order or a bad minSample', () => {
    expect(() => funnelFold({ stageOrder: { open: [], closed: [] }, asOf, historyByDeal: null })).toThrow(/funnelFold/);
    expect(() => funnelFold({ stageOrder: order, asOf, historyByDeal: null, minSample: 0 })).toThrow(RangeError);
  });
});
