/**
 * Wilson score interval for a proportion (METRICS.md "Win rates": every unit rate is printed
 * with its sample size and a 95% Wilson score interval, z = 1.959964).
 */

/** The two-sided 95% normal quantile METRICS.md fixes. */
export const WILSON_Z_95 = 1.959964;

export interface WilsonInterval {
  readonly low: number;
  readonly high: number;
}

/**
 * The Wilson score interval of `successes` out of `n`: the range of true rates the observed
 * rate is consistent with. Unlike the normal (Wald) interval it stays inside 0..1 and is
 * sensible for small n and for rates of 0 or 1, which is why win rates use it.
 *
 * Formula, with p = successes / n:
 * centre = (p + z^2 / 2n) / (1 + z^2 / n);
 * half-width = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2);
 * interval = centre -/+ half-width.
 *
 * Units: ratios 0..1. Edge cases: n = 0 gives null (no rate, so no interval); 0 of n gives
 * low exactly 0 and n of n gives high exactly 1 (rounding would otherwise leave 1e-17 or
 * 0.9999999999999999). Throws RangeError for a negative or fractional count, successes > n,
 * or z not a positive finite number.
 *
 * @example wilsonInterval(81, 263) // { low: 0.25528851948901576, high: 0.3662095774580194 }
 * @example wilsonInterval(0, 0) // null
 */
export function wilsonInterval(successes: number, n: number, z: number = WILSON_Z_95): WilsonInterval | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`wilsonInterval: n must be a whole number >= 0, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval: successes must be a whole number in 0..${n}, got ${successes}`);
  }
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`wilsonInterval: z must be a positive number, got ${z}`);
  if (n === 0) return null;
  const rate = successes / n;
  const zSquared = z * z;
  const shrink = 1 + zSquared / n;
  const centre = (rate + zSquared / (2 * n)) / shrink;
  const halfWidth = (z / shrink) * Math.sqrt((rate * (1 - rate)) / n + zSquared / (4 * n * n));
  const low = successes === 0 ? 0 : Math.max(0, centre - halfWidth);
  const high = successes === n ? 1 : Math.min(1, centre + halfWidth);
  return { low, high };
}
