/**
 * Agreement (issue 20): for each metric, the folds (the CLI's JSON), DuckDB running the SQL that
 * `dealmath sql` prints, and Postgres (PGlite, WASM, no server) running it give the same numbers
 * to 1e-9, with the same n/a cases null. On the examples and on valid files of the hostile corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { EXAMPLES, ROOT } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';
import { duckdbEngine, loadCsv, postgresEngine, type Engine, type Row } from './engines.js';
import { compareCoverage, compareFields, compareGrouped, comparePareto, compareRetention, expectClose, VELOCITY_FIELDS, WINRATE_FIELDS, winrateExtra, type Json } from './compare.js';

const CONFIG = join(EXAMPLES, 'dealmath.yaml');
const DEALS = join(EXAMPLES, 'deals.csv');
const AS_OF = '2026-11-20';
const TYPES = { dates: ['created', 'close', 'last_activity', 'stage_entered'], numbers: ['amount', 'probability'] };

async function cliJson(command: string, file: string, args: readonly string[]): Promise<Json> {
  const result = await run([command, file, '--config', CONFIG, '--as-of', AS_OF, '--format', 'json', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Json;
}

async function generated(metric: string, file: string, dialect: string, args: readonly string[]): Promise<string> {
  const result = await run(['sql', metric, file, '--config', CONFIG, '--as-of', AS_OF, '--dialect', dialect, '--table', 'deals', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}


interface Case {
  readonly metric: 'winrate' | 'velocity' | 'pareto' | 'coverage' | 'retention';
  readonly args: readonly string[];
}

const CASES: readonly Case[] = [
  { metric: 'winrate', args: ['--by', 'owner'] },
  { metric: 'winrate', args: ['--period', '2026-Q3', '--by', 'segment'] },
  { metric: 'winrate', args: ['--open', 'age-out', '--by', 'owner'] },
  { metric: 'winrate', args: ['--open', 'age-out:90', '--by', 'region'] },
  { metric: 'winrate', args: ['--open', 'include', '--basis', 'created', '--period', '2026', '--by', 'segment', '--by', 'region'] },
  { metric: 'winrate', args: ['--where', 'segment=SMB,Mid-Market', '--by', 'owner', '--min-sample', '60'] },
  // A window with no closed deals: every rate n/a (null), as the folds have it.
  { metric: 'winrate', args: ['--from', '2030-01-01', '--to', '2030-03-31', '--by', 'owner'] },
  { metric: 'velocity', args: [] },
  { metric: 'velocity', args: ['--by', 'segment'] },
  { metric: 'velocity', args: ['--n', 'closed', '--period', 'last-year', '--by', 'owner'] },
  { metric: 'velocity', args: ['--period', '2026-Q4', '--basis', 'created', '--by', 'owner'] },
  { metric: 'pareto', args: ['--by', 'account'] },
  { metric: 'pareto', args: ['--by', 'owner', '--measure', 'count', '--period', '2026'] },
  { metric: 'pareto', args: ['--by', 'product', '--threshold', '0.5', '--where', 'region=EMEA'] },
  { metric: 'pareto', args: ['--by', 'owner', '--from', '2030-01-01', '--to', '2030-03-31'] },
  { metric: 'coverage', args: ['--target', '2000000'] },
  { metric: 'coverage', args: ['--target', '500000', '--period', '2026-Q3', '--prospect-rate', '0.1'] },
  { metric: 'coverage', args: ['--target', '100000', '--from', '2026-01-01', '--to', '2026-06-30'] },
  { metric: 'retention', args: ['--period', '2026'] },
  // No window: this year to the as-of date against the last, as the command's default (was refused as SQL).
  { metric: 'retention', args: [] },
  { metric: 'retention', args: ['--period', '2026-Q3', '--compare', '2025-Q3', '--where', 'region=EMEA'] },
  { metric: 'retention', args: ['--from', '2025-07-01', '--to', '2026-06-30', '--compare', '2024'] },
  // No account won revenue in P1: GRR, NRR and logo retention n/a (null).
  { metric: 'retention', args: ['--period', '2026', '--compare', '2020'] },
  // --by deal columns: each account in the group of its latest won deal in P1, else P2; the total beside.
  { metric: 'retention', args: ['--period', '2026', '--by', 'segment'] },
  { metric: 'retention', args: ['--period', '2026-Q3', '--compare', '2025-Q3', '--by', 'owner'] },
  { metric: 'retention', args: ['--period', '2026', '--by', 'region', '--by', 'segment', '--where', 'segment=SMB,Enterprise'] },
];

function compare(metric: Case['metric'], rows: Row[], json: Json): void {
  if (metric === 'winrate') compareGrouped(rows, json, WINRATE_FIELDS, 'winrate', winrateExtra);
  else if (metric === 'velocity') compareGrouped(rows, json, VELOCITY_FIELDS, 'velocity');
  else if (metric === 'pareto') comparePareto(rows, json, 'pareto');
  else if (metric === 'retention') compareRetention(rows, json);
  else compareCoverage(rows, json, 'coverage');
}


const engines: Engine[] = [];

beforeAll(async () => {
  engines.push(await duckdbEngine(), await postgresEngine());
  for (const engine of engines) await loadCsv(engine, 'deals', DEALS, TYPES);
}, 120_000);

afterAll(async () => {
  for (const engine of engines) await engine.close();
});

/** funnel: the stage rows of the CLI's JSON against the SQL's rows (one per open stage, in order). */
const FUNNEL_STAGE_FIELDS: Record<string, string> = {
  reached: 'reached', closedReached: 'closed_reached', nextStageN: 'next_stage_n', nextStageConversion: 'next_stage_conversion', winConversion: 'win_conversion',
  valueConversion: 'value_conversion', n: 'closed_reached', smallSample: 'small_sample', averageDwellDays: 'average_dwell_days', medianDwellDays: 'median_dwell_days',
  dwellN: 'dwell_n', open: 'open_deals', openValue: 'open_value',
};
const FUNNEL_TOTAL_FIELDS: Record<string, string> = { deals: 'deals', closed: 'closed', dealsWithHistory: 'deals_with_history', lostWithoutStageInformation: 'lost_without_stage_information', averageWonCycleDays: 'average_won_cycle_days' };
const HISTORY = join(EXAMPLES, 'history.csv');
const EMPTY_HISTORY = join(ROOT, 'test', 'sql', 'fixtures', 'history-empty.csv');
const SNAPSHOT = (date: string): string => join(EXAMPLES, 'snapshots', `pipeline-${date}.csv`);
/** movement: the JSON's total figures (amount, count) by the SQL's category. */
const MOVEMENT_CATEGORIES: Record<string, string> = {
  start: 'start', created: 'created', pulled_in: 'pulledIn', reopened: 'reopened', increased: 'increased', decreased: 'decreased', pushed_out: 'pushedOut',
  won: 'won', lost: 'lost', removed: 'removed', end: 'end', unchanged: 'unchanged', outside: 'outside',
};

