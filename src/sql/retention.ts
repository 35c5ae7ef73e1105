/**
 * Revenue retention as SQL (METRICS.md "Retention and concentration"): per account R1, the won
 * revenue of the previous period P1, and R2, of the current period P2 (won deals closed by the
 * as-of date); over the accounts with R1 > 0, GRR = sum min(R2, R1) / sum R1, NRR = sum R2 /
 * sum R1 and logo retention = the share with R2 > 0; new-account revenue (R1 = 0) apart. The
 * account is the deal's account text, trimmed (the join to an accounts file stays the command's).
 * With --by (deal columns), each account counts in one group: the group of its latest won deal
 * in P1, else in P2, as the fold decides it (metrics/retention.ts accountPeriodRevenueFold).
 */
import type { Window } from '../model/calendar.js';
import { dimensionAlias, levelOrder, levels, query, SqlBuilder, type SqlInput } from './source.js';

export interface RetentionSqlOptions extends SqlInput {
  /** P1, the previous period. */
  readonly previous: Window;
  /** P2, the current period (to the as-of date when under way). */
  readonly current: Window;
  /** Deal columns to group the accounts by (none: the total only). */
  readonly by?: readonly string[] | undefined;
}

/**
 * Columns: level and the --by keys (as winrate's: level 0 the total, keys NULL; level 1 a
 * group), accounts_start, accounts_retained, churned, revenue_start, revenue_retained,
 * revenue_end, new_account_revenue, new_accounts, grr, nrr, logo_retention (NULL with no
 * starting revenue).
 */
export function retentionSql(options: RetentionSqlOptions): string {
  return retentionQueries(options, false) as string;
}

/**
 * For `--engine duckdb`: the fold's state (metrics/retention.ts accountPeriodRevenueFold) as two
 * queries: per account R1, R2, its won deals, the owner and group of its latest won deal (P1,
 * else P2) and its last win; and the won deals of both periods, those without an account apart.
 */
export function retentionStateSql(options: RetentionSqlOptions): { readonly accounts: string; readonly wonDeals: string } {
  return retentionQueries(options, true) as { accounts: string; wonDeals: string };
}

