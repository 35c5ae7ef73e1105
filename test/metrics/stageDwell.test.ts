import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../src/model/calendar.js';
import type { StageOrder } from '../../src/model/stageHistory.js';
import type { DayNumber, Deal, StageEntry } from '../../src/model/types.js';
import { runFold } from '../../src/metrics/fold.js';
import { averageDwellByStage, stageDwellFold } from '../../src/metrics/stageDwell.js';
import { day, deal } from '../support/records.js';



function entries(dealId: string, ...rows: [string, string][]): StageEntry[] {
  return rows.map(([stage, entered], index) => ({ dealId, stage, entered: day(entered), source: { file: 'history.csv', row: index + 2 } }));
}

const order: StageOrder = { open: ['Qualify', 'Proposal'], closed: ['Closed Won', 'Closed Lost'] };
const asOf = day('2026-06-30');

// Qualify dwell: A 10, B 20, C 40, D 10 (hand-computed from the dates below); Proposal: A 5, with a repeated visit in D.
const deals: readonly Deal[] = [
  deal({ id: 'A', status: 'won', close: day('2026-01-16') }),
  deal({ id: 'B', status: 'lost', close: day('2026-02-21') }),
  deal({ id: 'C', status: 'lost', close: day('2026-03-11') }),
  deal({ id: 'D', status: 'lost', close: day('2026-04-30') }),
  deal({ id: 'E', status: 'open', stage: 'Qualify' }),
];
const history = new Map<string, StageEntry[]>([
  ['A', entries('A', ['Qualify', '2026-01-01'], ['Proposal', '2026-01-11'])],
  ['B', entries('B', ['Qualify', '2026-02-01'])],
  ['C', entries('C', ['Qualify', '2026-01-30'])],
  ['D', entries('D', ['Qualify', '2026-04-01'], ['Proposal', '2026-04-06'], ['Qualify', '2026-04-11'], ['Proposal', '2026-04-16'])],
  ['E', entries('E', ['Qualify', '2026-01-01'])],
]);

describe('stageDwellFold', () => {
  it('gives the average and median dwell of closed deals per stage, summing repeated visits', () => {
    const result = runFold(stageDwellFold({ stageOrder: order, asOf, historyByDeal: history }), deals);
    // hand-computed Qualify: A 01-01 -> 01-11 = 10; B 02-01 -> close 02-21 = 20; C 01-30 -> close 03-11 = 40;
    // D (04-01 -> 04-06 = 5) + (04-11 -> 04-16 = 5) = 10. n = 4, mean 80/4 = 20, median (10 + 20)/2 = 15.
    // E is open: its 180 days in Qualify are not counted.
    expect(result.stages[0]).toEqual({ stage: 'Qualify', n: 4, averageDays: { value: 20, reason: null }, medianDays: { value: 15, reason: null } });
    // hand-computed Proposal: A 01-11 -> close 01-16 = 5; D (04-06 -> 04-11 = 5) + (04-16 -> close 04-30 = 14) = 19.
    // n = 2, mean 24/2 = 12, median (5 + 19)/2 = 12.
    expect(result.stages[1]).toEqual({ stage: 'Proposal', n: 2, averageDays: { value: 12, reason: null }, medianDays: { value: 12, reason: null } });
  });

  it('takes the middle value as the median when n is odd', () => {
    const result = runFold(stageDwellFold({ stageOrder: order, asOf, historyByDeal: history }), deals.slice(0, 3));
    // hand-computed Qualify: 10, 20, 40 -> median 20, mean 70/3.
    expect(result.stages[0]?.medianDays.value).toBe(20);
    expect(result.stages[0]?.averageDays.value).toBeCloseTo(23.333333333333332, 12);
  });

  it('gives n = 0 and null with a reason without history or closed deals', () => {
    const missing = { value: null, reason: { code: 'no-stage-dwell', message: 'no closed deal with a known time in this stage' } };
    const result = runFold(stageDwellFold({ stageOrder: order, asOf, historyByDeal: null }), deals);
    expect(result.stages[0]).toEqual({ stage: 'Qualify', n: 0, averageDays: missing, medianDays: missing });
    expect(runFold(stageDwellFold({ stageOrder: order, asOf, historyByDeal: history }), []).stages[1]?.averageDays.value).toBeNull();
  });

  it('gives the same result for two merged halves as for one pass', () => {
    const fold = stageDwellFold({ stageOrder: order, asOf, historyByDeal: history });
    const whole = runFold(fold, deals);
    const half = (part: readonly Deal[]) => part.reduce((state, item) => fold.add(state, item), fold.init());
    expect(fold.finish(fold.merge(half(deals.slice(2)), half(deals.slice(0, 2))))).toEqual(whole);
  });

  it('maps stage labels to their average dwell for the stalled rule', () => {
    const result = runFold(stageDwellFold({ stageOrder: order, asOf, historyByDeal: history }), deals);
    expect(averageDwellByStage(result)).toEqual(new Map([['Qualify', 20], ['Proposal', 12]]));
  });
});
