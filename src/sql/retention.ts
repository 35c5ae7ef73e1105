/**
 * Revenue retention as SQL (METRICS.md "Retention and concentration"): per account R1, the won
 * revenue of the previous period P1, and R2, of the current period P2 (won deals closed by the
 * as-of date); over the accounts with R1 > 0, GRR = sum min(R2, R1) / sum R1, NRR = sum R2 /
 * sum R1 and logo retention = the share with R2 > 0; new-account revenue (R1 = 0) apart. The
 * account is the deal's account text, trimmed (the join to an accounts file stays the command's).
 */
import type { Window } from '../model/calendar.js';
import { query, SqlBuilder, type SqlInput } from './source.js';

export interface RetentionSqlOptions extends SqlInput {
  /** P1, the previous period. */
  readonly previous: Window;
  /** P2, the current period (to the as-of date when under way). */
  readonly current: Window;
}

/**
 * Columns: accounts_start, accounts_retained, churned, revenue_start, revenue_retained,
 * revenue_end, new_account_revenue, new_accounts, grr, nrr, logo_retention (NULL with no
 * starting revenue).
 */
export function retentionSql(options: RetentionSqlOptions): string {
  const b = new SqlBuilder(options);
  const { previous, current } = options;
  const account = b.id('account');
  const between = (window: Window): string => `close_date BETWEEN ${b.date(window.from)} AND ${b.date(window.to)}`;
  const wonInPeriods = `won_in_periods AS (
  -- Won deals closed in P1 or P2 by the as-of date, with an account (a deal without one is left out).
  SELECT ${account} AS account,
    CASE WHEN ${between(current)} THEN 'current' ELSE 'previous' END AS period,
    amount
  FROM deals
  WHERE status = 'won' AND close_date <= ${b.date(options.asOf)}
    AND (${between(current)} OR ${between(previous)})
    AND ${account} <> '(none)'
)`;
  const accountRevenue = `account_revenue AS (
  -- R1 and R2 per account (a won deal without an amount adds nothing).
  SELECT account,
    COALESCE(SUM(CASE WHEN period = 'previous' THEN amount END), 0) AS r1,
    COALESCE(SUM(CASE WHEN period = 'current' THEN amount END), 0) AS r2
  FROM won_in_periods
  GROUP BY account
)`;
  const totals = `retention_totals AS (
  -- Over the accounts with R1 > 0: start, retained (min(R2, R1)) and end revenue; new accounts apart.
  SELECT
    SUM(CASE WHEN r1 > 0 THEN 1 ELSE 0 END) AS accounts_start,
    SUM(CASE WHEN r1 > 0 AND r2 > 0 THEN 1 ELSE 0 END) AS accounts_retained,
    SUM(CASE WHEN r1 > 0 AND r2 = 0 THEN 1 ELSE 0 END) AS churned,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN r1 END), 0) AS revenue_start,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN LEAST(r1, r2) END), 0) AS revenue_retained,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN r2 END), 0) AS revenue_end,
    COALESCE(SUM(CASE WHEN r1 <= 0 AND r2 > 0 THEN r2 END), 0) AS new_account_revenue,
    SUM(CASE WHEN r1 <= 0 AND r2 > 0 THEN 1 ELSE 0 END) AS new_accounts
  FROM account_revenue
)`;
  const select = `SELECT
  COALESCE(accounts_start, 0) AS accounts_start, COALESCE(accounts_retained, 0) AS accounts_retained, COALESCE(churned, 0) AS churned,
  revenue_start, revenue_retained, revenue_end, new_account_revenue, COALESCE(new_accounts, 0) AS new_accounts,
  -- GRR, NRR and logo retention: NULL when no account won revenue in P1.
  CASE WHEN revenue_start > 0 THEN ${b.double('revenue_retained')} / ${b.double('revenue_start')} END AS grr,
  CASE WHEN revenue_start > 0 THEN ${b.double('revenue_end')} / ${b.double('revenue_start')} END AS nrr,
  CASE WHEN accounts_start > 0 THEN ${b.double('accounts_retained')} / ${b.double('accounts_start')} END AS logo_retention
FROM retention_totals`;
  return query([...b.dealsCtes(['account']), wonInPeriods, accountRevenue, totals], select, `-- dealmath retention as SQL (${options.dialect}): METRICS.md "Retention and concentration", no --by.`);
}
