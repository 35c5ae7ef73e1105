/**
 * `retention --engine duckdb`: the won revenue per account of the two periods from the generated
 * SQL (sql/retention.ts retentionStateSql) in embedded DuckDB, as the periodRevenue step's
 * result, so the command's join to the accounts file and its figures are the default engine's.
 */
import { parseIsoDay } from '../model/calendar.js';
import type { AccountPeriodRevenue, PeriodRevenue } from '../metrics/retention.js';
import { retentionStateSql } from '../sql/retention.js';
import { dimensionAlias } from '../sql/source.js';
import { inDuckdb, number, type DuckdbRun } from './duckdb.js';
import type { InputPlan } from './plan.js';
import type { StepOptions } from './registry.js';

export async function periodRevenueInDuckdb(input: InputPlan, options: StepOptions<'periodRevenue'>, env: NodeJS.ProcessEnv): Promise<DuckdbRun<PeriodRevenue>> {
  return inDuckdb(input, options.asOf, env, async (rows, sqlInput) => {
    const queries = retentionStateSql({ ...sqlInput, previous: options.previous, current: options.current, by: options.by });
    const accountRows = await rows(queries.accounts);
    const accounts: AccountPeriodRevenue[] = accountRows.map((row) => ({
      account: String(row.account_key),
      name: null,
      previous: number(row.r1),
      current: number(row.r2),
      wonDealsPrevious: number(row.won_previous),
      wonDealsCurrent: number(row.won_current),
      owner: row.owner_order === '' || row.owner_order === null ? null : String(row.owner_order),
      group: options.by.length === 0 ? null : options.by.map((name) => String(row[dimensionAlias(name)])).join(' / '),
      lastWon: row.last_won === null ? null : parseIsoDay(String(row.last_won)),
    }));
    accounts.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
    const [counts] = await rows(queries.wonDeals);
    const wonWithoutAmount = accountRows.reduce((sum, row) => sum + number(row.without_amount), 0);
    const result: PeriodRevenue = { accounts, wonWithoutAccount: number(counts?.without_account), wonWithoutAmount };
    return { result, rowsUsed: number(counts?.won_deals) };
  }, options.by);
}
