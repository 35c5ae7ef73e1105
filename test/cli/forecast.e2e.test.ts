/**
 * `dealmath forecast` end to end: the roll-up, weights and simulation of a small hand-made
 * pipeline (expected values worked by hand in the comments), quota per rep and team, and the
 * examples' totals agreeing with coverage's open pipeline.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, linesFile, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const dir = tempDir();
const config = join(dir, 'dealmath.yaml');
writeFileSync(config, 'stages: [Discovery, Proposal, Negotiation, Closed Won, Closed Lost]\nwon: [Closed Won]\nlost: [Closed Lost]\n');
// As of 2026-11-20, period 2026-Q4. Ann: won 100 (Oct), Commit 50 p 0.8, Best Case 30 p 0.5,
// a deal closing in 2027 (out). Bob: Pipeline 40 p 0.25, Omitted 10 with no probability; won 20 in Q3 (out).
const deals = join(dir, 'deals.csv');
writeFileSync(
  deals,
  [
    'id,owner,stage,amount,created,close,probability,forecast_category',
    'A1,Ann,Closed Won,100,2026-08-01,2026-10-05,100,Closed',
    'A2,Ann,Negotiation,50,2026-09-01,2026-12-01,80,Commit',
    'A3,Ann,Proposal,30,2026-09-01,2026-12-15,50,Best Case',
    'A4,Ann,Proposal,999,2026-09-01,2027-01-15,50,Commit',
    'B1,Bob,Discovery,40,2026-09-01,2026-11-30,25,Pipeline',
    'B2,Bob,Discovery,10,2026-09-01,2026-12-30,,Omitted',
    'B3,Bob,Closed Won,20,2026-06-01,2026-09-15,100,Closed',
    'B4,Bob,Closed Lost,70,2026-06-01,2026-10-15,0,Omitted',
  ].join('\n') + '\n',
);
const reps = join(dir, 'reps.csv');
writeFileSync(reps, 'owner,quota,team\nAnn,200,East\nBob,100,West\nCid,50,East\n');
const base = ['forecast', deals, '--config', config, '--as-of', '2026-11-20', '--json'];

describe('dealmath forecast', () => {
  it('rolls up, weights and simulates the period per rep and in total, against quota', async () => {
    const result = await run([...base, '--reps', reps]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.period).toEqual({ from: '2026-10-01', to: '2026-12-31', label: '2026-Q4' });
    // closed 100; commit 100 + 50 = 150; best case 150 + 30 = 180; pipeline 40; omitted 10.
    expect(doc.total).toMatchObject({
      quota: { value: 350, reason: null },
      closed: { value: 100, reason: null },
      commit: { value: 150, reason: null },
      bestCase: { value: 180, reason: null },
      pipeline: { value: 40, reason: null },
      omitted: { value: 10, reason: null },
    });
    // crm: 50 x 0.8 + 30 x 0.5 + 40 x 0.25 = 65, B2 has no probability; expected 165.
    expect(doc.total.weighted.crm).toEqual({ value: 65, reason: null, weightedDeals: 3, unweightedDeals: 1, unweightedIds: ['B2'] });
    expect(doc.total.expected.crm).toEqual({ value: 165, reason: null });
    expect(doc.total.weighted.history.reason.code).toBe('needs-history');
    expect(doc.total.weighted.category.reason.code).toBe('needs-snapshots');
    expect(doc.accuracy).toEqual({ value: null, reason: { code: 'needs-backtest', message: expect.any(String) } });
    // commit against quota: 150 / 350, gap 200.
    expect(doc.total.attainment.commit.value).toBeCloseTo(150 / 350, 12);
    expect(doc.total.gap.commit).toEqual({ value: 200, reason: null });
    // Three weighted deals: the exact distribution (METRICS.md "Forecast": with few deals it is
    // computable). Closed 100 plus A2 50 (p 0.8), A3 30 (0.5), B1 40 (0.25), by hand:
    // 100 0.075, 130 0.075, 140 0.025, 150 0.3, 170 0.025, 180 0.3, 190 0.1, 220 0.1;
    // cumulative 0.075, 0.15, 0.175, 0.475, 0.5, 0.8, 0.9, 1: P10 130, P50 170 and P90 190 (the
    // cumulative share is 0.5 and 0.9 exactly there), mean 100 + 65 = 165, never 350.
    expect(doc.total.simulation).toMatchObject({ method: 'crm', runs: 10000, seed: 20260101, exact: true, deals: 3, dealsWithoutWeight: 1 });
    expect([doc.total.simulation.p10.value, doc.total.simulation.p50.value, doc.total.simulation.p90.value, doc.total.simulation.mean.value]).toEqual([130, 170, 190, 165]);
    expect(doc.total.simulation.pReachQuota).toEqual({ value: 0, reason: null });
    const ann = doc.groups.find((group: { key: { owner: string } }) => group.key.owner === 'Ann');
    expect(ann).toMatchObject({ quota: { value: 200 }, closed: { value: 100 }, commit: { value: 150 }, bestCase: { value: 180 } });
    expect(doc.repsWithoutDeals).toEqual([{ name: 'Cid', closest: expect.any(String) }]);
    expect(result.stderr).toContain('the reps file names "Cid"');
    // Used: A1, A2, A3, B1, B2; filtered: A4 (2027), B3 (Q3), B4 (lost).
    expect(doc).toMatchObject({ rowsRead: 8, rowsUsed: 5, rowsFiltered: 3, rowsRejected: 0 });
  });

  it('gives the exact distribution for a row of up to 12 deals and simulates a larger one (its runs the sum of its reps\' runs)', async () => {
    const many = join(dir, 'many.csv');
    const rows = ['id,owner,stage,amount,created,close,probability'];
    for (let index = 0; index < 14; index += 1) rows.push(`M${index},${index < 7 ? 'Ann' : 'Bob'},Proposal,${100 + index},2026-10-01,2026-12-01,50`);
    writeFileSync(many, `${rows.join('\n')}\n`);
    const doc = JSON.parse((await run(['forecast', many, '--config', config, '--as-of', '2026-11-20', '--json'])).stdout);
    expect(doc.groups.map((group: { simulation: { exact: boolean; deals: number } }) => [group.simulation.exact, group.simulation.deals])).toEqual([
      [true, 7],
      [true, 7],
    ]);
    expect(doc.total.simulation).toMatchObject({ exact: false, deals: 14, runs: 10000 });
    const table = await run(['forecast', many, '--config', config, '--as-of', '2026-11-20']);
    expect(table.stdout).toContain('outcome distribution (10000 runs, seed 20260101, p from crm)');
    const few = await run(['forecast', deals, '--config', config, '--as-of', '2026-11-20']);
    expect(few.stdout).toContain('outcome distribution (exact, p from crm): P10 130, P50 170, P90 190, mean 165');
  });

  it('gives the same output for the same seed, and takes --runs and --seed', async () => {
    const first = await run([...base, '--runs', '500', '--seed', '7']);
    const second = await run([...base, '--runs', '500', '--seed', '7']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    const doc = JSON.parse(first.stdout);
    expect(doc.total.simulation).toMatchObject({ runs: 500, seed: 7 });
    expect(doc.total.quota.reason.code).toBe('no-quota');
    expect(doc.total.attainment.commit.reason.code).toBe('no-quota');
  });

  it('groups by the reps file\'s team, and refuses --by team without one', async () => {
    const result = await run([...base, '--reps', reps, '--by', 'team']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.groups.map((group: { key: { team: string }; quota: { value: number } }) => [group.key.team, group.quota.value])).toEqual([
      ['East', 250],
      ['West', 100],
    ]);
    const noReps = await run([...base, '--by', 'team']);
    expect(noReps.code).toBe(2);
    expect(noReps.stderr).toContain('--by team');
    const noTeam = join(dir, 'reps-no-team.csv');
    writeFileSync(noTeam, 'owner,quota\nAnn,200\n');
    const missing = await run([...base, '--reps', noTeam, '--by', 'team']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no team column');
  });

  it('with --weights crm shows that method alone; bad --runs is a usage error', async () => {
    const doc = JSON.parse((await run([...base, '--weights', 'crm'])).stdout);
    expect(doc.total.weighted.history.reason.code).toBe('not-requested');
    expect((await run([...base, '--runs', '0'])).code).toBe(2);
  });

  it('on the examples, the open pipeline of the roll-up is coverage\'s open pipeline', async () => {
    const args = [join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--json', '--history', join(EXAMPLES, 'history.csv')];
    const forecast = JSON.parse((await run(['forecast', ...args, '--reps', join(EXAMPLES, 'reps.csv')])).stdout);
    const coverage = JSON.parse((await run(['coverage', ...args, '--reps', join(EXAMPLES, 'reps.csv')])).stdout);
    const { total } = forecast;
    expect(total.closed.value).toBe(coverage.total.wonToDate);
    expect(total.bestCase.value - total.closed.value + total.pipeline.value + total.omitted.value).toBeCloseTo(coverage.total.openPipeline, 6);
    expect(total.weighted.history.value).toBeGreaterThan(0);
  });

  it('with --snapshot, category weights from past snapshots weigh the pipeline and the simulation', async () => {
    const result = await run(['forecast', join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--snapshot', join(EXAMPLES, 'snapshots'), '--weights', 'category', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.history.snapshots).toBe(21);
    expect(doc.history.periods).toEqual(['2026-Q2', '2026-Q3']);
    // The weights are shares: commit deals were won more often than best case, best case more than pipeline.
    const { commit, bestCase, pipeline } = doc.history.categoryWeights;
    expect(commit.value).toBeGreaterThan(bestCase.value);
    expect(bestCase.value).toBeGreaterThan(pipeline.value);
    expect(doc.total.weighted.category.value).toBeGreaterThan(0);
    expect(doc.total.simulation.method).toBe('category');
    expect(doc.total.simulation.p50.value).toBeGreaterThan(doc.total.closed.value);
  });

  it('with the default weights and --snapshot, the simulation multiplies p by the in-period close share', async () => {
    const args = ['forecast', join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--json'];
    const without = JSON.parse((await run(args)).stdout);
    const withSnapshots = JSON.parse((await run([...args, '--snapshot', join(EXAMPLES, 'snapshots')])).stdout);
    const share = withSnapshots.history.closeInPeriod.value;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
    expect(withSnapshots.total.simulation.closeInPeriod).toBe(share);
    expect(without.total.simulation.closeInPeriod).toBeNull();
    // The mean of the open part scales by the share (within simulation noise).
    const openMean = (doc: { total: { simulation: { mean: { value: number } }; closed: { value: number } } }): number => doc.total.simulation.mean.value - doc.total.closed.value;
    expect(openMean(withSnapshots) / openMean(without)).toBeCloseTo(share, 1);
    // Without snapshots, category stays n/a with its reason; the crm figures do not move.
    expect(without.total.weighted.category.reason.code).toBe('needs-snapshots');
    expect(withSnapshots.total.weighted.crm.value).toBe(without.total.weighted.crm.value);
  });

  it('with one snapshot, says two are needed without naming a command that was not run (before: "movement needs two or more snapshots")', async () => {
    const args = ['forecast', deals, '--config', config, '--as-of', '2026-11-20'];
    const dated = await run([...args, '--snapshot', `2026-10-05=${deals}`]);
    expect(dated.code).toBe(2);
    expect(dated.stderr).toBe(`dealmath: one snapshot given (2026-10-05=${deals}); two or more dated snapshots of the pipeline are needed, each compared with the one before\n`);
    // One file with a snapshot-date column that holds one date.
    const single = join(dir, 'one-snapshot.csv');
    writeFileSync(single, 'snapshot_date,id,owner,stage,amount,created,close\n2026-10-05,A2,Ann,Negotiation,50,2026-09-01,2026-12-01\n2026-10-05,B1,Bob,Discovery,40,2026-09-01,2026-11-30\n');
    const oneDate = await run([...args, '--snapshot', single]);
    expect(oneDate.code).toBe(2);
    expect(oneDate.stderr).toBe(`dealmath: ${single}: the file holds one snapshot only (2026-10-05); two or more are needed, each compared with the one before\n`);
  });

  it('--backtest scores each method on the examples\' snapshots and names the most accurate', async () => {
    const result = await run(['forecast', '--backtest', join(EXAMPLES, 'snapshots'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--reps', join(EXAMPLES, 'reps.csv'), '--by', 'team', '--runs', '2000', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.rowsRead).toBe(doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered);
    expect(doc.accuracy.methods.map((entry: { method: string }) => entry.method)).toEqual(['commit', 'bestCase', 'weightedCrm', 'weightedHistory', 'p50']);
    // Q3's 13 snapshots are scored. The series begins on 2026-06-29, inside Q2, with open deals
    // only: Q2's deals won before it are in no export, so Q2 is not scored (it was, with Act = 0).
    expect(doc.accuracy.methods[0].n).toBe(13);
    expect(doc.accuracy.periods).toEqual(['2026-Q3']);
    expect(doc.accuracy.periodsBegunBefore).toEqual(['2026-Q2']);
    expect(doc.accuracy.bySnapshot[0]).toMatchObject({ date: '2026-07-06', period: '2026-Q3', actual: 4429663 });
    expect(['commit', 'bestCase', 'weightedCrm', 'weightedHistory', 'p50']).toContain(doc.accuracy.best);
    expect(doc.accuracy.groups.map((group: { team: string }) => group.team)).toEqual(['Commercial', 'Enterprise', 'Mid-Market']);
  });

  it('--backtest with no past period is refused', async () => {
    const result = await run(['forecast', '--backtest', '--snapshot', `2026-10-05=${join(EXAMPLES, 'snapshots', 'pipeline-2026-10-05.csv')}`, '--snapshot', `2026-10-12=${join(EXAMPLES, 'snapshots', 'pipeline-2026-10-12.csv')}`, '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no snapshot of a period that ended/);
  });
});

describe('forecast --backtest on open-pipeline exports that begin inside the period', () => {
  it('says why no period is scored: 2026-Q3 began before the first snapshot, whose export lists no closed deal', async () => {
    const header = 'deal_id,owner,stage,amount,close,probability,forecast_category';
    const july = linesFile(dir, 'pipeline-2026-07-06.csv', [header, 'S1,Ann,Proposal,100,2026-08-01,50,Commit', 'S2,Ann,Discovery,50,2026-09-30,20,Pipeline']);
    const october = linesFile(dir, 'pipeline-2026-10-05.csv', [header, 'S1,Ann,Closed Won,100,2026-08-15,100,Closed', 'S2,Ann,Discovery,50,2026-10-30,20,Pipeline']);
    const result = await run(['forecast', '--backtest', '--snapshot', `2026-07-06=${july}`, '--snapshot', `2026-10-05=${october}`, '--config', config, '--as-of', '2026-11-20']);
    expect(result.code).toBe(1);
    // Was "no snapshot of a period that ended before the last snapshot", though Q3 ended on 09-30.
    expect(result.stderr).toBe(
      'dealmath: no period to score: 2026-Q3 ended before the last snapshot but began before the first one, and the snapshots list no closed deal, so what was won in it before the first snapshot is unknown; add a snapshot from the start of the quarter, or exports that list closed deals too\n',
    );
  });
});

describe('a back-dated as-of date with a stage history (METRICS.md "Point in time")', () => {
  // O1 entered Proposal on 2026-11-25, after the as-of date 2026-11-20: on that date it was in
  // Qualification, and the history method weighs it by Qualification's conversion.
  const history = linesFile(dir, 'history-moved.csv', [
    'deal_id,stage,entered',
    'H1,Qualification,2026-01-01', 'H1,Discovery,2026-02-01', 'H1,Proposal,2026-03-01', 'H1,Negotiation,2026-04-01', 'H1,Closed Won,2026-06-01',
    'H2,Qualification,2026-01-01', 'H2,Discovery,2026-02-01', 'H2,Closed Lost,2026-06-01',
    'H3,Qualification,2026-01-01', 'H3,Discovery,2026-02-01', 'H3,Proposal,2026-03-01', 'H3,Closed Lost,2026-06-01',
    'O1,Qualification,2026-09-01', 'O1,Proposal,2026-11-25',
    'O2,Discovery,2026-09-01',
    'O3,Negotiation,2026-09-01',
  ]);
  const movedDeals = linesFile(dir, 'deals-moved.csv', [
    'id,owner,stage,amount,created,close,probability,forecast_category',
    'H1,Ann,Closed Won,100,2026-01-01,2026-06-01,100,Closed',
    'H2,Ann,Closed Lost,300,2026-01-01,2026-06-01,0,Omitted',
    'H3,Ann,Closed Lost,100,2026-01-01,2026-06-01,0,Omitted',
    'O1,Ann,Proposal,200,2026-09-01,2026-12-01,50,Commit',
    'O2,Ann,Discovery,50,2026-09-01,2026-12-01,50,Pipeline',
    'O3,Ann,Negotiation,10,2026-09-01,2026-12-01,50,Commit',
  ]);
  const stagesConfig = linesFile(dir, 'stages.yaml', ['stages: [Qualification, Discovery, Proposal, Negotiation, Closed Won, Closed Lost]', 'won: [Closed Won]', 'lost: [Closed Lost]']);
  const args = [movedDeals, '--history', history, '--config', stagesConfig, '--as-of', '2026-11-20', '--json'];

  it('forecast weighs an open deal by the stage it was in on the as-of date', async () => {
    const result = await run(['forecast', ...args]);
    expect(result.code, result.stderr).toBe(0);
    // hand-computed value conversions: Qualification and Discovery 100 / (100 + 300 + 100) = 0.2,
    // Proposal 100 / 200 = 0.5, Negotiation 100 / 100 = 1. O1 200 x 0.2 + O2 50 x 0.2 + O3 10 x 1 = 60
    // (its exported stage, Proposal, gave 200 x 0.5 + 10 + 10 = 120).
    expect(JSON.parse(result.stdout).total.weighted.history.value).toBe(60);
  });

  it('funnel counts it open in that stage, not in the one it entered later', async () => {
    const result = await run(['funnel', ...args]);
    expect(result.code, result.stderr).toBe(0);
    const stages = (JSON.parse(result.stdout) as { stages: { stage: string; open: number; openValue: number }[] }).stages;
    expect(stages.map((stage) => [stage.stage, stage.open, stage.openValue])).toEqual([
      ['Qualification', 1, 200],
      ['Discovery', 1, 50],
      ['Proposal', 0, 0],
      ['Negotiation', 1, 10],
    ]);
  });
});

describe('forecast without a probability column', () => {
  it('says the outcome distribution is n/a once, with the reason', async () => {
    const noProbability = linesFile(dir, 'no-probability.csv', ['id,owner,stage,amount,created,close', 'N1,Ann,Proposal,100,2026-09-01,2026-12-01']);
    const result = await run(['forecast', noProbability, '--config', config, '--as-of', '2026-11-20']);
    expect(result.code, result.stderr).toBe(0);
    // Was "outcome distribution n/a: n/a: no open deal ...".
    expect(result.stdout).toContain('outcome distribution n/a: no open deal of the period carries a probability');
    expect(result.stdout).not.toContain('n/a: n/a');
  });
});

describe('snapshots dated after the as-of date (METRICS.md "Point in time")', () => {
  // examples/snapshots holds 21 weekly exports, 2026-06-29 to 2026-11-16; on 2026-10-10 the last
  // one taken was 2026-10-05 (15 of them), the 6 from 2026-10-12 on were not taken yet.
  const snapshots = join(EXAMPLES, 'snapshots');
  const examples = ['--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-10-10', '--json'];
  const leftOut = '6 snapshots dated after the as-of date 2026-10-10 left out (2026-10-12 to 2026-11-16): not taken yet on that day';

  it('forecast --snapshot learns from the 15 taken by then, and says the 6 later ones were left out', async () => {
    const result = await run(['forecast', join(EXAMPLES, 'deals.csv'), '--snapshot', snapshots, ...examples]);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.history).toMatchObject({ snapshots: 15, from: '2026-06-29', to: '2026-10-05' });
    expect(doc.warnings[0]).toBe(leftOut);
    // The deals, and the 15 snapshot files read (the later ones are not read, so not listed).
    expect(doc.inputs.filter((entry: { role: string }) => entry.role === 'snapshot')).toHaveLength(15);
  });

  it('forecast --backtest scores with what was known then', async () => {
    const result = await run(['forecast', '--backtest', snapshots, ...examples]);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.warnings[0]).toBe(leftOut);
    expect(doc.inputs).toHaveLength(15);
  });
});
