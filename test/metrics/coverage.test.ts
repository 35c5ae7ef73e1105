import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explicitWindow, parseIsoDay } from '../../src/model/calendar.js';
import type { DayNumber, Deal, DealStatus } from '../../src/model/types.js';
import { coverageFold, type CoverageOptions, type CoverageResult, type CoverageRow } from '../../src/metrics/coverage.js';
import { runFold } from '../../src/metrics/fold.js';
import { LOST_AMOUNTS_ZEROED } from '../../src/metrics/rates.js';
import { day, deal } from '../support/records.js';




// Target period 2026-Q3 analysed on 2026-08-15; rates from the 365 days before it starts.
const period = explicitWindow(day('2026-07-01'), day('2026-09-30'));
const rateWindow = explicitWindow(day('2025-07-01'), day('2026-06-30'));
const asOf = day('2026-08-15');

function options(overrides: Partial<CoverageOptions>): CoverageOptions {
  return {
    asOf,
    period,
    rateWindow,
    minSample: 1,
    targets: { kind: 'team', amount: 300_000 },
    prospectRate: null,
    isClean: () => true,
    ...overrides,
  };
}

function closedDeals(owner: string, won: number, lost: number): Deal[] {
  const deals: Deal[] = [];
  for (let index = 0; index < won; index += 1) {
    deals.push(deal({ id: `${owner}-W${index}`, owner, status: 'won', amount: 10_000, close: day('2026-03-01') }));
  }
  for (let index = 0; index < lost; index += 1) {
    deals.push(deal({ id: `${owner}-L${index}`, owner, status: 'lost', amount: 10_000, close: day('2026-03-01') }));
  }
  return deals;
}

function rowOf(result: CoverageResult, owner: string): CoverageRow {
  const row = result.groups.find((group) => 'owner' in group.key && group.key.owner === owner);
  if (row === undefined) throw new Error(`no row for ${owner}`);
  return row;
}

describe('coverageFold: METRICS.md "Pipeline coverage" worked example', () => {
  it('W = 1/3 needs 3x; a rep at 50% needs 2x, a rep at 20% needs 5x', () => {
    // X: 2 won of 4 = 50%; Y: 1 won of 5 = 20%; team 3 of 9 = 1/3 (METRICS.md "Pipeline coverage").
    const result = runFold(coverageFold(options({})), [...closedDeals('X', 2, 2), ...closedDeals('Y', 1, 4)]);
    expect(result.total.unitWinRate.value).toBe(1 / 3);
    expect(result.total.requiredMultiple.value).toBe(3);
    expect(rowOf(result, 'X').requiredMultiple.value).toBe(2);
    expect(rowOf(result, 'Y').requiredMultiple.value).toBe(5);
    expect(rowOf(result, 'Y').usesTeamRate).toBe(false);
  });
});

