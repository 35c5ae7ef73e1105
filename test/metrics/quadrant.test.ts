import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { known, notAvailable, type Figure } from '../../src/metrics/figure.js';
import { parseIsoDay } from '../../src/model/calendar.js';
import type { Account, DayNumber, Deal, DealStatus } from '../../src/model/types.js';
import { runFold } from '../../src/metrics/fold.js';
import {
  accountInputs,
  accountRevenueFold,
  currentRevenueLookup,
  joinCurrentRevenue,
  percentileValue,
  quadrants,
  type AccountInput,
} from '../../src/metrics/quadrant.js';
import type { ScoringModel } from '../../src/model/quadrantConfig.js';
import { day, deal } from '../support/records.js';



function account(spec: Partial<Account> & Pick<Account, 'id'>): Account {
  return {
    name: null,
    currentRevenue: null,
    futureRevenue: null,
    dimensions: {},
    source: { file: 'accounts.csv', row: 2 },
    ...spec,
  };
}

const figure = (value: number | null, code: string, message: string): Figure => (value === null ? notAvailable(code, message) : known(value));
const input = (id: string, name: string, current: number | null, future: number | null): AccountInput => ({
  id,
  name,
  current: figure(current, 'no-current-revenue', 'no current revenue'),
  future: figure(future, 'no-future-revenue', 'no future revenue'),
});
const valueOf = <T>(entry: Figure<T> | undefined): T | null | undefined => entry?.value;

// Hand-built portfolio: thresholds C 100,000 and F 200,000.
const portfolio: AccountInput[] = [
  input('1', 'Acme', 250_000, 400_000),
  input('2', 'Globex', 100_000, 200_000), // exactly at both thresholds: high, high
  input('3', 'Initech', 20_000, 500_000),
  input('4', 'Umbrella', 99_999, 300_000),
  input('5', 'Hooli', 400_000, 150_000),
  input('6', 'Stark', 150_000, 0),
  input('7', 'Wayne', 0, 0),
  input('8', 'Tyrell', 50_000, 199_999),
  input('9', 'Cyberdyne', null, 90_000),
  input('10', 'Soylent', 80_000, 120_000),
];

