import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explicitWindow, parseIsoDay } from '../../src/model/calendar.js';
import type { DayNumber, Deal, DealStatus } from '../../src/model/types.js';
import { runFold } from '../../src/metrics/fold.js';
import {
  entityStatsFold,
  MIX_VALUE_CAP,
  pareto,
  type EntityStats,
  type EntityStatsOptions,
} from '../../src/metrics/pareto.js';
import type { Scope } from '../../src/metrics/scope.js';
import { day, deal } from '../support/records.js';




const scope: Scope = {
  asOf: day('2026-06-30'),
  window: explicitWindow(day('2026-01-01'), day('2026-12-31')),
  basis: 'close',
};

function stats(deals: readonly Deal[], overrides: Partial<EntityStatsOptions> = {}): readonly EntityStats[] {
  return runFold(entityStatsFold({ scope, by: 'owner', measure: 'won', profileDimensions: [], ...overrides }), deals)
    .entities;
}

/** An entity with only a measure, for the pure pareto() tests. */
function entity(key: string, measure: number): EntityStats {
  return {
    key,
    measure,
    deals: 0,
    won: 0,
    lost: 0,
    open: 0,
    wonAmount: 0,
    wonWithAmount: 0,
    wonCycleDays: 0,
    wonWithCycle: 0,
    mix: [],
  };
}

