/**
 * What `retention` and `accounts` share around their runs: the two periods compared (like for
 * like when the current one is under way), and the join of the run's account keys to the
 * accounts file by the account join rule (model/accountJoin.ts), with the notes it owes.
 */
import { parsePeriod, periodContaining, previousPeriod, sameDayComparison, toDateLabel, type NamedPeriod, type Window } from '../model/calendar.js';
import { DealmathError } from '../model/errors.js';
import type { Account } from '../model/types.js';
import { joinAccounts } from '../model/accountJoin.js';
import type { AccountPlan } from '../model/accountPlan.js';
import { mergeActivity } from '../metrics/accountActivity.js';
import { accountsOverview } from '../metrics/accountsOverview.js';
import { accountInputs, quadrants, type AccountRevenue } from '../metrics/quadrant.js';
import { mergeByAccount, retention, type PeriodRevenue } from '../metrics/retention.js';
import type { AccountsRunResult } from '../engine/steps/accountActivity.js';
import { quadrantSources } from '../report/sections/quadrant.js';
import { joinWithNotes, type AccountsInput } from './accountInput.js';
import type { Analysis } from './analysis.js';

export interface RetentionPeriods {
  readonly current: Window;
  readonly previous: Window;
  /** The current period runs to the as-of date, so the previous one is cut at the same elapsed day. */
  readonly toDate: boolean;
}

/**
 * P2 is the analysis window (--period, default this year); P1 is --compare, default the period
 * before P2; when P2 holds the as-of date, P1 is cut to the same elapsed day (METRICS.md
 * "Like-for-like comparison").
 */
export function retentionPeriods(analysis: Pick<Analysis, 'period' | 'window' | 'asOf' | 'config'>, compare: string | undefined): RetentionPeriods {
  const current = analysis.period ?? analysis.window;
  if (current === null) throw new DealmathError('usage', 'retention needs the current period: --period 2026 (and --compare 2025)');
  const fiscal = analysis.config.fiscalYearStartMonth;
  let other: NamedPeriod | null;
  if (compare !== undefined) {
    other = parsePeriod(compare, analysis.asOf, fiscal);
    if (other === null) throw new DealmathError('usage', `--compare "${compare}" is not a period; expected 2025, 2025-Q4, last-year...`);
  } else {
    if (analysis.period === null) throw new DealmathError('usage', 'give the previous period with --compare (2025, 2025-Q4...)');
    other = previousPeriod(analysis.period, fiscal);
  }
  if (other.to >= current.from) throw new DealmathError('usage', `--compare ${other.label} must end before the current period ${current.label} starts`);
  if (analysis.period === null) return { current, previous: other, toDate: false };
  const comparison = sameDayComparison(analysis.period, other, analysis.asOf);
  // Under way: nothing after the as-of date is won yet, so the period ends there.
  const currentToDate = comparison.toDate ? { from: current.from, to: analysis.asOf, label: toDateLabel(analysis.period) } : current;
  return { current: currentToDate, previous: comparison.window, toDate: comparison.toDate };
}

/** Retention of a run: the keys joined to the accounts, merged, grouped (an account column wins), and the figures. */
export function retentionOf(revenue: PeriodRevenue, input: AccountsInput | null, accountColumn: string | null) {
  const keyed = revenue.accounts.map((entry) => ({ key: entry.account, amount: entry.previous + entry.current, deals: entry.wonDealsPrevious + entry.wonDealsCurrent }));
  const { join, notes } = joinWithNotes(input, keyed, null);
  const byAccount = new Map((input?.accounts ?? []).map((account) => [account.id, account]));
  const merged = mergeByAccount(revenue, join).map((entry) => (accountColumn === null ? entry : { ...entry, group: byAccount.get(entry.account)?.dimensions[accountColumn]?.trim() || '(none)' }));
  if (revenue.wonWithoutAccount > 0) notes.push(`${revenue.wonWithoutAccount} won deals with no account are left out`);
  return { result: retention(merged), join, notes };
}

/**
 * `--every year|quarter`: each period of the window that has begun by the as-of date against the
 * one before it (the last, when under way, to the same elapsed day), oldest first.
 */
