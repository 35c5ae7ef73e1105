/**
 * Win-rate arithmetic shared by the win-rate, velocity, coverage and funnel metrics (METRICS.md
 * "Win rates"): a rate is a figure, a number in 0..1 or n/a with the reason it is undefined.
 */
import { known, notAvailableBecause, type Figure, type NaReason } from './figure.js';
import { naReason } from './naReasons.js';

/** The reason METRICS.md asks for when a CRM zeroes the amounts of lost deals. */
export const LOST_AMOUNTS_ZEROED: NaReason = naReason('lost-amounts-zeroed');

/**
 * Unit win rate: won / n, where n is every deal in the denominator (won, lost and any open
 * deals the policy counts). n = 0 gives n/a with `emptyReason`, never NaN.
 */
export function unitRateOf(won: number, n: number, emptyReason: NaReason): Figure {
  if (n === 0) return notAvailableBecause(emptyReason);
  return known(won / n);
}

export interface ValueRateInput {
  /** Sum of the known amounts of won deals. */
  readonly wonValue: number;
  /** Sum of the known amounts of every other deal in the denominator (lost, and open under a policy). */
  readonly notWonValue: number;
  /** Deal count of the unit rate's denominator. */
  readonly n: number;
  /**
   * Why the lost side of the sum cannot be trusted (there are lost deals but none carries an
   * amount above 0), or null when it can. Usually LOST_AMOUNTS_ZEROED.
   */
  readonly lostAmountsMissing: NaReason | null;
  readonly emptyReason: NaReason;
}

/**
 * Value win rate: wonValue / (wonValue + notWonValue). N/a with a reason when there is no
 * deal, when lost amounts are zeroed (a misleading 100% otherwise), or when no deal in the
 * denominator carries an amount.
 */
export function valueRateOf(input: ValueRateInput): Figure {
  if (input.n === 0) return notAvailableBecause(input.emptyReason);
  if (input.lostAmountsMissing !== null) return notAvailableBecause(input.lostAmountsMissing);
  const denominator = input.wonValue + input.notWonValue;
  if (denominator === 0) return notAvailableBecause(naReason('no-counted-amounts'));
  return known(input.wonValue / denominator);
}
