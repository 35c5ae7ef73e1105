/**
 * The accounts overview (issue 17) as an analyzer: every deal with an account folded into its
 * account's activity, and, for the quadrant, the won revenue of the 365 days before the as-of date.
 */
import { DealmathError } from '../../model/errors.js';
import { normalizeHeader } from '../../model/mapping.js';
import type { Account } from '../../model/types.js';
import { joinAccounts } from '../../model/accountJoin.js';
import type { AccountPlan } from '../../model/accountPlan.js';
import { accountActivityFold, mergeActivity, type AccountActivityResult } from '../../metrics/accountActivity.js';
import { accountsOverview } from '../../metrics/accountsOverview.js';
import { foldRun } from '../../metrics/fold.js';
import { accountInputs, accountRevenueFold, quadrants, type AccountRevenue } from '../../metrics/quadrant.js';
import { dimensionValue } from '../../metrics/scope.js';
import { joinWithNotes, type AccountsInput } from '../accountInput.js';
import type { Analysis } from '../analysis.js';
import type { Analyzer } from './analyzer.js';
import { analyzerOutput } from './output.js';
import type { RetentionPeriods } from './retention.js';
import { quadrantSources } from './quadrant.js';

export interface AccountsRunResult {
  readonly activity: AccountActivityResult;
  readonly revenue: AccountRevenue;
  /** Whether a product column was found in every file. */
  readonly productsKnown: boolean;
}

/** `productColumn`: the config's products.column (a file without it is refused), else `product` when a file has it. */
export function accountsAnalyzer(analysis: Analysis, periods: RetentionPeriods, productColumn: string | undefined): Analyzer<AccountsRunResult> {
  let productDimension: string | null = null;
  let productsKnown = true;
  const activity = foldRun(
    accountActivityFold({ ...periods, pipelinePeriod: analysis.window ?? periods.current, asOf: analysis.asOf, productOf: (deal) => (productDimension === null ? null : dimensionValue(deal, productDimension)) }),
  );
  const revenue = foldRun(accountRevenueFold({ asOf: analysis.asOf }));
  return {
    name: 'accounts',
    money: true,
    windowed: true,
    resolve: (header, _mapping, file) => {
      const wanted = normalizeHeader(productColumn ?? 'product');
      const found = header.find((candidate) => normalizeHeader(candidate) === wanted);
      if (found === undefined && productColumn !== undefined) throw new DealmathError('usage', `no column "${productColumn}" (products.column in the config) in the deals`, { file });
      productDimension = found ?? null;
      if (found === undefined) productsKnown = false;
    },
    accept: (deal) => (deal.account?.trim() ?? '') !== '',
    add: (deal) => {
      activity.add(deal);
      revenue.add(deal);
    },
    snapshot: () => ({ activity: activity.snapshot(), revenue: revenue.snapshot() }),
    absorb: (other) => {
      const parts = other as { activity: unknown; revenue: unknown };
      activity.absorb(parts.activity);
      revenue.absorb(parts.revenue);
    },
    finish: () => analyzerOutput({ json: { activity: activity.finish(), revenue: revenue.finish(), productsKnown }, warnings: [] }, () => []),
  };
}

/** Each account's quadrant letter, when the accounts file and config allow one (else null, with the reason). */
export function accountQuadrants(analysis: Analysis, accounts: readonly Account[], revenue: AccountRevenue): { letters: Map<string, string | null> | null; note: string | null } {
  let sources;
  try {
    sources = quadrantSources(analysis, accounts, 'available');
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
  return { letters: new Map(result.accounts.map((account) => [account.id, account.quadrant])), note: null };
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
