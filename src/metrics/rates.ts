/**
 * Win-rate arithmetic shared by the win-rate, velocity and coverage metrics (METRICS.md
 * "Win rates"): a rate is a number in 0..1, or null together with the reason it is undefined.
 */

export interface RateWithReason {
  readonly rate: number | null;
  readonly reason: string | null;
}

/** The reason METRICS.md asks for when a CRM zeroes the amounts of lost deals. */
export const LOST_AMOUNTS_ZEROED = 'lost deals carry no amounts (CRM zeroes them)';

/**
 * Unit win rate: won / n, where n is every deal in the denominator (won, lost and any open
 * deals the policy counts). n = 0 gives null with `emptyReason`, never NaN.
 */
export function unitRateOf(won: number, n: number, emptyReason: string): RateWithReason {
  if (n === 0) return { rate: null, reason: emptyReason };
  return { rate: won / n, reason: null };
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
  readonly lostAmountsMissing: string | null;
  readonly emptyReason: string;
}

/**
 * Value win rate: wonValue / (wonValue + notWonValue). Null with a reason when there is no
 * deal, when lost amounts are zeroed (a misleading 100% otherwise), or when no deal in the
 * denominator carries an amount.
 */
export function valueRateOf(input: ValueRateInput): RateWithReason {
  if (input.n === 0) return { rate: null, reason: input.emptyReason };
  if (input.lostAmountsMissing !== null) return { rate: null, reason: input.lostAmountsMissing };
  const denominator = input.wonValue + input.notWonValue;
  if (denominator === 0) return { rate: null, reason: 'no amounts on the counted deals' };
  return { rate: input.wonValue / denominator, reason: null };
}
