import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { known } from '../../src/metrics/figure.js';
import { explicitWindow, parseIsoDay } from '../../src/model/calendar.js';
import type { DayNumber, Deal, DealStatus } from '../../src/model/types.js';
import { runFold } from '../../src/metrics/fold.js';
import { repLeversFold, scorecard, type RepLevers, type ScorecardPercentiles } from '../../src/metrics/scorecard.js';
import type { Scope } from '../../src/metrics/scope.js';
import { day, deal } from '../support/records.js';




const start = day('2026-01-01');
const scope: Scope = { asOf: day('2026-06-30'), window: explicitWindow(start, day('2026-06-30')), basis: 'close' };

let sequence = 0;
/** A won deal created on 2026-01-01 and closed `cycle` days later. */
function won(owner: string, amount: number, cycle: number): Deal {
  sequence += 1;
  return deal({ id: `w${sequence}`, owner, status: 'won', amount, created: start, close: start + cycle });
}
function lost(owner: string): Deal {
  sequence += 1;
  return deal({ id: `l${sequence}`, owner, status: 'lost', amount: 1_000, created: start, close: start + 15 });
}
function open(owner: string, created: DayNumber = start + 100): Deal {
  sequence += 1;
  return deal({ id: `o${sequence}`, owner, status: 'open', amount: 1_000, created, close: created + 60 });
}

// Peers (minSample 2): Ann, Bob, Cat, Dan. Eve has 1 closed deal (flagged); Fay has none.
const team: Deal[] = [
  won('Ann', 10_000, 30), won('Ann', 20_000, 50), lost('Ann'), open('Ann'),
  won('Bob', 30_000, 20), lost('Bob'), lost('Bob'), lost('Bob'),
  won('Cat', 5_000, 60), won('Cat', 5_000, 60),
  won('Dan', 15_000, 40), lost('Dan'), open('Dan'), open('Dan'), open('Dan'),
  won('Eve', 50_000, 10),
  // Not worked in the window: closed before it, and open but created after the as-of date.
  deal({ id: 'old', owner: 'Ann', status: 'won', amount: 99_000, created: day('2025-06-01'), close: day('2025-12-31') }),
  open('Bob', day('2026-07-15')),
];

/** The percentiles' values (null when n/a), to compare with hand-computed literals. */
function valuesOf(percentiles: ScorecardPercentiles | undefined): Record<string, number | null> {
  return Object.fromEntries(Object.entries(percentiles ?? {}).map(([lever, figure]) => [lever, figure.value]));
}

