/**
 * Property (fast-check): every fold gives the same result whatever the row order and however the
 * rows are chunked and merged (METRICS.md "Records"; DESIGN.md: `merge` makes the same code run on
 * file chunks in worker threads). For random deals, a random permutation cut into random chunks,
 * each chunk folded on its own and the chunk states merged in a random order, must finish to what
 * one pass in file order gives: counts exactly, sums of amounts and days to 1e-9 relative (floating
 * point addition is not associative). The result never holds NaN, Infinity or -0, and the deals
 * (frozen) are never mutated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverageFold, type CoverageOptions } from '../../src/metrics/coverage.js';
import { groupedFold, type Fold } from '../../src/metrics/fold.js';
import type { Scope } from '../../src/metrics/scope.js';
import { velocityFold } from '../../src/metrics/velocity.js';
import { winRateFold } from '../../src/metrics/winRate.js';
import type { Deal, DealStatus } from '../../src/model/types.js';

const BASE_DAY = 20_400; // 2025-11-08

const dealInput = fc.record({
  status: fc.constantFrom<DealStatus>('won', 'lost', 'open'),
  owner: fc.option(fc.constantFrom('Ann', 'Bob', 'Cat', '__proto__'), { nil: null }),
  segment: fc.constantFrom('SMB', 'Enterprise', ''),
  // Quarters of a cent make sums that binary floating point cannot hold exactly. Amounts below a
  // millionth are left out here: see the tiny-amount test below.
  amount: fc.option(
    fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400_000 }).map((quarters) => quarters / 4), fc.double({ min: 1e-6, max: 1e9, noNaN: true, noDefaultInfinity: true })),
    { nil: null },
  ),
  created: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
  length: fc.option(fc.integer({ min: 0, max: 250 }), { nil: null }),
});
type DealInput = typeof dealInput extends fc.Arbitrary<infer T> ? T : never;

function toDeal(input: DealInput, index: number): Deal {
  const created = input.created === null ? null : BASE_DAY + input.created;
  const close = input.length === null ? null : (created ?? BASE_DAY + 100) + input.length;
  const deal: Deal = {
    id: `D${index}`, name: null, account: null, owner: input.owner, stage: null, status: input.status, amount: input.amount, currency: null,
    created, close, cycleDays: null, probability: null, forecastCategory: null, lastActivity: null, stageEntered: null, lostStage: null, type: null,
    dimensions: Object.freeze({ segment: input.segment }), source: Object.freeze({ file: 'property', row: index + 2 }),
  };
  return Object.freeze(deal);
}

/** Deals, a permutation of them, cut points, and the order in which the chunk states are merged. */
const scenario = fc
  .array(dealInput, { maxLength: 60 })
  .chain((inputs) => {
    const deals = inputs.map(toDeal);
    return fc.record({
      deals: fc.constant(deals),
      shuffled: fc.shuffledSubarray(deals, { minLength: deals.length, maxLength: deals.length }),
      cuts: fc.array(fc.nat({ max: deals.length }), { maxLength: 6 }),
      mergeOrder: fc.array(fc.nat(), { maxLength: 8 }),
    });
  });

function chunksOf(deals: readonly Deal[], cuts: readonly number[]): Deal[][] {
  const positions = [...new Set(cuts)].sort((a, b) => a - b);
  const chunks: Deal[][] = [];
  let start = 0;
  for (const position of [...positions, deals.length]) {
    chunks.push(deals.slice(start, position));
    start = position;
  }
  return chunks;
}

/** Merges states pairwise, picking which two by `picks`, so merges nest in any shape and order. */
function mergeInOrder<State>(fold: Fold<Deal, State, unknown>, states: State[], picks: readonly number[]): State {
  const pending = [...states];
  let pick = 0;
  while (pending.length > 1) {
    const first = pending.splice((picks[pick++] ?? 0) % pending.length, 1)[0] as State;
    const second = pending.splice((picks[pick++] ?? 0) % pending.length, 1)[0] as State;
    pending.push(fold.merge(first, second));
  }
  return pending[0] ?? fold.init();
}

/**
 * Equal up to 1e-9 relative for non-integers; exact otherwise. Maps compare by entries. One
 * expect() per result, on the first difference found: an expect() per leaf cost 3 s of the
 * suite's CPU (each builds a chai assertion), and the message still names the path.
 */
