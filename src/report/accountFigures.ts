/**
 * The account figures shared by `retention`, `accounts` and the weekly report's accounts section:
 * the join of the run's account keys to the accounts file by the account join rule
 * (model/accountJoin.ts) with the notes it owes, retention of two periods, and the accounts
 * overview (concentration, penetration and white space, quadrants, plan).
 */
import type { Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import type { Account } from '../model/types.js';
import { accountJoinNotes, joinAccounts, type AccountJoin, type KeyedAmount } from '../model/accountJoin.js';
import type { AccountPlan } from '../model/accountPlan.js';
import { mergeActivity, type AccountActivityResult } from '../metrics/accountActivity.js';
import { accountsOverview } from '../metrics/accountsOverview.js';
import { accountInputs, quadrants, type AccountRevenue } from '../metrics/quadrant.js';
import { mergeByAccount, retention, type PeriodRevenue } from '../metrics/retention.js';
import type { AccountsRunResult } from '../engine/steps/accountActivity.js';
import type { DealRun } from '../engine/dealRun.js';
import { formatCount, formatMoney, formatRatio } from './format.js';
import { addToSum, exactSum, sumValue } from '../metrics/exactSum.js';
import { quadrantSources } from './sections/quadrant.js';

/** The accounts file as read (readAccounts). */
export interface AccountsInput {
  readonly accounts: readonly Account[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
}

/** What the account figures take of a run: the config (products, quadrant sources, decimal) and the minimum sample. */
export interface AccountContext {
  readonly config: Config;
  readonly minSample: number;
  /** The current period's label (`2026 YTD`), for the warning about deals with no account. */
  readonly currentLabel?: string | undefined;
}

/** The join of the deals' keys, and its warnings (`leftOutOf` null: unmatched keys are kept as accounts of their own). */
export function joinWithNotes(input: AccountsInput | null, keyed: readonly KeyedAmount[], leftOutOf: string | null): { join: AccountJoin | null; notes: string[] } {
  if (input === null) return { join: null, notes: [] };
  const join = joinAccounts(input.accounts, keyed.map((entry) => entry.key));
  const notes = accountJoinNotes(join, keyed, { what: 'won', leftOutOf, formatMoney });
  if (input.rowsRejected > 0) notes.unshift(`${formatCount(input.rowsRejected)} of ${formatCount(input.rowsRead)} account rows rejected (run dealmath quadrant on the file for the findings)`);
  return { join, notes };
}

/** Retention of a run: the keys joined to the accounts, merged, grouped (an account column wins), and the figures. */
export function retentionOf(revenue: PeriodRevenue, input: AccountsInput | null, accountColumn: string | null) {
  const keyed = revenue.accounts.map((entry) => ({ key: entry.account, amount: entry.previous + entry.current, deals: entry.wonDealsPrevious + entry.wonDealsCurrent }));
  const { join, notes } = joinWithNotes(input, keyed, null);
  const byAccount = new Map((input?.accounts ?? []).map((account) => [account.id, account]));
  const merged = mergeByAccount(revenue, join).map((entry) => (accountColumn === null ? entry : { ...entry, group: byAccount.get(entry.account)?.dimensions[accountColumn]?.trim() || '(none)' }));
  if (revenue.wonWithoutAccount > 0) notes.push(`${formatCount(revenue.wonWithoutAccount)} won deals with no account are left out`);
  return { result: retention(merged), join, notes };
}

/**
 * The warning for deals with no account, which no account's figures include: how many, and
 * the share of the current period's won revenue they hold (so a concentration over the rest is
 * read for what it is), or null when every deal has an account.
 */
export function withoutAccountWarning(activity: Pick<AccountActivityResult, 'accounts' | 'withoutAccount' | 'wonCurrentWithoutAccount'>, currentLabel = 'the current period'): string | null {
  const deals = activity.withoutAccount;
  if (deals === 0) return null;
  const head = `${formatCount(deals)} deal${deals === 1 ? ' has' : 's have'} no account and ${deals === 1 ? 'is' : 'are'} left out of every account's figures`;
  const left = activity.wonCurrentWithoutAccount;
  if (left === 0) return `${head} (none of them won in ${currentLabel})`;
  const total = exactSum();
  addToSum(total, left);
  for (const account of activity.accounts) addToSum(total, account.wonCurrent);
  const whole = sumValue(total);
  const share = whole > 0 && left > 0 ? ` (${formatRatio(left / whole)})` : '';
  return `${head}, with ${formatMoney(left)} of the ${formatMoney(whole)} won in ${currentLabel}${share}: concentration is over the rest`;
}

/** Each account's quadrant letter, when the accounts file and config allow one (else null, with the reason). */
export function accountQuadrants(context: AccountContext, accounts: readonly Account[], revenue: AccountRevenue): { letters: Map<string, string | null> | null; note: string | null } {
  let sources;
  try {
    sources = quadrantSources(context.config, accounts, 'available');
  } catch (error) {
    if (error instanceof DealmathError) return { letters: null, note: `no quadrants: ${error.message}` };
    throw error;
  }
  const inputs = accountInputs(accounts, {
    current: sources.currentFromDeals ? { kind: 'won', revenue } : { kind: 'column', column: sources.currentColumn },
    future: sources.future,
    decimal: context.config.decimal ?? '.',
  });
  const result = quadrants(inputs, { thresholds: sources.thresholds, futureIsMoney: true });
  return { letters: new Map(result.accounts.map((account) => [account.id, account.quadrant.value])), note: null };
}

/**
 * Joins the run's account keys (and the plan's accounts) to the accounts file by the account join
 * rule, and builds the overview. Without an accounts file, deal keys are the accounts and plan
 * accounts are joined to them by the same rule.
 */
export function accountsOverviewOf(context: AccountContext, input: AccountsInput | null, plan: AccountPlan | null, result: AccountsRunResult) {
  const { activity, revenue, productsKnown } = result;
  const keyed = activity.accounts.map((entry) => ({ key: entry.account, amount: entry.wonValue, deals: entry.deals }));
  const { join, notes } = joinWithNotes(input, keyed, null);
  const merged = mergeActivity(activity.accounts, (key) => join?.byKey.get(key)?.accountId ?? key);
  const refs = input?.accounts ?? merged.map((entry) => ({ id: entry.account, name: null }));
  const planJoin = plan === null ? null : joinAccounts(refs, plan.accounts.map((entry) => entry.account));
  const warnings = [...notes];
  for (const missing of planJoin?.unmatched ?? []) warnings.push(`plan account "${missing.key}" ${missing.reason === 'ambiguous' ? `could be ${missing.candidates.join(' or ')}` : 'matches no account'}: its figures start from zero`);
  for (const match of planJoin?.normalizedMatches ?? []) warnings.push(`plan account "${match.key}" is joined to account ${match.accountId} by normalised name`);
  const quadrant = input === null ? { letters: null, note: null } : accountQuadrants(context, input.accounts, revenue);
  if (quadrant.note !== null) warnings.push(quadrant.note);
  if (!productsKnown) warnings.push('the deals have no product column (config products.column): no penetration or white space');
  const leftOut = withoutAccountWarning(activity, context.currentLabel);
  if (leftOut !== null) warnings.push(leftOut);
  const overview = accountsOverview({
    activity: merged,
    names: new Map((input?.accounts ?? []).map((account) => [account.id, account.name])),
    idleAccounts: (input?.accounts ?? []).map((account) => account.id),
    offered: context.config.products?.offered ?? [],
    productsKnown,
    quadrants: quadrant.letters,
    plan:
      plan === null
        ? null
        : plan.accounts.map((entry) => {
            const match = planJoin?.byKey.get(entry.account);
            return { account: match?.accountId ?? entry.account, matched: match !== undefined, objective: entry.objective ?? null, pipelineGoal: entry.pipelineGoal ?? null, products: entry.products ?? null };
          }),
    minSample: context.minSample,
  });
  return { overview, warnings, join };
}

/**
 * No deal in scope names an account (a file with no account column): two empty tables would
 * look like an answer, so the run is refused as a run with no deal in scope is (exit 1).
 */
export function refuseWithoutAccounts(activity: Pick<AccountActivityResult, 'accounts' | 'withoutAccount'>, run: Pick<DealRun, 'summary'>): void {
  if (activity.accounts.length > 0 || activity.withoutAccount === 0) return;
  const noColumn = run.summary.files.every((file) => file.mapping.fields.account === undefined);
  const why = noColumn ? 'the deals have no account column; map one with --map account=HEADER' : 'their account cells are empty';
  throw new DealmathError('data-refused', `no deal has an account: all ${formatCount(activity.withoutAccount)} deals in scope have none (${why})`);
}