describe('coverageFold: per-rep targets (hand-computed)', () => {
  // X: rate window won 20,000 + 30,000, lost 25,000 + 25,000 (Wu 2/4 = 0.5, Wv 50,000/100,000 = 0.5, A 25,000).
  const x = [
    deal({ id: 'XW1', owner: 'X', status: 'won', amount: 20_000, close: day('2025-09-10') }),
    deal({ id: 'XW2', owner: 'X', status: 'won', amount: 30_000, close: day('2026-02-10') }),
    deal({ id: 'XL1', owner: 'X', status: 'lost', amount: 25_000, close: day('2025-11-10') }),
    deal({ id: 'XL2', owner: 'X', status: 'lost', amount: 25_000, close: day('2026-06-30') }),
    // Won to date: closed in Q3 up to 2026-08-15.
    deal({ id: 'XQ3', owner: 'X', status: 'won', amount: 40_000, created: day('2026-05-01'), close: day('2026-07-20') }),
    // Closed after the as-of date: not won to date.
    deal({ id: 'XLATE', owner: 'X', status: 'won', amount: 15_000, created: day('2026-05-01'), close: day('2026-08-20') }),
    // Open in the period: one clean, one that fails a check (past-due).
    deal({ id: 'XO1', owner: 'X', status: 'open', amount: 30_000, created: day('2026-06-01'), close: day('2026-09-10') }),
    deal({ id: 'XDIRTY', owner: 'X', status: 'open', amount: 20_000, created: day('2026-05-01'), close: day('2026-08-01') }),
    // Open but expected after the period, or created after the as-of date: not in the open pipeline.
    deal({ id: 'XNEXT', owner: 'X', status: 'open', amount: 99_000, created: day('2026-06-01'), close: day('2026-10-15') }),
    deal({ id: 'XNEW', owner: 'X', status: 'open', amount: 99_000, created: day('2026-08-16'), close: day('2026-09-20') }),
    // Closed before the rate window: ignored.
    deal({ id: 'XOLD', owner: 'X', status: 'lost', amount: 99_000, close: day('2025-06-30') }),
  ];
  // Z: one won deal of 10,000 in the rate window: n = 1 < minSample 3, so the team's rates.
  const z = [deal({ id: 'ZW1', owner: 'Z', status: 'won', amount: 10_000, close: day('2026-01-15') })];
  const quotas = new Map([
    ['X', 100_000],
    ['Z', 50_000],
    ['W', 80_000], // a rep with a quota and no deals
  ]);
  const repOptions = options({
    minSample: 3,
    targets: { kind: 'reps', quotas },
    prospectRate: 0.1,
    isClean: (candidate) => candidate.id !== 'XDIRTY',
  });
  const result = runFold(coverageFold(repOptions), [...x, ...z]);

  it('computes a rep with target, won-to-date, open pipeline and prospects', () => {
    // hand-computed: R = 100,000 - 40,000 = 60,000; multiple 1/0.5 = 2; pipeline 60,000/0.5 = 120,000;
    // deals ceil(60,000 / (25,000 x 0.5)) = ceil(4.8) = 5; open 30,000 + 20,000 = 50,000 in 2 deals;
    // coverage 50,000/60,000 = 0.8333; clean 30,000/60,000 = 0.5; gap 120,000 - 50,000 = 70,000;
    // prospects ceil((5 - 2) / 0.1) = 30 (3 / 0.1 is 30.000000000000004 in floating point).
    const row = rowOf(result, 'X');
    expect(row).toMatchObject({
      key: { owner: 'X' },
      target: { value: 100_000 },
      wonToDate: 40_000,
      wonToDateDeals: 1,
      remaining: { value: 60_000 },
      unitWinRate: { value: 0.5 },
      valueWinRate: { value: 0.5 },
      averageWonAmount: { value: 25_000 },
      ownUnitWinRate: { value: 0.5 },
      n: 4,
      smallSample: false,
      usesTeamRate: false,
      requiredMultiple: { value: 2 },
      requiredPipeline: { value: 120_000 },
      requiredDeals: { value: 5 },
      openPipeline: 50_000,
      openDeals: 2,
      cleanOpenPipeline: 30_000,
      cleanOpenDeals: 1,
      cleanCoverage: { value: 0.5 },
      gap: { value: 70_000 },
      prospectsNeeded: { value: 30 },
    });
    expect(row.coverage.value).toBeCloseTo(0.833333333, 9);
  });

  it('falls back to the team rate for a rep below min-sample, and flags it', () => {
    // hand-computed team rates: won 20,000 + 30,000 + 10,000 of 5 closed deals: Wu = 3/5 = 0.6,
    // Wv = 60,000 / 110,000 = 0.545454..., A = 60,000 / 3 = 20,000.
    // Z: R = 50,000; multiple 5/3; pipeline 50,000 x 110,000 / 60,000 = 91,666.67;
    // deals ceil(50,000 / (20,000 x 0.6)) = ceil(4.1667) = 5; prospects ceil(5 / 0.1) = 50.
    const row = rowOf(result, 'Z');
    expect(row).toMatchObject({
      n: 1,
      ownUnitWinRate: { value: 1 },
      smallSample: true,
      usesTeamRate: true,
      unitWinRate: { value: 0.6 },
      averageWonAmount: { value: 20_000 },
      remaining: { value: 50_000 },
      requiredDeals: { value: 5 },
      openPipeline: 0,
      openDeals: 0,
      coverage: { value: 0 },
      prospectsNeeded: { value: 50 },
    });
    expect(row.valueWinRate.value).toBeCloseTo(0.545454545, 9);
    expect(row.requiredMultiple.value).toBeCloseTo(1.666666667, 9);
    expect(row.requiredPipeline.value).toBeCloseTo(91_666.666667, 5);
    expect(row.gap.value).toBeCloseTo(91_666.666667, 5);
  });

  it('lists a rep with a quota and no deals with zeros', () => {
    // hand-computed: R = 80,000; deals ceil(80,000 / 12,000) = ceil(6.667) = 7; prospects 7 / 0.1 = 70
    const row = rowOf(result, 'W');
    expect(row).toMatchObject({
      target: { value: 80_000 },
      wonToDate: 0,
      wonToDateDeals: 0,
      remaining: { value: 80_000 },
      n: 0,
      ownUnitWinRate: { value: null },
      usesTeamRate: true,
      unitWinRate: { value: 0.6 },
      requiredDeals: { value: 7 },
      openPipeline: 0,
      openDeals: 0,
      coverage: { value: 0 },
      cleanCoverage: { value: 0 },
      prospectsNeeded: { value: 70 },
    });
  });

  it('sums quotas into the team target and sorts rep rows by owner', () => {
    // hand-computed: T = 100,000 + 50,000 + 80,000 = 230,000; R = 230,000 - 40,000 = 190,000;
    // pipeline 190,000 x 110,000 / 60,000 = 348,333.33; deals ceil(190,000 / 12,000) = ceil(15.83) = 16;
    // coverage 50,000 / 190,000 = 0.263157895; clean 30,000 / 190,000 = 0.157894737;
    // gap 348,333.33 - 50,000 = 298,333.33; prospects ceil((16 - 2) / 0.1) = 140.
    expect(result.groups.map((row) => row.key)).toEqual([{ owner: 'W' }, { owner: 'X' }, { owner: 'Z' }]);
    expect(result.total).toMatchObject({
      key: {},
      target: { value: 230_000 },
      wonToDate: 40_000,
      remaining: { value: 190_000 },
      unitWinRate: { value: 0.6 },
      n: 5,
      usesTeamRate: false,
      requiredDeals: { value: 16 },
      openPipeline: 50_000,
      openDeals: 2,
      prospectsNeeded: { value: 140 },
    });
    expect(result.total.requiredPipeline.value).toBeCloseTo(348_333.333333, 5);
    expect(result.total.coverage.value).toBeCloseTo(0.263157895, 9);
    expect(result.total.cleanCoverage.value).toBeCloseTo(0.157894737, 9);
    expect(result.total.gap.value).toBeCloseTo(298_333.333333, 5);
  });

  it('counts the deals it used', () => {
    // hand-computed: X's 4 rate deals + XQ3 + XO1 + XDIRTY = 7, plus ZW1 = 8 (XLATE, XNEXT, XNEW, XOLD unused)
    expect(result.dealsUsed).toBe(8);
  });

  it('merge of two halves equals one pass', () => {
    const fold = coverageFold(repOptions);
    const deals = [...x, ...z];
    for (let split = 0; split <= deals.length; split += 1) {
      let first = fold.init();
      for (const item of deals.slice(0, split)) first = fold.add(first, item);
      let second = fold.init();
      for (const item of deals.slice(split)) second = fold.add(second, item);
      expect(fold.finish(fold.merge(first, second))).toEqual(result);
      expect(fold.finish(fold.merge(second, first))).toEqual(result);
    }
  });
});

