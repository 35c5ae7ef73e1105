/**
 * The accounts overview (issue 17; METRICS.md "Retention and concentration", "Account plan"):
 * per account its activity, penetration and white space and quadrant; the concentration of the
 * current period's won revenue; and, for the accounts of a plan, the plan figures.
 * Pure: the activity comes joined to accounts (one entry per account), the rest as parameters.
 */
import type { AccountActivity } from './accountActivity.js';
import { accountPlanFigures, valueWinRateOf, type AccountPlanFigures } from './accountPlan.js';
import { concentration, type ConcentrationResult } from './concentration.js';
import type { Figure } from './figure.js';
import { na } from './naReasons.js';
import { penetration } from './penetration.js';

export interface AccountOverviewRow extends AccountActivity {
  readonly name: string | null;
  /** null when no products are known (no product column). */
  readonly penetration: Figure | null;
  readonly offered: number;
  readonly whiteSpace: readonly string[];
  readonly quadrant: string | null;
}

export interface PlanRow extends AccountPlanFigures {
  readonly account: string;
  readonly name: string | null;
  /** Whether the plan's account was found among the accounts (else every figure is from zero activity). */
  readonly matched: boolean;
  readonly penetration: Figure;
  readonly whiteSpace: readonly string[];
  readonly quadrant: string | null;
}

export interface PlanEntryInput {
  /** The account id it joined to, or the plan's own text when it matched nothing. */
  readonly account: string;
  readonly matched: boolean;
  readonly objective: number | null;
  readonly pipelineGoal: number | null;
  readonly products: readonly string[] | null;
}

export interface AccountsOverviewInput {
  readonly activity: readonly AccountActivity[];
  /** Account id -> name (from the accounts file), when known. */
  readonly names: ReadonlyMap<string, string | null>;
  /** Accounts of the accounts file with no deal at all: listed with zeros. */
  readonly idleAccounts: readonly string[];
  /** Products offered to every account (config products.offered); a plan entry's own list replaces it for that account. */
  readonly offered: readonly string[];
  /** Whether the deals carry a product column. */
  readonly productsKnown: boolean;
  readonly quadrants: ReadonlyMap<string, string | null> | null;
  readonly plan: readonly PlanEntryInput[] | null;
  readonly minSample: number;
}

export interface AccountsOverview {
  readonly accounts: readonly AccountOverviewRow[];
  readonly concentration: ConcentrationResult;
  readonly teamValueWinRate: number | null;
  readonly plan: readonly PlanRow[] | null;
}

const idle = (account: string): AccountActivity => ({
  account,
  wonCurrent: 0,
  wonPrevious: 0,
  openValue: 0,
  openInPeriod: 0,
  wonValue: 0,
  lostValue: 0,
  deals: 0,
  won: 0,
  lost: 0,
  open: 0,
  lastWon: null,
  products: [],
});

/** Accounts sorted by current won revenue, largest first, then previous revenue, then id. */
export function accountsOverview(input: AccountsOverviewInput): AccountsOverview {
  const known = new Set(input.activity.map((entry) => entry.account));
  const all = [...input.activity, ...input.idleAccounts.filter((id) => !known.has(id)).map(idle)];
  let teamWon = 0;
  let teamLost = 0;
  let teamLostDeals = 0;
  for (const entry of all) {
    teamWon += entry.wonValue;
    teamLost += entry.lostValue;
    teamLostDeals += entry.lost;
  }
  const teamValueWinRate = valueWinRateOf({ won: 0, lost: teamLostDeals, wonValue: teamWon, lostValue: teamLost });
  const rowOf = (entry: AccountActivity, offered: readonly string[]): AccountOverviewRow => {
    const bought = penetration(entry.products, offered);
    // Field by field, not `...entry`: rows of one shape (idle accounts and active ones were two,
    // and a spread of either into a literal cost 5 us a row: 1.0 s for 216,000 accounts).
    return {
      account: entry.account,
      wonCurrent: entry.wonCurrent,
      wonPrevious: entry.wonPrevious,
      openValue: entry.openValue,
      openInPeriod: entry.openInPeriod,
      wonValue: entry.wonValue,
      lostValue: entry.lostValue,
      deals: entry.deals,
      won: entry.won,
      lost: entry.lost,
      open: entry.open,
      lastWon: entry.lastWon,
      products: entry.products,
      name: input.names.get(entry.account) ?? null,
      penetration: input.productsKnown ? bought.penetration : null,
      offered: bought.offered,
      whiteSpace: input.productsKnown ? bought.whiteSpace : [],
      quadrant: input.quadrants?.get(entry.account) ?? null,
    };
  };
  // An account in the plan is offered the plan's products, in its own row as in the plan's.
  const plannedOffer = new Map<string, readonly string[]>();
  for (const entry of input.plan ?? []) if (entry.products !== null) plannedOffer.set(entry.account, entry.products);
  const accounts = all
    .map((entry) => rowOf(entry, plannedOffer.get(entry.account) ?? input.offered))
    .sort((a, b) => b.wonCurrent - a.wonCurrent || b.wonPrevious - a.wonPrevious || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  const byId = new Map(all.map((entry) => [entry.account, entry]));
  const plan =
    input.plan === null
      ? null
      : input.plan.map((entry): PlanRow => {
          const activity = byId.get(entry.account) ?? idle(entry.account);
          const row = rowOf(activity, entry.products ?? input.offered);
          const figures = accountPlanFigures({
            objective: entry.objective,
            pipelineGoal: entry.pipelineGoal,
            won: activity.wonCurrent,
            pipeline: activity.openInPeriod,
            account: activity,
            teamValueWinRate,
            minSample: input.minSample,
          });
          return {
            account: entry.account,
            name: row.name,
            matched: entry.matched,
            ...figures,
            penetration: input.productsKnown ? penetration(activity.products, entry.products ?? input.offered).penetration : na('no-product-column'),
            whiteSpace: row.whiteSpace,
            quadrant: row.quadrant,
          };
        });
  return {
    accounts,
    concentration: concentration(all.map((entry) => ({ account: entry.account, revenue: entry.wonCurrent }))),
    teamValueWinRate,
    plan,
  };
}
