import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromParts } from '../../src/model/calendar.js';
import { toCents } from '../../src/metrics/exactSum.js';
import { groupedFold, runFold } from '../../src/metrics/fold.js';
import { MOVEMENT_BUCKETS, bucketOf, movementFold, movementState, type DealPair, type MovementWindow, type SnapshotDeal } from '../../src/metrics/movement.js';

const day = (text: string): number => {
  const [year, month, date] = text.split('-').map(Number);
  return dayFromParts(year as number, month as number, date as number) as number;
};
const quarter: MovementWindow = { kind: 'window', window: { from: day('2026-10-01'), to: day('2026-12-31'), label: '2026-Q4' } };
const open = (amount: number, close: string, owner = 'Ann'): SnapshotDeal => ({ status: 'open', amount, close: day(close), stage: 'Proposal', owner });
const won = (amount: number, close: string): SnapshotDeal => ({ status: 'won', amount, close: day(close), stage: 'Closed Won', owner: 'Ann' });

describe('movementState', () => {
  it('places a deal against the window', () => {
    expect(movementState(null, quarter)).toBe('X');
    expect(movementState(open(1, '2026-11-01'), quarter)).toBe('A');
    expect(movementState(open(1, '2027-01-01'), quarter)).toBe('B');
    expect(movementState(open(1, '2026-09-30'), quarter)).toBe('B');
    expect(movementState({ status: 'open', close: null }, quarter)).toBe('B');
    expect(movementState({ status: 'open', close: null }, { kind: 'rolling' })).toBe('A');
    expect(movementState(won(1, '2026-11-01'), quarter)).toBe('W');
    expect(movementState({ status: 'lost', close: null }, quarter)).toBe('L');
  });
});

