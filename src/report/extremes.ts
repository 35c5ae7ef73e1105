/**
 * The largest and the smallest of any number of values. `Math.max(...values)` passes every value
 * as an argument to one call, and past about 120,000 of them (a quadrant chart of 200,000
 * accounts) the call overflows the stack: the user got an internal error instead of a chart.
 * The same answers as `Math.max` and `Math.min` otherwise: NaN if any value is NaN, and `start`
 * (the value Math.max(start, ...values) would give) when there are none.
 */
export function largest(values: Iterable<number>, start = -Infinity): number {
  let result = start;
  for (const value of values) result = Math.max(result, value);
  return result;
}

/** The smallest of `values` and `start`: `Math.min(start, ...values)` for any number of values. */
export function smallest(values: Iterable<number>, start = Infinity): number {
  let result = start;
  for (const value of values) result = Math.min(result, value);
  return result;
}