function retentionQueries(options: RetentionSqlOptions, state: boolean): string | { accounts: string; wonDeals: string } {
  const b = new SqlBuilder(options);
  const { previous, current } = options;
  const by = options.by ?? [];
  const keys = by.map((name) => b.id(dimensionAlias(name)));
  const account = b.id(dimensionAlias('account'));
  const between = (window: Window): string => `close_date BETWEEN ${b.date(window.from)} AND ${b.date(window.to)}`;
  // The fold breaks a tie between deals of the same day by owner (no owner first), then by group.
  const owner = b.column('owner') === null ? `''` : `CASE WHEN ${b.id(dimensionAlias('owner'))} = '(none)' THEN '' ELSE ${b.id(dimensionAlias('owner'))} END`;
  const wonInPeriods = `won_in_periods AS (
  -- Won deals closed in P1 or P2 by the as-of date${state ? '' : ', with an account (a deal without one is left out)'}.
  SELECT ${account} AS account_key,
    CASE WHEN ${between(current)} THEN 'current' ELSE 'previous' END AS won_period,
    amount AS won_amount${by.length === 0 && !state ? '' : `,\n    close_date AS won_on,\n    ${owner} AS owner_order${keys.map((key) => `,\n    ${key}`).join('')}`}
  FROM deals
  WHERE status = 'won' AND close_date <= ${b.date(options.asOf)}
    AND (${between(current)} OR ${between(previous)})${state ? '' : `\n    AND ${account} <> '(none)'`}
)`;
  const accountGroup = `account_group AS (
  -- Each account's group: that of its latest won deal in P1, else in P2 (same day: by owner, then group).
  SELECT account_key${keys.map((key) => `, ${key}`).join('')}
  FROM (
    SELECT account_key${keys.map((key) => `, ${key}`).join('')},
      ROW_NUMBER() OVER (PARTITION BY account_key ORDER BY CASE WHEN won_period = 'previous' THEN 0 ELSE 1 END, won_on DESC, owner_order${keys.map((key) => `, ${key}`).join('')}) AS pick
    FROM won_in_periods
  ) latest
  WHERE pick = 1
)`;
  const revenue = `SELECT account_key,
    COALESCE(SUM(CASE WHEN won_period = 'previous' THEN won_amount END), 0) AS r1,
    COALESCE(SUM(CASE WHEN won_period = 'current' THEN won_amount END), 0) AS r2
  FROM won_in_periods
  GROUP BY account_key`;
  const accountRevenue = by.length === 0
    ? `account_revenue AS (\n  -- R1 and R2 per account (a won deal without an amount adds nothing).\n  ${revenue}\n)`
    : `account_revenue AS (\n  -- R1 and R2 per account (a won deal without an amount adds nothing), with its group.\n  SELECT per_account.account_key, r1, r2${keys.map((key) => `, ${key}`).join('')}\n  FROM (\n  ${revenue}\n  ) per_account\n  JOIN account_group ON account_group.account_key = per_account.account_key\n)`;
  const totals = `retention_totals AS (
  -- Over the accounts with R1 > 0: start, retained (min(R2, R1)) and end revenue; new accounts apart.
${levels(b, by, () => `    SUM(CASE WHEN r1 > 0 THEN 1 ELSE 0 END) AS accounts_start,
    SUM(CASE WHEN r1 > 0 AND r2 > 0 THEN 1 ELSE 0 END) AS accounts_retained,
    SUM(CASE WHEN r1 > 0 AND r2 = 0 THEN 1 ELSE 0 END) AS churned,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN r1 END), 0) AS revenue_start,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN LEAST(r1, r2) END), 0) AS revenue_retained,
    COALESCE(SUM(CASE WHEN r1 > 0 THEN r2 END), 0) AS revenue_end,
    COALESCE(SUM(CASE WHEN r1 <= 0 AND r2 > 0 THEN r2 END), 0) AS new_account_revenue,
    SUM(CASE WHEN r1 <= 0 AND r2 > 0 THEN 1 ELSE 0 END) AS new_accounts
  FROM account_revenue`)}
)`;
  const select = `SELECT
  ${['level', ...keys].join(', ')},
  COALESCE(accounts_start, 0) AS accounts_start, COALESCE(accounts_retained, 0) AS accounts_retained, COALESCE(churned, 0) AS churned,
  revenue_start, revenue_retained, revenue_end, new_account_revenue, COALESCE(new_accounts, 0) AS new_accounts,
  -- GRR, NRR and logo retention: NULL when no account won revenue in P1.
  CASE WHEN revenue_start > 0 THEN ${b.double('revenue_retained')} / ${b.double('revenue_start')} END AS grr,
  CASE WHEN revenue_start > 0 THEN ${b.double('revenue_end')} / ${b.double('revenue_start')} END AS nrr,
  CASE WHEN accounts_start > 0 THEN ${b.double('accounts_retained')} / ${b.double('accounts_start')} END AS logo_retention
FROM retention_totals
${levelOrder(b, by)}`;
  const dimensions = by.length === 0 && !state ? ['account'] : ['account', ...(b.column('owner') === null ? [] : ['owner']), ...by];
  if (state) {
    // The fold's state per account (metrics/retention.ts accountPeriodRevenueFold): R1, R2, won deals, the latest deal's owner and group, the last win.
    const perAccount = `SELECT account_key,
    COALESCE(SUM(CASE WHEN won_period = 'previous' THEN won_amount END), 0) AS r1,
    COALESCE(SUM(CASE WHEN won_period = 'current' THEN won_amount END), 0) AS r2,
    SUM(CASE WHEN won_period = 'previous' THEN 1 ELSE 0 END) AS won_previous,
    SUM(CASE WHEN won_period = 'current' THEN 1 ELSE 0 END) AS won_current,
    SUM(CASE WHEN won_amount IS NULL THEN 1 ELSE 0 END) AS without_amount,
    CAST(COALESCE(MAX(CASE WHEN won_period = 'current' THEN won_on END), MAX(won_on)) AS ${b.dialect.textType}) AS last_won
  FROM won_in_periods
  WHERE account_key <> '(none)'
  GROUP BY account_key`;
    const latest = `SELECT per_account.*, account_group.owner_order${keys.map((key) => `, account_group.${key}`).join('')}
FROM (
  ${perAccount}
) per_account
JOIN (
  SELECT account_key, owner_order${keys.map((key) => `, ${key}`).join('')},
    ROW_NUMBER() OVER (PARTITION BY account_key ORDER BY CASE WHEN won_period = 'previous' THEN 0 ELSE 1 END, won_on DESC, owner_order${keys.map((key) => `, ${key}`).join('')}) AS pick
  FROM won_in_periods
  WHERE account_key <> '(none)'
) account_group ON account_group.account_key = per_account.account_key AND account_group.pick = 1
ORDER BY per_account.account_key`;
    const ctes = [...b.dealsCtes(dimensions), wonInPeriods];
    return {
      accounts: query(ctes, latest, '-- dealmath retention fold state: accounts'),
      wonDeals: query(ctes, `SELECT COUNT(*) AS won_deals, SUM(CASE WHEN account_key = '(none)' THEN 1 ELSE 0 END) AS without_account FROM won_in_periods`, '-- dealmath retention fold state: won deals'),
    };
  }
  const ctes = [...b.dealsCtes(dimensions), wonInPeriods, ...(by.length === 0 ? [] : [accountGroup]), accountRevenue, totals];
  const header = `-- dealmath retention as SQL (${options.dialect}): METRICS.md "Retention and concentration", ${by.length === 0 ? 'no --by' : `by ${by.join(', ')}`}.`;
  return query(ctes, select, header);
}
