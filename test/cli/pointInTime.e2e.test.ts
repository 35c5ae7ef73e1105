/**
 * Point in time and cohorts end to end (METRICS.md "Point in time", "Window"): a back-dated
 * --as-of answers as the data stood on that day, and a cohort counts only its own open deals.
 * Expected values are hand-computed from test/fixtures/report/two-quarters.csv.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers.js';
import { run } from './inProcess.js';

const twoQuarters = join(FIXTURES, 'report/two-quarters.csv');

describe('a back-dated --as-of', () => {
  it('winrate on 2026-10-20 counts deals closed later as open then', async () => {
    const result = await run(['winrate', twoQuarters, '--as-of', '2026-10-20', '--period', 'this-quarter', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    // In 2026-Q4 by 10-20 only A4 had closed (won 10-10). B4, C4 (won later), L4 (lost 10-30), O1 and O2
    // (created 10-15) were open: 20,000 + 20,000 + 8,000 + 5,000 + 7,000. W1, W2, L1, L2 closed in Q3.
    expect(doc.total).toMatchObject({ won: 1, lost: 0, open: 5, wonValue: 20000, openValue: 60000, unitWinRate: { value: 1 } });
    expect(doc).toMatchObject({ rowsRead: 10, rowsUsed: 6, rowsFiltered: 4, rowsRejected: 0 });
    expect(result.stderr).toContain('3 deals closed after the as-of date counted as open on it (stage then unknown)');
  });

  it("velocity's N is the deals open on that day", async () => {
    const doc = JSON.parse((await run(['velocity', twoQuarters, '--as-of', '2026-10-20', '--period', 'this-quarter', '--json'])).stdout);
    // N 5 (above), A 20,000 (A4), W 1/1, L 20 days (2026-09-20 to 2026-10-10): 5 x 20,000 x 1 / 20 = 5,000 a day
    expect(doc.total).toMatchObject({ deals: 5, averageWonAmount: { value: 20000 }, winRate: { value: 1 }, cycleDays: { value: 20 }, perDay: { value: 5000 } });
  });

  it('a deal created after the as-of date does not exist yet', async () => {
    const doc = JSON.parse((await run(['winrate', twoQuarters, '--as-of', '2026-10-10', '--json'])).stdout);
    // On 10-10 with no window: W1, W2, A4 won; L1, L2 lost; B4, C4, O1 open (L4 created 10-01 is open too);
    // O2 (created 10-15) did not exist.
    expect(doc.total).toMatchObject({ won: 3, lost: 2, open: 4 });
    expect(doc.rowsFiltered).toBe(1);
  });
});

describe('a cohort (--basis created)', () => {
  it('counts only the open deals created in its window', async () => {
    const doc = JSON.parse((await run(['winrate', twoQuarters, '--as-of', '2026-11-20', '--period', '2026-Q3', '--basis', 'created', '--json'])).stdout);
    // Created in 2026-Q3: L2 lost; A4, B4, C4 won; O1 open. O2 (created 2026-10-15) is not of the cohort.
    expect(doc.total).toMatchObject({ won: 3, lost: 1, open: 1, openValue: 5000 });
  });
});