describe('movementFold', () => {
  // METRICS.md "Pipeline movement (snapshots)", worked example (window = the quarter).
  const pairs: DealPair[] = [
    { id: 'D1', before: open(100, '2026-11-15'), after: open(120, '2026-11-15') },
    { id: 'D2', before: open(50, '2026-11-20'), after: won(50, '2026-10-20') },
    { id: 'D3', before: open(30, '2027-01-15'), after: open(30, '2026-12-15') },
    { id: 'D4', before: open(20, '2026-12-01'), after: open(20, '2027-02-01') },
    { id: 'D5', before: null, after: open(40, '2026-12-10') },
  ];

  it('gives the five-deal worked example of METRICS.md', () => {
    const result = runFold(movementFold({ window: quarter, keepDeals: true }), pairs);
    // Expected values: METRICS.md worked example (start 170; +20 D1, -50 D2, +30 D3, -20 D4, +40 D5; end 190).
    expect(result.total).toMatchObject({ start: 170, increased: 20, won: 50, pulledIn: 30, pushedOut: 20, created: 40, reopened: 0, decreased: 0, lost: 0, removed: 0, end: 190 });
    expect(result.total.counts).toMatchObject({ start: 3, increased: 1, won: 1, pulledIn: 1, pushedOut: 1, created: 1, end: 3 });
    expect(result.deals?.map((deal) => [deal.id, deal.bucket, deal.change])).toEqual([
      ['D1', 'increased', 20],
      ['D2', 'won', -50],
      ['D3', 'pulledIn', 30],
      ['D4', 'pushedOut', -20],
      ['D5', 'created', 40],
    ]);
  });

  it('labels a close pulled before the window start as moved out (counted as pushed out)', () => {
    const bucketed = bucketOf({ id: 'D', before: open(10, '2026-11-01'), after: open(10, '2026-09-15') }, quarter);
    expect(bucketed).toMatchObject({ bucket: 'pushedOut', value: 10, movedEarlier: true });
  });

  it('puts reopened, lost, removed, decreased and untouched pairs in their buckets', () => {
    const lost: SnapshotDeal = { status: 'lost', amount: 5, close: day('2026-10-02'), stage: 'Closed Lost', owner: 'Bo' };
    expect(bucketOf({ id: 'a', before: lost, after: open(7, '2026-11-01') }, quarter)).toMatchObject({ bucket: 'reopened', value: 7 });
    expect(bucketOf({ id: 'b', before: open(7, '2026-11-01'), after: lost }, quarter)).toMatchObject({ bucket: 'lost', value: 7 });
    expect(bucketOf({ id: 'c', before: open(7, '2026-11-01'), after: null }, quarter)).toMatchObject({ bucket: 'removed', value: 7 });
    expect(bucketOf({ id: 'd', before: open(7, '2026-11-01'), after: open(4, '2026-11-01') }, quarter)).toMatchObject({ bucket: 'decreased', value: 3 });
    expect(bucketOf({ id: 'e', before: null, after: won(4, '2026-11-01') }, quarter)).toMatchObject({ bucket: 'outside', value: 0 });
  });

  it('keeps every figure exact to the cent: a change is not a floating-point difference', () => {
    const lost: SnapshotDeal = { status: 'lost', amount: 30.3, close: day('2026-10-09'), stage: 'Closed Lost', owner: 'Bo' };
    const result = runFold(movementFold({ window: quarter, keepDeals: true }), [
      { id: 'C1', before: open(100.1, '2026-11-15'), after: open(100.1, '2026-11-15') },
      { id: 'C2', before: open(50.2, '2026-11-20'), after: open(50.2, '2026-11-20') },
      { id: 'C3', before: open(30.3, '2026-11-20'), after: lost },
      { id: 'C4', before: open(80, '2026-11-20'), after: open(60.05, '2026-11-20') },
    ]);
    // Hand computation: start 100.10 + 50.20 + 30.30 + 80 = 260.60; C3 lost 30.30; C4 80 -> 60.05
    // decreased 19.95 (80 - 60.05 in doubles is 19.950000000000003); end 100.10 + 50.20 + 60.05 = 210.35.
    expect(result.total).toMatchObject({ start: 260.6, decreased: 19.95, lost: 30.3, end: 210.35 });
    expect(result.deals?.find((deal) => deal.id === 'C4')?.change).toBe(-19.95);
    expect(bucketOf({ id: 'C4', before: open(80, '2026-11-20'), after: open(60.05, '2026-11-20') }, quarter).value).toBe(19.95);
  });

  it('books a deal whose row a snapshot rejected (U) as unreadable, not removed or created', () => {
    // Hand computation: D1 open 100 in the window, its later row rejected: unreadable at end 100 (not removed);
    // D2's earlier row rejected, open 40 in the window later: unreadable at start 40 (not created); start 100, end 40.
    const result = runFold(movementFold({ window: quarter, keepDeals: true }), [
      { id: 'D1', before: open(100, '2026-11-15'), after: null, afterRejected: true },
      { id: 'D2', before: null, after: open(40, '2026-12-10'), beforeRejected: true },
      { id: 'D3', before: open(30, '2027-01-15'), after: null, afterRejected: true },
    ]);
    expect(result.total).toMatchObject({ start: 100, unreadableAtEnd: 100, unreadableAtStart: 40, removed: 0, created: 0, end: 40 });
    expect(result.deals?.map((deal) => [deal.id, deal.bucket, deal.change, deal.from, deal.to])).toEqual([
      ['D1', 'unreadableAtEnd', -100, 'A', 'U'],
      ['D2', 'unreadableAtStart', 40, 'U', 'A'],
      // Outside the window before, unreadable after: it does not touch the window's open pipeline.
      ['D3', 'outside', 0, 'B', 'U'],
    ]);
    // A flag beside a usable row means nothing: the row is the deal's state.
    expect(bucketOf({ id: 'D4', before: open(7, '2026-11-01'), after: open(7, '2026-11-01'), afterRejected: true }, quarter)).toMatchObject({ bucket: 'unchanged', to: 'A' });
  });

  it('splits the waterfall per group with groupedFold', () => {
    const grouped = runFold(groupedFold(movementFold({ window: quarter }), ['owner'], (pair: DealPair) => [pair.after?.owner ?? pair.before?.owner ?? '(none)']), [
      ...pairs,
      { id: 'D6', before: open(10, '2026-11-01', 'Bo'), after: null },
    ]);
    expect(grouped.total.total).toMatchObject({ start: 180, removed: 10, end: 190 });
    expect(grouped.groups.map((group) => [group.key.owner, group.result.total.start, group.result.total.end])).toEqual([
      ['Ann', 170, 190],
      ['Bo', 10, 0],
    ]);
  });
});