describe('quadrants', () => {
  it('places a 10-account portfolio with explicit thresholds (METRICS.md "Account quadrants")', () => {
    const result = quadrants(portfolio, { thresholds: { current: 100_000, future: 200_000 } });
    expect(result.accounts.map((entry) => [entry.name, entry.quadrant.value, entry.gap.value])).toEqual([
      ['Acme', 'A', 150_000], // hand-computed gaps: F - C
      ['Globex', 'A', 100_000],
      ['Initech', 'B', 480_000],
      ['Umbrella', 'B', 200_001],
      ['Hooli', 'C', -250_000],
      ['Stark', 'C', -150_000],
      ['Wayne', 'D', 0],
      ['Tyrell', 'D', 149_999],
      ['Cyberdyne', null, null],
      ['Soylent', 'D', 40_000],
    ]);
    expect(result.accounts[0]).toEqual({
      id: '1',
      name: 'Acme',
      current: { value: 250_000, reason: null },
      future: { value: 400_000, reason: null },
      quadrant: { value: 'A', reason: null },
      action: 'full account plan',
      gap: { value: 150_000, reason: null },
    });
    expect(result.accounts[2]?.action).toBe('develop: put in the sales plan');
    expect(result.accounts[4]?.action).toBe('protect current revenue');
    expect(result.accounts[6]?.action).toBe('nurture: hand to marketing');
    expect(result.accounts[8]?.quadrant).toEqual({ value: null, reason: { code: 'no-current-revenue', message: 'no current revenue' } });
    expect(Object.is(result.accounts[6]?.gap.value, 0)).toBe(true);
    // hand-computed sums per quadrant
    expect(result.quadrants).toEqual({
      A: { count: 2, current: 350_000, future: 600_000 },
      B: { count: 2, current: 119_999, future: 800_000 },
      C: { count: 2, current: 550_000, future: 150_000 },
      D: { count: 3, current: 130_000, future: 319_999 },
    });
    expect(result.thresholds).toEqual({ current: { value: 100_000, reason: null }, future: { value: 200_000, reason: null } });
    expect(result.placed).toBe(9);
    expect(result.unplaced).toBe(1);
  });

  it('defaults to median thresholds over the accounts that have a value', () => {
    const result = quadrants(portfolio);
    // hand-computed: C of the 9 known, sorted 0, 20k, 50k, 80k, 99,999, 100k, 150k, 250k, 400k:
    // median = 5th = 99,999. F of all 10 sorted 0, 0, 90k, 120k, 150k, 199,999, 200k, 300k, 400k, 500k:
    // median = (150,000 + 199,999) / 2 = 174,999.5
    expect([valueOf(result.thresholds.current), valueOf(result.thresholds.future)]).toEqual([99_999, 174_999.5]);
    expect(result.accounts.map((entry) => entry.quadrant.value)).toEqual(['A', 'A', 'B', 'A', 'C', 'C', 'D', 'B', null, 'D']);
  });

  it('takes any percentile', () => {
    const result = quadrants(portfolio, { thresholds: { current: { percentile: 0.75 }, future: 0 } });
    // hand-computed: C sorted (9 values), h = 8 x 0.75 = 6 -> 150,000
    expect(result.thresholds.current.value).toBe(150_000);
    // F >= 0 is high for every account: Acme, Hooli, Stark A; the rest B
    expect(result.quadrants.A.count).toBe(3);
    expect(result.quadrants.B.count).toBe(6);
  });

  it('leaves the gap null when F is a score', () => {
    const result = quadrants(portfolio, { thresholds: { current: 100_000, future: 200_000 }, futureIsMoney: false });
    expect(result.accounts.every((entry) => entry.gap.value === null)).toBe(true);
    expect(result.accounts[0]?.gap.reason).toEqual({ code: 'future-is-score', message: 'future is a score, not money' });
    expect(result.accounts[0]?.quadrant.value).toBe('A');
  });

  it('passes on the reason an input could not be valued', () => {
    const result = quadrants([{ id: 'x', name: null, current: known(5), future: notAvailable('empty-cell', '"fit" is empty') }]);
    expect(result.accounts[0]?.quadrant).toEqual({ value: null, reason: { code: 'empty-cell', message: '"fit" is empty' } });
    expect(result.thresholds).toEqual({ current: { value: 5, reason: null }, future: { value: null, reason: { code: 'no-future-values', message: 'no account has a future revenue' } } });
  });

  it('handles no accounts', () => {
    const result = quadrants([]);
    expect(result.accounts).toEqual([]);
    expect([result.thresholds.current.value, result.thresholds.future.value]).toEqual([null, null]);
    expect(result.quadrants.A).toEqual({ count: 0, current: 0, future: 0 });
    expect(result.placed).toBe(0);
  });

  it('throws RangeError for non-finite values and out-of-range percentiles', () => {
    expect(() => quadrants([input('1', 'a', Number.NaN, 1)])).toThrow(RangeError);
    expect(() => quadrants(portfolio, { thresholds: { current: { percentile: 1.5 } } })).toThrow(/percentile/);
    expect(() => quadrants(portfolio, { thresholds: { current: Number.POSITIVE_INFINITY } })).toThrow(RangeError);
  });
});

describe('percentileValue', () => {
  it('interpolates between closest ranks (type 7)', () => {
    // hand-computed: h = 3 x p; 0.5 -> 20 + 0.5 x 10 = 25; 0.25 -> 10 + 0.75 x 10 = 17.5
    expect(percentileValue([40, 10, 30, 20], 0.5)).toBe(25);
    expect(percentileValue([40, 10, 30, 20], 0.25)).toBe(17.5);
    expect(percentileValue([40, 10, 30, 20], 0)).toBe(10);
    expect(percentileValue([40, 10, 30, 20], 1)).toBe(40);
    expect(percentileValue([7], 0.9)).toBe(7);
    expect(percentileValue([], 0.5)).toBeNull();
  });
});

