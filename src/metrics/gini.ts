/**
 * Gini coefficient of a measure over entities (METRICS.md "Pareto / top performers").
 */

import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';

export interface GiniResult {
  /** 0 = every entity has the same measure; approaches 1 as one entity holds it all. */
  readonly gini: Figure;
  /** Number of values, zeros included. */
  readonly n: number;
}

/**
 * How unequally a non-negative measure is spread over entities.
 *
 * gini = mean absolute difference between all ordered pairs / (2 x mean)
 *      = sum over i, j of |x_i - x_j| / (2 x n^2 x mean),
 * computed from the ascending sort as sum of (2i - n - 1) x_(i) / (n x total), i = 1..n.
 *
 * Population convention (divides by n^2, not n(n - 1)): every entity counts, zeros included, so
 * one entity holding everything gives (n - 1) / n, not 1. Units: a share, 0..1.
 * Edge cases: no values, or a total of 0, give null with a reason; one value gives 0.
 * A negative or non-finite value throws RangeError.
 *
 * @example gini([10, 20, 30, 40]) // { gini: { value: 0.25, reason: null }, n: 4 }
 * @example gini([0, 0, 0, 100]) // { gini: { value: 0.75, ... } }: (n - 1) / n
 */
export function gini(values: readonly number[]): GiniResult {
  for (const value of values) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`gini: values must be finite and >= 0, got ${value}`);
    }
  }
  const n = values.length;
  if (n === 0) return { gini: na('no-entities'), n };
  const sorted = [...values].sort((a, b) => a - b);
  let total = 0;
  let weighted = 0;
  sorted.forEach((value, index) => {
    total += value;
    weighted += (2 * (index + 1) - n - 1) * value;
  });
  if (total === 0) return { gini: na('nothing-to-concentrate'), n };
  // Rounding can leave a hair below 0 for equal values; the true value is never negative.
  const coefficient = Math.max(0, weighted / (n * total));
  return { gini: known(coefficient === 0 ? 0 : coefficient), n };
}
