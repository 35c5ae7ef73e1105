/**
 * A run with no deal in scope is refused (exit 1, one line saying why, nothing written), never
 * a report of zeros (docs/output.md, "A command whose rows are all rejected or filtered..."),
 * while a run that used deals whose figures have no data stays n/a with its reason, exit 0.
 * Every row is accounted for: read = used + rejected + filtered, and the refusal names the
 * filter reasons with their counts. Runs the built command line in-process (and spawned, for
 * a file read in parts by worker threads), and the library's runPlan.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseIsoDay, runPlan } from '../../src/index.js';
import { errorOf } from '../support/errors.js';
import { dealmath, linesFile, tempDir } from './helpers.js';
import { run } from './inProcess.js';

let dir = '';
/** Five deals, all created in 2026 (the QA report's Salesforce-style file, as plain columns). */
let created2026 = '';
/** Three deals with accounts "Acme, Inc." and Beta, closed 2026-02-01 (the QA report's --where file). */
let threeDeals = '';

const HEADER = 'deal_id,owner,account,stage,amount,created,close';

beforeAll(() => {
  dir = tempDir();
  created2026 = linesFile(dir, 'created-2026.csv', [
    HEADER,
    'D1,Jane,Acme,Closed Won,1200,2026-01-02,2026-03-15',
    'D2,Jane,Beta,Closed Lost,2500,2026-01-10,2026-03-20',
    'D3,John,Gamma,Prospecting,10000,2026-02-01,2026-06-30',
    'D4,John,Delta,Closed Won,3000.50,2026-02-14,2026-04-01',
    'D5,John,Eps,Negotiation/Review,7000,2026-03-01,2026-05-31',
  ]);
  threeDeals = linesFile(dir, 'three.csv', ['deal_id,owner,account,stage,amount,close', 'W1,Ann,"Acme, Inc.",Closed Won,100,2026-02-01', 'W2,Ann,"Acme, Inc.",Closed Lost,200,2026-02-01', 'W3,Bob,Beta,Closed Won,300,2026-02-01']);
});

const AS_OF_2025 = ['--as-of', '2025-01-01'];
const ALL_CREATED_AFTER = 'dealmath: no deal in scope: all 5 rows filtered (5 created after the as-of date 2025-01-01)';

