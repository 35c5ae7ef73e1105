import { describe, expect, it } from 'vitest';
import { explicitWindow } from '../../src/model/calendar.js';
import { configSchema } from '../../src/model/config.js';
import { DEFAULT_FORECAST_CATEGORIES, forecastCategoryLabels, forecastCategoryOf } from '../../src/model/forecastCategories.js';
import { runFold } from '../../src/metrics/fold.js';
import { forecastPlace, forecastRollupFold } from '../../src/metrics/forecastRollup.js';
import { day, deal } from '../support/records.js';

// Forecast period 2026-Q4, as of 2026-11-20 (day 51 of the quarter).
const period = explicitWindow(day('2026-10-01'), day('2026-12-31'));
const asOf = day('2026-11-20');
const categoryOf = forecastCategoryOf(DEFAULT_FORECAST_CATEGORIES);
const rollup = (deals: Parameters<typeof deal>[0][]) => runFold(forecastRollupFold({ asOf, period, categoryOf }), deals.map(deal));

describe('forecastPlace', () => {
  it('takes won deals of the period to date and open deals expected in it', () => {
    expect(forecastPlace(deal({ id: 'a', status: 'won', close: day('2026-10-05') }), asOf, period)).toBe('closed');
    expect(forecastPlace(deal({ id: 'b', status: 'won', close: day('2026-09-30') }), asOf, period)).toBeNull();
    expect(forecastPlace(deal({ id: 'c', status: 'open', close: day('2026-12-31') }), asOf, period)).toBe('open');
    expect(forecastPlace(deal({ id: 'd', status: 'open', close: day('2027-01-01') }), asOf, period)).toBeNull();
    expect(forecastPlace(deal({ id: 'e', status: 'open', close: null }), asOf, period)).toBeNull();
    expect(forecastPlace(deal({ id: 'f', status: 'lost', close: day('2026-10-05') }), asOf, period)).toBeNull();
    expect(forecastPlace(deal({ id: 'g', status: 'open', created: day('2026-11-21'), close: day('2026-12-01') }), asOf, period)).toBeNull();
  });
});

describe('forecastRollupFold (METRICS.md "Forecast", category roll-up)', () => {
  it('rolls closed, commit, best case, pipeline and omitted into the commit and best-case forecasts', () => {
    // Hand-computed: closed 100 + 20 = 120; commit 50; best case 30; pipeline 70; omitted 5.
    const result = rollup([
      { id: 'w1', status: 'won', amount: 100, close: day('2026-10-05'), forecastCategory: 'Closed' },
      { id: 'w2', status: 'won', amount: 20, close: day('2026-11-20') },
      { id: 'c1', status: 'open', amount: 50, close: day('2026-12-01'), forecastCategory: 'Commit' },
      { id: 'b1', status: 'open', amount: 30, close: day('2026-12-15'), forecastCategory: 'Best Case' },
      { id: 'p1', status: 'open', amount: 70, close: day('2026-11-01'), forecastCategory: 'Pipeline' },
      { id: 'o1', status: 'open', amount: 5, close: day('2026-12-01'), forecastCategory: 'Omitted' },
      { id: 'later', status: 'open', amount: 999, close: day('2027-02-01'), forecastCategory: 'Commit' },
    ]);
    expect(result.closed.value).toBe(120);
    expect(result.commitForecast.value).toBe(170);
    expect(result.bestCaseForecast.value).toBe(200);
    expect(result.commit.value).toBe(50);
    expect(result.bestCase.value).toBe(30);
    expect(result.pipeline.value).toBe(70);
    expect(result.omitted.value).toBe(5);
    expect(result.counts).toEqual({ closed: 2, commit: 1, bestCase: 1, pipeline: 1, omitted: 1, uncategorized: 0 });
    expect(result.openDeals).toBe(4);
    expect(result.openValue).toBe(155);
  });

  it('reads HubSpot labels, any case: Best case, Closed won, Not forecasted', () => {
    const result = rollup([
      { id: 'b', status: 'open', amount: 10, close: day('2026-12-01'), forecastCategory: 'best case' },
      { id: 'n', status: 'open', amount: 7, close: day('2026-12-01'), forecastCategory: 'Not forecasted' },
      { id: 'c', status: 'open', amount: 3, close: day('2026-12-01'), forecastCategory: 'Closed won' },
    ]);
    expect(result.bestCase.value).toBe(10);
    expect(result.omitted.value).toBe(7);
    // An open deal labelled closed counts as commit, and is counted apart.
    expect(result.commit.value).toBe(3);
    expect(result.openLabelledClosed).toBe(1);
  });

  it('counts unknown labels as uncategorized, and is n/a when no open deal has a known category', () => {
    const result = rollup([
      { id: 'w', status: 'won', amount: 40, close: day('2026-10-02') },
      { id: 'x', status: 'open', amount: 10, close: day('2026-12-01'), forecastCategory: 'Maybe' },
      { id: 'y', status: 'open', amount: 5, close: day('2026-12-01') },
    ]);
    expect(result.closed.value).toBe(40);
    expect(result.commitForecast).toEqual({ value: null, reason: { code: 'no-forecast-category', message: expect.any(String) } });
    expect(result.uncategorized).toBe(15);
    expect(result.counts.uncategorized).toBe(2);
  });

  it('has known zeros for an empty period', () => {
    const result = rollup([]);
    expect(result.commitForecast.value).toBe(0);
    expect(result.closed.value).toBe(0);
  });

  it('merges parts to the same result as one pass', () => {
    const fold = forecastRollupFold({ asOf, period, categoryOf });
    const deals = [
      deal({ id: 'a', status: 'won', amount: 0.1, close: day('2026-10-05') }),
      deal({ id: 'b', status: 'open', amount: 0.2, close: day('2026-12-05'), forecastCategory: 'Commit' }),
      deal({ id: 'c', status: 'open', amount: 0.3, close: day('2026-12-05'), forecastCategory: 'Commit' }),
    ];
    const left = fold.add(fold.init(), deals[0]!);
    const right = fold.add(fold.add(fold.init(), deals[1]!), deals[2]!);
    expect(fold.finish(fold.merge(left, right))).toEqual(runFold(fold, deals));
    expect(runFold(fold, deals).commitForecast.value).toBe(0.6);
  });
});

describe('forecastCategories config', () => {
  it('replaces a kind\'s labels and refuses a label in two kinds', () => {
    const config = configSchema.parse({ forecastCategories: { commit: ['Committed'] } });
    const labels = forecastCategoryLabels(config.forecastCategories);
    expect(labels.commit).toEqual(['Committed']);
    expect(labels.bestCase).toEqual(['Best Case']);
    expect(configSchema.safeParse({ forecastCategories: { commit: ['Pipeline'] } }).success).toBe(false);
  });
});
