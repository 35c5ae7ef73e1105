/**
 * Existing-customer against new-business win rate (METRICS.md "Retention and concentration",
 * deal type; issue 17): how many times likelier an existing customer's deal (expansion or
 * renewal) is won than a new-business deal.
 *
 * ratio = unitWinRate(existing) / unitWinRate(new business), each `won / n` with n the deals the
 * win rate counts (won + lost, plus open deals under `--open include`).
 * 95% interval: Katz's log method for a ratio of two independent proportions,
 * `exp(ln ratio +- z x sqrt(1/wonExisting - 1/nExisting + 1/wonNew - 1/nNew))`, z = 1.959964
 * (docs/metrics.md "Readings"). Units: a multiple (3 = three times likelier).
 * Edge cases, each a Figure with its reason: no existing or no new-business deals (n = 0), or no
 * new-business deal won (the ratio divides by 0): ratio n/a; no deal won on either side: the
 * interval n/a (the log method needs a won deal on both sides).
 *
 * @example typeRatio([{ type: 'expansion', won: 30, n: 50 }, { type: 'new-business', won: 20, n: 100 }])
 *   // ratio 3 (60% / 20%), interval 1.908 .. 4.717
 */
import { isExistingCustomerType } from '../model/dealType.js';
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';
import { WILSON_Z_95 } from './wilson.js';

export interface TypeCounts {
  /** A deal type: `new-business`, `expansion`, `renewal`, or another label (left out). */
  readonly type: string;
  readonly won: number;
  /** The deals the unit win rate counts. */
  readonly n: number;
}

export interface TypeSide {
  readonly won: number;
  readonly n: number;
  readonly unitWinRate: Figure;
}

export interface TypeRatioResult {
  /** Expansion and renewal deals together. */
  readonly existing: TypeSide;
  readonly newBusiness: TypeSide;
  /** existing unit win rate / new-business unit win rate. */
  readonly ratio: Figure;
  readonly interval: Figure<{ readonly low: number; readonly high: number }>;
  readonly method: 'katz-log';
  /** Types other than the three classes, left out of both sides. */
  readonly otherTypes: readonly string[];
}

export function typeRatio(groups: readonly TypeCounts[], z: number = WILSON_Z_95): TypeRatioResult {
  if (!(z > 0 && Number.isFinite(z))) throw new RangeError(`typeRatio: z must be a positive number, got ${z}`);
  let existingWon = 0;
  let existingN = 0;
  let newWon = 0;
  let newN = 0;
  const otherTypes: string[] = [];
  for (const group of groups) {
    if (!(group.won >= 0 && group.n >= group.won)) throw new RangeError(`typeRatio: expected 0 <= won <= n, got ${group.won} of ${group.n} for "${group.type}"`);
    if (isExistingCustomerType(group.type)) {
      existingWon += group.won;
      existingN += group.n;
    } else if (group.type === 'new-business') {
      newWon += group.won;
      newN += group.n;
    } else otherTypes.push(group.type);
  }
  const side = (won: number, n: number, what: 'existing' | 'new-business'): TypeSide => ({
    won,
    n,
    unitWinRate: n === 0 ? na('no-deals', what) : known(won / n),
  });
  const existing = side(existingWon, existingN, 'existing');
  const newBusiness = side(newWon, newN, 'new-business');
  let ratio: Figure;
  let interval: Figure<{ low: number; high: number }>;
  if (existingN === 0 || newN === 0) {
    const missing = existingN === 0 ? 'existing' : 'new-business';
    ratio = na('no-deals', missing);
    interval = na('no-deals', missing);
  } else if (newWon === 0) {
    ratio = na('no-new-business-won');
    interval = na('no-new-business-won');
  } else {
    const value = existingWon / existingN / (newWon / newN);
    ratio = known(value);
    if (existingWon === 0) interval = na('no-existing-won');
    else {
      const standardError = Math.sqrt(1 / existingWon - 1 / existingN + 1 / newWon - 1 / newN);
      interval = known({ low: Math.exp(Math.log(value) - z * standardError), high: Math.exp(Math.log(value) + z * standardError) });
    }
  }
  return { existing, newBusiness, ratio, interval, method: 'katz-log', otherTypes };
}
