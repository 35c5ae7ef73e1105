/**
 * Revenue concentration (METRICS.md "Retention and concentration"): how much of the won revenue
 * the largest accounts hold.
 * - top-k share: the won revenue of the k largest accounts over the total;
 * - Herfindahl index `HHI = sum s_i^2` over the accounts' shares s_i of won revenue (0..1: 1/N
 *   when N accounts are equal, 1 for a single account; x 10,000 gives the antitrust "points");
 * - Pareto statement: the smallest number k of accounts (largest first) whose cumulative share
 *   reaches 60% (and 80%), and k / N.
 * N counts the accounts that won revenue (> 0): customers, as in "a seventh of customers bring
 * 60% of the business"; accounts with no won revenue hold no share. Units: shares 0..1.
 * Edge cases: no revenue at all gives n/a figures (Figure, reason `no-revenue`); a negative or
 * non-finite revenue throws RangeError.
 *
 * @example concentration([{ account: 'A', revenue: 50 }, { account: 'B', revenue: 30 }, { account: 'C', revenue: 20 }])
 *   // hhi 0.38 (0.25 + 0.09 + 0.04); 60%: k = 2 of 3 (80% of revenue), 80%: k = 2 of 3
 */
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';

export const CONCENTRATION_TOP_K: readonly number[] = [1, 5, 10, 20];
export const PARETO_SHARES: readonly number[] = [0.6, 0.8];

export interface ParetoStatement {
  /** The share of revenue to reach (0.6, 0.8). */
  readonly revenueShare: number;
  /** The smallest number of accounts reaching it. */
  readonly accounts: Figure;
  /** accounts / N. */
  readonly accountShare: Figure;
  /** The share those accounts actually hold (>= revenueShare). */
  readonly heldShare: Figure;
}

export interface ConcentrationResult {
  /** Accounts with won revenue > 0. */
  readonly accounts: number;
  readonly totalRevenue: number;
  readonly topShares: readonly { readonly k: number; readonly share: Figure }[];
  readonly hhi: Figure;
  readonly pareto: readonly ParetoStatement[];
}

export function concentration(accounts: readonly { readonly account: string; readonly revenue: number }[], options: { readonly topK?: readonly number[]; readonly paretoShares?: readonly number[] } = {}): ConcentrationResult {
  for (const entry of accounts) {
    if (!(entry.revenue >= 0 && Number.isFinite(entry.revenue))) throw new RangeError(`concentration: account "${entry.account}" needs a revenue of 0 or more, got ${entry.revenue}`);
  }
  const revenues = accounts
    .map((entry) => entry.revenue)
    .filter((revenue) => revenue > 0)
    .sort((a, b) => b - a);
  // Largest first, so small shares are added last: the sums are as exact as doubles allow.
  const total = revenues.reduce((sum, revenue) => sum + revenue, 0);
  const n = revenues.length;
  const none = <T>(): Figure<T> => na('no-revenue');
  const topShares = (options.topK ?? CONCENTRATION_TOP_K).map((k) => ({
    k,
    share: total > 0 ? known(revenues.slice(0, k).reduce((sum, revenue) => sum + revenue, 0) / total) : none<number>(),
  }));
  const hhi = total > 0 ? known(revenues.reduce((sum, revenue) => sum + (revenue / total) ** 2, 0)) : none<number>();
  const pareto = (options.paretoShares ?? PARETO_SHARES).map((revenueShare): ParetoStatement => {
    if (total === 0) return { revenueShare, accounts: none(), accountShare: none(), heldShare: none() };
    let cumulative = 0;
    let k = n;
    for (let index = 0; index < n; index += 1) {
      cumulative += revenues[index] as number;
      // Relative tolerance: a sum of cents can land a rounding error below the share.
      if (cumulative >= revenueShare * total * (1 - 1e-12)) {
        k = index + 1;
        break;
      }
    }
    const held = revenues.slice(0, k).reduce((sum, revenue) => sum + revenue, 0) / total;
    return { revenueShare, accounts: known(k), accountShare: known(k / n), heldShare: known(held) };
  });
  return { accounts: n, totalRevenue: total, topShares, hhi, pareto };
}