function compareFunnel(rows: Row[], json: Json): void {
  const by = (json.by as string[] | undefined) ?? [];
  const levels = [{ key: {} as Record<string, string>, funnel: json }, ...((json.groups as Json[] | undefined) ?? []).map((group) => ({ key: group.key as Record<string, string>, funnel: group }))];
  const stageCount = (json.stages as Json[]).length;
  expect(rows.length, 'one row per open stage of the total and of each group').toBe(levels.length * stageCount);
  for (const { key, funnel } of levels) {
    const isTotal = Object.keys(key).length === 0;
    const label = JSON.stringify(key);
    const mine = rows.filter((row) => (isTotal ? Number(row.level) === 0 : Number(row.level) === 1 && by.every((name) => row[name] === key[name])));
    expect(mine, label).toHaveLength(stageCount);
    if (funnel.available === false) {
      // The command's group without stage information: the SQL's says so, every conversion null.
      for (const row of mine) {
        expect(Boolean(row.stage_conversion_known), label).toBe(false);
        for (const column of ['next_stage_conversion', 'win_conversion', 'value_conversion']) expect(row[column], `${label} ${column}`).toBeNull();
      }
      continue;
    }
    (funnel.stages as Json[]).forEach((stage, index) => {
      const row = mine[index] as Row;
      expect(row.stage).toBe(stage.stage);
      expect(row.next_stage).toBe(stage.nextStage);
      compareFields(row, stage, FUNNEL_STAGE_FIELDS, `funnel ${label} ${String(stage.stage)}`);
      const interval = stage.interval as { low: number; high: number } | null;
      expectClose(row.wilson_low, interval?.low ?? null, `${label} ${String(stage.stage)} wilson low`);
      expectClose(row.wilson_high, interval?.high ?? null, `${label} ${String(stage.stage)} wilson high`);
      compareFields(row, funnel, FUNNEL_TOTAL_FIELDS, `funnel total ${label}`);
      expect(Boolean(row.stage_conversion_known)).toBe(true);
    });
  }
}

