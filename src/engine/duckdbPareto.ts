/**
 * `pareto --engine duckdb`: the entities' measure, lever counts and profile mix from the
 * generated SQL (sql/pareto.ts paretoStateSql) in embedded DuckDB, finished as the step finishes
 * the fold's (steps/pareto.ts paretoJsonOf), so the output is the default engine's.
 */
import { DealmathError } from '../model/errors.js';
import { orderNames } from '../metrics/humanOrder.js';
import { MIX_VALUE_CAP, type DimensionMix, type EntityStats } from '../metrics/pareto.js';
import { normalizeHeader } from '../model/mapping.js';
import { paretoStateSql } from '../sql/pareto.js';
import type { SqlTable } from '../sql/source.js';
import { requireSingleCurrency } from './dealRun.js';
import { inDuckdb, number, type DuckdbRun, type Row } from './duckdb.js';
import type { InputPlan } from './plan.js';
import type { StepOptions } from './registry.js';
import { defaultProfileColumns, paretoJsonOf, paretoMeasureOf, type ParetoJson } from './steps/pareto.js';

/** A profile column's counts as the fold keeps them: the first MIX_VALUE_CAP values in code-unit order, the rest as other. */
function mixOf(dimension: string, rows: readonly Row[]): DimensionMix {
  const counts = rows.map((row) => ({ value: String(row.value), count: number(row.deals) })).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { dimension, counts: counts.slice(0, MIX_VALUE_CAP), other: counts.slice(MIX_VALUE_CAP).reduce((sum, entry) => sum + entry.count, 0) };
}

/** `--measure` as the step resolves it (steps/pareto.ts resolveMeasure): won, count or a numeric column that is no mapped field but the amount. */
function measureIn(measure: string, table: SqlTable, file: string): string {
  if (measure === 'won' || measure === 'count') return measure;
  const key = normalizeHeader(measure);
  const field = (Object.entries(table.columns) as [string, string][]).find(([, column]) => normalizeHeader(column) === key)?.[0];
  if (field === 'amount') return 'won';
  if (field !== undefined) throw new DealmathError('usage', `--measure "${measure}": that column is read as the deal's ${field}; use won, count or another numeric column`, { file });
  const column = table.dimensions?.find((name) => normalizeHeader(name) === key);
  if (column === undefined) throw new DealmathError('usage', `--measure "${measure}": no such column; use won, count or a numeric column (${(table.dimensions ?? []).slice(0, 15).join(', ')})`, { file });
  return column;
}

export async function paretoInDuckdb(input: InputPlan, options: StepOptions<'pareto'>, env: NodeJS.ProcessEnv): Promise<DuckdbRun<ParetoJson>> {
  if (input.repDimensions != null) throw new DealmathError('usage', '--by team|manager runs on the default engine only; leave out --engine duckdb');
  const run = await inDuckdb(input, options.scope.asOf, env, async (rows, sqlInput) => {
    const measure = measureIn(paretoMeasureOf(options.measure), sqlInput.table, input.files[0] ?? '');
    const profile = options.profile ?? defaultProfileColumns(sqlInput.table.dimensions ?? [], options.by, measure);
    const queries = paretoStateSql({ ...sqlInput, scope: options.scope, by: options.by, measure, threshold: options.threshold }, profile);
    const entityRows = await rows(queries.entities);
    const mixRows = await rows(queries.mix);
    const byEntity = new Map(entityRows.map((row) => [String(row.entity), row]));
    const entities: EntityStats[] = orderNames([...byEntity.keys()]).map((key) => {
      const row = byEntity.get(key) as Row;
      const mixes = mixRows.filter((mix) => String(mix.entity) === key);
      return {
        key,
        measure: number(row.measure),
        deals: number(row.deals),
        won: number(row.won),
        lost: number(row.lost),
        open: number(row.open_deals),
        wonAmount: number(row.won_amount),
        wonWithAmount: number(row.won_with_amount),
        wonCycleDays: number(row.won_cycle_days),
        wonWithCycle: number(row.won_with_cycle),
        mix: profile.map((name, index) => mixOf(name, mixes.filter((mix) => number(mix.dimension) === index))),
      };
    });
    const currencies = queries.currencies === null ? new Set<string>() : new Set((await rows(queries.currencies)).map((row) => String(row.currency)));
    const measureCellsSkipped = entityRows.reduce((sum, row) => sum + number(row.measure_cells_skipped), 0);
    const result = paretoJsonOf(options, { entities, measureCellsSkipped }, currencies);
    return { result, rowsUsed: entities.reduce((sum, entity) => sum + entity.deals, 0), currencies };
  }, [options.by, ...(options.profile ?? [])]);
  if (paretoMeasureOf(options.measure) === 'won') requireSingleCurrency(run.run, input.config);
  return run;
}