function expectSame(actual: unknown, expected: unknown): void {
  expect(firstDifference(actual, expected, 'result')).toBeNull();
}

/** Where `actual` first differs from `expected`, with both values; null when they agree. */
function firstDifference(actual: unknown, expected: unknown, path: string): string | null {
  if (typeof expected === 'number' && typeof actual === 'number' && !(Number.isInteger(expected) && Number.isInteger(actual))) {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) ? null : `${path}: ${actual}, expected ${expected} (within 1e-9 relative)`;
  }
  if (expected instanceof Map && actual instanceof Map) {
    const keys = firstDifference([...actual.keys()].sort(), [...expected.keys()].sort(), `${path} keys`);
    if (keys !== null) return keys;
    for (const [key, value] of expected) {
      const difference = firstDifference(actual.get(key), value, `${path}.${String(key)}`);
      if (difference !== null) return difference;
    }
    return null;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length) return `${path}: length ${actual.length}, expected ${expected.length}`;
    for (let index = 0; index < expected.length; index += 1) {
      const difference = firstDifference(actual[index], expected[index], `${path}[${index}]`);
      if (difference !== null) return difference;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object' && actual !== null && typeof actual === 'object') {
    const keys = firstDifference(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path} keys`);
    if (keys !== null) return keys;
    for (const key of Object.keys(expected)) {
      const difference = firstDifference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
      if (difference !== null) return difference;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : `${path}: ${String(actual)}, expected ${String(expected)}`;
}

/** No NaN, Infinity or -0 anywhere in a result (one expect() per result, as expectSame). */
function expectNoBadNumbers(value: unknown): void {
  expect(badNumberAt(value, 'result')).toBeNull();
}

function badNumberAt(value: unknown, path: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? null : `${path} = ${value}`;
  const entries = value instanceof Map ? [...value].map(([key, entry]) => [String(key), entry] as const) : value !== null && typeof value === 'object' ? Object.entries(value) : [];
  for (const [key, entry] of entries) {
    const bad = badNumberAt(entry, `${path}.${key}`);
    if (bad !== null) return bad;
  }
  return null;
}

function orderAndChunkIndependent<State, Result>(make: () => Fold<Deal, State, Result>, numRuns = 300): void {
  fc.assert(
    fc.property(scenario, ({ deals, shuffled, cuts, mergeOrder }) => {
      const fold = make();
      let whole = fold.init();
      for (const deal of deals) whole = fold.add(whole, deal);
      const expected = fold.finish(whole);
      expectNoBadNumbers(expected);
      const states = chunksOf(shuffled, cuts).map((chunk) => chunk.reduce((state, deal) => fold.add(state, deal), fold.init()));
      // An empty state merged in anywhere changes nothing.
      states.push(fold.init());
      expectSame(fold.finish(mergeInOrder(fold, states, mergeOrder)), expected);
    }),
    { numRuns },
  );
}

/**
 * The way parts are merged (engine/parts.ts): each later chunk's state packed, copied as a worker
 * thread's message is, and merged into the first in place. Sums are exact, so the result is one
 * pass's to the last bit.
 */
function packedMergeMatchesOnePass<State, Result>(make: () => Fold<Deal, State, Result>, numRuns = 100): void {
  fc.assert(
    fc.property(scenario, ({ deals, shuffled, cuts }) => {
      const fold = make();
      if (fold.pack === undefined || fold.mergePacked === undefined) throw new Error('the fold does not pack its state');
      const expected = fold.finish(deals.reduce((state, deal) => fold.add(state, deal), fold.init()));
      const [first, ...later] = chunksOf(shuffled, cuts).map((chunk) => chunk.reduce((state, deal) => fold.add(state, deal), fold.init()));
      let merged = first ?? fold.init();
      for (const state of later) merged = fold.mergePacked(merged, structuredClone(fold.pack(state)));
      expect(fold.finish(merged)).toEqual(expected);
    }),
    { numRuns },
  );
}

const scopes: readonly Scope[] = [
  { asOf: BASE_DAY + 400, window: { from: BASE_DAY + 50, to: BASE_DAY + 450, label: 'w' }, basis: 'close' },
  { asOf: BASE_DAY + 300, window: { from: BASE_DAY + 100, to: BASE_DAY + 200, label: 'w' }, basis: 'created' },
  { asOf: BASE_DAY + 500, window: null, basis: 'close' },
];

describe('folds are order- and chunk-independent', () => {
  it('winRateFold: every open policy, every scope shape', () => {
    for (const scope of scopes) {
      orderAndChunkIndependent(() => winRateFold({ scope, open: { kind: 'exclude' }, minSample: 5 }), 100);
      orderAndChunkIndependent(() => winRateFold({ scope, open: { kind: 'include' }, minSample: 5 }), 100);
      orderAndChunkIndependent(() => winRateFold({ scope, open: { kind: 'age-out', days: null }, minSample: 5 }), 100);
      orderAndChunkIndependent(() => winRateFold({ scope, open: { kind: 'age-out', days: 60 }, minSample: 5 }), 100);
    }
  });

  it('velocityFold: N from open or closed deals', () => {
    for (const scope of scopes) {
      orderAndChunkIndependent(() => velocityFold({ scope, n: 'open' }), 150);
      orderAndChunkIndependent(() => velocityFold({ scope, n: 'closed' }), 150);
    }
  });

  it('coverageFold: rep quotas and a team target', () => {
    const base: Omit<CoverageOptions, 'targets'> = {
      asOf: BASE_DAY + 400,
      period: { from: BASE_DAY + 380, to: BASE_DAY + 470, label: 'p' },
      rateWindow: { from: BASE_DAY + 15, to: BASE_DAY + 379, label: 'r' },
      minSample: 3,
      prospectRate: 0.1,
      isClean: (deal) => (deal.amount ?? 0) % 2 === 0,
    };
    orderAndChunkIndependent(() => coverageFold({ ...base, targets: { kind: 'reps', quotas: new Map([['Ann', 50_000], ['Bob', 20_000], ['Dan', 1_000]]) } }));
    orderAndChunkIndependent(() => coverageFold({ ...base, targets: { kind: 'team', amount: 75_000 } }));
  });

  it('groupedFold: by one and by two dimensions, including a __proto__ value', () => {
    const scope = scopes[0] as Scope;
    orderAndChunkIndependent(() => groupedFold(winRateFold({ scope, open: { kind: 'exclude' }, minSample: 5 }), ['owner'], (deal) => [deal.owner ?? '']));
    orderAndChunkIndependent(() => groupedFold(velocityFold({ scope, n: 'open' }), ['owner', 'segment'], (deal) => [deal.owner ?? '', deal.dimensions.segment ?? '']));
  });

  it('groupedFold(velocityFold): packed states merged in place give one pass, N from open or closed deals', () => {
    for (const scope of scopes) {
      for (const n of ['open', 'closed'] as const) packedMergeMatchesOnePass(() => groupedFold(velocityFold({ scope, n }), ['owner'], (deal) => [deal.owner ?? '']), 80);
    }
  });

  it('groupedFold(winRateFold): packed states merged in place give one pass, every open policy', () => {
    for (const scope of scopes) {
      for (const open of [{ kind: 'exclude' }, { kind: 'include' }, { kind: 'age-out', days: null }, { kind: 'age-out', days: 60 }] as const) {
        packedMergeMatchesOnePass(() => groupedFold(winRateFold({ scope, open, minSample: 5 }), ['owner'], (deal) => [deal.owner ?? '']), 60);
      }
    }
  });

    // A won amount so small that remaining / (average won x win rate) overflows: null with a reason.
  it('coverageFold: a won amount of 5e-324 gives no NaN', () => {
    const fold = coverageFold({
      asOf: BASE_DAY + 400,
      period: { from: BASE_DAY + 380, to: BASE_DAY + 470, label: 'p' },
      rateWindow: { from: BASE_DAY + 15, to: BASE_DAY + 379, label: 'r' },
      minSample: 3,
      prospectRate: 0.1,
      isClean: () => true,
      targets: { kind: 'team', amount: 75_000 },
    });
    const won = toDeal({ status: 'won', owner: 'Ann', segment: '', amount: 5e-324, created: 0, length: 100 }, 0);
    expectNoBadNumbers(fold.finish(fold.add(fold.init(), won)));
  });
});
