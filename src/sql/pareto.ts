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
  const measure = b.double(kind === 'won' ? 'COALESCE(amount, 0)' : kind === 'count' ? '1' : 'measure_value');
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
