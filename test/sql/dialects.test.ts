/**
 * Snowflake, BigQuery and Spark SQL are not run here (no engine without a network): their
 * queries are held byte-identical to reviewed golden files, and each differs from the DuckDB
 * query (which runs in the agreement tests) only where its dialect module says
 * (src/sql/dialects/*.ts, with the vendor's function reference). Refresh: UPDATE_GOLDEN=1.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, ROOT } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

const GOLDEN = join(ROOT, 'test/sql/golden');
const CASES: Record<string, readonly string[]> = {
  'winrate-age-out': ['winrate', '--open', 'age-out', '--by', 'owner', '--period', '2026'],
  velocity: ['velocity', '--by', 'segment'],
  pareto: ['pareto', '--by', 'account'],
  coverage: ['coverage', '--target', '2000000', '--prospect-rate', '0.1'],
  retention: ['retention', '--period', '2026'],
  funnel: ['funnel', '--history', 'history.csv', '--history-table', 'analytics.stage_history', '--period', '2026', '--by', 'segment'],
  movement: ['movement', '--from-table', 'analytics.pipeline_2026_10_05', '--to-table', 'analytics.pipeline_2026_11_16', '--as-of', '2026-11-16', '--by', 'segment'],
  'retention-by': ['retention', '--period', '2026', '--by', 'segment'],
};
/** The sample export whose header decides the columns: deals.csv, or a snapshot for movement. */
const SAMPLE: Record<string, string> = { movement: 'snapshots/pipeline-2026-11-16.csv' };

describe('generated SQL per dialect (golden files)', () => {
  for (const dialect of ['snowflake', 'bigquery', 'spark', 'duckdb', 'postgres']) {
    for (const [name, [metric, ...args]] of Object.entries(CASES)) {
      it(`${dialect}: ${name}`, async () => {
        const result = await run(['sql', metric as string, SAMPLE[name] ?? 'deals.csv', '--as-of', '2026-11-20', '--dialect', dialect, '--table', 'analytics.deals', ...args], { cwd: EXAMPLES });
        expect(result.code, result.stderr).toBe(0);
        const file = join(GOLDEN, `${name}.${dialect}.sql`);
        if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(file, result.stdout);
        }
        expect(result.stdout).toBe(readFileSync(file, 'utf8'));
      });
    }
  }

  it('quotes identifiers and strings the dialect\'s way', () => {
    const bigquery = readFileSync(join(GOLDEN, 'pareto.bigquery.sql'), 'utf8');
    expect(bigquery).toContain('FROM `analytics`.`deals`');
    expect(bigquery).toContain("DATE_DIFF(DATE '2026-11-20', created, DAY)");
    expect(readFileSync(join(GOLDEN, 'pareto.snowflake.sql'), 'utf8')).toContain("DATEDIFF(day, created, DATE '2026-11-20')");
    expect(readFileSync(join(GOLDEN, 'pareto.spark.sql'), 'utf8')).toContain("DATEDIFF(DATE '2026-11-20', created)");
  });

  it('a funnel --by key that is a column of the query, and a movement without its two snapshot tables: one-line usage errors', async () => {
    const funnel = await run(['sql', 'funnel', 'deals.csv', '--as-of', '2026-11-20', '--by', 'stage'], { cwd: EXAMPLES });
    expect(funnel.code).toBe(2);
    expect(funnel.stderr.trim()).toBe('dealmath: --by stage: the funnel query has a column of that name; rename the column in a view first');
    const movement = await run(['sql', 'movement', 'snapshots/pipeline-2026-11-16.csv', '--as-of', '2026-11-16', '--from-table', 'a'], { cwd: EXAMPLES });
    expect(movement.code).toBe(2);
    expect(movement.stderr.trim().split('\n')).toHaveLength(1);
    expect(movement.stderr).toContain('--from-table EARLIER --to-table LATER');
  });

  it('a coverage without a team target is a one-line usage error', async () => {
    const result = await run(['sql', 'coverage', '--as-of', '2026-11-20']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
