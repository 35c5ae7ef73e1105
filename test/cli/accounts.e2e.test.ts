/**
 * Issue 17 end to end through the built CLI's main() in this process (run `npm run build`
 * first): the account join in quadrant, deal types, retention and the accounts command.
 *
 * Fixtures (test/fixtures/accounts/):
 * - mixed-keys-accounts.csv + mixed-keys-deals.csv: Initech (ACC-7) is named by id in one won
 *   deal (60,000), by name in another (100,000) and as "INITECH, Inc." in a third (50,000);
 *   Hooli (9,000) is in no accounts file.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers.js';
import { run } from './inProcess.js';

const fixture = (name: string): string => join(FIXTURES, 'accounts', name);
const AS_OF = ['--as-of', '2026-11-20'];

async function json(args: readonly string[]) {
  const result = await run([...args, '--json']);
  expect(result.stderr).not.toMatch(/^dealmath: /m);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

describe('quadrant --deals: the account join', () => {
  it('sums an account named by id in some rows and by name in others (was 60,000 of 210,000, silently)', async () => {
    const doc = await json(['quadrant', fixture('mixed-keys-accounts.csv'), '--deals', fixture('mixed-keys-deals.csv'), ...AS_OF]);
    const current = Object.fromEntries(doc.accounts.map((account: { id: string; current: { value: number | null } }) => [account.id, account.current.value]));
    // hand-computed: ACC-7 = 60,000 (id) + 100,000 (name) + 50,000 (normalised name); ACC-8 = 20,000 (id)
    expect(current).toEqual({ 'ACC-7': 210000, 'ACC-8': 20000 });
    expect(doc.warnings).toEqual([
      '9,000 won from 1 account not in the accounts file ("Hooli") is left out of current revenue',
      'deals filed under "INITECH, Inc." are joined to account ACC-7 "Initech" by normalised name',
    ]);
  });
});

describe('deal type', () => {
  it('winrate --by type groups by class and states the existing / new-business ratio with a Katz interval', async () => {
    // typed-deals.csv: Upsell 3 won 1 lost, Renewal 3 won 3 lost, New Business 2 won 8 lost (+1 open), Partner 1 won.
    const doc = await json(['winrate', fixture('typed-deals.csv'), '--by', 'type', ...AS_OF]);
    expect(doc.groups.map((group: { key: { type: string } }) => group.key.type)).toEqual(['expansion', 'new-business', 'Partner', 'renewal']);
    // hand-computed: (6/10) / (2/10) = 3; SE = sqrt(1/6 - 1/10 + 1/2 - 1/10) = 0.683130;
    // exp(ln 3 -+ 1.959964 x 0.683130) = 0.786393 .. 11.444653
    expect(doc.typeRatio.ratio.value).toBeCloseTo(3, 12);
    expect(doc.typeRatio.interval.value.low).toBeCloseTo(0.786393, 5);
    expect(doc.typeRatio.interval.value.high).toBeCloseTo(11.444653, 5);
    expect(doc.typeRatio).toMatchObject({ existing: { won: 6, n: 10 }, newBusiness: { won: 2, n: 10 }, method: 'katz-log', otherTypes: ['Partner'] });
  });

  it('winrate by another dimension has no ratio', async () => {
    const doc = await json(['winrate', fixture('typed-deals.csv'), '--by', 'owner', ...AS_OF]);
    expect(doc.typeRatio).toBeUndefined();
  });
});

describe('dealmath retention', () => {
  it('METRICS.md four-account example from deals: X 100 -> 120, Y 50 -> 0, Z 50 -> 40, W 0 -> 30', async () => {
    const doc = await json(['retention', fixture('retention-deals.csv'), '--period', '2026', '--compare', '2025', '--as-of', '2026-12-31']);
    // METRICS.md "Retention and concentration": GRR 140/200 = 70%, NRR 160/200 = 80%, logo retention 2/3, churned Y, new 30
    expect(doc.total).toMatchObject({
      grr: { value: 0.7, reason: null },
      nrr: { value: 0.8, reason: null },
      accountsStart: 3,
      accountsRetained: 2,
      churned: 1,
      revenueStart: 200,
      revenueRetained: 140,
      revenueEnd: 160,
      newAccountRevenue: 30,
    });
    expect(doc.total.logoRetention.value).toBeCloseTo(2 / 3, 12);
    expect(doc.churnedAccounts).toEqual([{ account: 'Y', name: null, previousRevenue: 50, owner: 'Cat', group: null }]);
    expect(doc.periods).toEqual({ current: { from: '2026-01-01', to: '2026-12-31', label: '2026' }, previous: { from: '2025-01-01', to: '2025-12-31', label: '2025', toDate: false } });
    // 9 rows: 7 won in 2025 or 2026 used; the lost deal and the 2024 win filtered.
    expect(doc).toMatchObject({ rowsRead: 9, rowsUsed: 7, rowsFiltered: 2 });
  });

  it('--by a deal column: each account in the group of its latest won deal of the previous period', async () => {
    const doc = await json(['retention', fixture('retention-deals.csv'), '--period', '2026', '--compare', '2025', '--as-of', '2026-12-31', '--by', 'segment']);
    // hand-computed: East X, Z: GRR (100 + 40) / 150; West Y (churned) and W (new): GRR 0 / 50, new 30
    expect(doc.groups.map((group: { key: Record<string, string>; revenueStart: number; revenueRetained: number; newAccountRevenue: number }) => [group.key, group.revenueStart, group.revenueRetained, group.newAccountRevenue])).toEqual([
      [{ segment: 'East' }, 150, 140, 0],
      [{ segment: 'West' }, 50, 0, 30],
    ]);
  });

  it('--every year: each year of the window against the one before', async () => {
    const doc = await json(['retention', fixture('retention-deals.csv'), '--from', '2025-01-01', '--to', '2026-12-31', '--compare', '2024', '--every', 'year', '--as-of', '2026-12-31']);
    // hand-computed: 2025 against 2024: V (999) churned, X, Y, Z new (100 + 50 + 50); 2026 against 2025: the METRICS.md example
    expect(doc.series.map((entry: { current: { label: string }; total: { accountsStart: number; churned: number; newAccountRevenue: number; grr: { value: number } } }) => [entry.current.label, entry.total.accountsStart, entry.total.churned, entry.total.newAccountRevenue, entry.total.grr.value])).toEqual([
      ['2025', 1, 1, 200, 0],
      ['2026', 3, 1, 30, 0.7],
    ]);
  });

  it('--every year over --from/--to needs no --compare: the headline is the latest year against the one before', async () => {
    // Was exit 2, "give the previous period with --compare", though the series says each year's previous one.
    const doc = await json(['retention', fixture('retention-deals.csv'), '--from', '2025-01-01', '--to', '2026-12-31', '--every', 'year', '--as-of', '2026-12-31']);
    expect(doc.periods).toEqual({ current: { from: '2026-01-01', to: '2026-12-31', label: '2026' }, previous: { from: '2025-01-01', to: '2025-12-31', label: '2025', toDate: false } });
    // hand-computed, as the series' 2026 entry above: the METRICS.md retention example, GRR 0.7.
    expect(doc.total.grr.value).toBe(0.7);
    expect(doc.series.map((entry: { current: { label: string } }) => entry.current.label)).toEqual(['2025', '2026']);
  });

  it('--every over a window that has not begun by the as-of date: one line saying so, exit 2', async () => {
    const result = await run(['retention', fixture('retention-deals.csv'), '--from', '2027-01-01', '--to', '2027-12-31', '--every', 'year', '--as-of', '2026-12-31']);
    expect([result.code, result.stderr]).toEqual([2, 'dealmath: --every year: no year of the window 2027-01-01..2027-12-31 has begun by the as-of date 2026-12-31\n']);
  });

  it('a period under way is compared with the previous one to the same elapsed day', async () => {
    const doc = await json(['retention', fixture('retention-deals.csv'), '--period', '2026', ...AS_OF]);
    expect(doc.periods).toEqual({ current: { from: '2026-01-01', to: '2026-11-20', label: '2026 YTD' }, previous: { from: '2025-01-01', to: '2025-11-20', label: '2025 to day 324', toDate: true } });
  });
});

describe('dealmath accounts', () => {
  const args = ['accounts', fixture('overview-deals.csv'), '--config', fixture('overview.yaml'), '--accounts', fixture('overview-accounts.csv'), ...AS_OF];

  it('per account activity, penetration, quadrant; concentration of the period', async () => {
    const doc = await json(args);
    const byId = Object.fromEntries(doc.accounts.map((account: { account: string }) => [account.account, account]));
    // hand-computed: ACC-1 = 500 (id) + 300 ("Acme", normalised name); open 400; Platform and Analytics of 4 offered
    expect(byId['ACC-1']).toMatchObject({ name: 'Acme Inc', wonCurrent: 800, wonPrevious: 0, openValue: 400, deals: 4, lastWon: '2026-03-01', products: ['Analytics', 'Platform'], penetration: { value: 0.5 }, whiteSpace: ['Services', 'Support'] });
    expect(byId['ACC-3']).toMatchObject({ wonCurrent: 0, wonPrevious: 100 });
    expect(byId['ACC-4']).toMatchObject({ deals: 0, wonCurrent: 0 });
    // hand-computed: shares 0.8 and 0.2: HHI 0.64 + 0.04 = 0.68; ACC-1 alone holds 80% (1 of 2 accounts)
    expect(doc.concentration.hhi.value).toBeCloseTo(0.68, 12);
    expect(doc.concentration.pareto.map((statement: { accounts: { value: number } }) => statement.accounts.value)).toEqual([1, 1]);
    expect(doc.concentration.pareto[0].accountShare.value).toBe(0.5);
    expect(doc.periods.current).toEqual({ from: '2026-01-01', to: '2026-11-20', label: '2026 YTD' });
    expect(doc.accounts.every((account: { quadrant: string | null }) => account.quadrant !== null)).toBe(true);
  });

  it('--plan: attainment, pipeline against goal, gap and the required pipeline at the team value win rate', async () => {
    const doc = await json([...args, '--plan', fixture('plan.yaml')]);
    const [acme, umbrella] = doc.plan;
    // hand-computed: won 800 of 2,000 = 0.4; open closing in 2026: 400 of goal 1,000 = 0.4; gap 1,200;
    // ACC-1 has 3 closed deals (< 30): team value win rate 1,100 / (1,100 + 250); required 1,200 / that = 1,472.73
    expect(acme).toMatchObject({ account: 'ACC-1', matched: true, won: 800, attainment: { value: 0.4 }, pipeline: 400, pipelineVsGoal: { value: 0.4 }, gap: { value: 1200 }, winRateFrom: 'team' });
    expect(acme.requiredPipeline.value).toBeCloseTo((1200 * 1350) / 1100, 9);
    expect(acme.penetration.value).toBeCloseTo(2 / 3, 12);
    expect(acme.whiteSpace).toEqual(['Services']);
    // The account's own row is offered the plan's products too (it was 0.5 against the config's
    // four, beside 2/3 in the plan's row for the same account).
    const acmeRow = doc.accounts.find((account: { account: string }) => account.account === 'ACC-1');
    expect(acmeRow).toMatchObject({ offered: 3, whiteSpace: ['Services'] });
    expect(acmeRow.penetration.value).toBeCloseTo(2 / 3, 12);
    // An account not in the plan keeps the config's four.
    expect(doc.accounts.find((account: { account: string }) => account.account === 'ACC-3')).toMatchObject({ offered: 4 });
    expect(umbrella).toMatchObject({ account: 'Umbrella', matched: false, won: 0 });
    expect(doc.warnings).toContain('plan account "Umbrella" matches no account: its figures start from zero');
  });
});