export function retentionSeriesPeriods(analysis: Analysis, unit: 'year' | 'quarter'): RetentionPeriods[] {
  const window = analysis.window;
  if (window === null) throw new DealmathError('usage', '--every needs a window (--period 2026, or --from/--to)');
  const fiscal = analysis.config.fiscalYearStartMonth;
  const series: RetentionPeriods[] = [];
  for (let period = periodContaining(window.from, unit, fiscal); period.from <= Math.min(window.to, analysis.asOf); period = periodContaining(period.to + 1, unit, fiscal)) {
    const comparison = sameDayComparison(period, previousPeriod(period, fiscal), analysis.asOf);
    series.push({ current: comparison.toDate ? { from: period.from, to: analysis.asOf, label: toDateLabel(period) } : period, previous: comparison.window, toDate: comparison.toDate });
  }
  return series;
}

/** Each account's quadrant letter, when the accounts file and config allow one (else null, with the reason). */
export function accountQuadrants(analysis: Analysis, accounts: readonly Account[], revenue: AccountRevenue): { letters: Map<string, string | null> | null; note: string | null } {
  let sources;
  try {
    sources = quadrantSources(analysis.config, accounts, 'available');
  } catch (error) {
    if (error instanceof DealmathError) return { letters: null, note: `no quadrants: ${error.message}` };
    throw error;
  }
  const inputs = accountInputs(accounts, {
    current: sources.currentFromDeals ? { kind: 'won', revenue } : { kind: 'column', column: sources.currentColumn },
    future: sources.future,
    decimal: analysis.config.decimal ?? '.',
  });
  const result = quadrants(inputs, { thresholds: sources.thresholds, futureIsMoney: true });
  return { letters: new Map(result.accounts.map((account) => [account.id, account.quadrant.value])), note: null };
}

/**
 * Joins the run's account keys (and the plan's accounts) to the accounts file by the account join
 * rule, and builds the overview. Without an accounts file, deal keys are the accounts and plan
 * accounts are joined to them by the same rule.
 */
export function accountsOverviewOf(analysis: Analysis, input: AccountsInput | null, plan: AccountPlan | null, result: AccountsRunResult) {
  const { activity, revenue, productsKnown } = result;
  const keyed = activity.accounts.map((entry) => ({ key: entry.account, amount: entry.wonValue, deals: entry.deals }));
  const { join, notes } = joinWithNotes(input, keyed, null);
  const merged = mergeActivity(activity.accounts, (key) => join?.byKey.get(key)?.accountId ?? key);
  const refs = input?.accounts ?? merged.map((entry) => ({ id: entry.account, name: null }));
  const planJoin = plan === null ? null : joinAccounts(refs, plan.accounts.map((entry) => entry.account));
  const warnings = [...notes];
  for (const missing of planJoin?.unmatched ?? []) warnings.push(`plan account "${missing.key}" ${missing.reason === 'ambiguous' ? `could be ${missing.candidates.join(' or ')}` : 'matches no account'}: its figures start from zero`);
  for (const match of planJoin?.normalizedMatches ?? []) warnings.push(`plan account "${match.key}" is joined to account ${match.accountId} by normalised name`);
  const quadrant = input === null ? { letters: null, note: null } : accountQuadrants(analysis, input.accounts, revenue);
  if (quadrant.note !== null) warnings.push(quadrant.note);
  if (!productsKnown) warnings.push('the deals have no product column (config products.column): no penetration or white space');
  if (activity.withoutAccount > 0) warnings.push(`${activity.withoutAccount} deals with no account are left out`);
  const overview = accountsOverview({
    activity: merged,
    names: new Map((input?.accounts ?? []).map((account) => [account.id, account.name])),
    idleAccounts: (input?.accounts ?? []).map((account) => account.id),
    offered: analysis.config.products?.offered ?? [],
    productsKnown,
    quadrants: quadrant.letters,
    plan:
      plan === null
        ? null
        : plan.accounts.map((entry) => {
            const match = planJoin?.byKey.get(entry.account);
            return { account: match?.accountId ?? entry.account, matched: match !== undefined, objective: entry.objective ?? null, pipelineGoal: entry.pipelineGoal ?? null, products: entry.products ?? null };
          }),
    minSample: analysis.minSample,
  });
  return { overview, warnings, join };
}
