/**
 * Win rates as SQL (METRICS.md "Win rates"): unit and value win rate per --by group and in
 * total, with n, the Wilson interval, the small-sample flag and the --open policy, NULL where
 * the fold gives n/a (metrics/winRate.ts).
 */
import type { Scope } from '../metrics/scope.js';
import type { OpenPolicy } from '../metrics/winRate.js';
import { dimensionAlias, levelOrder, levels, query, SqlBuilder, type SqlInput } from './source.js';
import { wilsonSql } from './wilson.js';

export interface WinRateSqlOptions extends SqlInput {
  readonly scope: Scope;
  readonly open: OpenPolicy;
  readonly minSample: number;
  readonly by: readonly string[];
  /** `state`: the fold's state per level (decided_deals) instead of the rates, for the DuckDB engine to finish with the fold. */
  readonly select?: 'rates' | 'state' | undefined;
}

const sumIf = (condition: string, value = '1'): string => `SUM(CASE WHEN ${condition} THEN ${value} ELSE 0 END)`;

/**
 * One query: a row for the total (level 0, keys NULL) and one per group (level 1), with won,
 * lost, open, their values, n, unit_win_rate, value_win_rate, wilson_low, wilson_high,
 * small_sample, aged_out and age_out_days, as `dealmath winrate --format json` has them.
 */