describe('pareto', () => {
  it('METRICS.md "Pareto / top performers": 20% of reps producing 80% gives uplift x4.0', () => {
    // 10 reps: r01, r02 won 40,000 each; r03..r10 won 2,500 each; total 100,000.
    const deals: Deal[] = [];
    for (let index = 1; index <= 10; index += 1) {
      const owner = `r${String(index).padStart(2, '0')}`;
      deals.push(deal({ id: owner, owner, status: 'won', amount: index <= 2 ? 40_000 : 2_500, created: day('2026-01-05'), close: day('2026-02-04') }));
    }
    const result = pareto(stats(deals), { threshold: 0.8 });
    // METRICS.md: k = 2 of N = 10, their share 80%, multiplier 4.0 (total x4, +300%)
    expect(result.entities).toBe(10);
    expect(result.total).toBe(100_000);
    expect(result.k.value).toBe(2);
    expect(result.share.value).toBe(0.2);
    expect(result.topShare.value).toBe(0.8);
    expect(result.top).toEqual(['r01', 'r02']);
    expect(result.uplift).toEqual({ multiplier: { value: 4, reason: null }, increase: { value: 3, reason: null } });
    // hand-computed in gini.test.ts: 600 / (10 x 100) = 0.6
    expect(result.gini.value).toBe(0.6);
    expect(result.tiesAtCutoff).toBe(0);
    // hand-computed: cumulative 40k, 80k, then +2.5k each
    expect(result.curve.slice(0, 3)).toEqual([
      { rank: 1, key: 'r01', value: 40_000, cumulativeShare: 0.4 },
      { rank: 2, key: 'r02', value: 40_000, cumulativeShare: 0.8 },
      { rank: 3, key: 'r03', value: 2_500, cumulativeShare: 0.825 },
    ]);
    expect(result.curve[9]).toEqual({ rank: 10, key: 'r10', value: 2_500, cumulativeShare: 1 });
  });

  it('profiles the top group and the rest side by side', () => {
    const region = (value: string): Record<string, string> => ({ region: value });
    const deals = [
      deal({ id: 'a1', owner: 'Ann', status: 'won', amount: 30_000, created: day('2026-01-01'), close: day('2026-01-31'), dimensions: region('East') }),
      deal({ id: 'a2', owner: 'Ann', status: 'won', amount: 10_000, created: day('2026-01-01'), close: day('2026-03-02'), dimensions: region('East') }),
      deal({ id: 'a3', owner: 'Ann', status: 'lost', amount: 5_000, created: day('2026-01-01'), close: day('2026-02-01'), dimensions: region('West') }),
      deal({ id: 'a4', owner: 'Ann', status: 'open', amount: 8_000, created: day('2026-05-01'), close: day('2026-08-01'), dimensions: region('East') }),
      deal({ id: 'b1', owner: 'Bob', status: 'won', amount: 10_000, created: day('2026-01-01'), close: day('2026-04-01'), dimensions: region('West') }),
      deal({ id: 'b2', owner: 'Bob', status: 'lost', amount: 7_000, created: day('2026-01-01'), close: day('2026-02-01'), dimensions: region('West') }),
      deal({ id: 'b3', owner: 'Bob', status: 'lost', amount: 7_000, created: day('2026-01-01'), close: day('2026-02-01'), dimensions: region('West') }),
      // Outside the window: filtered, adds nothing.
      deal({ id: 'b4', owner: 'Bob', status: 'won', amount: 99_999, created: day('2025-10-01'), close: day('2025-12-15'), dimensions: region('West') }),
      deal({ id: 'c1', owner: 'Cat', status: 'lost', amount: 3_000, created: day('2026-01-01'), close: day('2026-02-01'), dimensions: region('North') }),
    ];
    const result = pareto(stats(deals, { profileDimensions: ['region'] }), { threshold: 0.8 });
    // hand-computed: Ann 40,000 of 50,000 = 0.8 reaches the threshold alone
    expect(result.k.value).toBe(1);
    expect(result.top).toEqual(['Ann']);
    expect(result.share.value).toBeCloseTo(1 / 3, 12);
    expect(result.topShare.value).toBe(0.8);
    // hand-computed: 3 x (40,000 / 1) / 50,000 = 2.4
    expect(result.uplift.multiplier.value).toBeCloseTo(2.4, 12);
    // hand-computed: sorted [0, 10,000, 40,000]: (0 + 0 + 2 x 40,000) / (3 x 50,000) = 0.5333...
    expect(result.gini.value).toBeCloseTo(8 / 15, 12);
    expect(result.profile.top).toEqual({
      entities: 1,
      measure: 40_000,
      measurePerEntity: { value: 40_000, reason: null },
      deals: 4, // 2 won + 1 lost + 1 open
      dealsPerEntity: { value: 4, reason: null },
      won: 2,
      lost: 1,
      unitWinRate: { value: 2 / 3, reason: null }, // hand-computed: 2 / (2 + 1)
      averageWonAmount: { value: 20_000, reason: null }, // hand-computed: 40,000 / 2
      averageCycleDays: { value: 45, reason: null }, // hand-computed: (30 + 60) / 2
      mix: [{ dimension: 'region', values: [{ value: 'East', count: 3, share: 0.75 }, { value: 'West', count: 1, share: 0.25 }] }],
    });
    expect(result.profile.rest).toEqual({
      entities: 2,
      measure: 10_000,
      measurePerEntity: { value: 5_000, reason: null },
      deals: 4, // Bob 3 + Cat 1 (b4 is outside the window)
      dealsPerEntity: { value: 2, reason: null },
      won: 1,
      lost: 3,
      unitWinRate: { value: 0.25, reason: null }, // hand-computed: 1 / (1 + 3)
      averageWonAmount: { value: 10_000, reason: null },
      averageCycleDays: { value: 90, reason: null }, // hand-computed: 2026-01-01 to 2026-04-01 = 31 + 28 + 31
      mix: [{ dimension: 'region', values: [{ value: 'West', count: 3, share: 0.75 }, { value: 'North', count: 1, share: 0.25 }] }],
    });
  });

  it('counts a cumulative share exactly at the threshold as reached', () => {
    // hand-computed: 40 / 100 = 0.4 >= 0.4 with the first entity
    expect(pareto([entity('A', 40), entity('B', 35), entity('C', 25)], { threshold: 0.4 }).k.value).toBe(1);
    // hand-computed: (0.5 + 0.4 + 0.3) / 1.5 = 0.8 exactly, but in floating point 1.2 < 0.8 x 1.5
    // = 1.2000000000000002; the rounding error must not push k to 4
    const fractional = [entity('A', 0.5), entity('B', 0.4), entity('C', 0.3), entity('D', 0.3)];
    expect(pareto(fractional, { threshold: 0.8 }).k.value).toBe(3);
  });

  it('splits ties at the cutoff by key and reports how many were left in the rest', () => {
    // hand-computed: sorted A 30, B 30, C 30, D 10 (ties by key); 60% >= 50% after 2 -> k = 2,
    // C ties with the 2nd entity and stays in the rest
    const result = pareto([entity('C', 30), entity('D', 10), entity('B', 30), entity('A', 30)], { threshold: 0.5 });
    expect(result.k.value).toBe(2);
    expect(result.top).toEqual(['A', 'B']);
    expect(result.tiesAtCutoff).toBe(1);
    expect(result.topShare.value).toBe(0.6);
    // hand-computed: 4 x (60 / 2) / 100 = 1.2
    expect(result.uplift.multiplier.value).toBeCloseTo(1.2, 12);
  });

  it('orders tied keys in human order (rep 2 before rep 10)', () => {
    const result = pareto([entity('rep 10', 5), entity('rep 2', 5)], { threshold: 1 });
    expect(result.curve.map((point) => point.key)).toEqual(['rep 2', 'rep 10']);
  });

  it('counts entities with zero measure and extra entities with no deals in N', () => {
    const deals = [
      deal({ id: '1', owner: 'Ann', status: 'won', amount: 100, created: day('2026-01-01'), close: day('2026-01-11') }),
      deal({ id: '2', owner: 'Bob', status: 'lost', amount: 100, created: day('2026-01-01'), close: day('2026-01-11') }),
    ];
    const result = pareto(stats(deals), { threshold: 0.8, extraEntities: ['Cat', 'Ann'] });
    expect(result.entities).toBe(3);
    expect(result.k.value).toBe(1);
    // hand-computed: 3 x 100 / 100 = 3; gini of [0, 0, 100] = 2 / 3
    expect(result.uplift.multiplier.value).toBe(3);
    expect(result.gini.value).toBeCloseTo(2 / 3, 12);
    expect(result.curve.map((point) => [point.key, point.value])).toEqual([['Ann', 100], ['Bob', 0], ['Cat', 0]]);
    expect(result.profile.rest.entities).toBe(2);
    expect(result.profile.rest.deals).toBe(1);
    expect(result.profile.rest.dealsPerEntity.value).toBe(0.5);
    expect(result.profile.rest.averageWonAmount.value).toBeNull();
    expect(result.profile.rest.averageWonAmount.reason?.message).toBe('no won deals with an amount');
  });

  it('gives nulls with reasons when the total is 0', () => {
    const result = pareto([entity('A', 0), entity('B', 0)], { threshold: 0.8 });
    expect(result.k.value).toBeNull();
    expect(result.share.value).toBeNull();
    expect(result.topShare.value).toBeNull();
    expect(result.k.reason).toEqual({ code: 'nothing-to-rank', message: 'total measure is 0: nothing to rank' });
    expect(result.gini.value).toBeNull();
    expect(result.gini.reason).toEqual({ code: 'nothing-to-concentrate', message: 'total is 0: nothing to concentrate' });
    expect(result.uplift.multiplier).toEqual(result.k);
    expect(result.uplift.increase).toEqual(result.k);
    expect(result.top).toEqual([]);
    expect(result.curve).toEqual([
      { rank: 1, key: 'A', value: 0, cumulativeShare: null },
      { rank: 2, key: 'B', value: 0, cumulativeShare: null },
    ]);
    expect(result.profile.top.entities).toBe(0);
    expect(result.profile.top.measurePerEntity.value).toBeNull();
    expect(result.profile.top.unitWinRate.reason?.message).toBe('no entities');
    expect(result.profile.rest.entities).toBe(2);
  });

  it('gives nulls with reasons for no entities', () => {
    const result = pareto([], { threshold: 0.8 });
    expect(result.entities).toBe(0);
    expect(result.k.value).toBeNull();
    expect(result.k.reason?.code).toBe('no-entities');
    expect(result.gini.reason?.message).toBe('no entities');
    expect(result.curve).toEqual([]);
  });

  it('has a multiplier of exactly 1 when the top group is everyone', () => {
    const result = pareto([entity('A', 50), entity('B', 50)], { threshold: 1 });
    expect(result.k.value).toBe(2);
    expect(result.uplift).toEqual({ multiplier: { value: 1, reason: null }, increase: { value: 0, reason: null } });
    expect(Object.is(result.uplift.increase.value, 0)).toBe(true);
    expect(result.profile.rest.measurePerEntity.value).toBeNull();
  });

  it('measure count: the number of won deals', () => {
    const deals = [
      deal({ id: '1', owner: 'Ann', status: 'won', amount: 10, close: day('2026-03-01') }),
      deal({ id: '2', owner: 'Ann', status: 'won', amount: null, close: day('2026-03-01') }),
      deal({ id: '3', owner: 'Ann', status: 'lost', amount: 10, close: day('2026-03-01') }),
      deal({ id: '4', owner: 'Bob', status: 'won', amount: 1_000, close: day('2026-03-01') }),
      deal({ id: '5', owner: 'Bob', status: 'open', amount: 1_000, created: day('2026-03-01') }),
    ];
    const measures = stats(deals, { measure: 'count' }).map((stat) => [stat.key, stat.measure]);
    // hand-computed: Ann 2 won (one without an amount still counts), Bob 1
    expect(measures).toEqual([['Ann', 2], ['Bob', 1]]);
  });

  it('measure column: sums the column over won deals only, skipping cells it cannot read', () => {
    const margin = (value: string): Record<string, string> => ({ margin: value });
    const deals = [
      deal({ id: '1', owner: 'Ann', status: 'won', close: day('2026-03-01'), dimensions: margin('1,200.50') }),
      deal({ id: '2', owner: 'Ann', status: 'won', close: day('2026-03-01'), dimensions: margin('300') }),
      deal({ id: '3', owner: 'Ann', status: 'lost', close: day('2026-03-01'), dimensions: margin('5000') }),
      deal({ id: '4', owner: 'Bob', status: 'won', close: day('2026-03-01'), dimensions: margin('n/a') }),
      deal({ id: '5', owner: 'Bob', status: 'won', close: day('2026-03-01'), dimensions: margin('-40') }),
      deal({ id: '6', owner: 'Bob', status: 'won', close: day('2026-03-01'), dimensions: {} }),
      deal({ id: '7', owner: 'Bob', status: 'won', close: day('2026-03-01'), dimensions: margin('99') }),
    ];
    const result = runFold(entityStatsFold({ scope, by: 'owner', measure: { column: 'margin' }, profileDimensions: [] }), deals);
    // hand-computed: Ann 1,200.50 + 300 = 1,500.50 (the lost 5,000 does not count); Bob 99;
    // skipped: 'n/a', '-40' and the missing cell = 3
    expect(result.entities.map((stat) => [stat.key, stat.measure])).toEqual([['Ann', 1_500.5], ['Bob', 99]]);
    expect(result.measureCellsSkipped).toBe(3);
    const comma = runFold(
      entityStatsFold({ scope, by: 'owner', measure: { column: 'margin' }, profileDimensions: [], decimal: ',' }),
      [deal({ id: '1', owner: 'Ann', status: 'won', close: day('2026-03-01'), dimensions: margin('1.200,50') })],
    );
    expect(comma.entities[0]?.measure).toBe(1_200.5);
  });

  it('groups by any column, with "(none)" for a missing value', () => {
    const deals = [
      deal({ id: '1', status: 'won', amount: 10, close: day('2026-03-01'), dimensions: { product: 'Widget' } }),
      deal({ id: '2', status: 'won', amount: 20, close: day('2026-03-01'), dimensions: {} }),
    ];
    expect(stats(deals, { by: 'product' }).map((stat) => [stat.key, stat.measure])).toEqual([['(none)', 20], ['Widget', 10]]);
  });

  it('caps distinct mix values per entity at MIX_VALUE_CAP, the rest as "(other)"', () => {
    const deals: Deal[] = [];
    for (let index = 0; index < 60; index += 1) {
      // Reverse order of arrival: the cap must keep the alphabetically first values, not the first seen.
      const value = `v${String(59 - index).padStart(2, '0')}`;
      deals.push(deal({ id: String(index), owner: 'Ann', status: 'lost', close: day('2026-03-01'), dimensions: { city: value } }));
    }
    deals.push(deal({ id: 'x', owner: 'Ann', status: 'lost', close: day('2026-03-01'), dimensions: { city: 'v59' } }));
    const [ann] = stats(deals, { profileDimensions: ['city'] });
    const mix = ann?.mix[0];
    expect(MIX_VALUE_CAP).toBe(50);
    expect(mix?.counts.length).toBe(50);
    expect(mix?.counts[0]).toEqual({ value: 'v00', count: 1 });
    expect(mix?.counts[49]).toEqual({ value: 'v49', count: 1 });
    // hand-computed: v50..v58 once each (9) + v59 twice = 11
    expect(mix?.other).toBe(11);
    const profile = pareto(stats(deals, { profileDimensions: ['city'] }), { threshold: 0.8 }).profile.rest.mix[0];
    expect(profile?.values.at(-1)).toEqual({ value: '(other)', count: 11, share: 11 / 61 });
  });

  it('merges two halves into the same state as one pass, in any order (property)', () => {
    // Mostly Ann, so one entity sees far more distinct cities than MIX_VALUE_CAP.
    const owners = ['Ann', 'Ann', 'Ann', 'Bob'];
    const statuses: DealStatus[] = ['won', 'lost', 'open'];
    const arbitraryDeal = fc.record({
      owner: fc.constantFrom(...owners),
      status: fc.constantFrom(...statuses),
      amount: fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: null }),
      closeOffset: fc.integer({ min: -30, max: 400 }),
      city: fc.integer({ min: 0, max: 200 }),
    });
    const options: EntityStatsOptions = { scope, by: 'owner', measure: 'won', profileDimensions: ['city'] };
    fc.assert(
      fc.property(fc.array(arbitraryDeal, { minLength: 150, maxLength: 300 }), fc.nat(), fc.boolean(), (specs, cut, swap) => {
        const deals = specs.map((spec, index) =>
          deal({
            id: String(index),
            owner: spec.owner,
            status: spec.status,
            amount: spec.amount,
            created: day('2026-01-01') + spec.closeOffset - 20,
            close: day('2026-01-01') + spec.closeOffset,
            dimensions: { city: `c${spec.city}` },
          }),
        );
        const fold = entityStatsFold(options);
        const whole = runFold(fold, deals);
        const split = specs.length === 0 ? 0 : cut % (specs.length + 1);
        let first = fold.init();
        for (const record of deals.slice(0, split)) first = fold.add(first, record);
        let second = fold.init();
        for (const record of deals.slice(split)) second = fold.add(second, record);
        const merged = fold.finish(swap ? fold.merge(second, first) : fold.merge(first, second));
        expect(merged).toEqual(whole);
      }),
    );
  });

  it('does not mutate the states it merges', () => {
    const fold = entityStatsFold({ scope, by: 'owner', measure: 'won', profileDimensions: ['city'] });
    const a = fold.add(fold.init(), deal({ id: '1', owner: 'Ann', status: 'won', amount: 5, close: day('2026-03-01'), dimensions: { city: 'Oslo' } }));
    const b = fold.add(fold.init(), deal({ id: '2', owner: 'Ann', status: 'won', amount: 7, close: day('2026-03-01'), dimensions: { city: 'Oslo' } }));
    fold.merge(a, b);
    expect(fold.finish(a).entities[0]?.measure).toBe(5);
    expect(fold.finish(a).entities[0]?.mix[0]?.counts).toEqual([{ value: 'Oslo', count: 1 }]);
  });

  it('throws RangeError for a threshold outside (0, 1], a negative measure or a duplicate key', () => {
    expect(() => pareto([entity('A', 1)], { threshold: 0 })).toThrow(RangeError);
    expect(() => pareto([entity('A', 1)], { threshold: 1.5 })).toThrow(/pareto/);
    expect(() => pareto([entity('A', 1)], { threshold: Number.NaN })).toThrow(RangeError);
    expect(() => pareto([entity('A', -1)], { threshold: 0.8 })).toThrow(RangeError);
    expect(() => pareto([entity('A', 1), entity('A', 2)], { threshold: 0.8 })).toThrow(RangeError);
  });

  it('never mutates its input', () => {
    const entities = [entity('B', 1), entity('A', 2)];
    pareto(entities, { threshold: 0.8, extraEntities: ['C'] });
    expect(entities.map((item) => item.key)).toEqual(['B', 'A']);
  });
});
