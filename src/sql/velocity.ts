/**
 * Sales velocity as SQL (METRICS.md "Sales velocity"): V = N x A x W / L per --by group and in
 * total, NULL when a term is (metrics/velocity.ts).
 */
import { PERIOD_DAYS } from '../model/calendar.js';
import type { Scope } from '../metrics/scope.js';
import { dimensionAlias, levelOrder, levels, query, SqlBuilder, type SqlInput } from './source.js';

export interface VelocitySqlOptions extends SqlInput {
  readonly scope: Scope;
  /** N: open deals at the as-of date, or closed deals in the window (`--n closed`). */
  readonly n: 'open' | 'closed';
  readonly by: readonly string[];
  /** `state`: the fold's state per level (the levers' sums) instead of V, for the DuckDB engine to finish with the fold. */
  readonly select?: 'velocity' | 'state' | undefined;
}

/** Columns: deals (N), average_won_amount (A), win_rate (W), won, lost, cycle_days (L), per_day, per_month, per_quarter. */
export function velocitySql(options: VelocitySqlOptions): string {
  const b = new SqlBuilder(options);
  const { scope, by } = options;
  const keys = by.map((name) => b.id(dimensionAlias(name)));
  const dealsInWindow = `deals_in_window AS (
  -- METRICS.md "Window" (basis ${scope.basis}): closed deals of the window, open deals at the as-of date.
  SELECT * FROM deals WHERE ${b.inScope(scope)}
)`;
  const levers = levels(b, by, () => `    SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open_deals,
    SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won,
    SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) AS lost,
    -- A: average amount of the won deals that carry one.
    AVG(CASE WHEN status = 'won' THEN amount END) AS average_won_amount,
    -- L: average sales cycle of the won deals with a known one.
    AVG(CASE WHEN status = 'won' THEN cycle_days END) AS cycle_days${options.select === 'state' ? `,
    COALESCE(SUM(CASE WHEN status = 'won' THEN amount END), 0) AS won_amount_sum,
    SUM(CASE WHEN status = 'won' AND amount IS NOT NULL THEN 1 ELSE 0 END) AS won_with_amount,
    COALESCE(SUM(CASE WHEN status = 'won' THEN cycle_days END), 0) AS won_cycle_days,
    SUM(CASE WHEN status = 'won' AND cycle_days IS NOT NULL THEN 1 ELSE 0 END) AS won_with_cycle` : ''}
  FROM deals_in_window`);
  const leversCte = `levers AS (\n${levers}\n)`;
  if (options.select === 'state') return query([...b.dealsCtes(by), dealsInWindow, leversCte], `SELECT * FROM levers\n${levelOrder(b, by)}`, '-- dealmath velocity fold state');
  const deals = options.n === 'open' ? 'open_deals' : 'won + lost';
  const terms = `velocity_terms AS (
  SELECT levers.*,
    ${deals} AS deals,
    -- W: unit win rate of the closed deals (open deals excluded).
    CASE WHEN won + lost = 0 THEN NULL ELSE ${b.double('won')} / ${b.double('won + lost')} END AS win_rate
  FROM levers
)`;
  const perDay = `CASE WHEN average_won_amount IS NULL OR win_rate IS NULL OR cycle_days IS NULL OR cycle_days <= 0 THEN NULL
    ELSE ${b.double('deals')} * average_won_amount * win_rate / cycle_days END`;
  const select = `SELECT
  ${['level', ...keys].join(', ')},
  deals, average_won_amount, win_rate, won, lost, cycle_days,
  ${perDay} AS per_day,
  (${perDay}) * ${PERIOD_DAYS.month} AS per_month,
  (${perDay}) * ${PERIOD_DAYS.quarter} AS per_quarter
FROM velocity_terms
${levelOrder(b, by)}`;
  return query([...b.dealsCtes(by), dealsInWindow, leversCte, terms], select, `-- dealmath velocity as SQL (${options.dialect}): METRICS.md "Sales velocity", N = ${options.n} deals.`);
}
