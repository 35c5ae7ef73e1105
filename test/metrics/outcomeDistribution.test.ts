import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXACT_MAX_DEALS, exactOutcomes, outcomeDistribution, simulateOutcomes, summarizeOutcomes, summarizeRuns, uniformLog, type OutcomeDeal } from '../../src/metrics/outcomeDistribution.js';
import { addToSum, exactSum, sumValue } from '../../src/metrics/exactSum.js';
import { mulberry32 } from '../../src/metrics/random.js';

// METRICS.md "Forecast", outcome distribution worked example: closed 0, deals of 100 and 50
// each at p = 0.5: totals 0, 50, 100, 150 each with probability 0.25; mean 75, P10 = 0,
// P50 = 50, P90 = 150, P(total >= 100) = 0.5.
const twoDeals: OutcomeDeal[] = [
  { amount: 100, probability: 0.5 },
  { amount: 50, probability: 0.5 },
];

describe('exactOutcomes (METRICS.md worked example)', () => {
  it('gives totals 0, 50, 100, 150 each with probability 0.25', () => {
    expect(exactOutcomes(twoDeals, 0)).toEqual([
      { total: 0, probability: 0.25 },
      { total: 50, probability: 0.25 },
      { total: 100, probability: 0.25 },
      { total: 150, probability: 0.25 },
    ]);
  });

  it('summarizes to mean 75, P10 0, P50 50, P90 150, P(total >= 100) 0.5', () => {
    const summary = summarizeOutcomes(exactOutcomes(twoDeals, 0), 100);
    expect(summary).toEqual({ mean: 75, p10: 0, p50: 50, p90: 150, pReachQuota: { value: 0.5, reason: null } });
  });
});

describe('outcomeDistribution: exact for few deals, else simulated', () => {
  it('gives the worked example exactly, whatever the seed: mean 75, P10 0, P50 50, P90 150, P(total >= 100) 0.5', () => {
    // A simulation's P50 lands on 50 or 100 by the seed here: the exact share of totals <= 50 is 0.5 itself.
    for (const seed of [1, 2, 20_260_101]) {
      expect(outcomeDistribution(twoDeals, { closed: 0, runs: 10_000, seed, quota: 100 })).toEqual({
        runs: 10_000,
        seed,
        exact: true,
        mean: 75,
        p10: 0,
        p50: 50,
        p90: 150,
        pReachQuota: { value: 0.5, reason: null },
      });
    }
  });

  it('is exact up to 12 deals and simulated from 13, the simulation then simulateOutcomes itself', () => {
    expect(EXACT_MAX_DEALS).toBe(12);
    const deals = (count: number): OutcomeDeal[] => Array.from({ length: count }, (_, index) => ({ amount: 100 + index, probability: 0.3 }));
    const options = { closed: 10, runs: 500, seed: 7, quota: null };
    expect(outcomeDistribution(deals(12), options).exact).toBe(true);
    expect(outcomeDistribution(deals(13), options)).toEqual({ ...simulateOutcomes(deals(13), options), exact: false });
  });

  it('gives the exact mean as the expected bookings, closed + sum of amount x p: 711.2 (summing total x probability over the 16 totals gave 711.2000000000002)', () => {
    // By hand: 174 x 0.6 + 265 x 0.1 + 356 x 0.5 + 447 x 0.9 = 104.4 + 26.5 + 178 + 402.3 = 711.2.
    const deals = [
      { amount: 174, probability: 0.6 },
      { amount: 265, probability: 0.1 },
      { amount: 356, probability: 0.5 },
      { amount: 447, probability: 0.9 },
    ];
    expect(outcomeDistribution(deals, { closed: 0, runs: 10, seed: 1, quota: null }).mean).toBe(711.2);
    expect(outcomeDistribution(deals, { closed: 1000, runs: 10, seed: 1, quota: null }).mean).toBe(1711.2);
  });

  it('still refuses runs below 1 when exact', () => {
    expect(() => outcomeDistribution(twoDeals, { closed: 0, runs: 0, seed: 1, quota: null })).toThrow(RangeError);
  });
});

