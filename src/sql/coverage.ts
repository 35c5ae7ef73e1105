/**
 * Pipeline coverage against a team target as SQL (METRICS.md "Pipeline coverage"): the team's
 * row of `dealmath coverage --target T` (metrics/coverage.ts), raw coverage.
 */
import { formatDay, type Window } from '../model/calendar.js';
import { query, SqlBuilder, type SqlInput } from './source.js';

export interface CoverageSqlOptions extends SqlInput {
  /** The target period. */
  readonly period: Window;
  /** Closed deals (by close date) whose rates are used. */
  readonly rateWindow: Window;
  /** T, the team target. */
  readonly target: number;
  /** Prospect-to-opportunity rate in (0, 1], or null. */
  readonly prospectRate: number | null;
}

const CEIL_TOLERANCE = 1e-9;

/**
 * Columns: target, won_to_date, won_to_date_deals, remaining, unit_win_rate, value_win_rate,
 * average_won_amount, n, required_multiple, required_pipeline, required_deals, open_pipeline,
 * open_deals, attainment, coverage, gap, prospects_needed.
 */
export function coverageSql(options: CoverageSqlOptions): string {
  const b = new SqlBuilder(options);
  const { period, rateWindow, target, prospectRate } = options;
  if (!(Number.isFinite(target) && target >= 0)) throw new RangeError(`coverageSql: the target must be a number >= 0, got ${target}`);
  const between = (window: Window, to = window.to): string => `close_date BETWEEN ${b.date(window.from)} AND ${b.date(to)}`;
  const wonToDate = `status = 'won' AND ${between(period, Math.min(period.to, options.asOf))}`;
  const rated = `status <> 'open' AND ${between(rateWindow)}`;
  const openInPeriod = `status = 'open' AND ${between(period)}`;
  const team = `team AS (
  -- Won to date (period up to the as-of date), the rate window's closed deals, the open pipeline closing in the period.
  SELECT
    COALESCE(SUM(CASE WHEN ${wonToDate} THEN amount END), 0) AS won_to_date,
    SUM(CASE WHEN ${wonToDate} THEN 1 ELSE 0 END) AS won_to_date_deals,
    SUM(CASE WHEN ${rated} AND status = 'won' THEN 1 ELSE 0 END) AS won,
    SUM(CASE WHEN ${rated} AND status = 'lost' THEN 1 ELSE 0 END) AS lost,
    COALESCE(SUM(CASE WHEN ${rated} AND status = 'won' THEN amount END), 0) AS won_value,
    SUM(CASE WHEN ${rated} AND status = 'won' AND amount IS NOT NULL THEN 1 ELSE 0 END) AS won_with_amount,
    COALESCE(SUM(CASE WHEN ${rated} AND status = 'lost' THEN amount END), 0) AS lost_value,
    SUM(CASE WHEN ${rated} AND status = 'lost' AND amount > 0 THEN 1 ELSE 0 END) AS lost_with_amount,
    COALESCE(SUM(CASE WHEN ${openInPeriod} THEN amount END), 0) AS open_pipeline,
    SUM(CASE WHEN ${openInPeriod} THEN 1 ELSE 0 END) AS open_deals
  FROM deals
)`;
  const T = b.double(b.number(target));
  const rates = `rates AS (
  SELECT team.*,
    ${T} AS target,
    GREATEST(${T} - won_to_date, 0) AS remaining,
    won + lost AS n,
    CASE WHEN won + lost = 0 THEN NULL ELSE ${b.double('won')} / ${b.double('won + lost')} END AS unit_win_rate,
    CASE WHEN won + lost = 0 OR (lost > 0 AND lost_with_amount = 0) OR won_value + lost_value = 0 THEN NULL
      ELSE ${b.double('won_value')} / ${b.double('won_value + lost_value')} END AS value_win_rate,
    CASE WHEN won = 0 OR won_with_amount = 0 THEN NULL ELSE ${b.double('won_value')} / ${b.double('won_with_amount')} END AS average_won_amount
  FROM team
)`;
  // The largest finite double: a quotient past it (or NaN) is no count.
  const MAX_DOUBLE = '1.7976931348623157e308';
  const ceil = (x: string): string => `CEIL(${x} - ${CEIL_TOLERANCE} * GREATEST(1, ABS(${x})))`;
  const perDeal = 'average_won_amount * unit_win_rate';
  const required = `required AS (
  SELECT rates.*,
    -- 1 / W as n / won.
    CASE WHEN n = 0 OR won = 0 THEN NULL ELSE ${b.double('n')} / ${b.double('won')} END AS required_multiple,
    CASE WHEN remaining = 0 THEN 0 WHEN value_win_rate IS NULL OR value_win_rate = 0 THEN NULL ELSE remaining / value_win_rate END AS required_pipeline,
    -- NULL when the quotient overflows (an average won amount of 5e-324), as the command has it n/a.
    CASE WHEN remaining = 0 THEN 0 WHEN ${perDeal} IS NULL OR ${perDeal} = 0 OR NOT ABS(remaining / (${perDeal})) <= ${MAX_DOUBLE} THEN NULL
      ELSE ${ceil(`remaining / (${perDeal})`)} END AS required_deals
  FROM rates
)`;
  const prospects = prospectRate === null
    ? 'NULL'
    : `CASE WHEN required_deals IS NULL THEN NULL ELSE ${ceil(`GREATEST(required_deals - open_deals, 0) / ${b.number(prospectRate)}`)} END`;
  const select = `SELECT
  target, won_to_date, won_to_date_deals, remaining, unit_win_rate, value_win_rate, average_won_amount, n,
  required_multiple, required_pipeline, required_deals, open_pipeline, open_deals,
  CASE WHEN target = 0 THEN NULL ELSE won_to_date / target END AS attainment,
  CASE WHEN remaining = 0 THEN NULL ELSE open_pipeline / remaining END AS coverage,
  required_pipeline - open_pipeline AS gap,
  ${prospects} AS prospects_needed
FROM required`;
  return query([...b.dealsCtes([]), team, rates, required], select, `-- dealmath coverage as SQL (${options.dialect}): METRICS.md "Pipeline coverage", team target ${target}, period ${formatDay(period.from)}..${formatDay(period.to)}.`);
}
