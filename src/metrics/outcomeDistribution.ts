/**
 * Outcome distribution of a forecast (METRICS.md "Forecast", Monte Carlo): each open deal is won
 * within the period independently with its probability; the total is closed + the amounts won.
 */
import { addToSum, exactSum, sumValue, toCents } from './exactSum.js';
import { kthSmallest } from './kthSmallest.js';
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';
import { drawOfState, nextState, randomState, UINT32_RANGE, type RandomState } from './random.js';

export interface OutcomeDeal {
  /** Money in the base currency (rounded to cents for the simulation). */
  readonly amount: number;
  /** 0..1 */
  readonly probability: number;
}

export interface OutcomeOptions {
  /** Already won in the period (certain). */
  readonly closed: number;
  /** Simulation runs R (>= 1). */
  readonly runs: number;
  readonly seed: number;
  /** The quota to reach, or null (pReachQuota is then n/a). */
  readonly quota: number | null;
}

export interface OutcomeSummary {
  readonly mean: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /** Share of outcomes with total >= quota. */
  readonly pReachQuota: Figure;
}

export interface OutcomeSimulation extends OutcomeSummary {
  readonly runs: number;
  readonly seed: number;
}

export { toCents } from './exactSum.js';

const NO_QUOTA: Figure = na('no-quota', 'no-reps');

/**
 * Monte Carlo outcome distribution: R runs; in each, every deal is won independently with its
 * probability (draws of the seeded generator mulberry32, see addWins), and the run's total is
 * closed + the amounts won, in whole cents. Reports the mean, P10, P50, P90 (quantile q = the smallest
 * total t such that at least q of the runs are <= t) and the share of runs reaching the quota.
 *
 * Same inputs and seed, same output. Units: money in the base currency. Edge cases: no deals
 * gives every figure = closed; p 0 is never won, p 1 always. Throws RangeError for runs < 1 or
 * not whole, or a probability outside 0..1.
 *
 * @example
 * simulateOutcomes([{ amount: 100, probability: 0.5 }, { amount: 50, probability: 0.5 }], { closed: 0, runs: 10_000, seed: 1, quota: 100 })
 * // mean about 75, p10 0, p50 50, p90 150, pReachQuota about 0.5
 *
 * Implements METRICS.md "Forecast" (outcome distribution).
 */
export function simulateOutcomes(deals: readonly OutcomeDeal[], options: OutcomeOptions): OutcomeSimulation {
  const { runs, seed } = options;
  const wins = simulateWins(deals, runs, randomState(seed));
  return { runs, seed, ...summarizeRuns(wins, options.closed, options.quota) };
}

/**
 * Up to this many deals, the outcome distribution is computed exactly (at most 2^12 = 4,096
 * totals, a few milliseconds) instead of simulated: METRICS.md "Forecast" gives the exact figures
 * for few deals, and a simulation's quantile lands on either side of a step where the exact
 * cumulative share is q itself (two deals of 100 and 50 at p = 0.5: P50 is 50, and 10,000 runs
 * give 50 or 100 by the seed).
 */
export const EXACT_MAX_DEALS = 12;

/** An outcome summary, and whether it is the exact distribution's (`runs` and `seed` then unused). */
export interface OutcomeDistribution extends OutcomeSimulation {
  readonly exact: boolean;
}

/**
 * The outcome distribution METRICS.md "Forecast" defines: exact for up to EXACT_MAX_DEALS deals,
 * else simulated (`simulateOutcomes`). Same inputs and seed, same output.
 * @example
 * outcomeDistribution([{ amount: 100, probability: 0.5 }, { amount: 50, probability: 0.5 }], { closed: 0, runs: 10_000, seed: 1, quota: 100 })
 * // exact: true, mean 75, p10 0, p50 50, p90 150, pReachQuota 0.5
 */
