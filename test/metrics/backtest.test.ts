import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../src/model/calendar.js';
import { forecastCategoryLabels, forecastCategoryOf } from '../../src/model/forecastCategories.js';
import { backtestAccuracy } from '../../src/metrics/backtest.js';
import { forecastError, methodAccuracy, mostAccurate } from '../../src/metrics/forecastAccuracy.js';
import { forecastHistory, type HistoryDeal } from '../../src/metrics/forecastHistory.js';

const day = (text: string): number => parseIsoDay(text) as number;

describe('forecast accuracy (METRICS.md "Forecast": error, MAPE, bias)', () => {
  // By hand: F 90 and 120 against Act 100: errors -10 and +20, percentages -0.1 and 0.2;
  // MAPE (0.1 + 0.2) / 2 = 0.15, bias (-0.1 + 0.2) / 2 = 0.05.
  it('scores F against Act', () => {
    const outcomes = [
      { method: 'commit' as const, forecast: { value: 90, reason: null }, actual: 100 },
      { method: 'commit' as const, forecast: { value: 120, reason: null }, actual: 100 },
    ];
    expect(forecastError(outcomes[0] as (typeof outcomes)[0]).error.value).toBe(-10);
    const commit = methodAccuracy(outcomes)[0];
    expect(commit?.n).toBe(2);
    expect(commit?.mape.value).toBeCloseTo(0.15, 12);
    expect(commit?.bias.value).toBeCloseTo(0.05, 12);
  });

  it('makes the percentage n/a when Act = 0 (METRICS.md: "Act = 0 makes the percentage n/a")', () => {
    const scored = forecastError({ forecast: { value: 50, reason: null }, actual: 0 });
    expect(scored.error.value).toBe(50);
    expect(scored.percentError).toEqual({ value: null, reason: { code: 'no-actual-bookings', message: expect.any(String) } });
    const methods = methodAccuracy([{ method: 'bestCase', forecast: { value: 50, reason: null }, actual: 0 }]);
    expect(methods[1]).toMatchObject({ method: 'bestCase', n: 0, mape: { value: null, reason: { code: 'no-forecast-to-score' } } });
    expect(mostAccurate(methods)).toBeNull();
  });
});

/**
 * A hand-computed backtest (worked out on paper for this test, from the METRICS.md definitions).
 * Quarters; open stages Qualification, Discovery, Proposal, Negotiation. Snapshots 2026-07-06 and
 * 2026-08-03 (Q3) and 2026-10-05 (Q4, the last: Q3's outcome is known).
 * - D1 Ann, Commit, Proposal, 100 at p 0.8, close 2026-09-15; won 2026-09-20 (100) by 2026-10-05.
 * - D2 Ann, Best Case, Discovery, 50 at p 0.5, close 2026-09-30; pushed to 2026-11-15 by 2026-10-05.
 * - D3 Bob, Pipeline, Qualification, 200 at p 0.2, close 2026-08-31; lost 2026-07-20 by 2026-08-03.
 * - D4 Bob, won 2026-07-02 (40), in every snapshot (never seen open).
 * Actual Q3 bookings: D1 100 + D4 40 = 140 (Ann 100, Bob 40).
 * At 2026-07-06 (team): closed 40; commit 40 + 100 = 140; best case 140 + 50 = 190; crm
 * 40 + 80 + 25 + 40 = 185; history n/a (no stage conversion yet); P50: the exact distribution of
 * 100 @ 0.8, 50 @ 0.5, 200 @ 0.2 has cumulative 0.48 at 100 and 0.80 at 150, so P50 = 40 + 150 = 190.
 * At 2026-08-03: D3 lost, so Qualification's conversion is 0 (the others unknown: history n/a for
 * D1 and D2); commit 140, best case 190, crm 40 + 80 + 25 = 145; P50 40 + 100 = 140 (100 @ 0.8,
 * 50 @ 0.5: cumulative 0.6 at 100).
 * Errors against 140: commit 0, 0; best case +50, +50 (0.357142857...); crm +45 (0.32142857...),
 * +5 (0.0357142857...); P50 +50, 0. MAPE: commit 0, best case 0.357142857, crm 0.178571429,
 * P50 0.178571429; history n = 0. Most accurate: commit.
 * Category weights (Q3): commit 200 of value over the two snapshots, all won: 1; best case 100,
 * none won: 0; pipeline 200, none won: 0; omitted: no value, n/a. Closed inside the period: D1
 * (won 09-20) and D3 (lost 07-20) of D1, D2, D3: 2/3.
 */
