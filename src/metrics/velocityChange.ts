/**
 * Change in sales velocity between two windows, split by lever
 * (METRICS.md "Sales velocity", Change between two windows).
 */
import type { VelocityResult } from './velocity.js';

export interface LeverValues {
  readonly deals: number | null;
  readonly value: number | null;
  readonly winRate: number | null;
  readonly cycle: number | null;
}

export interface VelocityChangeResult {
  /** V2 / V1; null with a reason when either velocity is undefined or V1 is 0. */
  readonly ratio: number | null;
  /** Why the ratio or the lever shares are null, or null. */
  readonly reason: string | null;
  /** Each lever's share of ln(V2 / V1); the four sum to 1. A share can be negative (a lever that worked against the change). */
  readonly levers: LeverValues;
  /** Each lever's term of ln(V2 / V1): ln(N2/N1), ln(A2/A1), ln(W2/W1) and -ln(L2/L1). */
  readonly terms: LeverValues;
  /** ln(V2 / V1), the sum of the terms. */
  readonly logChange: number | null;
}

/** Below this, ln(V2/V1) is rounding noise: velocity did not change, so shares mean nothing. */
const UNCHANGED_TOLERANCE = 1e-12;

const NO_LEVERS: LeverValues = { deals: null, value: null, winRate: null, cycle: null };

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
 * // { ratio: 4, levers: { deals: 0, value: 0, winRate: 0.5, cycle: 0.5 }, ... }
 *
 * Implements METRICS.md "Sales velocity" (Change between two windows).
 */
export function velocityChange(before: VelocityResult, after: VelocityResult): VelocityChangeResult {
  if (before.perDay === null) return noChange(null, `no velocity in the first window: ${before.reason ?? 'unknown'}`);
  if (after.perDay === null) return noChange(null, `no velocity in the second window: ${after.reason ?? 'unknown'}`);
  if (before.perDay === 0) return noChange(null, 'velocity was 0 in the first window');
  const ratio = after.perDay / before.perDay;

  const deals = logRatio(before, after, 'deals');
  const value = logRatio(before, after, 'averageWonAmount');
  const winRate = logRatio(before, after, 'winRate');
  const cycle = logRatio(before, after, 'cycleDays');
  for (const term of [deals, value, winRate, cycle]) {
    if (typeof term === 'string') return noChange(ratio, term);
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
    return { ratio, reason: 'velocity unchanged: no change to share between levers', levers: NO_LEVERS, terms, logChange: 0 };
  }
  return {
    ratio,
    reason: null,
    levers: {
      deals: terms.deals / logChange + 0,
      value: terms.value / logChange + 0,
      winRate: terms.winRate / logChange + 0,
      cycle: terms.cycle / logChange + 0,
    },
    terms,
    logChange,
  };
}

/** ln(after / before) of one term, or the reason it has none. */
function logRatio(before: VelocityResult, after: VelocityResult, term: Term): number | string {
  const first = before[term];
  const second = after[term];
  const name = TERM_NAMES[term];
  if (first === null) return `${name} is undefined in the first window`;
  if (second === null) return `${name} is undefined in the second window`;
  if (first <= 0) return `${name} is 0 in the first window`;
  if (second <= 0) return `${name} is 0 in the second window`;
  return Math.log(second / first);
}

function noChange(ratio: number | null, reason: string): VelocityChangeResult {
  return { ratio, reason, levers: NO_LEVERS, terms: NO_LEVERS, logChange: null };
}
