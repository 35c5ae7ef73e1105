/**
 * The report end to end: KPIs against the previous period on a hand-built two-quarter file,
 * sections present or left out by input, --fail-on exit codes and lines, and the Markdown output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, FIXTURES, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const twoQuarters = join(FIXTURES, 'report/two-quarters.csv');
const base = ['report', twoQuarters, '--as-of', '2026-11-20'];

describe('dealmath report', () => {
  it('compares period to date with the previous period to the same day (hand-computed)', async () => {
    // METRICS.md "Like-for-like comparison": 2026-11-20 is day 51 of 2026-Q4, so 2026-Q3 to 2026-08-20.
    const doc = JSON.parse((await run([...base, '--target', '100000', '--json'])).stdout);
    expect(doc.previousPeriod).toEqual({ label: '2026-Q3', from: '2026-07-01', to: '2026-09-30' });
    expect(doc.comparison).toEqual({ label: '2026-Q3 to day 51', window: { from: '2026-07-01', to: '2026-08-20' }, toDate: true });
    const { kpis } = doc;
    // Q3 to 08-20: W1, W2 won, L1 lost (L2 closed 09-01, later) -> 2/3; the whole Q3 2/4 as a second figure
    expect(kpis.winRate).toMatchObject({ value: 0.75, previous: 2 / 3, previousWhole: 0.5 });
    // value: 20,000 / (20,000 + 6,000); whole Q3 20,000 / 30,000
    expect(kpis.valueWinRate.previous).toBeCloseTo(20000 / 26000, 12);
    expect(kpis.valueWinRate.previousWhole).toBeCloseTo(20000 / 30000, 12);
    expect(kpis.wonRevenue).toMatchObject({ value: 60000, previous: 20000, previousWhole: 20000 });
    // open at 2026-08-20: L2 (closed later) 4,000 + O1 5,000; at Q3's end 65,000 (A4, B4, C4, O1)
    expect(kpis.openPipeline).toMatchObject({ value: 12000, previous: 9000, previousWhole: 65000 });
    // as of 08-20: N 2 (L2, O1), A 10,000, W 2/3, L (30 + 50) / 2 = 40 -> 333.33/day x 30.4375 = 10,145.83
    expect(kpis.velocity.previous).toBeCloseTo((2 * 10000 * (2 / 3) / 40) * 30.4375, 6);
    // The whole Q3 as of its end (was left blank): N 4 open at 09-30 (A4, B4, C4, O1), A 10,000,
    // W 2/4, L 40 -> 500/day x 30.4375 = 15,218.75
    expect(kpis.velocity.previousWhole).toBeCloseTo(15218.75, 6);
    const table = (await run([...base, '--target', '100000'], { env: { COLUMNS: '120' } })).stdout;
    expect(table).toContain('2026-Q4 to 2026-11-20 against 2026-Q3 to 2026-08-20 (day 51 of each)');
    expect(table).toMatch(/│ KPI +│ 2026-Q4 QTD │ 2026-Q3 to day 51 │/);
    expect(table).toMatch(/│ Won revenue +│ +60,000 │ +20,000 │ +\+200.0% │ +20,000 │/);
  });

  it('compares whole periods once the period is over (hand-computed)', async () => {
    const result = await run(['report', twoQuarters, '--as-of', '2026-12-31', '--target', '100000', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ schemaVersion: 2, command: 'report', rowsRead: 10, rowsRejected: 0 });
    expect(doc.rowsRead).toBe(doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered);
    expect(doc.period).toEqual({ label: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(doc.previousPeriod).toEqual({ label: '2026-Q3', from: '2026-07-01', to: '2026-09-30' });
    const { kpis } = doc;
    // Q4 to date: A4, B4, C4 won, L4 lost -> 3/4; Q3: W1, W2 won, L1, L2 lost -> 2/4
    expect(kpis.winRate).toMatchObject({ value: 0.75, previous: 0.5 });
    // value: 60,000 / (60,000 + 8,000); Q3 20,000 / (20,000 + 10,000)
    expect(kpis.valueWinRate.value).toBeCloseTo(60000 / 68000, 12);
    expect(kpis.valueWinRate.previous).toBeCloseTo(20000 / 30000, 12);
    expect(kpis.wonRevenue).toMatchObject({ value: 60000, previous: 20000 });
    expect(doc.comparison).toEqual({ label: '2026-Q3', window: { from: '2026-07-01', to: '2026-09-30' }, toDate: false });
    expect(kpis.winRate.previousWhole).toBeUndefined();
    // open now: O1 5,000 + O2 7,000; at 2026-09-30: A4, B4, C4 (closed later) + O1 = 65,000
    expect(kpis.openPipeline).toMatchObject({ value: 12000, previous: 65000 });
    // now: N 2, A 20,000, W 0.75, L (20 + 40 + 60) / 3 = 40 -> 750/day x 30.4375 = 22,828.125
    expect(kpis.velocity.value).toBeCloseTo(22828.125, 6);
    // 2026-Q3 as of its end: N 4 (A4, B4, C4, O1), A 10,000, W 0.5, L (30 + 50) / 2 = 40 -> 500/day -> 15,218.75
    expect(kpis.velocity.previous).toBeCloseTo(15218.75, 6);
    // R = 100,000 - 60,000 won in Q4; open closing in Q4 12,000 -> 0.3
    expect(kpis.coverage.value).toBeCloseTo(0.3, 12);
    // O1 and O2 (expected close 2026-12-10 and 12-20) are both past due on 2026-12-31
    expect(kpis.integrity.value).toBe(0);
  });

  it('leaves out sections whose inputs are missing, with a one-line note', async () => {
    const result = await run([...base, '--format', 'md']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/## Pipeline coverage\n\nLeft out: needs a target/);
    expect(result.stdout).toMatch(/## Funnel by stage\n\nLeft out: needs the stage order/);
    expect(result.stdout).toMatch(/## Win rates/);
    const json = JSON.parse((await run([...base, '--json'])).stdout);
    expect(json.sections.coverage).toBeNull();
    expect(json.kpis.coverage).toEqual({ value: null, reason: { code: 'needs-target', message: 'needs a target: --reps, --target or report.target' }, previous: null });
  });

  it('shows the forecast of the period when it has open deals, else leaves it out with a note', async () => {
    const doc = JSON.parse((await run([...base, '--json'])).stdout);
    // 2026-Q4 as of 11-20: won to date A4 + B4 + C4 = 60,000; open and expected in Q4: O1 5,000, O2 7,000 (no category column)
    expect(doc.sections.forecast.period).toEqual({ from: '2026-10-01', to: '2026-12-31', label: '2026-Q4' });
    expect(doc.sections.forecast.total.closed.value).toBe(60000);
    expect(doc.sections.forecast.total.counts).toMatchObject({ closed: 3, uncategorized: 2 });
    expect(doc.notes.filter((line: string) => line.startsWith('forecast'))).toEqual([]);
    const markdown = (await run([...base, '--format', 'md'])).stdout;
    expect(markdown).toMatch(/## Forecast\n\nperiod 2026-Q4 \(2026-10-01 to 2026-12-31\)/);
    // 2026-Q3 as of 11-20: no deal open on 11-20 was expected to close in it
    const past = JSON.parse((await run(['report', twoQuarters, '--as-of', '2026-11-20', '--period', '2026-Q3', '--json'])).stdout);
    expect(past.sections.forecast).toBeNull();
    expect(past.notes).toContain('forecast left out: no open deal is expected to close in 2026-Q3');
    expect((await run(['report', twoQuarters, '--as-of', '2026-11-20', '--period', '2026-Q3', '--format', 'md'])).stdout).toMatch(/## Forecast\n\nLeft out: no open deal is expected to close in 2026-Q3/);
  });

  it('shows pipeline movement when snapshots are given, as dealmath movement computes it', async () => {
    const snap = (date: string) => `${date}=${join(EXAMPLES, 'snapshots', `pipeline-${date}.csv`)}`;
    // the example snapshots hold EUR and GBP deals: a config with rates only
    const config = join(tempDir(), 'rates.yaml');
    writeFileSync(config, 'currency:\n  base: USD\n  rates: { EUR: 1.08, GBP: 1.27 }\n');
    const args = ['--config', config, '--snapshot', snap('2026-11-02'), '--snapshot', snap('2026-11-09'), '--snapshot', snap('2026-11-16')];
    const doc = JSON.parse((await run([...base, ...args, '--json'])).stdout);
    const movement = JSON.parse((await run(['movement', ...args, '--period', '2026-Q4', '--json'])).stdout);
    const { topSlipped, snapshots, ...body } = doc.sections.movement;
    expect(body).toEqual({ window: movement.window, total: movement.total, groups: movement.groups, slippage: movement.slippage });
    expect(snapshots.map((entry: { file: string }) => entry.file)).toEqual(['pipeline-2026-11-02.csv', 'pipeline-2026-11-09.csv', 'pipeline-2026-11-16.csv']);
    expect(topSlipped.length).toBe(Math.min(5, movement.slippage.dealsPushed));
    expect(doc.notes.filter((line: string) => line.startsWith('movement'))).toEqual([]);
    expect((await run([...base, ...args, '--format', 'md'])).stdout).toMatch(/## Pipeline movement\n\n3 snapshots, 2026-11-02 to 2026-11-16: how the open pipeline expected to close in 2026-Q4/);
    // none given; or only one on or before the as-of date
    expect(JSON.parse((await run([...base, '--json'])).stdout).notes).toContain('movement left out: needs two or more snapshots of the pipeline (--snapshot DATE=FILE, report.snapshots)');
    const early = JSON.parse((await run(['report', twoQuarters, '--as-of', '2026-11-05', ...args, '--json'])).stdout);
    expect(early.sections.movement).toBeNull();
    expect(early.notes).toContain('movement left out: needs two or more snapshots dated on or before 2026-11-05 (1 of 3 are)');
  });

  it('leaves out the snapshots of one file with a Snapshot Date column dated after the as-of date', async () => {
    const dir = tempDir();
    const config = join(dir, 'rates.yaml');
    writeFileSync(config, 'currency:\n  base: USD\n  rates: { EUR: 1.08, GBP: 1.27 }\nreport:\n  snapshots: [snapshots.csv]\n');
    // The three example snapshots of November in one file, each row led by its snapshot's date.
    const dates = ['2026-11-02', '2026-11-09', '2026-11-16'];
    const lines = dates.flatMap((date, index) => {
      const [header, ...rows] = readFileSync(join(EXAMPLES, 'snapshots', `pipeline-${date}.csv`), 'utf8').trimEnd().split(/\r?\n/);
      return [...(index === 0 ? [`Snapshot Date,${header ?? ''}`] : []), ...rows.map((row) => `${date},${row}`)];
    });
    const file = join(dir, 'snapshots.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    // As of 2026-11-12 the file's third snapshot was not taken yet: the section is movement between the first two.
    const doc = JSON.parse((await run(['report', twoQuarters, '--as-of', '2026-11-12', '--config', config, '--json'])).stdout);
    const movement = JSON.parse((await run(['movement', '--config', config, '--snapshot', `2026-11-02=${join(EXAMPLES, 'snapshots', 'pipeline-2026-11-02.csv')}`, '--snapshot', `2026-11-09=${join(EXAMPLES, 'snapshots', 'pipeline-2026-11-09.csv')}`, '--period', '2026-Q4', '--json'])).stdout);
    expect(doc.sections.movement.snapshots.map((entry: { date: string }) => entry.date)).toEqual(['2026-11-02', '2026-11-09']);
    expect(doc.sections.movement.total).toEqual(movement.total);
    expect(doc.warnings).toContain('1 snapshot dated after the as-of date 2026-11-12 left out (2026-11-16): not taken yet on that day');
    const early = JSON.parse((await run(['report', twoQuarters, '--as-of', '2026-11-05', '--config', config, '--json'])).stdout);
    expect(early.sections.movement).toBeNull();
    expect(early.notes).toContain('movement left out: needs two or more snapshots dated on or before 2026-11-05 (1 of 3 are)');
  });

  it('shows the accounts section (concentration, churn, white space) as accounts and retention compute them', async () => {
    const inputs = [join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--accounts', join(EXAMPLES, 'accounts.csv')];
    const doc = JSON.parse((await run(['report', ...inputs, '--json'])).stdout);
    const accounts = JSON.parse((await run(['accounts', ...inputs, '--period', '2026-Q4', '--json'])).stdout);
    const retention = JSON.parse((await run(['retention', ...inputs, '--period', '2026-Q4', '--json'])).stdout);
    const section = doc.sections.accounts;
    expect(section.periods.current).toEqual({ from: '2026-10-01', to: '2026-11-20', label: '2026-Q4 QTD' });
    expect(section.concentration).toEqual(accounts.concentration);
    expect(section.concentration.pareto.map((entry: { revenueShare: number }) => entry.revenueShare)).toEqual([0.6, 0.8]);
    expect(section.churn.accounts).toEqual(retention.churnedAccounts);
    expect(section.churn.churned).toBe(retention.total.churned);
    const withWhiteSpace = accounts.accounts.filter((entry: { wonCurrent: number; whiteSpace: string[] }) => entry.wonCurrent > 0 && entry.whiteSpace.length > 0);
    expect(section.whiteSpace.accounts).toBe(withWhiteSpace.length);
    expect(section.whiteSpace.top.map((entry: { account: string }) => entry.account)).toEqual(withWhiteSpace.slice(0, 5).map((entry: { account: string }) => entry.account));
    // the hand-built file has no account column and no accounts file is given
    const bare = JSON.parse((await run([...base, '--json'])).stdout);
    expect(bare.sections.accounts).toBeNull();
    expect(bare.notes).toContain('accounts left out: needs an accounts file (--accounts, report.accounts) or an account column in the deals');
    expect((await run([...base, '--format', 'md'])).stdout).toMatch(/## Accounts: concentration, churn, white space\n\nLeft out: needs an accounts file/);
  });

  it('--fail-on exits 1 with one line per breached condition', async () => {
    const result = await run([...base, '--target', '100000', '--json', '--fail-on', 'coverage<2.5,integrity<0.9,winRate<0.2']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((line) => line.includes('fail-on'))).toEqual(['dealmath report: fail-on coverage<2.5: coverage is 0.3000']);
    expect(JSON.parse(result.stdout).command).toBe('report');
  });

  it('--fail-on on a value that is n/a counts as breached and says why', async () => {
    const result = await run([...base, '--fail-on', 'coverage<2.5']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('dealmath report: fail-on coverage<2.5: coverage is n/a (needs a target: --reps, --target or report.target)');
  });

  it('passes when no bar is breached, and refuses an unknown metric', async () => {
    expect((await run([...base, '--target', '100000', '--fail-on', 'winRate<0.5,integrity<0.9'])).code).toBe(0);
    const unknown = await run([...base, '--fail-on', 'happiness<2']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--fail-on "happiness<2": unknown metric "happiness"/);
  });

  it('reads its inputs from the config report: section (the cron line)', async () => {
    const dir = tempDir();
    const out = join(dir, 'weekly.md');
    const result = await run(['report', '--config', join(FIXTURES, 'report/weekly.yaml'), '--as-of', '2026-11-20', '--out', out]);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown.startsWith('# Weekly pipeline review\n')).toBe(true);
    expect(markdown).toContain('## Pipeline coverage');
    expect(markdown).not.toContain('## Win rates');
  });

  it('Markdown output of the examples', async () => {
    const result = await run(['report', join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--history', join(EXAMPLES, 'history.csv'), '--reps', join(EXAMPLES, 'reps.csv'), '--accounts', join(EXAMPLES, 'accounts.csv'), '--format', 'md']);
    expect(result.code).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot('__snapshots__/report-examples.md');
  });
});

describe('dealmath validate --fail-on', () => {
  it('exits 1 on a breached integrity bar, 0 when met', async () => {
    const messy = join(FIXTURES, 'cli/messy.csv');
    const clean = join(FIXTURES, 'cli/four-deals.csv');
    const breached = await run(['validate', clean, '--as-of', '2026-11-20', '--fail-on', 'integrity<0.9,warnings>0']);
    expect(breached.code).toBe(0);
    const failing = await run(['validate', messy, '--as-of', '2026-11-20', '--fail-on', 'integrity<0.9']);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/dealmath validate: fail-on integrity<0\.9: integrity is 0\.1837/);
  });
});
