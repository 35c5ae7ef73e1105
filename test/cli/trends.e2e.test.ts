/**
 * Trends end to end (METRICS.md "Trends", issue 15): `--every` splits the window into periods,
 * each read as of its end (the current one to the as-of date). Expected values are hand-computed
 * from test/fixtures/report/two-quarters.csv:
 *   W1 Ann won 10,000 created 06-01 closed 07-01     A4 Ann won 20,000 created 09-20 closed 10-10
 *   W2 Bob won 10,000 created 06-11 closed 07-31     B4 Bob won 20,000 created 09-15 closed 10-25
 *   L1 Ann lost 6,000 created 06-01 closed 08-01     C4 Ann won 20,000 created 09-10 closed 11-09
 *   L2 Bob lost 4,000 created 07-01 closed 09-01     L4 Bob lost 8,000 created 10-01 closed 10-30
 *   O1 Ann open 5,000 created 08-01 close 12-10      O2 Bob open 7,000 created 10-15 close 12-20
 * (all 2026).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, FIXTURES } from './helpers.js';
import { run } from './inProcess.js';

const twoQuarters = join(FIXTURES, 'report/two-quarters.csv');
const AS_OF = ['--as-of', '2026-11-20'];
const json = async (args: string[]) => {
  const result = await run([...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
};

describe('winrate --every month', () => {
  it('gives one item per month with its own won, lost and open', async () => {
    const doc = await json(['winrate', twoQuarters, ...AS_OF, '--from', '2026-06-15', '--to', '2026-12-31', '--every', 'month']);
    expect(doc.every).toBe('month');
    // June (from the 15th, as of 06-30): nothing closed; W1, W2, L1 open. July: W1, W2 won; L1, L2 open.
    // August: L1 lost; L2, O1 open. September: L2 lost; A4, B4, C4, O1 open. October: A4, B4 won,
    // L4 lost; C4, O1, O2 open. November to the 20th: C4 won; O1, O2 open. December has not begun.
    expect(doc.series.map((item: { period: { label: string } }) => item.period.label)).toEqual(['2026-06 from 2026-06-15', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11 MTD']);
    expect(doc.series.map((item: { won: number; lost: number; open: number }) => [item.won, item.lost, item.open])).toEqual([[0, 0, 3], [2, 0, 2], [0, 1, 2], [0, 1, 4], [2, 1, 3], [1, 0, 2]]);
    expect(doc.series[0].period).toEqual({ from: '2026-06-15', to: '2026-06-30', label: '2026-06 from 2026-06-15', toDate: false });
    expect(doc.series[5].period).toEqual({ from: '2026-11-01', to: '2026-11-20', label: '2026-11 MTD', toDate: true });
    expect(doc.series[0].unitWinRate).toEqual({ value: null, reason: { code: 'no-closed-deals', message: 'no closed deals in window' } });
    // October: 2 won of 3 closed; by value 40,000 / 48,000.
    expect(doc.series[4].unitWinRate.value).toBeCloseTo(2 / 3, 12);
    expect(doc.series[4].valueWinRate.value).toBeCloseTo(40000 / 48000, 12);
    // The total is unchanged by --every: the window as a whole.
    expect(doc.total).toMatchObject({ won: 5, lost: 3 });
  });

  it('groups each period with --by', async () => {
    const doc = await json(['winrate', twoQuarters, ...AS_OF, '--period', '2026-Q4', '--every', 'month', '--by', 'owner']);
    // October: Ann A4 won (C4, O1 open); Bob B4 won, L4 lost (O2 open).
    expect(doc.series[0].groups.map((group: { key: { owner: string }; won: number; lost: number; open: number }) => [group.key.owner, group.won, group.lost, group.open])).toEqual([
      ['Ann', 1, 0, 2],
      ['Bob', 1, 1, 1],
    ]);
  });

  it('splits a cohort by created date, each cohort read as of the as-of date', async () => {
    const doc = await json(['winrate', twoQuarters, ...AS_OF, '--period', '2026', '--basis', 'created', '--every', 'quarter']);
    // Created in Q2: W1, W2 won, L1 lost. In Q3: L2 lost, A4, B4, C4 won, O1 open. In Q4: L4 lost,
    // O2 open. The cohorts add up to the total.
    expect(doc.series.map((item: { won: number; lost: number; open: number }) => [item.won, item.lost, item.open])).toEqual([[0, 0, 0], [2, 1, 0], [3, 1, 1], [0, 1, 1]]);
    expect(doc.total).toMatchObject({ won: 5, lost: 3, open: 2 });
  });

  it('draws a sparkline per row on the terminal, n/a as a gap', async () => {
    const result = await run(['winrate', twoQuarters, ...AS_OF, '--period', '2026', '--every', 'quarter', '--chart']);
    // Q1 and Q2 have no closed deal (gaps); Q3 50%, Q4 to date 75%: low and high.
    expect(result.stdout).toContain('Win rates by quarter');
    expect(result.stdout).toMatch(/^Total {2} {2}▁█$/m);
  });

  it('is refused without a window, exit 2', async () => {
    const result = await run(['winrate', twoQuarters, ...AS_OF, '--every', 'month']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--every month splits a window into periods');
  });
});

describe('velocity --every month', () => {
  it("uses each month's own N, A, W and L", async () => {
    const doc = await json(['velocity', twoQuarters, ...AS_OF, '--period', '2026-Q4', '--every', 'month']);
    // October: N 3 open at 10-31 (C4, O1, O2), A 20,000, W 2/3, L (20 + 40) / 2 = 30: 3 x 20,000 x 2/3 / 30.
    expect(doc.series[0]).toMatchObject({ deals: 3, averageWonAmount: { value: 20000 }, cycleDays: { value: 30 } });
    expect(doc.series[0].perDay.value).toBeCloseTo(4000 / 3, 9);
    // November to the 20th: N 2, A 20,000 (C4), W 1, L 60 (09-10 to 11-09): 2 x 20,000 / 60.
    expect(doc.series[1]).toMatchObject({ deals: 2, averageWonAmount: { value: 20000 }, winRate: { value: 1 }, cycleDays: { value: 60 } });
    expect(doc.series[1].perDay.value).toBeCloseTo(2000 / 3, 9);
  });
});

describe('coverage --every month', () => {
  it('reads the target period as it stood at the end of each month', async () => {
    const doc = await json(['coverage', twoQuarters, ...AS_OF, '--target', '100000', '--every', 'month']);
    // 2026-Q4, target 100,000; rates from 2025-10-01..2026-09-30: W1, W2 won, L1, L2 lost (W 0.5, 2x).
    // End of October: won to date 40,000 (A4, B4); open closing in Q4: C4, O1, O2 = 32,000; R 60,000.
    // November 20: won 60,000 (C4 too); open O1, O2 = 12,000; R 40,000.
    expect(doc.series.map((item: { period: { label: string }; wonToDate: number; openPipeline: number; openDeals: number }) => [item.period.label, item.wonToDate, item.openPipeline, item.openDeals])).toEqual([
      ['2026-10', 40000, 32000, 3],
      ['2026-11 MTD', 60000, 12000, 2],
    ]);
    expect(doc.series[0].coverage.value).toBeCloseTo(32000 / 60000, 12);
    expect(doc.series[1].coverage.value).toBeCloseTo(12000 / 40000, 12);
    expect(doc.series[1].requiredMultiple.value).toBe(2);
    // The command's own figures are the as-of date's, the last item's.
    expect(doc.total.wonToDate).toBe(60000);
  });
});

describe('report --every', () => {
  it('adds the trends to the win rate, velocity and coverage sections, with line charts in HTML', async () => {
    const args = ['report', twoQuarters, ...AS_OF, '--target', '100000', '--every', 'month'];
    const doc = await json(args);
    // The report's period is this quarter (2026-Q4): October and November to date, as above.
    expect(doc.sections.winrate.series.map((item: { won: number; lost: number }) => [item.won, item.lost])).toEqual([[2, 1], [1, 0]]);
    expect(doc.sections.velocity.series.map((item: { deals: number }) => item.deals)).toEqual([3, 2]);
    expect(doc.sections.coverage.series.map((item: { wonToDate: number }) => item.wonToDate)).toEqual([40000, 60000]);
    const html = await run([...args, '--format', 'html']);
    expect(html.code).toBe(0);
    for (const title of ['Unit win rate by month', 'Velocity per day by month', 'Coverage by month']) expect(html.stdout).toContain(`aria-label="${title}"`);
  });

  it('leaves the report as it was without --every', async () => {
    const doc = await json(['report', twoQuarters, ...AS_OF, '--target', '100000']);
    expect(doc.sections.winrate.series).toBeUndefined();
    expect(doc.sections.coverage.series).toBeUndefined();
  });
});

describe('--every in parts', () => {
  it('gives byte-identical output on worker threads', async () => {
    const parallel = { DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_WORKERS: '2' };
    for (const args of [
      ['winrate', 'deals.csv', ...AS_OF, '--period', '2026', '--every', 'month', '--by', 'segment', '--json'],
      ['velocity', 'deals.csv', ...AS_OF, '--period', '2026', '--every', 'week', '--json'],
      ['coverage', 'deals.csv', '--reps', 'reps.csv', ...AS_OF, '--every', 'week', '--json'],
      ['report', 'deals.csv', '--reps', 'reps.csv', ...AS_OF, '--every', 'week', '--json'],
    ]) {
      const one = await run(args, { cwd: EXAMPLES });
      const parts = await run(args, { cwd: EXAMPLES, env: parallel });
      expect(one.code).toBe(0);
      expect(parts.stdout).toBe(one.stdout);
    }
  });
});
