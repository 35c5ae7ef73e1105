import { describe, expect, it } from 'vitest';
import { explicitWindow } from '../../src/model/calendar.js';
import { accountPeriodRevenueFold, retention } from '../../src/metrics/retention.js';
import { runFold } from '../../src/metrics/fold.js';
import { day, deal } from '../support/records.js';

const entry = (account: string, previous: number, current: number, owner: string | null = null, group: string | null = null) => ({ account, name: null, previous, current, owner, group });

describe('retention', () => {
  it('METRICS.md worked example: X 100 -> 120, Y 50 -> 0, Z 50 -> 40, W 0 -> 30', () => {
    const result = retention([entry('X', 100, 120), entry('Y', 50, 0, 'Ann'), entry('Z', 50, 40), entry('W', 0, 30)]);
    // METRICS.md "Retention and concentration": GRR 140/200 = 70%, NRR 160/200 = 80%, logo retention 2/3, churned Y, new 30
    expect(result.total.grr).toEqual({ value: 0.7, reason: null });
    expect(result.total.nrr).toEqual({ value: 0.8, reason: null });
    expect(result.total.logoRetention.value).toBeCloseTo(2 / 3, 15);
    expect(result.total).toMatchObject({ accountsStart: 3, accountsRetained: 2, churned: 1, revenueStart: 200, revenueRetained: 140, revenueEnd: 160, newAccountRevenue: 30, newAccounts: 1 });
    expect(result.churnedAccounts).toEqual([{ account: 'Y', name: null, previousRevenue: 50, owner: 'Ann', group: null }]);
  });

  it('is n/a with a reason when no account won revenue in the previous period', () => {
    const result = retention([entry('W', 0, 30)]);
    expect(result.total.grr).toEqual({ value: null, reason: { code: 'no-starting-revenue', message: 'n/a: no account won revenue in the previous period' } });
    expect(result.total.newAccountRevenue).toBe(30);
  });

  it('splits by group: the groups add up to the total', () => {
    const result = retention([entry('X', 100, 120, null, 'East'), entry('Y', 50, 0, null, 'West'), entry('Z', 50, 40, null, 'East')]);
    // hand-computed: East GRR (100 + 40) / 150, West GRR 0 / 50
    expect(result.groups.map((group) => [group.group, group.totals.revenueStart, group.totals.revenueRetained])).toEqual([
      ['East', 150, 140],
      ['West', 50, 0],
    ]);
  });
});

describe('accountPeriodRevenueFold', () => {
  const options = { previous: explicitWindow(day('2025-01-01'), day('2025-12-31')), current: explicitWindow(day('2026-01-01'), day('2026-12-31')), asOf: day('2026-11-20') };

  it('adds won deals to R1 or R2 by close date; lost, open, out of both periods and after the as-of date to neither', () => {
    const revenue = runFold(accountPeriodRevenueFold(options), [
      deal({ id: '1', status: 'won', account: 'X', owner: 'Ann', amount: 100, close: day('2025-03-01') }),
      deal({ id: '2', status: 'won', account: 'X', owner: 'Bob', amount: 120, close: day('2026-03-01') }),
      deal({ id: '3', status: 'lost', account: 'X', amount: 999, close: day('2026-03-01') }),
      deal({ id: '4', status: 'won', account: 'X', amount: 999, close: day('2024-12-31') }),
      deal({ id: '5', status: 'won', account: 'X', amount: 999, close: day('2026-11-21') }),
      deal({ id: '6', status: 'won', account: ' Y ', owner: 'Cat', amount: 50, close: day('2025-06-01') }),
      deal({ id: '7', status: 'won', account: null, amount: 10, close: day('2025-06-01') }),
    ]);
    expect(revenue.accounts.map((account) => [account.account, account.previous, account.current, account.owner])).toEqual([
      ['X', 100, 120, 'Ann'],
      ['Y', 50, 0, 'Cat'],
    ]);
    expect(revenue.wonWithoutAccount).toBe(1);
  });

  it('an account\'s group: its latest won deal in P1; the same day and owner: the first group in order, whatever the order of the deals', () => {
    const groupOf = (d: { dimensions: Readonly<Record<string, string>> }) => d.dimensions.segment ?? '(none)';
    const deals = [
      deal({ id: '1', status: 'won', account: 'X', owner: 'Ann', amount: 10, close: day('2025-03-01'), dimensions: { segment: 'SMB' } }),
      deal({ id: '2', status: 'won', account: 'X', owner: 'Ann', amount: 20, close: day('2025-03-01'), dimensions: { segment: 'Enterprise' } }),
      deal({ id: '3', status: 'won', account: 'X', owner: 'Bob', amount: 30, close: day('2025-01-01'), dimensions: { segment: 'Mid' } }),
    ];
    for (const order of [deals, [...deals].reverse()]) {
      const [x] = runFold(accountPeriodRevenueFold({ ...options, groupOf }), order).accounts;
      expect([x?.owner, x?.group, x?.previous]).toEqual(['Ann', 'Enterprise', 60]);
    }
  });
});
