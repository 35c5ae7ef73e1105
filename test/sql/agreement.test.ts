/**
 * Agreement (issue 20): for each metric, the folds (the CLI's JSON), DuckDB running the SQL that
 * `dealmath sql` prints, and Postgres (PGlite, WASM, no server) running it give the same numbers
 * to 1e-9, with the same n/a cases null. On the examples and on valid files of the hostile corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { dealmath, EXAMPLES } from '../cli/helpers.js';
import { duckdbEngine, loadCsv, postgresEngine, type Engine, type Row } from './engines.js';

const CONFIG = join(EXAMPLES, 'dealmath.yaml');
const DEALS = join(EXAMPLES, 'deals.csv');
const AS_OF = '2026-11-20';
const TYPES = { dates: ['created', 'close', 'last_activity', 'stage_entered'], numbers: ['amount', 'probability'] };

type Json = Record<string, unknown>;

/** A figure as a number or null, whether the JSON carries it bare or as a Figure { value, reason }. */
function figure(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'value' in value) return (value as { value: unknown }).value;
  return value;
}

function expectClose(actual: unknown, expected: unknown, label: string): void {
  const want = figure(expected);
  if (want === null || want === undefined) {
    expect(actual, label).toBeNull();
    return;
  }
  if (typeof want === 'boolean') {
    expect(Boolean(actual), label).toBe(want);
    return;
  }
  expect(typeof actual, `${label}: ${String(actual)}`).toBe('number');
  const difference = Math.abs((actual as number) - (want as number));
  expect(difference, `${label}: ${String(actual)} vs ${String(want)}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want as number)));
}

function cliJson(command: string, file: string, args: readonly string[]): Json {
  const result = dealmath([command, file, '--config', CONFIG, '--as-of', AS_OF, '--format', 'json', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Json;
}

function generated(metric: string, file: string, dialect: string, args: readonly string[]): string {
  const result = dealmath(['sql', metric, file, '--config', CONFIG, '--as-of', AS_OF, '--dialect', dialect, '--table', 'deals', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

/** Field of the CLI's JSON row -> column of the SQL's row. */
const WINRATE_FIELDS: Record<string, string> = {
  won: 'won', lost: 'lost', open: 'open_deals', wonValue: 'won_value', lostValue: 'lost_value', openValue: 'open_value',
  n: 'n', unitWinRate: 'unit_win_rate', valueWinRate: 'value_win_rate', smallSample: 'small_sample',
};
const VELOCITY_FIELDS: Record<string, string> = {
  deals: 'deals', averageWonAmount: 'average_won_amount', winRate: 'win_rate', cycleDays: 'cycle_days', perDay: 'per_day', perMonth: 'per_month', perQuarter: 'per_quarter',
};
const PARETO_FIELDS: Record<string, string> = { entities: 'entities', total: 'total', k: 'k', share: 'share', topShare: 'top_share', gini: 'gini' };
const RETENTION_FIELDS: Record<string, string> = {
  grr: 'grr', nrr: 'nrr', logoRetention: 'logo_retention', accountsStart: 'accounts_start', accountsRetained: 'accounts_retained', churned: 'churned',
  revenueStart: 'revenue_start', revenueRetained: 'revenue_retained', revenueEnd: 'revenue_end', newAccountRevenue: 'new_account_revenue', newAccounts: 'new_accounts',
};
const COVERAGE_FIELDS: Record<string, string> = {
  target: 'target', wonToDate: 'won_to_date', remaining: 'remaining', unitWinRate: 'unit_win_rate', valueWinRate: 'value_win_rate',
  averageWonAmount: 'average_won_amount', n: 'n', requiredMultiple: 'required_multiple', requiredPipeline: 'required_pipeline',
  requiredDeals: 'required_deals', openPipeline: 'open_pipeline', openDeals: 'open_deals', attainment: 'attainment', coverage: 'coverage', gap: 'gap', prospectsNeeded: 'prospects_needed',
};

function compareFields(sql: Row, json: Json, fields: Record<string, string>, label: string): void {
  for (const [jsonField, column] of Object.entries(fields)) expectClose(sql[column], json[jsonField], `${label} ${jsonField}`);
}

/** Grouped results (winrate, velocity): the total row and one row per group, matched by key. */
function compareGrouped(rows: Row[], json: Json, fields: Record<string, string>, extra?: (sql: Row, row: Json, label: string) => void): void {
  const by = (json.by as string[] | undefined) ?? [];
  const groups = [json.total as Json, ...((json.groups as Json[]) ?? [])];
  expect(rows.length, 'rows').toBe(groups.length);
  for (const group of groups) {
    const key = group.key as Record<string, string>;
    const isTotal = Object.keys(key).length === 0;
    const row = rows.find((candidate) => (isTotal ? Number(candidate.level) === 0 : Number(candidate.level) === 1 && by.every((name) => candidate[name] === key[name])));
    expect(row, `row for ${JSON.stringify(key)}`).toBeDefined();
    const label = JSON.stringify(key);
    compareFields(row as Row, group, fields, label);
    extra?.(row as Row, group, label);
  }
}

const winrateExtra = (sql: Row, row: Json, label: string): void => {
  const interval = row.interval as { low: number; high: number } | null;
  expectClose(sql.wilson_low, interval?.low ?? null, `${label} wilson low`);
  expectClose(sql.wilson_high, interval?.high ?? null, `${label} wilson high`);
  if ('aged_out' in sql) expectClose(sql.aged_out, row.agedOut, `${label} agedOut`);
};

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
  { metric: 'retention', args: ['--period', '2026-Q3', '--compare', '2025-Q3', '--where', 'region=EMEA'] },
  { metric: 'retention', args: ['--from', '2025-07-01', '--to', '2026-06-30', '--compare', '2024'] },
  // No account won revenue in P1: GRR, NRR and logo retention n/a (null).
  { metric: 'retention', args: ['--period', '2031', '--compare', '2030'] },
  // --by deal columns: each account in the group of its latest won deal in P1, else P2; the total beside.
  { metric: 'retention', args: ['--period', '2026', '--by', 'segment'] },
  { metric: 'retention', args: ['--period', '2026-Q3', '--compare', '2025-Q3', '--by', 'owner'] },
  { metric: 'retention', args: ['--period', '2026', '--by', 'region', '--by', 'segment', '--where', 'segment=SMB,Enterprise'] },
];

function compare(metric: Case['metric'], rows: Row[], json: Json): void {
  if (metric === 'winrate') compareGrouped(rows, json, WINRATE_FIELDS, winrateExtra);
  else if (metric === 'velocity') compareGrouped(rows, json, VELOCITY_FIELDS);
  else if (metric === 'pareto') {
    expect(rows.length).toBe(1);
    const row = rows[0] as Row;
    compareFields(row, json, PARETO_FIELDS, 'pareto');
    const uplift = json.uplift as Json;
    expectClose(row.multiplier, uplift.multiplier, 'multiplier');
    expectClose(row.increase, uplift.increase, 'increase');
  } else if (metric === 'retention') compareRetention(rows, json); else {
    expect(rows.length).toBe(1);
    compareFields(rows[0] as Row, json.total as Json, COVERAGE_FIELDS, 'coverage');
  }
}

/** Retention: the total (level 0) and, with --by, a row per group; the JSON keys a group by the --by values joined with " / ". */
function compareRetention(rows: Row[], json: Json): void {
  const by = (json.by as string[] | undefined) ?? [];
  const groups = (json.groups as Json[] | undefined) ?? [];
  expect(rows.length, 'rows').toBe(1 + groups.length);
  compareFields(rows.find((row) => Number(row.level) === 0) as Row, json.total as Json, RETENTION_FIELDS, 'retention total');
  for (const group of groups) {
    const value = Object.values(group.key as Record<string, string>)[0];
    const row = rows.find((candidate) => Number(candidate.level) === 1 && by.map((name) => String(candidate[name])).join(' / ') === value);
    expect(row, `row for ${value}`).toBeDefined();
    compareFields(row as Row, group, RETENTION_FIELDS, `retention ${value}`);
  }
}

const engines: Engine[] = [];

beforeAll(async () => {
  engines.push(await duckdbEngine(), await postgresEngine());
  for (const engine of engines) await loadCsv(engine, 'deals', DEALS, TYPES);
}, 120_000);

afterAll(async () => {
  for (const engine of engines) await engine.close();
});

describe('the folds, DuckDB and Postgres agree on examples/deals.csv', () => {
  for (const { metric, args } of CASES) {
    it(`${metric} ${args.join(' ')}`, async () => {
      const json = cliJson(metric, DEALS, args);
      for (const engine of engines) {
        const rows = await engine.run(generated(metric, DEALS, engine.name, args));
        compare(metric, rows, json);
      }
    }, 60_000);
  }
});
