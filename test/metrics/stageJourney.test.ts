import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../src/model/calendar.js';
import type { StageOrder } from '../../src/model/stageHistory.js';
import type { DayNumber, Deal, StageEntry } from '../../src/model/types.js';
import { entriesFor, stageJourneyOf, stageOnDay } from '../../src/metrics/stageJourney.js';
import { day, deal } from '../support/records.js';



let historyRow = 1;
function entry(dealId: string, stage: string, entered: string): StageEntry {
  historyRow += 1;
  return { dealId, stage, entered: day(entered), source: { file: 'history.csv', row: historyRow } };
}

const order: StageOrder = {
  open: ['Qualify', 'Proposal', 'Negotiation', 'Contract'],
  closed: ['Closed Won', 'Closed Lost'],
};
const asOf = day('2026-06-30');

describe('stageJourneyOf', () => {
  it('counts skipped stages as reached, with null dwell where never entered', () => {
    const lost = deal({ id: 'S', status: 'lost', close: day('2026-01-31') });
    const journey = stageJourneyOf(lost, [entry('S', 'Qualify', '2026-01-01'), entry('S', 'Negotiation', '2026-01-11')], order, asOf);
    expect(journey.reachBasis).toBe('history');
    expect(journey.furthest).toBe(2);
    expect(journey.reached).toEqual([true, true, true, false]);
    // hand-computed: Qualify 01-01 -> 01-11 = 10 days; Negotiation 01-11 -> close 01-31 = 20 days; Proposal skipped.
    expect(journey.dwellDays).toEqual([10, null, 20, null]);
    expect(journey.visits).toEqual([1, 0, 1, 0]);
    expect(journey.current).toBeNull();
  });

  it('does not un-reach on a backward move and sums dwell over repeated visits', () => {
    const lost = deal({ id: 'B', status: 'lost', close: day('2026-02-05') });
    const entries = [
      entry('B', 'Qualify', '2026-01-01'),
      entry('B', 'Proposal', '2026-01-06'),
      entry('B', 'Negotiation', '2026-01-13'),
      entry('B', 'Proposal', '2026-01-21'),
    ];
    const journey = stageJourneyOf(lost, entries, order, asOf);
    expect(journey.furthest).toBe(2);
    expect(journey.reached).toEqual([true, true, true, false]);
    // hand-computed: Qualify 01-01 -> 01-06 = 5; Proposal (01-06 -> 01-13 = 7) + (01-21 -> close 02-05 = 15) = 22;
    // Negotiation 01-13 -> 01-21 = 8.
    expect(journey.dwellDays).toEqual([5, 22, 8, null]);
    expect(journey.visits).toEqual([1, 2, 1, 0]);
  });

  it('treats consecutive entries of one stage as one visit and ends the last visit at a won/lost entry', () => {
    const lost = deal({ id: 'R', status: 'lost', close: day('2026-01-31') });
    const entries = [
      entry('R', 'Qualify', '2026-01-01'),
      entry('R', 'Qualify', '2026-01-04'), // an amount edit writes another row in the same stage
      entry('R', 'Proposal', '2026-01-11'),
      entry('R', 'Closed Lost', '2026-01-15'),
    ];
    const journey = stageJourneyOf(lost, entries, order, asOf);
    // hand-computed: Qualify 01-01 -> 01-11 = 10 (one visit); Proposal 01-11 -> Closed Lost 01-15 = 4, not to close 01-31.
    expect(journey.dwellDays).toEqual([10, 4, null, null]);
    expect(journey.visits).toEqual([1, 1, 0, 0]);
  });

  it('orders same-day entries by stage order, whatever order the rows come in', () => {
    const lost = deal({ id: 'T', status: 'lost', close: day('2026-01-25') });
    const journey = stageJourneyOf(lost, [entry('T', 'Proposal', '2026-01-05'), entry('T', 'Qualify', '2026-01-05')], order, asOf);
    // hand-computed: Qualify 01-05 -> Proposal 01-05 = 0; Proposal 01-05 -> close 01-25 = 20.
    expect(journey.dwellDays).toEqual([0, 20, null, null]);
  });

  it('says a won deal reached every open stage, with dwell only where it entered', () => {
    const won = deal({ id: 'W', status: 'won', close: day('2026-02-01') });
    const journey = stageJourneyOf(won, [entry('W', 'Qualify', '2026-01-01'), entry('W', 'Proposal', '2026-01-11')], order, asOf);
    expect(journey.reachBasis).toBe('won');
    expect(journey.furthest).toBe(3);
    expect(journey.reached).toEqual([true, true, true, true]);
    // hand-computed: Qualify 01-01 -> 01-11 = 10; Proposal 01-11 -> close 02-01 = 21.
    expect(journey.dwellDays).toEqual([10, 21, null, null]);
  });

  it('uses lost_stage without history, and says reach is unknown without either', () => {
    const withLostStage = deal({ id: 'L', status: 'lost', lostStage: 'proposal' });
    const journey = stageJourneyOf(withLostStage, [], order, asOf);
    expect(journey.reachBasis).toBe('lost-stage');
    expect(journey.reached).toEqual([true, true, false, false]);
    expect(journey.dwellDays).toEqual([null, null, null, null]);

    const unknown = stageJourneyOf(deal({ id: 'U', status: 'lost' }), [], order, asOf);
    expect(unknown.reachBasis).toBe('unknown');
    expect(unknown.furthest).toBeNull();
    expect(unknown.reached).toEqual([false, false, false, false]);
  });

  it('prefers the history to lost_stage', () => {
    const lost = deal({ id: 'H', status: 'lost', lostStage: 'Contract', close: day('2026-01-10') });
    const journey = stageJourneyOf(lost, [entry('H', 'Qualify', '2026-01-01')], order, asOf);
    expect(journey.reachBasis).toBe('history');
    expect(journey.furthest).toBe(0);
  });

  it('keeps the visit in progress of an open deal out of dwellDays and leaves out entries after the as-of date', () => {
    const open = deal({ id: 'O', status: 'open', stage: 'Proposal' });
    const entries = [entry('O', 'Qualify', '2026-05-01'), entry('O', 'Proposal', '2026-05-21'), entry('O', 'Negotiation', '2026-07-15')];
    const journey = stageJourneyOf(open, entries, order, asOf);
    expect(journey.furthest).toBe(1);
    // hand-computed: Qualify 05-01 -> 05-21 = 20; Proposal is still running.
    expect(journey.dwellDays).toEqual([20, null, null, null]);
    // hand-computed: 2026-05-21 -> 2026-06-30 = 10 + 30 = 40 days.
    expect(journey.current).toEqual({ stage: 'Proposal', index: 1, entered: day('2026-05-21'), enteredFrom: 'history', days: 40 });
  });

  it('takes an open deal\'s current stage from its stage column, entered at stage_entered when the history is behind', () => {
    const open = deal({ id: 'C', status: 'open', stage: 'Negotiation', stageEntered: day('2026-06-10') });
    const journey = stageJourneyOf(open, [entry('C', 'Qualify', '2026-05-01')], order, asOf);
    expect(journey.reachBasis).toBe('history');
    expect(journey.furthest).toBe(2);
    // hand-computed: 2026-06-10 -> 2026-06-30 = 20 days.
    expect(journey.current).toEqual({ stage: 'Negotiation', index: 2, entered: day('2026-06-10'), enteredFrom: 'stage-entered', days: 20 });
    // Qualify's visit ended at an unknown day: no dwell.
    expect(journey.dwellDays).toEqual([null, null, null, null]);
  });

  it('reaches an open deal\'s current stage without history', () => {
    const journey = stageJourneyOf(deal({ id: 'N', status: 'open', stage: 'Negotiation' }), [], order, asOf);
    expect(journey.reachBasis).toBe('current-stage');
    expect(journey.reached).toEqual([true, true, true, false]);
    expect(journey.current).toEqual({ stage: 'Negotiation', index: 2, entered: null, enteredFrom: null, days: null });
  });

  it('leaves a last visit without a known end out of dwell, and ignores stages the order does not know', () => {
    const noClose = deal({ id: 'X', status: 'lost' });
    const entries = [entry('X', 'Qualify', '2026-01-01'), entry('X', 'Demo', '2026-01-03'), entry('X', 'Proposal', '2026-01-08')];
    const journey = stageJourneyOf(noClose, entries, order, asOf);
    // hand-computed: Qualify 01-01 -> Proposal 01-08 = 7 (Demo is not a stage); Proposal has no end.
    expect(journey.dwellDays).toEqual([7, null, null, null]);
    expect(journey.visits).toEqual([1, 1, 0, 0]);

    const closeBeforeEntry = deal({ id: 'Y', status: 'lost', close: day('2026-01-05') });
    expect(stageJourneyOf(closeBeforeEntry, [entry('Y', 'Qualify', '2026-01-10')], order, asOf).dwellDays).toEqual([null, null, null, null]);
  });

  it('does not mutate its entries', () => {
    const entries = Object.freeze([entry('F', 'Proposal', '2026-01-10'), entry('F', 'Qualify', '2026-01-01')]);
    const before = entries.map((item) => item.stage);
    stageJourneyOf(deal({ id: 'F', status: 'lost', close: day('2026-01-20') }), entries, order, asOf);
    expect(entries.map((item) => item.stage)).toEqual(before);
  });

  it('gives deals without history frozen per-stage arrays, shared and still right', () => {
    const first = stageJourneyOf(deal({ id: 'P', status: 'lost', lostStage: 'Proposal' }), [], order, asOf);
    const second = stageJourneyOf(deal({ id: 'Q', status: 'lost', lostStage: 'Proposal' }), [], order, asOf);
    expect(Object.isFrozen(first.reached) && Object.isFrozen(first.dwellDays) && Object.isFrozen(first.visits)).toBe(true);
    expect(second.reached).toBe(first.reached);
    expect(first.reached).toEqual([true, true, false, false]);
    expect(first.dwellDays).toEqual([null, null, null, null]);
    expect(first.visits).toEqual([0, 0, 0, 0]);
    // A journey with visits gets arrays of its own.
    const visited = stageJourneyOf(deal({ id: 'V', status: 'lost', close: day('2026-01-20') }), [entry('V', 'Qualify', '2026-01-01')], order, asOf);
    expect(visited.dwellDays).not.toBe(first.dwellDays);
    expect(visited.dwellDays).toEqual([19, null, null, null]);
  });

  it('throws RangeError naming the function for a fractional as-of day', () => {
    expect(() => stageJourneyOf(deal({ id: 'Z', status: 'open' }), [], order, 1.5)).toThrow(/stageJourneyOf/);
  });
});