export function outcomeDistribution(deals: readonly OutcomeDeal[], options: OutcomeOptions): OutcomeDistribution {
  if (deals.length > EXACT_MAX_DEALS) return { ...simulateOutcomes(deals, options), exact: false };
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new RangeError(`simulateOutcomes: runs must be a whole number >= 1, got ${options.runs}`);
  return { runs: options.runs, seed: options.seed, ...exactSummary(deals, options.closed, options.quota), exact: true };
}

/**
 * The exact distribution's summary, its mean the expected total closed + sum of amount x p summed
 * exactly (the forecast's expected bookings), not sum of total x probability over the totals,
 * which carries float noise (1991.000000000001 for 1,991).
 */
export function exactSummary(deals: readonly OutcomeDeal[], closed: number, quota: number | null): OutcomeSummary {
  const expected = exactSum();
  addToSum(expected, closed);
  for (const { amount, probability } of deals) addToSum(expected, amount * probability);
  return { ...summarizeOutcomes(exactOutcomes(deals, closed), quota), mean: sumValue(expected) };
}

/** The amounts won in each of R runs, in whole cents: `perRun[run] + everyRun` is run's sum. */
export interface SimulatedWins {
  readonly perRun: Float64Array;
  /** Added to every run: the deals above p = 0.5 (see addWins). */
  everyRun: number;
}

/**
 * The draws of `simulateOutcomes` without the summary, so that the runs of several groups of
 * deals can be added run by run (a team's runs are the sum of its reps' runs, each deal drawn
 * once). Draws continue `random`. Throws RangeError as simulateOutcomes does.
 */
export function simulateWins(deals: readonly OutcomeDeal[], runs: number, random: RandomState): SimulatedWins {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`simulateOutcomes: runs must be a whole number >= 1, got ${runs}`);
  const wins: SimulatedWins = { perRun: new Float64Array(runs), everyRun: 0 };
  addSimulatedWins(wins, deals, random);
  return wins;
}

/** Adds the runs of more deals into `wins`, drawing from `random`. */
export function addSimulatedWins(wins: SimulatedWins, deals: readonly OutcomeDeal[], random: RandomState): void {
  for (const { amount, probability } of deals) {
    if (!(probability >= 0 && probability <= 1)) throw new RangeError(`simulateOutcomes: a probability must be in 0..1, got ${probability}`);
    wins.everyRun += addWins(wins.perRun, toCents(amount), probability, random);
  }
}

/** Adds the runs of `from` into `into`, run by run (same number of runs). */
export function addRuns(into: SimulatedWins, from: SimulatedWins): void {
  for (let run = 0; run < into.perRun.length; run += 1) into.perRun[run] = (into.perRun[run] as number) + (from.perRun[run] as number);
  into.everyRun += from.everyRun;
}

/** Mean, P10, P50, P90 and the share reaching the quota of closed + each run's wins (`wins` is left as it was). */
export function summarizeRuns(wins: SimulatedWins, closed: number, quota: number | null): OutcomeSummary {
  const runs = wins.perRun.length;
  const base = toCents(closed) + wins.everyRun;
  // Whole cents throughout: the order of the additions changes no total.
  const totals = new Float64Array(runs);
  let largest = 0;
  for (let run = 0; run < runs; run += 1) {
    const total = (wins.perRun[run] as number) + base;
    totals[run] = total;
    if (Math.abs(total) > largest) largest = Math.abs(total);
  }
  const quotaCents = quota === null ? null : toCents(quota);
  let reached = 0;
  if (quotaCents !== null) for (let run = 0; run < runs; run += 1) if ((totals[run] as number) >= quotaCents) reached += 1;
  const sum = sumOfCents(totals, largest);
  // Three order statistics, each selected within the side of the median it lies on (no sort).
  const middle = quantileIndex(0.5, runs);
  const p50 = kthSmallest(totals, middle, 0, runs - 1);
  const p10 = kthSmallest(totals, quantileIndex(0.1, runs), 0, middle);
  const p90 = kthSmallest(totals, quantileIndex(0.9, runs), middle, runs - 1);
  return {
    mean: sum / runs / 100,
    p10: p10 / 100,
    p50: p50 / 100,
    p90: p90 / 100,
    pReachQuota: quotaCents === null ? NO_QUOTA : known(reached / runs),
  };
}

