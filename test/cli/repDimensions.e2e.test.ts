/**
 * Team and manager of the reps file as dimensions (issue 15): `--by team`, `--by manager` and
 * `--where team=...` group or filter a deal by its owner's row of `--reps FILE`. Expected values
 * are hand-counted from test/fixtures/report/two-quarters.csv (Ann: W1, A4, C4 won, L1 lost, O1
 * open; Bob: W2, B4 won, L2, L4 lost, O2 open) and test/fixtures/trends/reps-team.csv (Ann in East
 * under Maya; "Bobby", a misspelling of Bob, in West).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, FIXTURES, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const deals = join(FIXTURES, 'report/two-quarters.csv');
const reps = join(FIXTURES, 'trends/reps-team.csv');
const AS_OF = ['--as-of', '2026-11-20'];
const BOB_WARNING = '5 deals have owners not in the reps file, grouped as (no team) and (no manager): "Bob" (5 deals; closest in the reps file: "Bobby")';

const json = async (args: string[]) => {
  const result = await run([...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return { doc: JSON.parse(result.stdout), stderr: result.stderr };
};
type Row = { key: Record<string, string>; won: number; lost: number; open: number };

describe('--by team', () => {
  it("groups each deal by its owner's team; an owner missing from the reps file is (no team), with a warning naming the closest name", async () => {
    const { doc, stderr } = await json(['winrate', deals, '--reps', reps, '--by', 'team', ...AS_OF]);
    expect(doc.groups.map((group: Row) => [group.key.team, group.won, group.lost, group.open])).toEqual([
      ['(no team)', 2, 2, 1],
      ['East', 3, 1, 1],
    ]);
    expect(doc.warnings).toContain(BOB_WARNING);
    expect(stderr).toContain(`dealmath winrate: ${BOB_WARNING}`);
  });

  it('groups by manager, in velocity too', async () => {
    const { doc } = await json(['velocity', deals, '--reps', reps, '--by', 'manager', ...AS_OF]);
    // Maya (Ann): N open now 1 (O1). (no manager) (Bob): N 1 (O2).
    expect(doc.groups.map((group: { key: { manager: string }; deals: number }) => [group.key.manager, group.deals])).toEqual([
      ['(no manager)', 1],
      ['Maya', 1],
    ]);
  });

  it('gives forecast rows per manager', async () => {
    const { doc } = await json(['forecast', deals, '--reps', reps, '--by', 'manager', ...AS_OF]);
    // 2026-Q4 closed to date: Maya (Ann) A4 + C4 = 40,000 against 50,000; Bob 20,000 (B4) with no
    // manager and no quota; Omar ("Bobby") no deal, quota 50,000.
    expect(doc.groups.map((group: { key: { manager: string }; closed: { value: number }; quota: { value: number | null } }) => [group.key.manager, group.closed.value, group.quota.value])).toEqual([
      ['(no manager)', 20000, null],
      ['Maya', 40000, 50000],
      ['Omar', 0, 50000],
    ]);
  });

  it('gives coverage rows per team, the team figures still per rep', async () => {
    const { doc } = await json(['coverage', deals, '--reps', reps, '--by', 'team', ...AS_OF]);
    // 2026-Q4: East (Ann) won A4 + C4 = 40,000 of 50,000, open O1 5,000; West ("Bobby") nothing;
    // (no team) (Bob, no quota) won B4 20,000, open O2 7,000. The total is over reps with a quota.
    expect(doc.groups.map((group: { key: { team: string }; target: { value: number | null }; wonToDate: number; openPipeline: number }) => [group.key.team, group.target.value, group.wonToDate, group.openPipeline])).toEqual([
      ['(no team)', null, 20000, 7000],
      ['East', 50000, 40000, 5000],
      ['West', 50000, 0, 0],
    ]);
    expect(doc.total.wonToDate).toBe(40000);
    expect(doc.team.repsWithQuota).toBe(2);
    const noReps = await run(['coverage', deals, '--target', '1000', '--by', 'team', ...AS_OF]);
    expect(noReps.code).toBe(2);
    expect(noReps.stderr.trim()).toBe("dealmath: --by team reads each rep's team from the reps file: give --reps FILE with a team column");
  });

  it('ranks teams in the scorecard', async () => {
    const { doc } = await json(['scorecard', deals, '--reps', reps, '--by', 'team', '--min-sample', '1', ...AS_OF]);
    // No window: East (Ann) 5 deals worked, won 3 of 4 closed, average won 50,000 / 3; (no team)
    // (Bob) 5 deals, 2 of 4, average won 15,000.
    const rows = Object.fromEntries(doc.reps.map((row: { key: string; deals: number; winRate: { value: number }; averageWonAmount: { value: number } }) => [row.key, [row.deals, row.winRate.value, row.averageWonAmount.value]]));
    expect(rows['East']).toEqual([5, 0.75, 50000 / 3]);
    expect(rows['(no team)']).toEqual([5, 0.5, 15000]);
    expect((await run(['scorecard', deals, '--by', 'team', ...AS_OF])).code).toBe(2);
  });

  it('gives a funnel per team', async () => {
    // test/fixtures/trends/funnel-team.csv: Ann F1 won, F2 lost in Discovery; Bob F3 won, F4 lost in
    // Proposal, F5 lost in Discovery. A won deal reached every stage; a lost one up to its lost stage.
    // East (Ann): Discovery 2 reached, 1 won (50%); Proposal 1, 1 won. (no team) (Bob): Discovery 3,
    // 1 won (1/3); Proposal 2 (F3, F4), 1 won (50%).
    const { doc } = await json(['funnel', join(FIXTURES, 'trends/funnel-team.csv'), '--config', join(FIXTURES, 'trends/funnel.yaml'), '--reps', reps, '--by', 'team', ...AS_OF]);
    type Stage = { stage: string; reached: number; winConversion: { value: number } };
    const stages = (list: Stage[]) => list.map((entry) => [entry.stage, entry.reached, entry.winConversion.value]);
    expect(doc.by).toEqual(['team']);
    expect(doc.groups.map((group: { key: { team: string }; stages: Stage[] }) => [group.key.team, stages(group.stages)])).toEqual([
      ['(no team)', [['Discovery', 3, 1 / 3], ['Proposal', 2, 0.5]]],
      ['East', [['Discovery', 2, 0.5], ['Proposal', 1, 1]]],
    ]);
    expect(stages(doc.stages)).toEqual([['Discovery', 5, 0.4], ['Proposal', 3, 2 / 3]]);
  });

  it('ranks teams in pareto', async () => {
    const { doc } = await json(['pareto', deals, '--reps', reps, '--by', 'team', ...AS_OF]);
    // Won: East 10,000 + 20,000 + 20,000 = 50,000; (no team) 10,000 + 20,000 = 30,000.
    expect(doc.curve.map((point: { key: string; value: number }) => [point.key, point.value])).toEqual([
      ['East', 50000],
      ['(no team)', 30000],
    ]);
  });

  it('filters with --where team=East in coverage and scorecard', async () => {
    // Ann's deals only: 2026-Q4 won to date A4 + C4 = 40,000.
    const coverage = (await json(['coverage', deals, '--reps', reps, '--where', 'team=East', ...AS_OF])).doc;
    expect(coverage.total.wonToDate).toBe(40000);
    expect(coverage).toMatchObject({ rowsRead: 10, rowsUsed: 5, rowsFiltered: 5 });
    const scorecard = (await json(['scorecard', deals, '--reps', reps, '--where', 'team=East', ...AS_OF])).doc;
    expect(scorecard).toMatchObject({ rowsUsed: 5, rowsFiltered: 5 });
  });

  it('is a one-line error without a reps file, or with one that has no team column (exit 2)', async () => {
    const noReps = await run(['winrate', deals, '--by', 'team', ...AS_OF]);
    expect(noReps.code).toBe(2);
    expect(noReps.stderr.trim().split('\n')).toHaveLength(1);
    expect(noReps.stderr).toContain("no team to group or filter by: a deal's team comes from its owner's row of a reps file with a team column (--reps FILE)");
    const quotasOnly = join(tempDir(), 'reps.csv');
    writeFileSync(quotasOnly, 'owner,quota\nAnn,1\nBob,1\n');
    const noColumn = await run(['winrate', deals, '--reps', quotasOnly, '--by', 'team', ...AS_OF]);
    expect(noColumn.code).toBe(2);
    expect(noColumn.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('gives byte-identical output in parts', async () => {
    // The examples' reps file without its first rep, and a manager per team.
    const lines = readFileSync(join(EXAMPLES, 'reps.csv'), 'utf8').trim().split('\n');
    const file = join(tempDir(), 'reps.csv');
    writeFileSync(file, ['owner,quota,team,manager', ...lines.slice(2).map((line) => `${line},Head of ${line.split(',')[2]}`)].join('\n'));
    const args = ['winrate', 'deals.csv', '--reps', file, '--by', 'team,manager', ...AS_OF, '--json'];
    const one = await run(args, { cwd: EXAMPLES });
    const parts = await run(args, { cwd: EXAMPLES, env: { DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_WORKERS: '2' } });
    expect(one.code).toBe(0);
    expect(parts.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).groups[0].key).toEqual({ team: '(no team)', manager: '(no manager)' });
  });
});

describe('--reps where the command would not read it', () => {
  it('says so on stderr (winrate, velocity and funnel read it only for team and manager), and answers as without it', async () => {
    const missing = join(tempDir(), 'no-such-reps.csv');
    for (const command of ['winrate', 'velocity', 'funnel']) {
      const extra = command === 'funnel' ? ['--history', join(EXAMPLES, 'history.csv'), '--config', join(EXAMPLES, 'dealmath.yaml')] : [];
      const input = command === 'funnel' ? join(EXAMPLES, 'deals.csv') : deals;
      const without = await run([command, input, ...extra, ...AS_OF, '--json']);
      const given = await run([command, input, ...extra, '--reps', missing, ...AS_OF, '--json']);
      expect([command, given.code, given.stdout]).toEqual([command, 0, without.stdout]);
      expect(given.stderr).toBe(`${without.stderr}dealmath ${command}: --reps ${missing} was not read: ${command} uses a reps file only for --by team|manager or --where team=...|manager=...\n`);
    }
    // Used for a team: no such note.
    const used = await run(['winrate', deals, '--reps', reps, '--by', 'team', ...AS_OF]);
    expect(used.stderr).not.toContain('was not read');
  });
});