describe('scorecard', () => {
  it('ranks the levers within the peer group (METRICS.md "Rep scorecard")', () => {
    const result = scorecard(runFold(repLeversFold({ scope }), team), { minSample: 2, extraReps: ['Fay', 'Ann'] });
    expect(result.peerGroup).toBe(4);
    expect(result.reps.map((rep) => rep.key)).toEqual(['Bob', 'Dan', 'Ann', 'Cat', 'Eve', 'Fay']);
    const ann = result.reps.find((rep) => rep.key === 'Ann');
    expect(ann).toEqual({
      key: 'Ann',
      deals: 4, // 2 won + 1 lost + 1 open
      closed: 3,
      averageWonAmount: known(15_000), // hand-computed: (10,000 + 20,000) / 2
      winRate: known(2 / 3), // hand-computed: 2 / 3
      cycleDays: known(40), // hand-computed: (30 + 50) / 2
      velocity: known(1_000), // hand-computed: 4 x 15,000 x 2/3 / 40
      // hand-computed against peers deals [4, 4, 2, 5], A [15k, 30k, 5k, 15k], Wu [2/3, 1/4, 1, 1/2],
      // L [40, 20, 60, 40]: deals (1 + 0.5 x 2) / 4; A (1 + 0.5 x 2) / 4; Wu (2 + 0.5) / 4; L (1 + 0.5 x 2) / 4
      percentiles: { deals: known(0.5), value: known(0.5), winRate: known(0.625), cycle: known(0.5) },
      composite: known(0.53125), // hand-computed: (0.5 + 0.5 + 0.625 + 0.5) / 4
      smallSample: false,
      inPeerGroup: true,
    });
    const byKey = new Map(result.reps.map((rep) => [rep.key, rep]));
    // hand-computed: Bob deals 0.5, A 3.5/4, Wu 0.5/4, L (shortest) 3.5/4 -> 2.375 / 4
    expect(valuesOf(byKey.get('Bob')?.percentiles)).toEqual({ deals: 0.5, value: 0.875, winRate: 0.125, cycle: 0.875 });
    expect(byKey.get('Bob')?.composite.value).toBe(0.59375);
    expect(byKey.get('Bob')?.velocity.value).toBe(1_500); // hand-computed: 4 x 30,000 x 0.25 / 20
    // hand-computed: Cat deals 0.5/4, A 0.5/4, Wu 3.5/4, L (longest) 0.5/4 -> 1.25 / 4
    expect(byKey.get('Cat')?.composite.value).toBe(0.3125);
    expect(byKey.get('Cat')?.velocity.value).toBeCloseTo(500 / 3, 9); // hand-computed: 2 x 5,000 x 1 / 60
    // hand-computed: Dan deals 3.5/4, A 0.5, Wu 1.5/4, L 0.5 -> 2.25 / 4
    expect(byKey.get('Dan')?.composite.value).toBe(0.5625);
    expect(byKey.get('Dan')?.velocity.value).toBe(937.5); // hand-computed: 5 x 15,000 x 0.5 / 40
  });

  it('lists small-sample reps flagged, placed among the peers without joining them', () => {
    const result = scorecard(runFold(repLeversFold({ scope }), team), { minSample: 2 });
    const eve = result.reps.find((rep) => rep.key === 'Eve');
    expect(eve?.smallSample).toBe(true);
    expect(eve?.inPeerGroup).toBe(false);
    // hand-computed: deals 1 beats none of [4, 4, 2, 5] -> 0; A 50,000 beats all 4 -> 1;
    // Wu 1 beats 3 and ties Cat -> 3.5/4; L 10 is shorter than all -> 1
    expect(valuesOf(eve?.percentiles)).toEqual({ deals: 0, value: 1, winRate: 0.875, cycle: 1 });
    expect(eve?.composite.value).toBe(0.71875); // hand-computed: 2.875 / 4
    // Eve is not a peer: Cat's win-rate rank is unchanged by her 1-for-1 (3.5 / 4, not 4 / 5)
    expect(result.reps.find((rep) => rep.key === 'Cat')?.percentiles.winRate.value).toBe(0.875);
    // Flagged reps come after every peer despite the higher composite.
    expect(result.reps.at(-1)?.key).toBe('Eve');
  });

  it('gives a rep with no deals null levers and a null composite with a reason', () => {
    const result = scorecard(runFold(repLeversFold({ scope }), team), { minSample: 2, extraReps: ['Fay'] });
    const fay = result.reps.find((rep) => rep.key === 'Fay');
    expect(fay).toMatchObject({
      deals: 0,
      closed: 0,
      averageWonAmount: { value: null, reason: { message: 'no won deals with an amount in window' } },
      winRate: { value: null, reason: { message: 'no closed deals in window' } },
      cycleDays: { value: null },
      velocity: { value: null, reason: { code: 'lever-na', message: 'a lever is n/a' } },
      // hand-computed: 0 deals beats none of the peers
      percentiles: { deals: { value: 0 }, value: { value: null }, winRate: { value: null }, cycle: { value: null } },
      composite: { value: null, reason: { code: 'percentile-na', message: 'percentile n/a for value, winRate, cycle' } },
      smallSample: true,
      inPeerGroup: false,
    });
  });

  it('has no percentiles when no rep meets minSample', () => {
    const result = scorecard(runFold(repLeversFold({ scope }), team), { minSample: 30 });
    expect(result.peerGroup).toBe(0);
    const noPeers = { value: null, reason: { code: 'small-peer-group', message: 'no rep has 30 or more closed deals in the window' } };
    for (const rep of result.reps) {
      expect(rep.smallSample).toBe(true);
      expect(rep.percentiles).toEqual({ deals: noPeers, value: noPeers, winRate: noPeers, cycle: noPeers });
      expect(rep.composite).toEqual(noPeers);
    }
    // Levers are still reported: hand-computed Bob 1 won of 4 closed
    expect(result.reps.find((rep) => rep.key === 'Bob')?.winRate.value).toBe(0.25);
    // Sorted by key when every composite is n/a
    expect(result.reps.map((rep) => rep.key)).toEqual(['Ann', 'Bob', 'Cat', 'Dan', 'Eve']);
  });

  it('velocity is null when the average cycle is 0 days, and 0 (not -0) when nothing is worked', () => {
    const sameDay = [deal({ id: '1', owner: 'Zed', status: 'won', amount: 100, created: start, close: start })];
    const zed = scorecard(runFold(repLeversFold({ scope }), sameDay), { minSample: 1 }).reps[0];
    expect(zed?.cycleDays.value).toBe(0);
    expect(zed?.velocity.value).toBeNull();
    expect(zed?.velocity.reason?.message).toBe('average sales cycle is 0 days');
    const zeroAmount = [deal({ id: '1', owner: 'Zed', status: 'won', amount: 0, created: start, close: start + 5 })];
    const velocity = scorecard(runFold(repLeversFold({ scope }), zeroAmount), { minSample: 1 }).reps[0]?.velocity;
    expect(Object.is(velocity?.value, 0)).toBe(true);
  });

  it('empty input gives no reps', () => {
    expect(scorecard(runFold(repLeversFold({ scope }), []), { minSample: 30 })).toEqual({
      minSample: 30,
      peerGroup: 0,
      reps: [],
    });
  });

  it('throws RangeError for minSample below 1 or not whole, and for a duplicate rep', () => {
    expect(() => scorecard([], { minSample: 0 })).toThrow(RangeError);
    expect(() => scorecard([], { minSample: 2.5 })).toThrow(/scorecard/);
    const rep: RepLevers = { key: 'A', deals: 0, won: 0, lost: 0, open: 0, wonAmount: 0, wonWithAmount: 0, wonCycleDays: 0, wonWithCycle: 0 };
    expect(() => scorecard([rep, rep], { minSample: 1 })).toThrow(RangeError);
  });

  it('repLeversFold: merging two halves equals one pass (property)', () => {
    const fold = repLeversFold({ scope });
    fc.assert(
      fc.property(fc.shuffledSubarray(team, { minLength: 0 }), fc.nat(), (deals, cut) => {
        const split = cut % (deals.length + 1);
        let first = fold.init();
        for (const record of deals.slice(0, split)) first = fold.add(first, record);
        let second = fold.init();
        for (const record of deals.slice(split)) second = fold.add(second, record);
        expect(fold.finish(fold.merge(second, first))).toEqual(runFold(fold, deals));
      }),
    );
  });
});