/**
 * The sum of whole-cent totals. While every partial sum stays below 2^53 a plain sum is exact (the
 * same as exactSum's), at a tenth of the cost; larger totals take the exact sum.
 */
function sumOfCents(totals: Float64Array, largest: number): number {
  if (largest * totals.length < Number.MAX_SAFE_INTEGER) {
    let sum = 0;
    for (let run = 0; run < totals.length; run += 1) sum += totals[run] as number;
    return sum;
  }
  const sum = exactSum();
  for (let run = 0; run < totals.length; run += 1) addToSum(sum, totals[run] as number);
  return sumValue(sum);
}

/**
 * Adds `cents` to the runs in which the deal is won. Deal by deal, the runs it is won in are
 * found by skipping: in a sequence of independent trials with chance q, the gaps between
 * successes are geometric, floor(ln u / ln(1 - q)) for u uniform in (0, 1]. So a deal costs
 * one draw per run it changes, not one per run; above p = 0.5 the deal counts as won in every
 * run (returned: the amount the caller adds to all runs at the end) and the runs it is lost in
 * (chance 1 - p) are skipped to instead. Exact in distribution. Returns 0 or `cents`.
 */
type AddWins = (totals: Float64Array, cents: number, probability: number, random: RandomState) => number;

/** Bits of a uniform's mantissa that index the logarithm table. */
const LOG_BITS = 11;

/**
 * The simulation's inner loop and its logarithm, made together so that their tables are a
 * closure's constants: as a module's top-level constants, a bundler turns them into `var`s, and
 * V8 reads those again at every draw (a third slower).
 */
function simulationKernel(): { readonly addWins: AddWins; readonly uniformLog: (word: number) => number } {
  const size = 1 << LOG_BITS;
  // ln(1 + index / 2^11) and 2^11 / (2^11 + index): 2 x 16 KB, built at load (2,048 Math.log).
  const logBase = new Float64Array(size);
  const inverseBase = new Float64Array(size);
  for (let index = 0; index < size; index += 1) {
    logBase[index] = Math.log(1 + index / size);
    inverseBase[index] = size / (size + index);
  }
  // 2^-exponent and (exponent - 32) ln 2, for exponents 0..32.
  const scaleOf = new Float64Array(33);
  const offsetOf = new Float64Array(33);
  for (let exponent = 0; exponent <= 32; exponent += 1) {
    scaleOf[exponent] = 2 ** -exponent;
    offsetOf[exponent] = (exponent - 32) * Math.LN2;
  }
  const uniformLog = (word: number): number => {
    const value = word + 1;
    const exponent = 31 - Math.clz32(value);
    if (exponent < LOG_BITS) return Math.log(value / UINT32_RANGE);
    const index = (value >>> (exponent - LOG_BITS)) & (size - 1);
    const rest = value * (scaleOf[exponent] as number) * (inverseBase[index] as number) - 1;
    return (offsetOf[exponent] as number) + (logBase[index] as number) + rest * (1 - rest * (0.5 - rest * (1 / 3 - rest * 0.25)));
  };
  const addWins: AddWins = (totals, cents, probability, random) => {
    const runs = totals.length;
    let chance = probability;
    let step = cents;
    let everyRun = 0;
    if (probability > 0.5) {
      everyRun = cents;
      chance = 1 - probability;
      step = -cents;
    }
    if (chance <= 0) return everyRun;
    const scale = 1 / Math.log1p(-chance);
    // The generator's state in a local, written back once: a sixth of the loop's time.
    let word = random[0] as number;
    for (let run = -1; ; ) {
      word = nextState(word);
      run += Math.floor(uniformLog(drawOfState(word)) * scale) + 1;
      if (run >= runs) break;
      totals[run] = (totals[run] as number) + step;
    }
    random[0] = word;
    return everyRun;
  };
  return { addWins, uniformLog };
}