describe('accountRevenueFold', () => {
  const asOf = day('2026-06-30');
  const deals = [
    deal({ id: '1', status: 'won', account: 'Acme', amount: 1_000, close: day('2025-07-01') }), // the 12 months' first day: in
    deal({ id: '2', status: 'won', account: 'Acme', amount: 2_000, close: day('2025-06-30') }), // 12 months before: out
    deal({ id: '3', status: 'won', account: 'Acme', amount: 4_000, close: asOf }), // the as-of day: in
    deal({ id: '4', status: 'won', account: 'Acme', amount: 8_000, close: day('2026-07-01') }), // after: out
    deal({ id: '5', status: 'lost', account: 'Acme', amount: 16_000, close: day('2026-01-01') }),
    deal({ id: '6', status: 'open', account: 'Acme', amount: 32_000, close: day('2026-01-01') }),
    deal({ id: '7', status: 'won', account: 'Globex', amount: null, close: day('2026-01-01') }),
    deal({ id: '8', status: 'won', account: 'Globex', amount: 500, close: day('2026-01-01') }),
    deal({ id: '9', status: 'won', account: null, amount: 64_000, close: day('2026-01-01') }),
    deal({ id: '10', status: 'won', account: 'Acme', amount: 128_000, close: null }),
  ];

  it('sums won amounts over the 12 months ending on the as-of date', () => {
    const result = runFold(accountRevenueFold({ asOf }), deals);
    expect(result).toEqual({
      from: day('2025-07-01'),
      to: asOf,
      // hand-computed: Acme 1,000 + 4,000; Globex 500 (one won deal without an amount)
      accounts: [
        { account: 'Acme', wonAmount: 5_000, wonDeals: 2 },
        { account: 'Globex', wonAmount: 500, wonDeals: 2 },
      ],
      wonWithoutAccount: 1,
      wonWithoutAmount: 1,
    });
  });

  it('takes 12 calendar months, all 366 days of a leap year (METRICS.md "the 12 months before the as-of date")', () => {
    // 2024 is a leap year: the 12 months ending 2024-12-31 begin 2024-01-01; 365 days began 01-02.
    const leap = [
      deal({ id: 'A', status: 'won', account: 'Acme', amount: 100, close: day('2024-01-01') }),
      deal({ id: 'B', status: 'won', account: 'Acme', amount: 200, close: day('2023-12-31') }),
    ];
    expect(runFold(accountRevenueFold({ asOf: day('2024-12-31') }), leap)).toMatchObject({ from: day('2024-01-01'), accounts: [{ account: 'Acme', wonAmount: 100, wonDeals: 1 }] });
    // Ending on a leap day: the day after 2023-02-28 (2023-02-29 does not exist).
    expect(runFold(accountRevenueFold({ asOf: day('2024-02-29') }), leap).from).toBe(day('2023-03-01'));
  });

  it('merges halves into one pass (property)', () => {
    const fold = accountRevenueFold({ asOf });
    fc.assert(
      fc.property(fc.shuffledSubarray(deals), fc.nat(), (subset, cut) => {
        const split = cut % (subset.length + 1);
        let first = fold.init();
        for (const record of subset.slice(0, split)) first = fold.add(first, record);
        let second = fold.init();
        for (const record of subset.slice(split)) second = fold.add(second, record);
        expect(fold.finish(fold.merge(second, first))).toEqual(runFold(fold, subset));
      }),
    );
  });

  it('joins revenue to accounts by id, else by name, ignoring case; no deals is 0', () => {
    const revenue = runFold(accountRevenueFold({ asOf }), [
      deal({ id: '1', status: 'won', account: '001', amount: 300, close: day('2026-03-01') }),
      deal({ id: '2', status: 'won', account: 'GLOBEX ', amount: 700, close: day('2026-03-01') }),
    ]);
    const accounts = [
      { id: '001', name: 'Acme' },
      { id: '002', name: 'Globex' },
      { id: '003', name: null },
    ];
    const lookup = currentRevenueLookup(revenue, accounts);
    expect(lookup({ id: '001' })).toBe(300);
    expect(lookup({ id: '002' })).toBe(700);
    expect(lookup({ id: '003' })).toBe(0);
  });

  it('sums every key that names an account: id in some rows, name in others (issue 17: 60,000 shown for 210,000)', () => {
    const revenue = runFold(accountRevenueFold({ asOf }), [
      deal({ id: '1', status: 'won', account: 'ACC-7', amount: 60_000, close: day('2026-03-01') }),
      deal({ id: '2', status: 'won', account: 'Initech', amount: 100_000, close: day('2026-03-01') }),
      deal({ id: '3', status: 'won', account: 'INITECH, Inc.', amount: 50_000, close: day('2026-03-01') }),
    ]);
    const joined = joinCurrentRevenue([{ id: 'ACC-7', name: 'Initech' }], revenue);
    // 60,000 + 100,000 + 50,000 by hand
    expect(joined.byAccount.get('ACC-7')).toBe(210_000);
    expect(joined.join.normalizedMatches.map((match) => match.key)).toEqual(['INITECH, Inc.']);
  });
});