describe('backtest, hand-computed', () => {
  const deal = (id: string, owner: string, status: HistoryDeal['status'], stage: string, amount: number, close: string, probability: number | null, category: string | null): HistoryDeal => ({
    id,
    owner,
    status,
    stage,
    amount,
    close: day(close),
    probability,
    forecastCategory: category,
  });
  const snapshots: [string, HistoryDeal[]][] = [
    [
      '2026-07-06',
      [
        deal('D1', 'Ann', 'open', 'Proposal', 100, '2026-09-15', 0.8, 'Commit'),
        deal('D2', 'Ann', 'open', 'Discovery', 50, '2026-09-30', 0.5, 'Best Case'),
        deal('D3', 'Bob', 'open', 'Qualification', 200, '2026-08-31', 0.2, 'Pipeline'),
        deal('D4', 'Bob', 'won', 'Closed Won', 40, '2026-07-02', 1, 'Closed'),
      ],
    ],
    [
      '2026-08-03',
      [
        deal('D1', 'Ann', 'open', 'Proposal', 100, '2026-09-15', 0.8, 'Commit'),
        deal('D2', 'Ann', 'open', 'Discovery', 50, '2026-09-30', 0.5, 'Best Case'),
        deal('D3', 'Bob', 'lost', 'Closed Lost', 200, '2026-07-20', 0, 'Omitted'),
        deal('D4', 'Bob', 'won', 'Closed Won', 40, '2026-07-02', 1, 'Closed'),
      ],
    ],
    [
      '2026-10-05',
      [
        deal('D1', 'Ann', 'won', 'Closed Won', 100, '2026-09-20', 1, 'Closed'),
        deal('D2', 'Ann', 'open', 'Discovery', 50, '2026-11-15', 0.5, 'Pipeline'),
        deal('D3', 'Bob', 'lost', 'Closed Lost', 200, '2026-07-20', 0, 'Omitted'),
        deal('D4', 'Bob', 'won', 'Closed Won', 40, '2026-07-02', 1, 'Closed'),
      ],
    ],
  ];
  const run = () => {
    const history = forecastHistory({
      unit: 'quarter',
      fiscalYearStartMonth: 1,
      categoryOf: forecastCategoryOf(forecastCategoryLabels(undefined)),
      openStages: ['Qualification', 'Discovery', 'Proposal', 'Negotiation'],
      backtest: { groupOf: (owner) => owner, runs: 10_000, seed: 1 },
    });
    for (const [date, deals] of snapshots) {
      history.begin(day(date));
      for (const one of deals) history.add(one);
    }
    return history.finish(day('2026-11-20'));
  };

  it('learns category weights and the in-period share from the past quarter', () => {
    const history = run();
    expect(history.periods).toEqual(['2026-Q3']);
    expect(history.categoryWeights.commit.value).toBe(1);
    expect(history.categoryWeights.bestCase.value).toBe(0);
    expect(history.categoryWeights.pipeline.value).toBe(0);
    expect(history.categoryWeights.omitted.value).toBeNull();
    expect(history.closeInPeriod.value).toBeCloseTo(2 / 3, 12);
    expect(history.closeInPeriodDeals).toBe(3);
    expect(history.actuals.get('2026-Q3')).toEqual(new Map([['', 140], ['Ann', 100], ['Bob', 40]]));
  });

  it('scores each method against the actual bookings', () => {
    const result = backtestAccuracy(run());
    expect(result.bySnapshot.map((line) => [line.weeksBefore, line.actual])).toEqual([
      [12, 140],
      [8, 140],
    ]);
    const values = result.bySnapshot.map((line) => Object.fromEntries(Object.entries(line.forecasts).map(([method, entry]) => [method, entry.forecast.value])));
    expect(values).toEqual([
      { commit: 140, bestCase: 190, weightedCrm: 185, weightedHistory: null, p50: 190 },
      { commit: 140, bestCase: 190, weightedCrm: 145, weightedHistory: null, p50: 140 },
    ]);
    const byMethod = Object.fromEntries(result.methods.map((entry) => [entry.method, entry]));
    expect(byMethod.commit).toMatchObject({ mape: { value: 0 }, bias: { value: 0 }, n: 2 });
    expect(byMethod.bestCase?.mape.value).toBeCloseTo(0.357142857, 8);
    expect(byMethod.weightedCrm?.mape.value).toBeCloseTo(0.178571429, 8);
    expect(byMethod.weightedCrm?.bias.value).toBeCloseTo(0.178571429, 8);
    expect(byMethod.p50?.mape.value).toBeCloseTo(0.178571429, 8);
    expect(byMethod.weightedHistory).toMatchObject({ n: 0, mape: { value: null } });
    expect(result.best).toBe('commit');
    // Ann: commit 100 both times against 100 (MAPE 0); Bob: every method 40 at 2026-08-03.
    expect(result.groups.map((group) => group.group)).toEqual(['Ann', 'Bob']);
    expect(result.groups[0]?.methods[0]).toMatchObject({ method: 'commit', mape: { value: 0 }, n: 2 });
    expect(result.byWeeksBefore.map((entry) => entry.weeksBefore)).toEqual([8, 12]);
  });

  it('does not score a period the series began inside of when its exports list no closed deal (its bookings are unknown)', () => {
    // The same snapshots without D4 (won 2026-07-02, before the first snapshot): the exports now
    // carry open deals only at first, so Q3's bookings before 2026-07-06 cannot be known.
    const history = forecastHistory({
      unit: 'quarter',
      fiscalYearStartMonth: 1,
      categoryOf: forecastCategoryOf(forecastCategoryLabels(undefined)),
      openStages: ['Qualification', 'Discovery', 'Proposal', 'Negotiation'],
      backtest: { groupOf: (owner) => owner, runs: 1_000, seed: 1 },
    });
    for (const [date, deals] of snapshots) {
      history.begin(day(date));
      for (const one of deals) if (one.id !== 'D4') history.add(one);
    }
    const finished = history.finish(day('2026-11-20'));
    expect(finished.periodsBegunBefore).toEqual(['2026-Q3']);
    expect(finished.actuals.has('2026-Q3')).toBe(false);
    const result = backtestAccuracy(finished);
    expect(result.bySnapshot).toEqual([]);
    expect(result.periods).toEqual([]);
    // The category weights still learn from Q3 (whether an open deal was won in its period is known).
    expect(finished.categoryWeights.commit.value).toBe(1);
  });
});