describe('movement identity (property)', () => {
  const cents = fc.integer({ min: 0, max: 10_000_000_00 });
  const closeDay = fc.integer({ min: day('2026-08-01'), max: day('2027-03-31') });
  const snapshotDeal = fc.oneof(
    fc.constant(null),
    fc.record({
      status: fc.constantFrom('open' as const, 'open' as const, 'won' as const, 'lost' as const),
      amount: fc.oneof(cents.map((value) => value / 100), fc.constant(null)),
      close: fc.oneof(closeDay, fc.constant(null)),
      stage: fc.constant(null),
      owner: fc.constantFrom('Ann', 'Bo', null),
    }),
  );
  // Each side's flag: a row rejected in that snapshot (it counts only where the side is null).
  const pairList = fc.array(fc.tuple(snapshotDeal, snapshotDeal, fc.boolean(), fc.boolean()), { maxLength: 60 });
  const windows = fc.oneof(fc.constant<MovementWindow>(quarter), fc.constant<MovementWindow>({ kind: 'rolling' }));
  // Each deal's amount rounded to the cent by the rule the fold uses (toCents, tested on its own).

  it('start + created + pulledIn + reopened + increased + unreadableAtStart - decreased - pushedOut - won - lost - removed - unreadableAtEnd = end, exactly in cents; one bucket per deal', () => {
    fc.assert(
      fc.property(pairList, windows, (tuples, window) => {
        const pairs: DealPair[] = tuples.map(([before, after, beforeRejected, afterRejected], index) => ({ id: `D${String(index).padStart(3, '0')}`, before, after, beforeRejected, afterRejected }));
        const result = runFold(movementFold({ window, keepDeals: true }), pairs);
        const t = result.total;
        const lhs =
          toCents(t.start) + toCents(t.created) + toCents(t.pulledIn) + toCents(t.reopened) + toCents(t.increased) + toCents(t.unreadableAtStart) -
          toCents(t.decreased) - toCents(t.pushedOut) - toCents(t.won) - toCents(t.lost) - toCents(t.removed) - toCents(t.unreadableAtEnd);
        expect(lhs).toBe(toCents(t.end));
        // The end in cents is the plain integer sum of the A deals at S1 (computed independently).
        const endCents = tuples.reduce((sum, [, after]) => sum + (after !== null && after.status === 'open' && (window.kind === 'rolling' || (after.close !== null && after.close >= day('2026-10-01') && after.close <= day('2026-12-31'))) ? toCents(after.amount ?? 0) : 0), 0);
        expect(toCents(t.end)).toBe(endCents);
        const bucketCounts = MOVEMENT_BUCKETS.reduce((sum, bucket) => sum + t.counts[bucket], 0);
        expect(bucketCounts).toBe(pairs.length);
        expect(result.deals?.length).toBe(pairs.length);
        expect(new Set(result.deals?.map((deal) => deal.id)).size).toBe(pairs.length);
        // A deal whose row was rejected is never created (rejected before) nor removed (rejected after).
        const bucketById = new Map(result.deals?.map((deal) => [deal.id, deal.bucket]));
        for (const pair of pairs) {
          if (pair.before === null && pair.beforeRejected === true) expect(bucketById.get(pair.id)).not.toBe('created');
          if (pair.after === null && pair.afterRejected === true) expect(bucketById.get(pair.id)).not.toBe('removed');
        }
      }),
      { numRuns: 300 },
    );
  });
});