describe('no deal in scope: refused, exit 1 (before: a report of zeros, exit 0)', () => {
  // Every command that reads deals; each used to print "0 used, 5 filtered" and zeros.
  const commands: readonly (readonly string[])[] = [
    ['winrate'],
    ['velocity'],
    ['coverage', '--target', '1000'],
    ['funnel'],
    ['pvf', '--target', '1000', '--assume-equal-dwell'],
    ['forecast'],
    ['pareto'],
    ['pareto', '--by', 'account'],
    ['scorecard'],
    ['accounts'],
    ['retention'],
    ['report'],
  ];
  for (const [command, ...flags] of commands) {
    it(`${command} ${flags.join(' ')}: every deal created after the as-of date`.trimEnd(), async () => {
      const out = join(dir, `${command}-${flags.length}.json`);
      const result = await run([command as string, created2026, ...flags, ...AS_OF_2025, '--out', out]);
      expect([result.code, result.stdout, result.stderr.trim()]).toEqual([1, '', ALL_CREATED_AFTER]);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('quadrant with the deals as current revenue: refused the same way', async () => {
    const accounts = join(dir, 'accounts.csv');
    writeFileSync(accounts, 'account_id,name,future_revenue\nAcme,Acme,100\nBeta,Beta,200\n');
    const result = await run(['quadrant', accounts, '--deals', created2026, ...AS_OF_2025]);
    expect([result.code, result.stdout, result.stderr.trim()]).toEqual([1, '', ALL_CREATED_AFTER]);
  });

  it('--where that matches no deal names the clause as given', async () => {
    const result = await run(['winrate', threeDeals, '--where', 'account=Nope', '--as-of', '2026-11-20']);
    expect([result.code, result.stdout, result.stderr.trim()]).toEqual([1, '', 'dealmath: no deal in scope: all 3 rows filtered (3 not matching --where account=Nope)']);
  });

  it('names several reasons, commonest first, with their counts', async () => {
    // D1, D2 created 2026-01 (before 2026-01-20), owner Jane; D3..D5 created after it.
    const result = await run(['winrate', created2026, '--where', 'owner=John', '--as-of', '2026-01-20']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('dealmath: no deal in scope: all 5 rows filtered (3 created after the as-of date 2026-01-20, 2 not matching --where owner=John)');
  });

  it('a window with no deal in it: the command\'s own scope is the reason', async () => {
    // All three deals closed 2026-02-01: none closed in 2020-Q1, and none open.
    const result = await run(['winrate', threeDeals, '--period', '2020-Q1', '--as-of', '2026-11-20']);
    expect([result.code, result.stderr.trim()]).toEqual([1, 'dealmath: no deal in scope: all 3 rows filtered (3 closed outside the window 2020-Q1 (2020-01-01 to 2020-03-31))']);
    const forecast = await run(['forecast', threeDeals, '--period', '2020-Q1', '--as-of', '2026-11-20']);
    expect([forecast.code, forecast.stderr.trim()]).toEqual([1, 'dealmath: no deal in scope: all 3 rows filtered (3 neither won in 2020-Q1 to date nor open and expected to close in it)']);
    const coverage = await run(['coverage', threeDeals, '--target', '1000', '--period', '2020-Q1', '--as-of', '2026-11-20']);
    expect([coverage.code, coverage.stderr.trim()]).toEqual([1, 'dealmath: no deal in scope: all 3 rows filtered (3 neither won in 2020-Q1 to date, closed in the rate window, nor open and expected to close in 2020-Q1)']);
    const retention = await run(['retention', threeDeals, '--period', '2020', '--as-of', '2026-11-20']);
    expect([retention.code, retention.stderr.trim()]).toEqual([1, 'dealmath: no deal in scope: all 3 rows filtered (3 not won in 2020 or 2019)']);
  });

  it('rejected and filtered rows together: both counted, with the rejection rule', async () => {
    const mixed = linesFile(dir, 'mixed.csv', [HEADER, 'M1,Ann,Acme,Closed Won,lots,2024-01-01,2024-02-01', 'M2,Ann,Acme,Closed Won,100,2026-01-01,2026-02-01', 'M3,Ann,Acme,Closed Lost,100,2026-01-01,2026-02-01']);
    const result = await run(['winrate', mixed, ...AS_OF_2025]);
    expect([result.code, result.stdout, result.stderr.trim()]).toEqual([
      1,
      '',
      'dealmath: no deal in scope: of 3 rows, 1 rejected (1 bad-amount) and 2 filtered (2 created after the as-of date 2025-01-01); run "dealmath validate" for the rejected rows',
    ]);
  });

  it('read in parts by worker threads: the same refusal, its reasons summed over the parts', () => {
    const rows = Array.from({ length: 400 }, (_, index) => `P${index},Ann,Acme,${index % 2 === 0 ? 'Closed Won' : 'Closed Lost'},100,2026-01-01,2026-02-01`);
    const many = linesFile(dir, 'many.csv', [HEADER, ...rows]);
    const result = dealmath(['winrate', many, ...AS_OF_2025], { env: { DEALMATH_WORKERS: '2', DEALMATH_PARALLEL_MIN_BYTES: '0' } });
    expect([result.code, result.stdout, result.stderr.trim()]).toEqual([1, '', 'dealmath: no deal in scope: all 400 rows filtered (400 created after the as-of date 2025-01-01)']);
  });

  it('the library refuses the same run: runPlan rejects with data-refused', async () => {
    const asOf = parseIsoDay('2025-01-01') as number;
    const input = { files: [created2026], config: DEFAULT_CONFIG, where: [], asOf };
    const error = await errorOf(runPlan({ input, steps: [{ metric: 'winrate', options: { scope: { asOf, window: null, basis: 'close' }, open: { kind: 'exclude' }, minSample: 30, by: [] } }] }));
    expect([error.code, error.message]).toEqual(['data-refused', 'no deal in scope: all 5 rows filtered (5 created after the as-of date 2025-01-01)']);
  });
});

describe('deals used, a figure without data: n/a with its reason, exit 0 (not refused)', () => {
  it('winrate over a window with no closed deal, open deals in scope', async () => {
    const open = linesFile(dir, 'open.csv', [HEADER, 'O1,Ann,Acme,Proposal,100,2026-01-01,2026-12-01', 'O2,Ann,Acme,Closed Won,100,2026-01-01,2026-02-01']);
    const result = await run(['winrate', open, '--period', '2020-Q1', '--as-of', '2026-11-20', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { rowsRead: number; rowsUsed: number; rowsFiltered: number; total: { open: number; unitWinRate: { value: null; reason: { code: string } } } };
    // O1 open on the as-of date (used), O2 closed outside the window (filtered).
    expect([json.rowsRead, json.rowsUsed, json.rowsFiltered, json.total.open]).toEqual([2, 1, 1, 1]);
    expect(json.total.unitWinRate).toEqual({ value: null, reason: { code: 'no-closed-deals', message: 'no closed deals in window' } });
  });

  it('validate and inspect describe the data and are not refused', async () => {
    const validate = await run(['validate', created2026, ...AS_OF_2025]);
    expect(validate.code).toBe(0);
    // inspect reads no as-of date (it does not offer --as-of): every row is described whatever the day.
    const inspect = await run(['inspect', created2026]);
    expect(inspect.code).toBe(0);
  });
});