describe('simulateOutcomes', () => {
  it('reproduces the worked example: P10 0, P50 50, P90 150; mean and P(reach) close to 75 and 0.5', () => {
    const simulated = simulateOutcomes(twoDeals, { closed: 0, runs: 10_000, seed: 1, quota: 100 });
    expect(simulated.p10).toBe(0);
    expect(simulated.p50).toBe(50);
    expect(simulated.p90).toBe(150);
    expect(simulated.mean).toBeGreaterThan(73);
    expect(simulated.mean).toBeLessThan(77);
    expect(simulated.pReachQuota.value).toBeGreaterThan(0.48);
    expect(simulated.pReachQuota.value).toBeLessThan(0.52);
  });

  it('gives the same output for the same inputs and seed, and another for another seed', () => {
    const deals = Array.from({ length: 40 }, (_, index) => ({ amount: 1000 + index * 37.5, probability: (index % 9) / 10 }));
    const options = { closed: 123.45, runs: 2000, seed: 42, quota: 20_000 };
    expect(simulateOutcomes(deals, options)).toEqual(simulateOutcomes(deals, options));
    expect(simulateOutcomes(deals, { ...options, seed: 43 }).mean).not.toBe(simulateOutcomes(deals, options).mean);
  });

  it('adds the closed amount to every run; p 0 never wins, p 1 always', () => {
    const simulated = simulateOutcomes([{ amount: 10, probability: 0 }, { amount: 25, probability: 1 }], { closed: 100, runs: 500, seed: 3, quota: null });
    expect(simulated).toMatchObject({ mean: 125, p10: 125, p50: 125, p90: 125 });
    expect(simulated.pReachQuota).toEqual({ value: null, reason: { code: 'no-quota', message: expect.any(String) } });
  });

  it('keeps cents exact: 0.1 + 0.2 is 0.3', () => {
    const simulated = simulateOutcomes([{ amount: 0.1, probability: 1 }, { amount: 0.2, probability: 1 }], { closed: 0, runs: 10, seed: 1, quota: 0.3 });
    expect(simulated.p50).toBe(0.3);
    expect(simulated.pReachQuota.value).toBe(1);
  });

  it('takes the logarithm of a uniform within 2e-15 of Math.log, at the edges and across the range', () => {
    const log = uniformLog;
    const words = [0, 1, 2046, 2047, 2048, 2049, 65_535, 2 ** 31 - 1, 2 ** 31, 4_294_967_294, 4_294_967_295];
    for (let word = 12_345, count = 0; count < 200_000; count += 1) words.push((word = (Math.imul(word, 1_664_525) + 1_013_904_223) >>> 0));
    let worst = 0;
    for (const word of words) worst = Math.max(worst, Math.abs(log(word) - Math.log((word + 1) / 4_294_967_296)));
    expect(worst).toBeLessThan(2e-15);
    expect(log(4_294_967_295)).toBe(0);
  });

  it('draws the skips Math.log would give (the table logarithm is within 2e-15 of it)', () => {
    // Reference: the same geometric skipping with Math.log, written here independently.
    const reference = (deals: readonly OutcomeDeal[], runs: number, seed: number): number[] => {
      const next = mulberry32(seed);
      const totals = new Float64Array(runs);
      let everyRun = 0;
      for (const { amount, probability } of deals) {
        const cents = Math.round(amount * 100);
        const flipped = probability > 0.5;
        const chance = flipped ? 1 - probability : probability;
        if (flipped) everyRun += cents;
        if (chance <= 0) continue;
        const scale = 1 / Math.log1p(-chance);
        for (let run = -1; ; ) {
          run += Math.floor(Math.log((next() + 1) / 4_294_967_296) * scale) + 1;
          if (run >= runs) break;
          totals[run] = (totals[run] as number) + (flipped ? -cents : cents);
        }
      }
      return [...totals].map((total) => total + everyRun).sort((a, b) => a - b);
    };
    const deals = Array.from({ length: 300 }, (_, index) => ({ amount: 500 + ((index * 7919) % 10_000) / 4, probability: ((index * 37) % 100) / 100 }));
    for (const seed of [1, 20_260_101, 987_654_321]) {
      const totals = reference(deals, 5000, seed);
      const simulated = simulateOutcomes(deals, { closed: 0, runs: 5000, seed, quota: null });
      // P10, P50, P90 as the quantile rule picks them: the 500th, 2,500th and 4,500th smallest totals.
      expect([simulated.p10, simulated.p50, simulated.p90]).toEqual([(totals[499] as number) / 100, (totals[2499] as number) / 100, (totals[4499] as number) / 100]);
    }
  });

  it('refuses runs below 1 and probabilities outside 0..1', () => {
    expect(() => simulateOutcomes([], { closed: 0, runs: 0, seed: 1, quota: null })).toThrow(RangeError);
    expect(() => simulateOutcomes([{ amount: 1, probability: 1.5 }], { closed: 0, runs: 10, seed: 1, quota: null })).toThrow(RangeError);
  });

  it('matches the exact distribution of 12 deals (exhaustive 2^12 enumeration) within one deal amount', () => {
    // Amounts and probabilities chosen by hand; the reference enumerates every win/loss combination here,
    // independently of exactOutcomes.
    const deals: OutcomeDeal[] = [
      { amount: 12_000, probability: 0.9 },
      { amount: 8_500, probability: 0.75 },
      { amount: 30_000, probability: 0.2 },
      { amount: 4_200, probability: 0.5 },
      { amount: 15_750, probability: 0.6 },
      { amount: 9_900, probability: 0.1 },
      { amount: 22_000, probability: 0.35 },
      { amount: 6_300, probability: 0.8 },
      { amount: 18_400, probability: 0.45 },
      { amount: 2_500, probability: 0.95 },
      { amount: 11_100, probability: 0.25 },
      { amount: 27_600, probability: 0.55 },
    ];
    const closed = 40_000;
    const outcomes: { total: number; probability: number }[] = [];
    for (let mask = 0; mask < 1 << deals.length; mask += 1) {
      let total = closed;
      let probability = 1;
      deals.forEach((deal, index) => {
        const won = (mask & (1 << index)) !== 0;
        if (won) total += deal.amount;
        probability *= won ? deal.probability : 1 - deal.probability;
      });
      outcomes.push({ total, probability });
    }
    outcomes.sort((a, b) => a.total - b.total);
    const quantile = (q: number): number => {
      let cumulative = 0;
      for (const outcome of outcomes) {
        cumulative += outcome.probability;
        if (cumulative >= q - 1e-12) return outcome.total;
      }
      return outcomes[outcomes.length - 1]!.total;
    };
    const exactMean = outcomes.reduce((sum, outcome) => sum + outcome.total * outcome.probability, 0);
    const simulated = simulateOutcomes(deals, { closed, runs: 10_000, seed: 20_260_101, quota: null });
    const oneDeal = Math.max(...deals.map((deal) => deal.amount));
    for (const [q, value] of [[0.1, simulated.p10], [0.5, simulated.p50], [0.9, simulated.p90]] as const) {
      expect(Math.abs(value - quantile(q))).toBeLessThanOrEqual(oneDeal);
    }
    expect(Math.abs(simulated.mean - exactMean)).toBeLessThan(oneDeal / 10);
    // exactOutcomes agrees with the enumeration.
    const summary = summarizeOutcomes(exactOutcomes(deals, closed), null);
    expect(summary.p10).toBe(quantile(0.1));
    expect(summary.p50).toBe(quantile(0.5));
    expect(summary.p90).toBe(quantile(0.9));
    expect(summary.mean).toBeCloseTo(exactMean, 6);
  });
});

