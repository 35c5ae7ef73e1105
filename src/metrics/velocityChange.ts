/**
 * Change in sales velocity between two windows, split by lever
 * (METRICS.md "Sales velocity", Change between two windows).
 */
import { known, notAvailableBecause, type Figure, type NaReason } from './figure.js';
import { naReason } from './naReasons.js';
import type { VelocityResult } from './velocity.js';

export interface LeverValues {
  readonly deals: number;
  readonly value: number;
  readonly winRate: number;
  readonly cycle: number;
}

export interface VelocityChangeResult {
  /** V2 / V1; n/a when either velocity is undefined or V1 is 0. */
  readonly ratio: Figure;
  /** Each lever's share of ln(V2 / V1); the four sum to 1. A share can be negative (a lever that worked against the change). */
  readonly levers: Figure<LeverValues>;
  /** Each lever's term of ln(V2 / V1): ln(N2/N1), ln(A2/A1), ln(W2/W1) and -ln(L2/L1). */
  readonly terms: Figure<LeverValues>;
  /** ln(V2 / V1), the sum of the terms. */
  readonly logChange: Figure;
}

/** Below this, ln(V2/V1) is rounding noise: velocity did not change, so shares mean nothing. */
const UNCHANGED_TOLERANCE = 1e-12;

type Term = 'deals' | 'averageWonAmount' | 'winRate' | 'cycleDays';

const TERM_NAMES: Readonly<Record<Term, string>> = {
  deals: 'N (deals)',
  averageWonAmount: 'A (average won amount)',
  winRate: 'W (win rate)',
  cycleDays: 'L (average won cycle)',
};

/**
 * How much velocity changed from one window to the next, and which lever moved it.
 *
 * Formula: ratio = V2 / V1; ln(V2 / V1) = ln(N2/N1) + ln(A2/A1) + ln(W2/W1) - ln(L2/L1), and
 * each lever's share is its term divided by ln(V2 / V1). Logarithms make the split exact
 * for a product, whatever the order the levers are looked at.
 *
 * Units: ratio is a plain factor; shares are fractions of the change (they sum to 1).
 * Edge cases: a velocity that is null gives ratio null with its reason; V1 = 0 gives ratio
 * null; a term that is null or 0 in either window (no logarithm), or an unchanged velocity
 * (ln(V2/V1) = 0, nothing to share), gives null shares with a reason.
 *
 * @example
 * // before: N 10, A 20,000, W 0.25, L 50 (V 1,000/day); after: N 10, A 20,000, W 0.5, L 25 (V 4,000/day)
 * velocityChange(before, after)
 * // { ratio: { value: 4, reason: null }, levers: { value: { deals: 0, value: 0, winRate: 0.5, cycle: 0.5 }, reason: null }, ... }
 *
 * Implements METRICS.md "Sales velocity" (Change between two windows).
 */
export function velocityChange(before: VelocityResult, after: VelocityResult): VelocityChangeResult {
  if (before.perDay.value === null) return noChange(null, naReason('no-velocity-before', before.perDay.reason?.message ?? 'unknown'));
  if (after.perDay.value === null) return noChange(null, naReason('no-velocity-after', after.perDay.reason?.message ?? 'unknown'));
  if (before.perDay.value === 0) return noChange(null, naReason('zero-velocity-before'));
  const ratio = after.perDay.value / before.perDay.value;

  const deals = logRatio(before, after, 'deals');
  const value = logRatio(before, after, 'averageWonAmount');
  const winRate = logRatio(before, after, 'winRate');
  const cycle = logRatio(before, after, 'cycleDays');
  for (const term of [deals, value, winRate, cycle]) {
    if (typeof term !== 'number') return noChange(ratio, term);
  }
  const terms = {
    deals: deals as number,
    value: value as number,
    winRate: winRate as number,
    // 0 - x rather than -x: an unchanged cycle must give 0, not -0.
    cycle: 0 - (cycle as number),
  };
  const logChange = terms.deals + terms.value + terms.winRate + terms.cycle;
  if (Math.abs(logChange) < UNCHANGED_TOLERANCE) {
    return { ratio: known(ratio), levers: notAvailableBecause(naReason('velocity-unchanged')), terms: known(terms), logChange: known(0) };
  }
  return {
    ratio: known(ratio),
    levers: known({
      deals: terms.deals / logChange + 0,
      value: terms.value / logChange + 0,
      winRate: terms.winRate / logChange + 0,
      cycle: terms.cycle / logChange + 0,
    }),
    terms: known(terms),
    logChange: known(logChange),
  };
}

/** ln(after / before) of one term, or the reason it has none. */
function logRatio(before: VelocityResult, after: VelocityResult, term: Term): number | NaReason {
  const value = (result: VelocityResult): number | null => (term === 'deals' ? result.deals : result[term].value);
  const first = value(before);
  const second = value(after);
  const name = TERM_NAMES[term];
  if (first === null) return naReason('lever-undefined', name, 'first');
  if (second === null) return naReason('lever-undefined', name, 'second');
  if (first <= 0) return naReason('lever-zero', name, 'first');
  if (second <= 0) return naReason('lever-zero', name, 'second');
  return Math.log(second / first);
}

/** No lever shares: the ratio when it is known, and the reason for everything else. */
function noChange(ratio: number | null, reason: NaReason): VelocityChangeResult {
  const missing = notAvailableBecause(reason);
  return { ratio: ratio === null ? missing : known(ratio), levers: missing, terms: missing, logChange: missing };
}