describe('funnel: the folds, DuckDB and Postgres agree on examples/deals.csv and history.csv', () => {
  beforeAll(async () => {
    for (const engine of engines) {
      await loadCsv(engine, 'stage_history', HISTORY, { dates: ['entered'], numbers: [] });
      await loadCsv(engine, 'no_history', EMPTY_HISTORY, { dates: ['entered'], numbers: [] });
    }
  }, 120_000);
  const FUNNEL_CASES: readonly { readonly args: readonly string[]; readonly table: string }[] = [
    { args: [], table: 'stage_history' },
    { args: ['--period', '2026-Q3', '--where', 'segment=SMB,Mid-Market'], table: 'stage_history' },
    { args: ['--basis', 'created', '--period', '2025', '--min-sample', '100'], table: 'stage_history' },
    { args: ['--by', 'segment'], table: 'stage_history' },
    { args: ['--period', '2026-Q3', '--by', 'owner', '--by', 'region'], table: 'stage_history' },
    // No history, per group: reach from lost_stage and the current stage.
    { args: ['--period', '2026', '--by', 'owner'], table: 'no_history' },
    // Back-dated: deals closed later were open then (their stage from the history), later entries had not happened.
    { args: ['--as-of', '2026-03-31', '--period', 'last-quarter'], table: 'stage_history' },
    // No history (the command without --history, the SQL on an empty table): reach from lost_stage and the
    // current stage, no time in stage (dwell n/a, null).
    { args: ['--period', '2026'], table: 'no_history' },
    // A window with no closed deal: every conversion to won n/a (null), as the folds have it.
    { args: ['--from', '2030-01-01', '--to', '2030-03-31'], table: 'stage_history' },
  ];
  it('funnel without history and without lost_stage: the command cannot run (exit 2), the SQL says stage_conversion_known false, every conversion null', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dealmath-sql-'));
    const file = join(folder, 'deals-no-lost-stage.csv');
    const rows = parse(readFileSync(DEALS), { bom: true }) as string[][];
    const drop = (rows[0] as string[]).indexOf('lost_stage');
    writeFileSync(file, rows.map((row) => row.filter((_, index) => index !== drop).map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\n') + '\n');
    const refused = await run(['funnel', file, '--config', CONFIG, '--as-of', AS_OF, '--format', 'json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('stage conversion cannot be known');
    for (const engine of engines) {
      await loadCsv(engine, 'deals_no_lost_stage', file, TYPES);
      const sql = await run(['sql', 'funnel', file, '--config', CONFIG, '--as-of', AS_OF, '--dialect', engine.name, '--table', 'deals_no_lost_stage', '--history-table', 'no_history']);
      expect(sql.code, sql.stderr).toBe(0);
      const stages = await engine.run(sql.stdout);
      expect(stages).toHaveLength(4);
      for (const stage of stages) {
        expect(Boolean(stage.stage_conversion_known)).toBe(false);
        for (const column of ['next_stage_conversion', 'win_conversion', 'wilson_low', 'wilson_high', 'value_conversion']) expect(stage[column], column).toBeNull();
      }
    }
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);
  it('funnel --by segment without history where one segment\'s lost deals carry no lost_stage: that group unavailable, the others and the total known', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dealmath-sql-'));
    const file = join(folder, 'deals-smb-without-lost-stage.csv');
    const rows = parse(readFileSync(DEALS), { bom: true }) as string[][];
    const header = rows[0] as string[];
    const lostStage = header.indexOf('lost_stage');
    const segment = header.indexOf('segment');
    const blanked = rows.map((row, index) => (index > 0 && row[segment] === 'SMB' ? row.map((cell, column) => (column === lostStage ? '' : cell)) : row));
    writeFileSync(file, blanked.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\n') + '\n');
    const json = await cliJson('funnel', file, ['--by', 'segment']);
    expect((json.groups as Json[]).find((group) => (group.key as Record<string, string>).segment === 'SMB')?.available).toBe(false);
    for (const engine of engines) {
      await loadCsv(engine, 'deals_smb_without_lost_stage', file, TYPES);
      const sql = await run(['sql', 'funnel', file, '--config', CONFIG, '--as-of', AS_OF, '--dialect', engine.name, '--table', 'deals_smb_without_lost_stage', '--history-table', 'no_history', '--by', 'segment']);
      expect(sql.code, sql.stderr).toBe(0);
      compareFunnel(await engine.run(sql.stdout), json);
    }
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);
  it('funnel with a history exported from Salesforce (OpportunityId, StageName, CreatedDate): the sample names the columns', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dealmath-sql-'));
    const file = join(folder, 'OpportunityHistory.csv');
    const lines = readFileSync(HISTORY, 'utf8').split('\n');
    writeFileSync(file, ['OpportunityId,StageName,CreatedDate', ...lines.slice(1)].join('\n'));
    const json = await cliJson('funnel', DEALS, ['--history', file, '--period', '2026']);
    for (const engine of engines) {
      await loadCsv(engine, 'opportunity_history', file, { dates: ['CreatedDate'], numbers: [] });
      const sql = await generated('funnel', DEALS, engine.name, ['--history', file, '--history-table', 'opportunity_history', '--period', '2026']);
      expect(sql).toContain('"StageName"');
      compareFunnel(await engine.run(sql), json);
    }
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);
  for (const { args, table } of FUNNEL_CASES) {
    it(`funnel ${args.join(' ')} (${table})`, async () => {
      const json = await cliJson('funnel', DEALS, [...(table === 'stage_history' ? ['--history', HISTORY] : []), ...args]);
      for (const engine of engines) {
        const rows = await engine.run(await generated('funnel', DEALS, engine.name, ['--history', HISTORY, '--history-table', table, ...args]));
        compareFunnel(rows, json);
      }
    }, 60_000);
  }
});

describe('movement: the folds, DuckDB and Postgres agree on two snapshots of examples/snapshots', () => {
  const FROM = '2026-10-05';
  const TO = '2026-11-16';
  beforeAll(async () => {
    const types = { dates: ['close'], numbers: ['amount', 'probability'] };
    for (const engine of engines) {
      await loadCsv(engine, 'snapshot_from', SNAPSHOT(FROM), types);
      await loadCsv(engine, 'snapshot_to', SNAPSHOT(TO), types);
    }
  }, 120_000);
  const MOVEMENT_CASES: readonly (readonly string[])[] = [
    [],
    ['--period', '2026-Q3'],
    ['--rolling'],
    ['--period', '2026-12', '--where', 'segment=Enterprise'],
    ['--by', 'segment'],
    ['--period', '2026-Q3', '--by', 'owner', '--where', 'segment!=SMB'],
    // A window no deal closes in: start and end 0, every deal outside (movement has no n/a figure: sums of nothing are 0).
    ['--from', '2030-01-01', '--to', '2030-03-31'],
  ];
  for (const args of MOVEMENT_CASES) {
    it(`movement ${args.join(' ')}`, async () => {
      const result = await run(['movement', SNAPSHOT(FROM), SNAPSHOT(TO), '--config', CONFIG, '--format', 'json', ...args]);
      expect(result.code, result.stderr).toBe(0);
      const document = JSON.parse(result.stdout) as Json;
      const by = args.includes('--by') ? [args[args.indexOf('--by') + 1] as string] : [];
      type Totals = Json & { counts: Record<string, number> };
      const levels = [{ key: {} as Record<string, string>, totals: document.total as Totals }, ...(document.groups as (Totals & { key: Record<string, string> })[]).map((group) => ({ key: group.key, totals: group }))];
      expect(levels.length, 'the total and each group').toBeGreaterThan(by.length === 0 ? 0 : 2);
      for (const engine of engines) {
        const sql = await run(['sql', 'movement', SNAPSHOT(TO), '--config', CONFIG, '--as-of', TO, '--dialect', engine.name, '--from-table', 'snapshot_from', '--to-table', 'snapshot_to', ...args]);
        expect(sql.code, sql.stderr).toBe(0);
        const rows = await engine.run(sql.stdout);
        expect(rows).toHaveLength(levels.length * Object.keys(MOVEMENT_CATEGORIES).length);
        for (const { key, totals } of levels) {
          const isTotal = Object.keys(key).length === 0;
          const mine = rows.filter((row) => (isTotal ? Number(row.level) === 0 : Number(row.level) === 1 && by.every((name) => row[name] === key[name])));
          expect(mine.map((row) => row.category), JSON.stringify(key)).toEqual(Object.keys(MOVEMENT_CATEGORIES));
          for (const row of mine) {
            const field = MOVEMENT_CATEGORIES[row.category as string] as string;
            expectClose(row.deals, totals.counts[field], `${JSON.stringify(key)} ${field} deals`);
            expectClose(row.amount, field in totals ? totals[field] : 0, `${JSON.stringify(key)} ${field} amount`);
          }
        }
      }
    }, 60_000);
  }
});

describe('the folds, DuckDB and Postgres agree on examples/deals.csv', () => {
  for (const { metric, args } of CASES) {
    it(`${metric} ${args.join(' ')}`, async () => {
      const json = await cliJson(metric, DEALS, args);
      for (const engine of engines) {
        const rows = await engine.run(await generated(metric, DEALS, engine.name, args));
        compare(metric, rows, json);
      }
    }, 60_000);
  }
});
