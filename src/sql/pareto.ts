/**
 * Pareto as SQL (METRICS.md "Pareto / top performers"): k of N entities reaching the threshold
 * share of the measure, their share, the Gini coefficient over all N (zeros included) and the
 * uplift multiplier (metrics/pareto.ts, metrics/gini.ts).
 */
import { normalizeHeader } from '../model/mapping.js';
import type { Scope } from '../metrics/scope.js';
import { dimensionAlias, query, SqlBuilder, type SqlInput } from './source.js';

export interface ParetoSqlOptions extends SqlInput {
  readonly scope: Scope;
  /** The entity: owner, account or any column. */
  readonly by: string;
  /** `won` (won amount), `count` (won deals) or a numeric column summed over won deals. */
  readonly measure: string;
  /** In (0, 1]. */
  readonly threshold: number;
}

/** Columns: entities (N), total, k, share (k / N), top_share, gini, multiplier, increase. The `ranked` CTE is the cumulative curve. */
export function paretoSql(options: ParetoSqlOptions): string {
  const { scope, threshold } = options;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`paretoSql: threshold must be in (0, 1], got ${threshold}`);
  const b = new SqlBuilder(options);
  const key = normalizeHeader(options.measure);
  const kind = key === 'won' || key === 'amount' ? 'won' : key === 'count' ? 'count' : 'column';
  const entity = b.id(dimensionAlias(options.by));
  // A column's cell adds when it is a number >= 0 (the fold skips the others: metrics/pareto.ts columnMeasure).
  const measure = b.double(kind === 'won' ? 'COALESCE(amount, 0)' : kind === 'count' ? '1' : 'CASE WHEN measure_value >= 0 THEN measure_value END');
  const entities = `entities AS (
  -- Every entity with a closed deal in the window or an open deal worked during it; measure: ${kind === 'column' ? `sum of ${options.measure}` : kind === 'won' ? 'won amount' : 'won deals'}.
  SELECT ${entity} AS entity, COALESCE(SUM(CASE WHEN status = 'won' THEN ${measure} END), ${b.double('0')}) AS measure
  FROM deals
  WHERE (status <> 'open' AND ${b.inWindow(scope)}) OR ${b.openWorked(scope)}
  GROUP BY ${entity}
)`;
  const ranked = `ranked AS (
  -- The cumulative curve: entities by measure, largest first.
  SELECT entity, measure,
    ROW_NUMBER() OVER (ORDER BY measure DESC, entity) AS rank_desc,
    ROW_NUMBER() OVER (ORDER BY measure ASC, entity DESC) AS rank_asc,
    SUM(measure) OVER (ORDER BY measure DESC, entity ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative,
    SUM(measure) OVER () AS grand_total,
    COUNT(*) OVER () AS entity_count
  FROM entities
)`;
  const summary = `curve_summary AS (
  -- k: the fewest entities whose cumulative share reaches ${threshold} (a relative 1e-12 of slack for rounding).
  SELECT COUNT(*) AS entities,
    COALESCE(SUM(measure), 0) AS total,
    MIN(CASE WHEN grand_total > 0 AND cumulative >= ${threshold} * grand_total * (1 - 1e-12) THEN rank_desc END) AS k,
    -- Gini = sum of (2i - n - 1) x_i over the ascending order / (n x total).
    SUM((2 * rank_asc - entity_count - 1) * ${b.double('measure')}) AS gini_numerator
  FROM ranked
)`;
  const top = `top_group AS (
  SELECT curve_summary.*, ranked.cumulative AS top_measure
  FROM curve_summary LEFT JOIN ranked ON ranked.rank_desc = curve_summary.k
)`;
  const multiplier = `${b.double('entities')} * (${b.double('top_measure')} / k) / total`;
  const select = `SELECT
  entities, total, k,
  ${b.double('k')} / NULLIF(entities, 0) AS share,
  ${b.double('top_measure')} / NULLIF(total, 0) AS top_share,
  CASE WHEN entities = 0 OR total = 0 THEN NULL ELSE GREATEST(0, gini_numerator / (${b.double('entities')} * total)) END AS gini,
  CASE WHEN k IS NULL THEN NULL ELSE ${multiplier} END AS multiplier,
  CASE WHEN k IS NULL THEN NULL ELSE ${multiplier} - 1 END AS increase
FROM top_group`;
  const measureColumn = kind === 'column' ? options.measure : null;
  return query([...b.dealsCtes([options.by], measureColumn), entities, ranked, summary, top], select, `-- dealmath pareto as SQL (${options.dialect}): METRICS.md "Pareto / top performers", by ${options.by}.`);
}

