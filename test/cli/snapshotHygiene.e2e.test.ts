/**
 * `validate --snapshot`: the forecast hygiene rules that need snapshots (pushed-too-often,
 * amount-changed), on four hand-made weekly snapshots; expected findings worked by hand below.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, dealmath, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const dir = tempDir();
const config = join(dir, 'dealmath.yaml');
writeFileSync(config, 'stages: [Discovery, Proposal, Closed Won, Closed Lost]\nwon: [Closed Won]\nlost: [Closed Lost]\n');
// D1: close 10-15 -> 10-30 -> 11-15 -> 11-30: 3 pushes (> pushLimit 2), open at the end: pushed-too-often (row 2 of the last).
// D2: close 10-15 -> 10-30 -> 10-30 -> 11-15: 2 pushes, not more than 2: no finding.
// D3: amount 100, 100, 100, 160: +60% in the last step (> 50%): amount-changed (row 4 of the last).
// D4: amount 100 -> 140 in the first step (+40% then unchanged): no finding; D5 150 -> 100 (-33%) in the last: none.
// D6: pushed three times but won in the last snapshot: not open, no finding.
const rows: Record<string, string[]> = {
  '2026-10-05': ['D1,Proposal,100,2026-10-15', 'D2,Proposal,100,2026-10-15', 'D3,Discovery,100,2026-11-15', 'D4,Discovery,100,2026-12-01', 'D5,Proposal,150,2026-12-01', 'D6,Proposal,90,2026-10-15'],
  '2026-10-12': ['D1,Proposal,100,2026-10-30', 'D2,Proposal,100,2026-10-30', 'D3,Discovery,100,2026-11-15', 'D4,Discovery,140,2026-12-01', 'D5,Proposal,150,2026-12-01', 'D6,Proposal,90,2026-10-30'],
  '2026-10-19': ['D1,Proposal,100,2026-11-15', 'D2,Proposal,100,2026-10-30', 'D3,Discovery,100,2026-11-15', 'D4,Discovery,140,2026-12-01', 'D5,Proposal,150,2026-12-01', 'D6,Proposal,90,2026-11-15'],
  '2026-10-26': ['D1,Proposal,100,2026-11-30', 'D2,Proposal,100,2026-11-15', 'D3,Discovery,160,2026-11-15', 'D4,Discovery,140,2026-12-01', 'D5,Proposal,100,2026-12-01', 'D6,Closed Won,90,2026-10-26'],
};
for (const [date, lines] of Object.entries(rows)) writeFileSync(join(dir, `pipeline-${date}.csv`), ['id,stage,amount,close', ...lines].join('\n') + '\n');
const folder = dir;

describe('validate --snapshot (forecast hygiene over snapshots)', () => {
  const run = (extra: string[] = []) => dealmath(['validate', '--snapshot', folder, '--config', config, '--as-of', '2026-10-26', '--json', ...extra]);

  it('flags a deal pushed more than pushLimit times and an amount changed by more than amountChangeLimit in the last step', () => {
    const result = run();
    const doc = JSON.parse(result.stdout);
    // Without FILE, the last snapshot is the file validated.
    expect(doc.rowsRead).toBe(6);
    const hygiene = doc.findings.filter((found: { rule: string }) => found.rule === 'pushed-too-often' || found.rule === 'amount-changed');
    expect(hygiene.map((found: { rule: string; row: number; column: string; value: string }) => [found.rule, found.row, found.column, found.value])).toEqual([
      ['pushed-too-often', 2, 'close', '2026-11-30'],
      ['amount-changed', 4, 'amount', '160'],
    ]);
    expect(hygiene[0].file).toBe(join(folder, 'pipeline-2026-10-26.csv'));
  });

  it('takes its limits from the config and fails with --fail-on forecast>0', () => {
    writeFileSync(join(dir, 'strict.yaml'), 'stages: [Discovery, Proposal, Closed Won, Closed Lost]\nwon: [Closed Won]\nlost: [Closed Lost]\nthresholds: { pushLimit: 1, amountChangeLimit: 0.3 }\n');
    const result = dealmath(['validate', join(folder, 'pipeline-2026-10-26.csv'), '--snapshot', folder, '--config', join(dir, 'strict.yaml'), '--as-of', '2026-10-26', '--json', '--fail-on', 'forecast>0']);
    const doc = JSON.parse(result.stdout);
    // pushLimit 1: D1 (3 pushes) and D2 (2 pushes); 30%: D3 (+60%) and D5 (-33.3%).
    expect(doc.byRule['pushed-too-often']).toBe(2);
    expect(doc.byRule['amount-changed']).toBe(2);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/fail-on forecast>0/);
  });

  it('with one snapshot, says two are needed without naming another command (before: "movement needs two or more snapshots")', () => {
    const last = join(folder, 'pipeline-2026-10-26.csv');
    const result = dealmath(['validate', last, '--snapshot', last, '--config', config, '--as-of', '2026-10-26']);
    expect(result.code).toBe(2);
    // The date comes from the file's name.
    expect(result.stderr).toBe(`dealmath: one snapshot given (2026-10-26=${last}); two or more dated snapshots of the pipeline are needed, each compared with the one before\n`);
  });
});

describe('validate --snapshot with a back-dated as-of date (METRICS.md "Point in time")', () => {
  it('validates the last snapshot taken by then and leaves the later ones out, saying so', async () => {
    // examples/snapshots: 21 weekly exports, 2026-06-29 to 2026-11-16; by 2026-10-10, 15 of them.
    const result = await run(['validate', '--snapshot', join(EXAMPLES, 'snapshots'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-10-10', '--json']);
    expect(result.stderr).toContain('dealmath validate: 6 snapshots dated after the as-of date 2026-10-10 left out (2026-10-12 to 2026-11-16): not taken yet on that day\n');
    const inputs = JSON.parse(result.stdout).inputs as { file: string; role: string }[];
    expect(inputs.filter((entry) => entry.role === 'deals').map((entry) => entry.file.split('/').at(-1))).toEqual(['pipeline-2026-10-05.csv']);
    expect(inputs.filter((entry) => entry.role === 'snapshot')).toHaveLength(15);
  });
});
