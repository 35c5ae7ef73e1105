/**
 * Velocity what-if: the effect of changing the four levers (METRICS.md "Sales velocity", What-if).
 */
import { known, type Figure } from './figure.js';

/** Relative changes of the velocity levers: +10% = 0.1, -10% = -0.1. A missing lever is unchanged. */
export interface VelocityLevers {
  readonly deals?: number;
  readonly value?: number;
  readonly winRate?: number;
  readonly cycle?: number;
}

export interface WhatIfResult {
  /** V' / V. */
  readonly multiplier: number;
  /** V' in revenue per day; n/a (with V's reason) when V is. */
  readonly perDay: Figure;
}

/**
 * Velocity after relative changes of its levers.
 *
 * Formula: multiplier = (1 + deals) x (1 + value) x (1 + winRate) / (1 + cycle);
 * V' = V x multiplier. A longer cycle divides, so cycle = -10% raises velocity.
 *
 * Units: multiplier is a plain factor, perDay is money per day. Edge cases: V null gives
 * perDay null (the multiplier still holds); a lever of -100% on deals, value or win rate
 * gives 0; a cycle change of -100% or less (a cycle of zero days) and any lever below -100%
 * or not finite throw RangeError, as does a perDay that is not finite. The win rate is not capped at 100%: the caller knows W.
 *
 * @example whatIf(known(1000), { deals: 0.1, value: 0.1, winRate: 0.1, cycle: -0.1 })
 * // { multiplier: 1.4788888..., perDay: { value: 1478.888..., reason: null } } (1.331 / 0.9: x1.4789, +47.9%)
 *
 * Implements METRICS.md "Sales velocity" (What-if).
 */
export function whatIf(velocity: Figure, levers: VelocityLevers): WhatIfResult {
  const perDay = velocity.value;
  if (perDay !== null && !Number.isFinite(perDay)) throw new RangeError(`whatIf: perDay must be a finite number, got ${perDay}`);
  const deals = leverOf(levers.deals, 'deals');
  const value = leverOf(levers.value, 'value');
  const winRate = leverOf(levers.winRate, 'winRate');
  const cycle = leverOf(levers.cycle, 'cycle');
  if (cycle <= -1) throw new RangeError(`whatIf: a cycle change of ${cycle} would leave a cycle of zero or fewer days`);
  // + 0 turns a -0 (a zeroed lever times a negative) into 0.
  const multiplier = ((1 + deals) * (1 + value) * (1 + winRate)) / (1 + cycle) + 0;
  return { multiplier, perDay: perDay === null ? velocity : known(perDay * multiplier + 0) };
}

function leverOf(change: number | undefined, name: string): number {
  if (change === undefined) return 0;
  if (!Number.isFinite(change) || change < -1) {
    throw new RangeError(`whatIf: ${name} change must be a number >= -1 (-100%), got ${change}`);
  }
  return change;
}