describe('coverageFold: edge cases', () => {
  it('gives rep rows no target under a team target, with reasons', () => {
    const result = runFold(coverageFold(options({})), closedDeals('X', 2, 2));
    const row = rowOf(result, 'X');
    const teamOnly = 'the target is for the team, not per rep';
    expect(row.target.value).toBeNull();
    expect(row.remaining.value).toBeNull();
    expect(row.coverage.value).toBeNull();
    expect(row.requiredPipeline.value).toBeNull();
    expect(row.requiredMultiple.value).toBe(2);
    const teamTarget = { value: null, reason: { code: 'team-target', message: teamOnly } };
    expect(row).toMatchObject({ target: teamTarget, remaining: teamTarget, coverage: teamTarget, requiredPipeline: teamTarget, gap: teamTarget });
    expect(result.total.target.value).toBe(300_000);
    // hand-computed: 300,000 / 0.5 = 600,000
    expect(result.total.requiredPipeline.value).toBe(600_000);
  });

  it('gives coverage null when the target is already met, and requires nothing more', () => {
    const deals = [
      ...closedDeals('X', 2, 2),
      deal({ id: 'Q3', owner: 'X', status: 'won', amount: 50_000, close: day('2026-07-10') }),
      deal({ id: 'O', owner: 'X', status: 'open', amount: 8_000, close: day('2026-09-01') }),
    ];
    const result = runFold(coverageFold(options({ targets: { kind: 'team', amount: 40_000 }, prospectRate: 0.2 })), deals);
    expect(result.total).toMatchObject({
      remaining: { value: 0 },
      coverage: { value: null },
      cleanCoverage: { value: null },
      requiredPipeline: { value: 0 },
      requiredDeals: { value: 0 },
      gap: { value: -8_000 },
      prospectsNeeded: { value: 0 },
    });
    expect(result.total.coverage.reason?.message).toBe('target already met');
  });

  it('guards a zero win rate: no multiple, no pipeline reaches the target', () => {
    const result = runFold(coverageFold(options({})), closedDeals('X', 0, 3));
    expect(result.total.unitWinRate.value).toBe(0);
    expect(result.total.requiredMultiple.value).toBeNull();
    expect(result.total.requiredMultiple.reason?.message).toMatch(/unit win rate is 0/);
    expect(result.total.requiredPipeline.value).toBeNull();
    expect(result.total.requiredPipeline.reason?.message).toMatch(/value win rate is 0/);
    expect(result.total.requiredDeals.value).toBeNull();
    expect(result.total.requiredDeals.reason?.message).toBe('no won deals in rate window');
  });

  it('gives null rates with reasons when there are no closed deals at all', () => {
    const open = deal({ id: 'O', owner: 'X', status: 'open', amount: 8_000, close: day('2026-09-01') });
    const result = runFold(coverageFold(options({})), [open]);
    expect(result.total).toMatchObject({ n: 0, unitWinRate: { value: null }, requiredMultiple: { value: null }, requiredPipeline: { value: null }, openPipeline: 8_000 });
    expect(result.total.unitWinRate.reason?.message).toBe('no closed deals in rate window');
    // hand-computed: 8,000 / 300,000
    expect(result.total.coverage.value).toBeCloseTo(0.026666667, 9);
  });

  it('carries the zeroed-lost-amounts reason into the required pipeline', () => {
    const deals = [
      deal({ id: 'W', owner: 'X', status: 'won', amount: 10_000, close: day('2026-03-01') }),
      deal({ id: 'L', owner: 'X', status: 'lost', amount: 0, close: day('2026-03-01') }),
    ];
    const result = runFold(coverageFold(options({})), deals);
    expect(result.total.valueWinRate.value).toBeNull();
    expect(result.total.requiredPipeline.value).toBeNull();
    expect(result.total.requiredPipeline.reason).toBe(LOST_AMOUNTS_ZEROED);
  });

  it('does not add a deal or a prospect for floating-point noise', () => {
    // hand-computed: Wu = 1/3, A = 10,000, R = 70,000: deals 70,000 / (10,000 / 3) = 21 exactly
    // (21.000000000000004 in floating point); prospects 21 / 0.7 = 30 exactly (30.000000000000004).
    const result = runFold(
      coverageFold(options({ targets: { kind: 'team', amount: 70_000 }, prospectRate: 0.7 })),
      closedDeals('X', 1, 2),
    );
    expect(result.total.requiredDeals.value).toBe(21);
    expect(result.total.prospectsNeeded.value).toBe(30);
  });

  it('says why prospects are not computed without a prospect rate', () => {
    const result = runFold(coverageFold(options({})), closedDeals('X', 2, 2));
    expect(result.total.prospectsNeeded.value).toBeNull();
    expect(result.total.prospectsNeeded.reason?.message).toBe('no prospect rate given');
  });

  it('lists a deal owner without a quota under a reps target, with no target', () => {
    const quotas = new Map([['X', 10_000]]);
    const result = runFold(coverageFold(options({ targets: { kind: 'reps', quotas } })), [
      ...closedDeals('X', 1, 1),
      deal({ id: 'N', status: 'won', amount: 5_000, close: day('2026-07-05') }),
    ]);
    const none = rowOf(result, '(none)');
    expect(none.target.value).toBeNull();
    expect(none.remaining.reason?.message).toBe('no quota for this rep');
    // METRICS.md "Quota attainment": reps without a quota are listed but left out of team totals,
    // so the (none) owner's 5,000 does not count against the sum of quotas 10,000.
    expect(result.total).toMatchObject({ target: { value: 10_000 }, wonToDate: 0, remaining: { value: 10_000 } });
    expect(result.team.ownersWithoutQuota).toEqual([{ name: '(none)', closest: 'X' }]);
  });

  it('gives empty input zeros and reasons, never NaN', () => {
    const result = runFold(coverageFold(options({})), []);
    expect(result.groups).toEqual([]);
    expect(result.total).toMatchObject({ target: { value: 300_000 }, wonToDate: 0, remaining: { value: 300_000 }, coverage: { value: 0 }, n: 0, requiredPipeline: { value: null } });
    expect(result.dealsUsed).toBe(0);
  });

  it('throws RangeError for options out of their domain', () => {
    expect(() => coverageFold(options({ minSample: -1 }))).toThrow(RangeError);
    expect(() => coverageFold(options({ prospectRate: 0 }))).toThrow(/coverageFold/);
    expect(() => coverageFold(options({ prospectRate: 1.5 }))).toThrow(RangeError);
    expect(() => coverageFold(options({ targets: { kind: 'team', amount: -5 } }))).toThrow(RangeError);
    expect(() => coverageFold(options({ targets: { kind: 'reps', quotas: new Map([['X', Number.NaN]]) } }))).toThrow(RangeError);
    expect(() => coverageFold(options({ period: { from: 10, to: 5, label: 'bad' } }))).toThrow(RangeError);
  });
});

