import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../src/model/calendar.js';
import type { StageOrder } from '../../src/model/stageHistory.js';
import type { DayNumber, Deal, StageEntry } from '../../src/model/types.js';
import { isStalled, stalledDays } from '../../src/metrics/stalled.js';
import { day, deal } from '../support/records.js';



function entry(dealId: string, stage: string, entered: string): StageEntry {
  return { dealId, stage, entered: day(entered), source: { file: 'history.csv', row: 2 } };
}

const stageOrder: StageOrder = { open: ['Qualify', 'Proposal'], closed: ['Closed Won', 'Closed Lost'] };
const averageDwellByStage = new Map<string, number | null>([['Qualify', 10], ['Proposal', 20]]);
const asOf = day('2026-06-30');

describe('stalledDays', () => {
  it('flags an open deal in its stage for more than 2x the stage average, from its last history entry, with its row', () => {
    const open = deal({ id: 'S', status: 'open', stage: 'Proposal', source: { file: 'deals.csv', row: 7 } });
    const history = new Map([['S', [entry('S', 'Qualify', '2026-04-01'), entry('S', 'Proposal', '2026-05-01')]]]);
    const result = stalledDays(open, { stageOrder, averageDwellByStage, asOf, historyByDeal: history });
    // hand-computed: 2026-05-01 -> 2026-06-30 = 30 + 30 = 60 days; average 20, limit 2 x 20 = 40; ratio 60/20 = 3.
    expect(result).toEqual({
      dealId: 'S',
      source: { file: 'deals.csv', row: 7 },
      stage: 'Proposal',
      enteredFrom: 'history',
      entered: day('2026-05-01'),
      daysInStage: 60,
      averageDwellDays: 20,
      limitDays: 40,
      ratio: 3,
      stalled: true,
    });
  });

  it('falls back to stage_entered without history, and is not stalled at exactly 2x', () => {
    // hand-computed: 2026-06-10 -> 2026-06-30 = 20 days = 2 x the Qualify average 10: not more than, so not stalled.
    const atLimit = deal({ id: 'E', status: 'open', stage: 'Qualify', stageEntered: day('2026-06-10') });
    const result = stalledDays(atLimit, { stageOrder, averageDwellByStage, asOf });
    expect(result?.enteredFrom).toBe('stage-entered');
    expect(result?.daysInStage).toBe(20);
    expect(result?.stalled).toBe(false);
    // one day more: 21 > 20.
    expect(isStalled(deal({ id: 'F', status: 'open', stage: 'Qualify', stageEntered: day('2026-06-09') }), { stageOrder, averageDwellByStage, asOf })).toBe(true);
  });

  it('uses the factor it is given', () => {
    const open = deal({ id: 'G', status: 'open', stage: 'Qualify', stageEntered: day('2026-06-15') });
    // hand-computed: 15 days against 1 x 10.
    expect(isStalled(open, { stageOrder, averageDwellByStage, asOf, factor: 1 })).toBe(true);
    expect(isStalled(open, { stageOrder, averageDwellByStage, asOf })).toBe(false);
  });

  it('does not apply to closed deals, unknown stages, unknown entry dates or stages with no average', () => {
    const options = { stageOrder, averageDwellByStage, asOf };
    expect(stalledDays(deal({ id: 'W', status: 'won', stage: 'Closed Won', stageEntered: day('2026-01-01') }), options)).toBeNull();
    expect(stalledDays(deal({ id: 'U', status: 'open', stage: 'Demo', stageEntered: day('2026-01-01') }), options)).toBeNull();
    expect(stalledDays(deal({ id: 'N', status: 'open', stage: 'Qualify' }), options)).toBeNull();
    expect(stalledDays(deal({ id: 'L', status: 'open', stage: 'Qualify', stageEntered: day('2026-07-05') }), options)).toBeNull();
    const noAverage = new Map<string, number | null>([['Qualify', null]]);
    expect(stalledDays(deal({ id: 'A', status: 'open', stage: 'Qualify', stageEntered: day('2026-01-01') }), { ...options, averageDwellByStage: noAverage })).toBeNull();
  });

  it('gives a null ratio against an average of 0, and any day in the stage is stalled', () => {
    const zero = new Map<string, number | null>([['Qualify', 0]]);
    const result = stalledDays(deal({ id: 'Z', status: 'open', stage: 'Qualify', stageEntered: day('2026-06-29') }), { stageOrder, averageDwellByStage: zero, asOf });
    expect(result?.ratio).toBeNull();
    expect(result?.stalled).toBe(true);
  });

  it('throws RangeError naming the function for a factor that is not positive', () => {
    expect(() => stalledDays(deal({ id: 'X', status: 'open' }), { stageOrder, averageDwellByStage, asOf, factor: 0 })).toThrow(/stalledDays/);
  });
});
