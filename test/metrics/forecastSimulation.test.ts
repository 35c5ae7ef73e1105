/**
 * The forecast's outcome distribution across rows (METRICS.md "Forecast", outcome distribution):
 * each open deal is drawn once, a group's and the total's runs are the sums of their reps' runs,
 * and the order the rows were read in changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { finishForecast, forecastFold, type ForecastOptions } from '../../src/metrics/forecast.js';
import { DEFAULT_FORECAST_CATEGORIES, forecastCategoryOf } from '../../src/model/forecastCategories.js';
import { runFold } from '../../src/metrics/fold.js';
import { parseIsoDay, periodContaining } from '../../src/model/calendar.js';
import type { Deal } from '../../src/model/types.js';

const asOf = parseIsoDay('2026-11-20') as number;
const period = periodContaining(asOf, 'quarter');
const categoryOf = forecastCategoryOf(DEFAULT_FORECAST_CATEGORIES);

function deal(id: string, owner: string, amount: number, probability: number, status: Deal['status'] = 'open'): Deal {
  return {
    id, name: null, account: null, owner, stage: null, status, amount, currency: null, created: null, close: parseIsoDay('2026-12-01'),
    cycleDays: null, probability, forecastCategory: 'Pipeline', lastActivity: null, stageEntered: null, lostStage: null, type: null,
    dimensions: {}, source: { file: 'test', row: 2 },
  };
}

// Three reps, deals of several sizes and chances, one certain and one hopeless.
const DEALS: Deal[] = [
  deal('A1', 'Ann', 100, 0.5), deal('A2', 'Ann', 250.5, 0.2), deal('A3', 'Ann', 80, 0.9), deal('A4', 'Ann', 10, 1),
  deal('B1', 'Bob', 400, 0.3), deal('B2', 'Bob', 400, 0.7), deal('B3', 'Bob', 60, 0),
  deal('C1', 'Cy', 1000, 0.05), deal('C2', 'Cy', 75.25, 0.6), deal('CW', 'Cy', 300, 1, 'won'),
];

const OPTIONS: ForecastOptions = {
  by: 'owner', reps: null, methods: ['crm'], simulationMethod: 'crm', runs: 2000, seed: 7,
  stageConversion: { code: 'needs-history', message: 'n/a' }, categoryReason: { code: 'needs-snapshots', message: 'n/a' },
};

function forecast(deals: readonly Deal[], options: ForecastOptions = OPTIONS) {
  return finishForecast(runFold(forecastFold({ asOf, period, categoryOf }), deals), options);
}

describe('forecast simulation across rows', () => {
  it('gives the same runs whatever order the rows come in', () => {
    const reversed = forecast([...DEALS].reverse());
    const shuffled = forecast([DEALS[4], DEALS[0], DEALS[8], DEALS[2], DEALS[9], DEALS[6], DEALS[1], DEALS[7], DEALS[3], DEALS[5]] as Deal[]);
    const inOrder = forecast(DEALS);
    expect(reversed.total.simulation).toEqual(inOrder.total.simulation);
    expect(shuffled.total.simulation).toEqual(inOrder.total.simulation);
    expect(shuffled.groups.map((row) => row.simulation)).toEqual(inOrder.groups.map((row) => row.simulation));
  });

  it('adds the reps runs run by run: the total mean is the sum of the rows means, in cents exactly', () => {
    const result = forecast(DEALS);
    expect(result.groups.map((row) => row.key.owner)).toEqual(['Ann', 'Bob', 'Cy']);
    const rowMeans = result.groups.map((row) => row.simulation.mean.value as number);
    // Whole cents per run, so the sum of the means equals the total's mean to the cent.
    expect(Math.round((rowMeans[0] as number) * 100) + Math.round((rowMeans[1] as number) * 100) + Math.round((rowMeans[2] as number) * 100)).toBe(Math.round((result.total.simulation.mean.value as number) * 100));
    // Each deal counted once: 9 open deals with an amount and a p.
    expect(result.total.simulation.deals).toBe(9);
    expect(result.groups.map((row) => row.simulation.deals)).toEqual([4, 3, 2]);
  });

  it('a team row sums its reps runs, and the total leaves out reps without quota', () => {
    const reps = [{ owner: 'Ann', quota: 500, team: 'East' }, { owner: 'Bob', quota: 700, team: 'East' }];
    const result = forecast(DEALS, { ...OPTIONS, by: 'team', reps });
    const east = result.groups.find((row) => row.key.team === 'East');
    // The total is Ann and Bob only (Cy has no quota), the same runs as team East.
    expect(result.total.simulation).toEqual(east?.simulation);
    // Certain amounts: Ann's 10 at p = 1 and Cy's 300 won are in every run; the hopeless 60 never.
    expect(result.total.simulation.p10.value).toBeGreaterThanOrEqual(10);
  });

  it('keeps the worked example: closed 0, 100 and 50 at p = 0.5 (METRICS.md "Forecast")', () => {
    const result = forecast([deal('X', 'Ann', 100, 0.5), deal('Y', 'Ann', 50, 0.5)], { ...OPTIONS, runs: 10_000 });
    // METRICS.md: totals 0, 50, 100, 150 each 0.25; mean 75, P10 = 0, P90 = 150. (P50 sits exactly
    // on the edge between 50 and 100: with sampled runs either can come out, so it is not asserted.)
    expect(result.total.simulation.p10.value).toBe(0);
    expect(result.total.simulation.p90.value).toBe(150);
    // The standard error of the mean over 10,000 runs is 55.9 / 100 = 0.56: within 2 is 3.5 of them.
    expect(Math.abs((result.total.simulation.mean.value as number) - 75)).toBeLessThan(2);
  });
});

describe('forecast state read in parts', () => {
  it('merged parts give what one pass gives: 40 open deals per rep, some without an amount, a probability or a category', () => {
    const many: Deal[] = [];
    for (let index = 0; index < 120; index += 1) {
      const owner = ['Ann', 'Bob', 'Cy'][index % 3] as string;
      const base = deal(`D${index}`, owner, 100 + index * 7.25, (index % 10) / 10);
      many.push({
        ...base,
        amount: index % 11 === 0 ? null : base.amount,
        probability: index % 13 === 0 ? null : base.probability,
        forecastCategory: index % 7 === 0 ? null : index % 2 === 0 ? 'Commit' : 'Best Case',
        stage: index % 5 === 0 ? null : 'Proposal',
      });
    }
    const fold = forecastFold({ asOf, period, categoryOf });
    const options: ForecastOptions = { ...OPTIONS, methods: ['crm', 'history'], stageConversion: new Map([['Proposal', 0.4]]) };
    const onePass = finishForecast(runFold(fold, many), options);
    // Cut in three, merged in file order (as the parts are); the fold's finish is its state.
    const [a, b, c] = [many.slice(0, 50), many.slice(50, 51), many.slice(51)].map((part) => runFold(fold, part));
    const merged = finishForecast(fold.merge(fold.merge(a!, b!), c!), options);
    expect(merged).toEqual(onePass);
    // The deals without an amount or a weight are counted, not dropped: 120 open, 11 without an amount.
    expect(onePass.total.simulation.deals + onePass.total.simulation.dealsWithoutWeight).toBe(120 - 11);
    expect(onePass.total.weighted.history.unweightedDeals).toBeGreaterThan(0);
  });
});