describe('coverageFold: properties', () => {
  const dealArbitrary = fc.record({
    id: fc.string({ maxLength: 4 }),
    owner: fc.constantFrom('A', 'B', 'C', null),
    status: fc.constantFrom<DealStatus>('won', 'lost', 'open'),
    amount: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
    created: fc.option(fc.integer({ min: day('2025-01-01'), max: day('2026-09-30') }), { nil: null }),
    close: fc.option(fc.integer({ min: day('2025-01-01'), max: day('2026-12-31') }), { nil: null }),
  });

  function numbersOf(value: unknown, into: number[] = []): number[] {
    if (typeof value === 'number') into.push(value);
    else if (Array.isArray(value)) for (const item of value) numbersOf(item, into);
    else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) numbersOf(item, into);
    return into;
  }

  it('never gives NaN, Infinity or -0, and merge of any split equals one pass', () => {
    const quotas = new Map([
      ['A', 50_000],
      ['D', 20_000],
    ]);
    fc.assert(
      fc.property(fc.array(dealArbitrary.map(deal), { maxLength: 40 }), fc.nat(40), fc.boolean(), (deals, cut, byRep) => {
        const fold = coverageFold(
          options({ minSample: 3, prospectRate: 0.25, targets: byRep ? { kind: 'reps', quotas } : { kind: 'team', amount: 100_000 } }),
        );
        const whole = runFold(fold, deals);
        for (const number of numbersOf(whole)) {
          expect(Number.isFinite(number)).toBe(true);
          expect(Object.is(number, -0)).toBe(false);
        }
        const split = Math.min(cut, deals.length);
        let first = fold.init();
        for (const item of deals.slice(0, split)) first = fold.add(first, item);
        let second = fold.init();
        for (const item of deals.slice(split)) second = fold.add(second, item);
        expect(fold.finish(fold.merge(second, first))).toEqual(whole);
      }),
    );
  });
});

