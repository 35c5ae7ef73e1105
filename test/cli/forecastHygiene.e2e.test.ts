/**
 * Forecast hygiene in `validate` (issue 16): commit past due, commit stale, a category its stage
 * contradicts; warnings, counted by `--fail-on forecast>0`, and left out of the integrity score.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { run } from './inProcess.js';

const dir = tempDir();
const config = join(dir, 'dealmath.yaml');
writeFileSync(config, 'stages: [Discovery, Proposal, Negotiation, Closed Won, Closed Lost]\nwon: [Closed Won]\nlost: [Closed Lost]\nthresholds: { staleDays: 30 }\n');
const deals = join(dir, 'deals.csv');
// As of 2026-11-20: row 2 commit past due (close 2026-11-10); row 3 commit stale (activity 2026-09-01,
// 80 days); row 4 commit on Discovery, the first stage; row 5 Closed on an open stage; row 6 clean
// commit; row 7 a won deal labelled Closed (fine).
writeFileSync(
  deals,
  [
    'id,owner,stage,amount,created,close,forecast_category,last_activity',
    'P1,Ann,Negotiation,100,2026-09-01,2026-11-10,Commit,2026-11-15',
    'S1,Ann,Negotiation,100,2026-09-01,2026-12-10,Commit,2026-09-01',
    'F1,Ann,Discovery,100,2026-09-01,2026-12-10,Commit,2026-11-15',
    'C1,Ann,Proposal,100,2026-09-01,2026-12-10,Closed,2026-11-15',
    'OK,Ann,Negotiation,100,2026-09-01,2026-12-10,Commit,2026-11-15',
    'W1,Ann,Closed Won,100,2026-09-01,2026-10-10,Closed,2026-10-10',
  ].join('\n') + '\n',
);
const base = ['validate', deals, '--config', config, '--as-of', '2026-11-20', '--json'];

describe('validate: forecast hygiene', () => {
  it('finds each rule on its row, as a warning', async () => {
    const result = await run(base);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    const forecastFindings = doc.findings
      .filter((found: { rule: string }) => ['commit-past-due', 'commit-stale', 'category-stage-mismatch'].includes(found.rule))
      .map((found: { rule: string; row: number; column: string; severity: string }) => [found.rule, found.row, found.column, found.severity]);
    expect(forecastFindings).toEqual([
      ['commit-past-due', 2, 'close', 'warning'],
      ['commit-stale', 3, 'last_activity', 'warning'],
      ['category-stage-mismatch', 4, 'forecast_category', 'warning'],
      ['category-stage-mismatch', 5, 'forecast_category', 'warning'],
    ]);
    // Integrity counts the general rules only: P1 past-due and S1 stale are flagged, F1, C1 and OK are clean: 300 of 500.
    expect(doc.integrityScore.value).toBeCloseTo(300 / 500, 12);
  });

  it('fails with --fail-on forecast>0', async () => {
    const result = await run([...base, '--fail-on', 'forecast>0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fail-on forecast>0');
    expect((await run([...base, '--fail-on', 'forecast>4'])).code).toBe(0);
  });
});
