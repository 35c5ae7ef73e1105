/**
 * Point in time and cohorts end to end (METRICS.md "Point in time", "Window"): a back-dated
 * --as-of answers as the data stood on that day, and a cohort counts only its own open deals.
 * Expected values are hand-computed from test/fixtures/report/two-quarters.csv.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    expect(result.stderr).toContain('3 deals closed after the as-of date counted as open on it (stage then unknown without a stage history)');
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

describe('a back-dated forecast does not know the outcome', () => {
  // F7 was won the day after the as-of date: the export says probability 100 and category
  // Closed, which it carried only once won. Before, the forecast weighed it 400 x 1 in crm,
  // counted it as commit and made it certain in every simulated run.
  const deals = [
    'deal_id,owner,stage,amount,currency,created,close,probability,forecast_category',
    'F7,Bob,Closed Won,400,USD,2026-03-01,2026-05-16,100,Closed',
    'F8,Bob,Qualification,250,USD,2026-03-01,2026-06-15,20,Pipeline',
    'F9,Bob,Proposal,80,USD,2026-03-01,2026-04-01,40,Best case',
  ].join('\n');

  it('weighs a deal closed after the as-of date by nothing it only had once closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealmath-pit-'));
    writeFileSync(join(dir, 'deals.csv'), `${deals}\n`);
    const result = await run(['forecast', join(dir, 'deals.csv'), '--as-of', '2026-05-15', '--json']);
    expect(result.code).toBe(0);
    const total = JSON.parse(result.stdout).total;
    // crm: F8 250 x 0.2 + F9 80 x 0.4 = 50 + 32 = 82; F7 has no probability on 2026-05-15.
    expect(total.weighted.crm).toMatchObject({ value: 82, weightedDeals: 2, unweightedDeals: 1 });
    // Roll-up (commit and best case are cumulative): nothing closed or in commit by 2026-05-15,
    // best case 0 + 0 + 80 (F9), pipeline 250 (F8); F7's 400 in no category.
    expect(total).toMatchObject({ closed: { value: 0 }, commit: { value: 0 }, bestCase: { value: 80 }, pipeline: { value: 250 }, uncategorized: 400 });
    expect(result.stderr).toContain('1 open deal has no known forecast category');
    expect(result.stderr).toContain('1 open deal has no probability and weighs nothing in the crm method');
  });
});

describe('a cohort (--basis created)', () => {
  it('counts only the open deals created in its window', async () => {
    const doc = JSON.parse((await run(['winrate', twoQuarters, '--as-of', '2026-11-20', '--period', '2026-Q3', '--basis', 'created', '--json'])).stdout);
    // Created in 2026-Q3: L2 lost; A4, B4, C4 won; O1 open. O2 (created 2026-10-15) is not of the cohort.
    expect(doc.total).toMatchObject({ won: 3, lost: 1, open: 1, openValue: 5000 });
  });
});
