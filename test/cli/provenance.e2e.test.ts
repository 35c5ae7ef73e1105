/**
 * Provenance (issue #15): every document says when (SOURCE_DATE_EPOCH or the clock), by which
 * version, as of when, in which currency, and from which files (rows read, SHA-256 of the whole
 * file, in one pass or in parts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, dealmath, linesFile, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const AS_OF = ['--as-of', '2026-11-20'];
// Independent of the code under test: node's own hash of a file.
const sha256Of = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const dealsSha = sha256Of(join(EXAMPLES, 'deals.csv'));
const pkg = JSON.parse(readFileSync(join(EXAMPLES, '../package.json'), 'utf8')) as { version: string };

describe('provenance in the JSON header and the footer line', () => {
  it('names generatedAt from SOURCE_DATE_EPOCH, the version, the currency and each input with its SHA-256', async () => {
    const result = await run(['winrate', 'deals.csv', ...AS_OF, '--json'], { cwd: EXAMPLES, env: { SOURCE_DATE_EPOCH: '1795154400' } });
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    // 1795154400 s since 1970 is 2026-11-20 06:00:00 UTC (date -u -d @1795154400).
    expect(json.generatedAt).toBe('2026-11-20T06:00:00Z');
    expect(json.dealmathVersion).toBe(pkg.version);
    expect(json.currency).toBe('USD');
    expect(json.inputs).toEqual([{ file: 'deals.csv', role: 'deals', rowsRead: 2000, sha256: dealsSha }]);
  });

  it('hashes the whole file when it is read in parts', async () => {
    const result = await run(['winrate', 'deals.csv', ...AS_OF, '--json'], { cwd: EXAMPLES, env: { DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_WORKERS: '2' } });
    const json = JSON.parse(result.stdout) as { inputs: { sha256: string; rowsRead: number }[] };
    expect(json.inputs).toEqual([{ file: 'deals.csv', role: 'deals', rowsRead: 2000, sha256: dealsSha }]);
  });

  it('hashes stdin as it streams', async () => {
    // stdin is the process's: this one spawns the binary.
    const result = dealmath(['winrate', '-', ...AS_OF, '--json'], { cwd: EXAMPLES, input: readFileSync(join(EXAMPLES, 'deals.csv'), 'utf8') });
    const json = JSON.parse(result.stdout) as { inputs: { file: string; sha256: string }[] };
    expect(json.inputs[0]).toMatchObject({ file: 'stdin', sha256: dealsSha });
  });

  it('lists the report\'s other inputs, and ends the table with one provenance line', async () => {
    const json = JSON.parse((await run(['report', ...AS_OF, '--json'], { cwd: EXAMPLES })).stdout) as { inputs: { role: string }[] };
    expect(json.inputs.map((input) => input.role)).toEqual(expect.arrayContaining(['deals', 'reps', 'history']));
    const table = (await run(['winrate', 'deals.csv', ...AS_OF], { cwd: EXAMPLES, env: { COLUMNS: '200' } })).stdout.trimEnd().split('\n');
    expect(table.at(-1)).toBe(`generated 2026-11-20 06:00 UTC by dealmath ${pkg.version}, as of 2026-11-20 from deals.csv (2,000 rows, sha256 ${dealsSha.slice(0, 12)}…)`);
  });

  it('says "1 row" for a file of one row (was "1 rows")', async () => {
    const dir = tempDir();
    const reps = linesFile(dir, 'one-rep.csv', ['owner,quota', 'Aisha Khan,100000']);
    const table = (await run(['coverage', 'deals.csv', '--reps', reps, ...AS_OF], { cwd: EXAMPLES, env: { COLUMNS: '400' } })).stdout.trimEnd().split('\n');
    expect(table.at(-1)).toBe(`generated 2026-11-20 06:00 UTC by dealmath ${pkg.version}, as of 2026-11-20 from deals.csv (2,000 rows, sha256 ${dealsSha.slice(0, 12)}…), ${reps} (1 row, sha256 ${sha256Of(reps).slice(0, 12)}…)`);
  });

  it('uses the clock without SOURCE_DATE_EPOCH', async () => {
    const before = Date.now();
    const json = JSON.parse((await run(['winrate', 'deals.csv', ...AS_OF, '--json'], { cwd: EXAMPLES, env: { SOURCE_DATE_EPOCH: '' } })).stdout) as { generatedAt: string };
    expect(Date.parse(json.generatedAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });
});

interface Input {
  readonly file: string;
  readonly role: string;
  readonly rowsRead: number | null;
  readonly sha256: string | null;
}

/** What `inputs` should say of an example file: its rows counted by hand (wc -l less the header, examples/README.md), its bytes hashed here. */
const example = (file: string, role: string, rowsRead: number | null): Input => ({ file, role, rowsRead, sha256: sha256Of(join(EXAMPLES, file)) });
const DEALS = example('deals.csv', 'deals', 2000);
const REPS = example('reps.csv', 'reps', 15);
const HISTORY = example('history.csv', 'history', 6171);
const ACCOUNTS = example('accounts.csv', 'accounts', 120);
// examples/snapshots: the 21 weekly files and their data rows, counted with wc -l.
const SNAPSHOT_ROWS: readonly (readonly [string, number])[] = [
  ['2026-06-29', 516], ['2026-07-06', 537], ['2026-07-13', 562], ['2026-07-20', 586], ['2026-07-27', 611], ['2026-08-03', 638], ['2026-08-10', 661],
  ['2026-08-17', 685], ['2026-08-24', 710], ['2026-08-31', 735], ['2026-09-07', 762], ['2026-09-14', 785], ['2026-09-21', 811], ['2026-09-28', 839],
  ['2026-10-05', 864], ['2026-10-12', 890], ['2026-10-19', 916], ['2026-10-26', 941], ['2026-11-02', 968], ['2026-11-09', 994], ['2026-11-16', 1016],
];
const SNAPSHOTS = SNAPSHOT_ROWS.map(([date, rows]) => example(`snapshots/pipeline-${date}.csv`, 'snapshot', rows));

