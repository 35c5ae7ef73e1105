/**
 * Comparing the CLI's JSON with rows of the generated SQL: numbers to 1e-9 (relative above 1),
 * null where the fold gives n/a. Field maps: field of the JSON row -> column of the SQL's row.
 */
import { expect } from 'vitest';
import type { Row } from './engines.js';

export type Json = Record<string, unknown>;

/** A figure as a number or null, whether the JSON carries it bare or as a Figure { value, reason }. */
export function figure(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'value' in value) return (value as { value: unknown }).value;
  return value;
}

export function expectClose(actual: unknown, expected: unknown, label: string): void {
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

export const WINRATE_FIELDS: Record<string, string> = {
  won: 'won', lost: 'lost', open: 'open_deals', wonValue: 'won_value', lostValue: 'lost_value', openValue: 'open_value',
  n: 'n', unitWinRate: 'unit_win_rate', valueWinRate: 'value_win_rate', smallSample: 'small_sample',
};
export const VELOCITY_FIELDS: Record<string, string> = {
  deals: 'deals', averageWonAmount: 'average_won_amount', winRate: 'win_rate', cycleDays: 'cycle_days', perDay: 'per_day', perMonth: 'per_month', perQuarter: 'per_quarter',
};
export const PARETO_FIELDS: Record<string, string> = { entities: 'entities', total: 'total', k: 'k', share: 'share', topShare: 'top_share', gini: 'gini' };

export function compareFields(sql: Row, json: Json, fields: Record<string, string>, label: string): void {
  for (const [jsonField, column] of Object.entries(fields)) expectClose(sql[column], json[jsonField], `${label} ${jsonField}`);
}

/** Grouped results (winrate, velocity): the total row (level 0) and one row per group (level 1), matched by key. */
export function compareGrouped(rows: Row[], json: Json, fields: Record<string, string>, label: string, extra?: (sql: Row, row: Json, label: string) => void): void {
  const by = (json.by as string[] | undefined) ?? [];
  const groups = [json.total as Json, ...((json.groups as Json[]) ?? [])];
  expect(rows.length, `${label} rows`).toBe(groups.length);
  for (const group of groups) {
    const key = group.key as Record<string, string>;
    const isTotal = Object.keys(key).length === 0;
    const row = rows.find((candidate) => (isTotal ? Number(candidate.level) === 0 : Number(candidate.level) === 1 && by.every((name) => candidate[name] === key[name])));
    expect(row, `${label} row for ${JSON.stringify(key)}`).toBeDefined();
    compareFields(row as Row, group, fields, `${label} ${JSON.stringify(key)}`);
    extra?.(row as Row, group, `${label} ${JSON.stringify(key)}`);
  }
}

/** Win rate's extra columns: the Wilson interval and, under age-out, the aged-out count. */
export const winrateExtra = (sql: Row, row: Json, label: string): void => {
  const interval = row.interval as { low: number; high: number } | null;
  expectClose(sql.wilson_low, interval?.low ?? null, `${label} wilson low`);
  expectClose(sql.wilson_high, interval?.high ?? null, `${label} wilson high`);
  if ('aged_out' in sql) expectClose(sql.aged_out, row.agedOut, `${label} agedOut`);
};

export const RETENTION_FIELDS: Record<string, string> = {
  grr: 'grr', nrr: 'nrr', logoRetention: 'logo_retention', accountsStart: 'accounts_start', accountsRetained: 'accounts_retained', churned: 'churned',
  revenueStart: 'revenue_start', revenueRetained: 'revenue_retained', revenueEnd: 'revenue_end', newAccountRevenue: 'new_account_revenue', newAccounts: 'new_accounts',
};
export const COVERAGE_FIELDS: Record<string, string> = {
  target: 'target', wonToDate: 'won_to_date', remaining: 'remaining', unitWinRate: 'unit_win_rate', valueWinRate: 'value_win_rate',
  averageWonAmount: 'average_won_amount', n: 'n', requiredMultiple: 'required_multiple', requiredPipeline: 'required_pipeline',
  requiredDeals: 'required_deals', openPipeline: 'open_pipeline', openDeals: 'open_deals', attainment: 'attainment', coverage: 'coverage', gap: 'gap', prospectsNeeded: 'prospects_needed',
};

/** Coverage: one row, the team's, against the JSON's total. */
export function compareCoverage(rows: Row[], json: Json, label: string): void {
  expect(rows.length, `${label} rows`).toBe(1);
  compareFields(rows[0] as Row, json.total as Json, COVERAGE_FIELDS, label);
}

/** Retention: the total (level 0) and, with --by, a row per group; the JSON keys a group by the --by values joined with " / ". */
export function compareRetention(rows: Row[], json: Json, label = 'retention'): void {
  const by = (json.by as string[] | undefined) ?? [];
  const groups = (json.groups as Json[] | undefined) ?? [];
  expect(rows.length, `${label} rows`).toBe(1 + groups.length);
  compareFields(rows.find((row) => Number(row.level) === 0) as Row, json.total as Json, RETENTION_FIELDS, `${label} total`);
  for (const group of groups) {
    const value = Object.values(group.key as Record<string, string>)[0];
    const row = rows.find((candidate) => Number(candidate.level) === 1 && by.map((name) => String(candidate[name])).join(' / ') === value);
    expect(row, `${label} row for ${value}`).toBeDefined();
    compareFields(row as Row, group, RETENTION_FIELDS, `${label} ${value}`);
  }
}

/** Pareto: one row; k, shares, Gini and the uplift. */
export function comparePareto(rows: Row[], json: Json, label: string): void {
  expect(rows.length, `${label} rows`).toBe(1);
  const row = rows[0] as Row;
  compareFields(row, json, PARETO_FIELDS, label);
  const uplift = json.uplift as Json;
  expectClose(row.multiplier, uplift.multiplier, `${label} multiplier`);
  expectClose(row.increase, uplift.increase, `${label} increase`);
}