export function winRateSql(options: WinRateSqlOptions): string {
  const b = new SqlBuilder(options);
  const { scope, open: policy, by } = options;
  const ageOut = policy.kind === 'age-out';
  const keys = by.map((name) => b.id(dimensionAlias(name)));
  // age-out's default DAYS is 2 x the average won cycle of each group (and of the total), so
  // it is computed per deal for both levels before the counts.
  const averageWonCycle = (partition: string): string => `AVG(CASE WHEN status = 'won' THEN cycle_days END) OVER (${partition})`;
  const days = (level: 'total' | 'group'): string =>
    policy.kind === 'age-out' && policy.days !== null ? b.number(policy.days) : `2 * ${averageWonCycle(level === 'total' ? '' : `PARTITION BY ${keys.join(', ')}`)}`;
  const windowColumns = ageOut
    ? `,\n    ${days('total')} AS age_out_days_total${keys.length > 0 ? `,\n    ${days('group')} AS age_out_days_group` : ''}`
    : '';
  const dealsInWindow = `deals_in_window AS (
  -- The deals the rates count (METRICS.md "Window"; basis ${scope.basis}); worked: an open deal worked during the window.
  SELECT deals.*,
    CASE WHEN ${b.openWorked(scope)} THEN 1 ELSE 0 END AS worked${windowColumns}
  FROM deals
  WHERE ${b.inScope(scope)}
)`;
  const aged = (level: 'total' | 'group'): string => `worked = 1 AND age_days IS NOT NULL AND age_days > age_out_days_${level}`;
  const counts = levels(b, by, (level) => {
    const lines = [
      `${sumIf(`status = 'won'`)} AS won`,
      `COALESCE(SUM(CASE WHEN status = 'won' THEN amount END), 0) AS won_value`,
      `${sumIf(`status = 'won' AND amount IS NOT NULL`)} AS won_with_amount`,
      `COALESCE(SUM(CASE WHEN status = 'won' THEN cycle_days END), 0) AS won_cycle_days`,
      `${sumIf(`status = 'won' AND cycle_days IS NOT NULL`)} AS won_with_cycle`,
      `${sumIf(`status = 'lost'`)} AS lost_closed`,
      `COALESCE(SUM(CASE WHEN status = 'lost' THEN amount END), 0) AS lost_closed_value`,
      `${sumIf(`status = 'lost' AND amount > 0`)} AS lost_with_amount`,
      `${sumIf(`status = 'open'`)} AS open_in_scope`,
      `COALESCE(SUM(CASE WHEN status = 'open' THEN amount END), 0) AS open_value`,
      `${sumIf('worked = 1')} AS open_worked`,
      `COALESCE(SUM(CASE WHEN worked = 1 THEN amount END), 0) AS open_worked_value`,
    ];
    if (ageOut) {
      lines.push(
        `MAX(age_out_days_${level}) AS age_out_days`,
        `${sumIf(`worked = 1 AND age_days IS NOT NULL`)} AS open_with_age`,
        `${sumIf(`worked = 1 AND age_days IS NULL`)} AS age_unknown`,
        `${sumIf(aged(level))} AS aged_out`,
        `COALESCE(SUM(CASE WHEN ${aged(level)} THEN amount END), 0) AS aged_value`,
        `${sumIf(`${aged(level)} AND amount > 0`)} AS aged_with_amount`,
      );
    }
    return `    ${lines.join(',\n    ')}\n  FROM deals_in_window`;
  });
  const decided = `decided_deals AS (\n  -- Won and lost deals (and the open ones the policy counts) per group and in total.\n${counts}\n)`;

  // The policy's denominator: n, what is not won, and whether lost amounts can be trusted.
  const zeroedLost = 'lost_closed > 0 AND lost_with_amount = 0';
  let n = 'won + lost_closed';
  let lost = 'lost_closed';
  let lostValue = 'lost_closed_value';
  let open = 'open_in_scope';
  let openValue = 'open_value';
  let notWon = 'lost_closed_value';
  let amountsMissing = zeroedLost;
  let undecidable = 'FALSE';
  if (policy.kind === 'include') {
    n = 'won + lost_closed + open_worked';
    open = 'open_worked';
    openValue = 'open_worked_value';
    notWon = 'lost_closed_value + open_worked_value';
  } else if (ageOut) {
    // No DAYS (no won deal with a known cycle) leaves the rates unknown when an open deal has an age to judge.
    undecidable = 'age_out_days IS NULL AND open_with_age > 0';
    const agedIn = (expression: string, otherwise = '0'): string => `CASE WHEN age_out_days IS NULL THEN ${otherwise} ELSE ${expression} END`;
    n = `won + lost_closed + ${agedIn('aged_out')}`;
    lost = `lost_closed + ${agedIn('aged_out')}`;
    lostValue = `lost_closed_value + ${agedIn('aged_value')}`;
    notWon = lostValue;
    amountsMissing = `(${zeroedLost}) OR (age_out_days IS NOT NULL AND lost_closed = 0 AND aged_out > 0 AND aged_with_amount = 0)`;
  }
  const winRates = `win_rates AS (
  -- Wu = won / n; Wv = won value / (won value + value not won), NULL where undefined.
  SELECT decided_deals.*,
    ${n} AS n,
    ${lost} AS lost,
    ${lostValue} AS lost_value,
    ${open} AS open_deals,
    ${openValue} AS open_reported_value,
    CASE WHEN ${undecidable} OR ${n} = 0 THEN NULL ELSE ${b.double('won')} / ${b.double(n)} END AS unit_win_rate,
    CASE WHEN ${undecidable} OR ${n} = 0 OR ${amountsMissing} OR won_value + ${notWon} = 0 THEN NULL
      ELSE ${b.double('won_value')} / ${b.double(`won_value + ${notWon}`)} END AS value_win_rate
  FROM decided_deals
)`;
  const wilson = wilsonSql(b, 'won', 'n');
  const select = `SELECT
  ${['level', ...keys].join(', ')},
  won, lost, open_deals, won_value, lost_value, open_reported_value AS open_value,
  n, unit_win_rate, value_win_rate,
  CASE WHEN unit_win_rate IS NULL THEN NULL ELSE ${wilson.low} END AS wilson_low,
  CASE WHEN unit_win_rate IS NULL THEN NULL ELSE ${wilson.high} END AS wilson_high,
  n < ${b.number(options.minSample)} AS small_sample${ageOut ? `,\n  CASE WHEN age_out_days IS NULL THEN 0 ELSE aged_out END AS aged_out,\n  age_out_days` : ''}
FROM win_rates
${levelOrder(b, by)}`;
  if (options.select === 'state') return query([...b.dealsCtes(by), dealsInWindow, decided], `SELECT * FROM decided_deals\n${levelOrder(b, by)}`, '-- dealmath winrate fold state');
  const header = `-- dealmath winrate as SQL (${options.dialect}): METRICS.md "Win rates", --open ${policy.kind}${policy.kind === 'age-out' && policy.days !== null ? `:${policy.days}` : ''}.`;
  return query([...b.dealsCtes(by), dealsInWindow, decided, winRates], select, header);
}