describe('coverageFold: quota attainment and team totals (METRICS.md "Quota attainment", hand-computed)', () => {
  // Quotas: Ann 100,000 (won 150,000 in the period), Bob 100,000 (won 20,000), Jurgen Muller 50,000
  // (owns no deal: the deals spell him "Jürgen Müller", who has no quota and won 30,000).
  const quotas = new Map([['Ann', 100_000], ['Bob', 100_000], ['Jurgen Muller', 50_000]]);
  const wonInPeriod = (id: string, owner: string, amount: number): Deal =>
    deal({ id, owner, status: 'won', amount, created: day('2026-06-01'), close: day('2026-07-10') });
  const deals = [
    wonInPeriod('A1', 'Ann', 150_000),
    wonInPeriod('B1', 'Bob', 20_000),
    wonInPeriod('J1', 'Jürgen Müller', 30_000),
    deal({ id: 'J2', owner: 'Jürgen Müller', status: 'open', amount: 999_000, created: day('2026-07-01'), close: day('2026-09-01') }),
  ];
  const result = runFold(coverageFold(options({ targets: { kind: 'reps', quotas } })), deals);

  it('attainment per rep is won to date / quota', () => {
    expect(rowOf(result, 'Ann').attainment.value).toBe(1.5);
    expect(rowOf(result, 'Bob').attainment.value).toBe(0.2);
    expect(rowOf(result, 'Jurgen Muller').attainment.value).toBe(0);
    expect(rowOf(result, 'Jürgen Müller').attainment.value).toBeNull();
    expect(rowOf(result, 'Jürgen Müller').attainment.reason?.message).toBe('no quota for this rep');
  });

  it("the team's number nets reps against each other; the sum of own shortfalls does not", () => {
    // team: quotas 250,000, won 170,000 (Ann + Bob; Jürgen Müller has no quota) -> remaining 80,000
    expect(result.total).toMatchObject({ target: { value: 250_000 }, wonToDate: 170_000, remaining: { value: 80_000 }, attainment: { value: 0.68 } });
    // own shortfalls: Ann 0, Bob 80,000, Jurgen Muller 50,000 -> 130,000 across 2 reps short
    expect(result.team).toMatchObject({ attainment: { value: 0.68 }, repsWithQuota: 3, repsAtQuota: { value: 1 }, sumOfShortfalls: { value: 130_000 }, repsShort: { value: 2 } });
    expect(result.team.shareAtQuota.value).toBeCloseTo(1 / 3, 12);
  });

  it("an owner without a quota adds nothing to the team's pipeline", () => {
    expect(result.total.openPipeline).toBe(0);
    expect(rowOf(result, 'Jürgen Müller').openPipeline).toBe(999_000);
  });

  it('names each unmatched name with the closest name on the other side', () => {
    expect(result.team.repsWithoutDeals).toEqual([{ name: 'Jurgen Muller', closest: 'Jürgen Müller' }]);
    expect(result.team.ownersWithoutQuota).toEqual([{ name: 'Jürgen Müller', closest: 'Jurgen Muller' }]);
  });

  it('under a team target, attainment is the team\'s and the per-rep figures say why they are missing', () => {
    const team = runFold(coverageFold(options({ targets: { kind: 'team', amount: 400_000 } })), deals);
    // won to date 200,000 (every owner counts under a team target) / 400,000
    expect(team.team.attainment.value).toBe(0.5);
    expect(team.team.repsAtQuota.value).toBeNull();
    expect(team.team.repsAtQuota.reason?.message).toBe('needs a quota per rep (a reps file)');
  });
});