describe('accountInputs', () => {
  const model: ScoringModel = {
    elements: [
      { name: 'growth', weight: 1, levels: { High: 300_000, Medium: 150_000, Low: 50_000 } },
      { name: 'fit', weight: 1, levels: { High: 100_000, Medium: 50_000, Low: 0 } },
    ],
  };
  const accounts = [
    account({ id: 'A1', name: 'Acme', currentRevenue: 120_000, futureRevenue: 90_000, dimensions: { growth: 'High', fit: 'Medium', 'Revenue 2025': '$80,000' } }),
    account({ id: 'A2', name: 'Globex', currentRevenue: null, futureRevenue: null, dimensions: { growth: 'Low', fit: 'Huge', 'Revenue 2025': 'about 5k' } }),
  ];

  it('reads the mapped revenue fields by default', () => {
    expect(accountInputs(accounts, { current: { kind: 'column' }, future: { kind: 'column' } })).toEqual([
      { id: 'A1', name: 'Acme', current: known(120_000), future: known(90_000) },
      { id: 'A2', name: 'Globex', current: notAvailable('no-current-revenue', 'no current revenue'), future: notAvailable('no-future-revenue', 'no future revenue') },
    ]);
  });

  it('reads a named column, won revenue and the scoring model', () => {
    const revenue = runFold(accountRevenueFold({ asOf: day('2026-06-30') }), [
      deal({ id: '1', status: 'won', account: 'Globex', amount: 42_000, close: day('2026-05-01') }),
    ]);
    const fromColumn = accountInputs(accounts, { current: { kind: 'column', column: 'revenue_2025' }, future: { kind: 'model', model } });
    // hand-computed: Acme (300,000 + 50,000) / 2 = 175,000; Globex "Huge" is not a level
    expect(fromColumn.map((entry) => [entry.current.value, entry.current.reason?.message ?? null, entry.future.value])).toEqual([
      [80_000, null, 175_000],
      [null, '"revenue_2025" is not an amount: "about 5k"', null],
    ]);
    expect(fromColumn[1]?.current.reason?.code).toBe('not-an-amount');
    expect(fromColumn[1]?.future.reason).toEqual({ code: 'unreadable-elements', message: '"fit" has unknown level "Huge" (expected High, Medium or Low)' });
    const fromDeals = accountInputs(accounts, { current: { kind: 'won', revenue }, future: { kind: 'column', column: 'missing' } });
    expect(fromDeals.map((entry) => [entry.current.value, entry.future.value, entry.future.reason?.message])).toEqual([
      [0, null, 'no column "missing"'],
      [42_000, null, 'no column "missing"'],
    ]);
  });
});