describe('mulberry32', () => {
  it('gives the published sequence for seed 1 (0.6270739405881613 x 2^32)', () => {
    const next = mulberry32(1);
    expect(next()).toBe(2_693_262_067);
  });

  it('summarizeRuns: the mean, quantiles and share at quota of any whole-cent runs, as the sorted runs and an exact sum give them', () => {
    const cents = fc.oneof(fc.integer({ min: 0, max: 5 }).map((step) => step * 100_000), fc.integer({ min: 0, max: 2 ** 50 }));
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 3 }), (runs, closedMillions) => {
        const closed = closedMillions * 1_000_000;
        const summary = summarizeRuns({ perRun: Float64Array.from(runs), everyRun: 0 }, closed, 2_000_000);
        const sorted = runs.map((run) => run + closed * 100).sort((a, b) => a - b);
        const exact = exactSum();
        for (const total of sorted) addToSum(exact, total);
        const at = (q: number) => (sorted[Math.min(Math.max(Math.ceil(q * sorted.length - 1e-9), 1), sorted.length) - 1] as number) / 100;
        expect(summary.mean).toBe(sumValue(exact) / sorted.length / 100);
        expect([summary.p10, summary.p50, summary.p90]).toEqual([at(0.1), at(0.5), at(0.9)]);
        expect(summary.pReachQuota.value).toBe(sorted.filter((total) => total >= 200_000_000).length / sorted.length);
      }),
      { numRuns: 500 },
    );
  });

  it('summarizeRuns sums totals past 2^53 exactly: 2^53 + 1 + 1 is 9,007,199,254,740,994 cents, where adding in turn loses both ones', () => {
    const summary = summarizeRuns({ perRun: Float64Array.of(2 ** 53, 1, 1), everyRun: 0 }, 0, null);
    expect(summary.mean).toBe(9_007_199_254_740_994 / 3 / 100);
    expect(summary.mean).not.toBe(2 ** 53 / 3 / 100);
  });
});
