/** The 95% Wilson score interval as SQL (METRICS.md "Win rates"; metrics/wilson.ts is the fold's). */
import { WILSON_Z_95 } from '../metrics/wilson.js';
import type { SqlBuilder } from './source.js';

/**
 * low and high of `successes` out of `n` (column expressions): centre -/+ half-width with
 * p = successes / n, centre = (p + z^2 / 2n) / (1 + z^2 / n), half-width = z / (1 + z^2 / n)
 * x sqrt(p (1 - p) / n + z^2 / 4n^2); 0 of n has low exactly 0, n of n high exactly 1, n = 0 NULL.
 */
export function wilsonSql(builder: SqlBuilder, successes: string, n: string): { low: string; high: string } {
  const z = `${WILSON_Z_95}`;
  const zz = `(${z} * ${z})`;
  const nn = builder.double(n);
  const p = `(${builder.double(successes)} / ${nn})`;
  const shrink = `(1 + ${zz} / ${nn})`;
  const centre = `((${p} + ${zz} / (2 * ${nn})) / ${shrink})`;
  const half = `((${z} / ${shrink}) * SQRT(${p} * (1 - ${p}) / ${nn} + ${zz} / (4 * ${nn} * ${nn})))`;
  return {
    low: `CASE WHEN ${n} = 0 THEN NULL WHEN ${successes} = 0 THEN 0 ELSE GREATEST(0, ${centre} - ${half}) END`,
    high: `CASE WHEN ${n} = 0 THEN NULL WHEN ${successes} = ${n} THEN 1 ELSE LEAST(1, ${centre} + ${half}) END`,
  };
}