describe('entriesFor', () => {
  it('looks entries up by deal id in a map, or calls a function of the deal', () => {
    const listed = [entry('M', 'Qualify', '2026-01-01')];
    const target = deal({ id: 'M', status: 'open' });
    expect(entriesFor(new Map([['M', listed]]), target)).toBe(listed);
    expect(entriesFor(() => listed, target)).toBe(listed);
    expect(entriesFor(new Map(), target)).toEqual([]);
    expect(entriesFor(null, target)).toEqual([]);
  });
});

describe('stageOnDay (METRICS.md "Point in time": the stage at D is the last one entered on or before D)', () => {
  const d = day('2026-06-30');
  it('keeps the stage as exported while the deal has not moved since the day', () => {
    expect(stageOnDay('Proposal', null, [entry('P', 'Qualify', '2026-05-01'), entry('P', 'Proposal', '2026-06-01')], order, d)).toBe('Proposal');
    // No history at all: the exported stage, as before.
    expect(stageOnDay('Proposal', day('2026-06-30'), [], order, d)).toBe('Proposal');
  });

  it('takes the history up to the day when the deal moved after it', () => {
    // Entered Proposal on 07-10, after D: on D it was still in Qualify.
    expect(stageOnDay('Proposal', null, [entry('M', 'Qualify', '2026-05-01'), entry('M', 'Proposal', '2026-07-10')], order, d)).toBe('Qualify');
    // A deal closed after D (its exported stage nulled by dealAt): where the history leaves it on D.
    expect(stageOnDay(null, null, [entry('C', 'Negotiation', '2026-06-01'), entry('C', 'Closed Won', '2026-07-02')], order, d)).toBe('Negotiation');
  });

  it('is unknown (null) when nothing says where the deal was on the day', () => {
    // Its first stage entered after D.
    expect(stageOnDay('Proposal', null, [entry('F', 'Proposal', '2026-07-10')], order, d)).toBeNull();
    // No history, but the export's stage-entered date is after D.
    expect(stageOnDay('Proposal', day('2026-07-01'), [], order, d)).toBeNull();
    // A closed deal's last entry on or before D is a closed stage: not an open stage on D.
    expect(stageOnDay(null, null, [entry('L', 'Closed Lost', '2026-06-15'), entry('L', 'Qualify', '2026-07-05')], order, d)).toBeNull();
  });

  it('is what the funnel takes as an open deal\'s current stage on the as-of date', () => {
    const moved = deal({ id: 'M', status: 'open', stage: 'Proposal' });
    const journey = stageJourneyOf(moved, [entry('M', 'Qualify', '2026-05-01'), entry('M', 'Proposal', '2026-07-10')], order, d);
    // hand-computed: in Qualify since 05-01, 60 days by 06-30.
    expect(journey.current).toEqual({ stage: 'Qualify', index: 0, entered: day('2026-05-01'), enteredFrom: 'history', days: 60 });
  });
});