async function inputsOf(args: readonly string[]): Promise<{ rowsRead: number; inputs: Input[] }> {
  const result = await run([...args, ...AS_OF, '--json'], { cwd: EXAMPLES });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { rowsRead: number; inputs: Input[] };
}

describe('inputs: every file a command read, with its role, rows and SHA-256', () => {
  it('forecast --reps --history --snapshot DIR: the deals, the reps, the history and each snapshot; rowsRead stays the deals\'', async () => {
    const json = await inputsOf(['forecast', 'deals.csv', '--reps', 'reps.csv', '--history', 'history.csv', '--snapshot', 'snapshots']);
    expect(json.inputs).toEqual([DEALS, REPS, HISTORY, ...SNAPSHOTS]);
    for (const input of json.inputs) expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The run's accounting is the deals': the 16,027 snapshot rows are their files' own, not added.
    expect(json.rowsRead).toBe(2000);
  });

  it('coverage --reps', async () => {
    expect((await inputsOf(['coverage', 'deals.csv', '--reps', 'reps.csv'])).inputs).toEqual([DEALS, REPS]);
  });

  it('accounts --accounts --plan: the plan is no rows (null), hashed all the same', async () => {
    const json = await inputsOf(['accounts', 'deals.csv', '--accounts', 'accounts.csv', '--plan', 'plan.yaml']);
    expect(json.inputs).toEqual([DEALS, ACCOUNTS, example('plan.yaml', 'plan', null)]);
    for (const input of json.inputs) expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('retention --accounts', async () => {
    expect((await inputsOf(['retention', 'deals.csv', '--accounts', 'accounts.csv'])).inputs).toEqual([DEALS, ACCOUNTS]);
  });

  it('funnel, pvf, scorecard, pareto and a --by team run list their history and reps (a reps file read twice, once)', async () => {
    expect((await inputsOf(['funnel', 'deals.csv', '--history', 'history.csv'])).inputs).toEqual([DEALS, HISTORY]);
    expect((await inputsOf(['pvf', 'deals.csv', '--history', 'history.csv', '--reps', 'reps.csv'])).inputs).toEqual([DEALS, REPS, HISTORY]);
    expect((await inputsOf(['scorecard', 'deals.csv', '--reps', 'reps.csv'])).inputs).toEqual([DEALS, REPS]);
    expect((await inputsOf(['pareto', 'deals.csv', '--reps', 'reps.csv'])).inputs).toEqual([DEALS, REPS]);
    expect((await inputsOf(['winrate', 'deals.csv', '--by', 'team', '--reps', 'reps.csv'])).inputs).toEqual([DEALS, REPS]);
    // Read for the deals' teams and for the quotas: listed once.
    expect((await inputsOf(['forecast', 'deals.csv', '--by', 'team', '--reps', 'reps.csv'])).inputs).toEqual([DEALS, REPS]);
    // Given but not needed (no --by team): not read, not listed.
    expect((await inputsOf(['winrate', 'deals.csv', '--reps', 'reps.csv'])).inputs).toEqual([DEALS]);
  });

  it('validate --history --snapshot', async () => {
    const validate = await inputsOf(['validate', 'deals.csv', '--history', 'history.csv', '--snapshot', 'snapshots/pipeline-2026-11-09.csv', '--snapshot', 'snapshots/pipeline-2026-11-16.csv']);
    expect(validate.inputs).toEqual([DEALS, HISTORY, ...SNAPSHOTS.slice(-2)]);
  });

  it('forecast --backtest: the reps and each snapshot, and a closing line; rowsRead is the snapshots\'', async () => {
    const backtest = await inputsOf(['forecast', '--backtest', 'snapshots', '--reps', 'reps.csv']);
    expect(backtest.inputs).toEqual([REPS, ...SNAPSHOTS]);
    // Read from snapshots: its accounting is theirs, 516 + 537 + ... + 1,016.
    expect(backtest.rowsRead).toBe(16027);
    const table = (await run(['forecast', '--backtest', 'snapshots', ...AS_OF], { cwd: EXAMPLES, env: { COLUMNS: '4000' } })).stdout.trimEnd().split('\n');
    const files = SNAPSHOTS.map((input) => `${input.file} (${(input.rowsRead ?? 0).toLocaleString('en-US')} rows, sha256 ${input.sha256?.slice(0, 12) ?? ''}…)`);
    expect(table.at(-1)).toBe(`generated 2026-11-20 06:00 UTC by dealmath ${pkg.version}, as of 2026-11-20 from ${files.join(', ')}`);
  });

  it('one file of several snapshots (a Snapshot Date column) is one entry with all its rows', async () => {
    const dir = tempDir();
    const header = 'Snapshot Date,Id,Owner,Stage,Amount,Created,Close Date';
    const file = linesFile(dir, 'pipeline.csv', [header, '2026-10-05,D1,Ann,Proposal,100,2026-09-01,2026-11-15', '2026-10-05,D2,Ann,Proposal,50,2026-09-01,2026-11-20', '2026-10-12,D1,Ann,Proposal,120,2026-09-01,2026-11-15']);
    const json = JSON.parse((await run(['movement', file, '--json'], { cwd: dir })).stdout) as { inputs: Input[] };
    expect(json.inputs).toEqual([{ file: 'pipeline.csv', role: 'snapshot', rowsRead: 3, sha256: sha256Of(file) }]);
  });

  it('the closing line of a table and of Markdown names the same files', async () => {
    const table = (await run(['coverage', 'deals.csv', '--reps', 'reps.csv', ...AS_OF], { cwd: EXAMPLES, env: { COLUMNS: '400' } })).stdout.trimEnd().split('\n');
    expect(table.at(-1)).toBe(`generated 2026-11-20 06:00 UTC by dealmath ${pkg.version}, as of 2026-11-20 from deals.csv (2,000 rows, sha256 ${dealsSha.slice(0, 12)}…), reps.csv (15 rows, sha256 ${REPS.sha256?.slice(0, 12)}…)`);
    const markdown = (await run(['accounts', 'deals.csv', '--accounts', 'accounts.csv', '--plan', 'plan.yaml', ...AS_OF, '--format', 'md'], { cwd: EXAMPLES })).stdout.trimEnd().split('\n');
    expect(markdown.at(-1)).toBe(`_generated 2026-11-20 06:00 UTC by dealmath ${pkg.version}, as of 2026-11-20 from deals.csv (2,000 rows, sha256 ${dealsSha.slice(0, 12)}…), accounts.csv (120 rows, sha256 ${ACCOUNTS.sha256?.slice(0, 12)}…), plan.yaml (sha256 ${sha256Of(join(EXAMPLES, 'plan.yaml')).slice(0, 12)}…)_`);
  });
});