/**
 * For `--engine duckdb`: the fold's state (metrics/pareto.ts entityStatsFold) as two queries over
 * the same deals: per entity the measure and the lever counts, and per entity the deals of each
 * profile column's values (`dimension` its index in `profile`), for the fold's own finish.
 */
export function paretoStateSql(options: ParetoSqlOptions, profile: readonly string[]): { readonly entities: string; readonly mix: string; readonly currencies: string | null } {
  const b = new SqlBuilder(options);
  const key = normalizeHeader(options.measure);
  const kind = key === 'won' || key === 'amount' ? 'won' : key === 'count' ? 'count' : 'column';
  const entity = b.id(dimensionAlias(options.by));
  const worked = `worked AS (
  SELECT deals.*, ${entity} AS entity
  FROM deals
  WHERE (status <> 'open' AND ${b.inWindow(options.scope)}) OR ${b.openWorked(options.scope)}
)`;
  const won = (value: string): string => `COALESCE(SUM(CASE WHEN status = 'won' THEN ${value} END), 0)`;
  const count = (condition: string): string => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  const measure = kind === 'won' ? won('COALESCE(amount, 0)') : kind === 'count' ? won('1') : won('CASE WHEN measure_value >= 0 THEN measure_value END');
  const currency = b.column('currency') === null ? [] : ['currency'];
  const ctes = [...b.dealsCtes([options.by, ...profile, ...currency], kind === 'column' ? options.measure : null), worked];
  const entities = query(ctes, `SELECT entity,
  ${measure} AS measure,
  COUNT(*) AS deals, ${count(`status = 'won'`)} AS won, ${count(`status = 'lost'`)} AS lost, ${count(`status = 'open'`)} AS open_deals,
  ${won('amount')} AS won_amount, ${count(`status = 'won' AND amount IS NOT NULL`)} AS won_with_amount,
  ${won('cycle_days')} AS won_cycle_days, ${count(`status = 'won' AND cycle_days IS NOT NULL`)} AS won_with_cycle,
  ${kind === 'column' ? count(`status = 'won' AND (measure_value IS NULL OR measure_value < 0)`) : '0'} AS measure_cells_skipped
FROM worked
GROUP BY entity`, '-- dealmath pareto fold state: entities');
  const mixes = profile.map((name, index) => `SELECT entity, ${index} AS dimension, ${b.id(dimensionAlias(name))} AS value, COUNT(*) AS deals FROM worked GROUP BY entity, ${b.id(dimensionAlias(name))}`);
  const mix = query(ctes, mixes.length === 0 ? 'SELECT entity, 0 AS dimension, entity AS value, 0 AS deals FROM worked WHERE FALSE' : mixes.join('\nUNION ALL\n'), '-- dealmath pareto fold state: profile mix');
  const code = b.id(dimensionAlias('currency'));
  const currencies = currency.length === 0 ? null : query(ctes, `SELECT DISTINCT UPPER(${code}) AS currency FROM worked WHERE amount IS NOT NULL AND ${code} <> '(none)'`, '-- dealmath pareto: currencies of the deals with an amount');
  return { entities, mix, currencies };
}