const kernel = simulationKernel();
const addWins = kernel.addWins;

/**
 * ln((word + 1) / 2^32) for a 32-bit word, at half the cost of Math.log: the logarithm of the
 * word's top bits from a table, and of the small rest (below 2^-11) by four terms of its series
 * (the fifth is below 1e-17). Within 2e-15 of Math.log, so the skips it gives are Math.log's
 * (none differed in 120 million draws). The last word (2^32 - 1) gives 0: its value 2^32 has
 * clz32 32, so it takes the Math.log branch, ln 1.
 */
export const uniformLog = kernel.uniformLog;

/** The index in R sorted outcomes of quantile q: the smallest t with at least q x R outcomes <= t. */
function quantileIndex(q: number, runs: number): number {
  // q x R is computed in floating point: 0.1 x 30 = 3.0000000000000004 must still be 3.
  const needed = Math.ceil(q * runs - 1e-9);
  return Math.min(Math.max(needed, 1), runs) - 1;
}

/** One total of an exact distribution, in money, and its probability. */
export interface OutcomePoint {
  readonly total: number;
  readonly probability: number;
}

/**
 * The exact outcome distribution, by convolution over the deals (one total per distinct sum in
 * cents): for few deals or few distinct amounts, the reference the simulation is tested against.
 * Its size can reach 2^n totals: a RangeError past `maxTotals` (default 1,000,000).
 * @example exactOutcomes([{ amount: 100, probability: 0.5 }, { amount: 50, probability: 0.5 }], 0)
 * // totals 0, 50, 100, 150, each 0.25
 */
export function exactOutcomes(deals: readonly OutcomeDeal[], closed: number, maxTotals = 1_000_000): OutcomePoint[] {
  let distribution = new Map<number, number>([[toCents(closed), 1]]);
  for (const { amount, probability } of deals) {
    if (!(probability >= 0 && probability <= 1)) throw new RangeError(`exactOutcomes: a probability must be in 0..1, got ${probability}`);
    const cents = toCents(amount);
    const next = new Map<number, number>();
    for (const [total, chance] of distribution) {
      if (probability < 1) next.set(total, (next.get(total) ?? 0) + chance * (1 - probability));
      if (probability > 0) next.set(total + cents, (next.get(total + cents) ?? 0) + chance * probability);
    }
    if (next.size > maxTotals) throw new RangeError(`exactOutcomes: more than ${maxTotals} distinct totals; simulate instead`);
    distribution = next;
  }
  return [...distribution.entries()].sort((a, b) => a[0] - b[0]).map(([total, probability]) => ({ total: total / 100, probability }));
}

/** Mean, P10, P50, P90 and the chance of reaching the quota of an exact distribution (same quantile rule as the simulation). */
export function summarizeOutcomes(points: readonly OutcomePoint[], quota: number | null): OutcomeSummary {
  if (points.length === 0) throw new RangeError('summarizeOutcomes: an empty distribution');
  const quantile = (q: number): number => {
    let cumulative = 0;
    for (const point of points) {
      cumulative += point.probability;
      if (cumulative >= q - 1e-12) return point.total;
    }
    return (points[points.length - 1] as OutcomePoint).total;
  };
  const mean = points.reduce((sum, point) => sum + point.total * point.probability, 0);
  const reach = quota === null ? NO_QUOTA : known(points.reduce((sum, point) => (point.total >= quota ? sum + point.probability : sum), 0));
  return { mean, p10: quantile(0.1), p50: quantile(0.5), p90: quantile(0.9), pReachQuota: reach };
}
