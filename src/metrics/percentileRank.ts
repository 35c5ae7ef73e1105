/**
 * Percentile ranks within a peer group (METRICS.md "Rep scorecard").
 *
 * Convention: the mean of the strict and the weak percentile ("weak+strict average", the
 * `kind: 'mean'` of scipy.stats.percentileofscore), chosen because tied values get one rank
 * and the ranks of a group average 0.5, so no lever is favoured in the composite.
 */

export interface PercentileRankOptions {
  /** false for a lever where less is better (sales cycle): the shortest ranks highest. */
  readonly higherIsBetter: boolean;
}

/**
 * Percentile rank of one value against a peer group: the share of peers it beats, a tie
 * counting half.
 *
 * percentileOfScore = (peers strictly worse + 0.5 x peers equal) / peers
 *
 * Units: a share, 0..1. The value need not be one of the peers (a small-sample rep is placed
 * among the peers without joining them). Edge cases: no peers gives null; a lone peer ranked
 * against itself gives 0.5; a value better than every peer gives 1.
 *
 * @example percentileOfScore([10, 20, 20, 40], 20, { higherIsBetter: true }) // 0.5: (1 + 0.5 x 2) / 4
 */
export function percentileOfScore(
  peers: readonly number[],
  value: number,
  options: PercentileRankOptions,
): number | null {
  if (!Number.isFinite(value)) throw new RangeError(`percentileOfScore: value must be a finite number, got ${value}`);
  const sorted = sortedFinite(peers, 'percentileOfScore');
  return rankInSorted(sorted, value, options.higherIsBetter);
}

/**
 * Percentile rank of every value within the group of the values themselves (see
 * percentileOfScore for the convention). Null values (an n/a lever) get null and are not peers.
 *
 * Units: shares, 0..1, in the order of the input. Empty input gives [].
 *
 * @example percentileRank([40, 10, 20, 20], { higherIsBetter: true }) // [0.875, 0.125, 0.5, 0.5]
 * @example percentileRank([30, 60], { higherIsBetter: false }) // [0.75, 0.25]: shorter ranks higher
 */
export function percentileRank(
  values: readonly (number | null)[],
  options: PercentileRankOptions,
): (number | null)[] {
  const peers = values.filter((value): value is number => value !== null);
  const sorted = sortedFinite(peers, 'percentileRank');
  return values.map((value) => (value === null ? null : rankInSorted(sorted, value, options.higherIsBetter)));
}

function sortedFinite(values: readonly number[], functionName: string): number[] {
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`${functionName}: values must be finite numbers, got ${value}`);
  }
  return [...values].sort((a, b) => a - b);
}

function rankInSorted(sorted: readonly number[], value: number, higherIsBetter: boolean): number | null {
  const count = sorted.length;
  if (count === 0) return null;
  const below = lowerBound(sorted, value);
  const equal = lowerBound(sorted, value, true) - below;
  const above = count - below - equal;
  const worse = higherIsBetter ? below : above;
  return (worse + 0.5 * equal) / count;
}

/** First index whose value is >= value (or > value when `strictlyAbove`). */
function lowerBound(sorted: readonly number[], value: number, strictlyAbove = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const probe = sorted[middle] as number;
    if (probe < value || (strictlyAbove && probe === value)) low = middle + 1;
    else high = middle;
  }
  return low;
}
