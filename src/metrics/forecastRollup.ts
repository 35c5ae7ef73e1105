/**
 * Forecast category roll-up (METRICS.md "Forecast"): for the period containing the as-of date,
 * what is closed, committed, best case, pipeline and omitted.
 */
import { isInWindow, type Window } from '../model/calendar.js';
import type { ForecastCategoryKind } from '../model/forecastCategories.js';
import type { DayNumber, Deal } from '../model/types.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';
import type { Fold } from './fold.js';

/** Where a deal stands in the forecast of a period: won in it to date, open and expected in it, or neither. */
export type ForecastPlace = 'closed' | 'open' | null;

/**
 * `closed`: won with its close date in the period, up to the as-of date; `open`: open at the
 * as-of date with its expected close inside the period; else null (not in this forecast).
 * Deals are taken as they stood at the as-of date (a deal won after it is open then).
 */
export function forecastPlace(deal: Deal, asOf: DayNumber, period: Window): ForecastPlace {
  const close = deal.close;
  if (close === null) return null;
  if (deal.status === 'won') return close >= period.from && close <= Math.min(period.to, asOf) ? 'closed' : null;
  if (deal.status !== 'open') return null;
  if (deal.created !== null && deal.created > asOf) return null;
  return isInWindow(close, period) ? 'open' : null;
}

export const ROLLUP_BUCKETS = ['closed', 'commit', 'bestCase', 'pipeline', 'omitted', 'uncategorized'] as const;
export type RollupBucket = (typeof ROLLUP_BUCKETS)[number];

export interface RollupCell {
  /** Known amounts, summed exactly. */
  value: ExactSum;
  deals: number;
}

export interface ForecastRollupState {
  buckets: Record<RollupBucket, RollupCell>;
  /** Open deals whose category is a closed label (counted as commit). */
  openLabelledClosed: number;
  /** Deals in the forecast with no amount (counted, left out of the sums). */
  withoutAmount: number;
}

export interface ForecastRollupOptions {
  readonly asOf: DayNumber;
  /** The forecast period (the period containing the as-of date). */
  readonly period: Window;
  /** The kind of a forecast category cell, or null for an empty or unknown label. */
  readonly categoryOf: (label: string | null) => ForecastCategoryKind | null;
}

export interface ForecastRollup {
  /** Won in the period to date. */
  readonly closed: Figure;
  /** Commit forecast = closed + commit. */
  readonly commitForecast: Figure;
  /** Best-case forecast = closed + commit + best case. */
  readonly bestCaseForecast: Figure;
  /** The open categories' own sums. */
  readonly commit: Figure;
  readonly bestCase: Figure;
  readonly pipeline: Figure;
  readonly omitted: Figure;
  /** Open deals whose category is empty or a label the config does not name. */
  readonly uncategorized: number;
  readonly counts: Readonly<Record<RollupBucket, number>>;
  readonly openDeals: number;
  readonly openValue: number;
  readonly openLabelledClosed: number;
  readonly withoutAmount: number;
}

/**
 * Category roll-up of one group's forecast: closed = won amounts in the period up to the
 * as-of date; commit forecast = closed + the open commit amounts; best-case forecast = closed +
 * commit + best case; pipeline and omitted as their own sums. Open deals are those open at the
 * as-of date with an expected close inside the period.
 *
 * Units: money in the base currency. Edge cases: an open deal labelled with a closed category
 * (its stage is open) counts as commit and is counted in `openLabelledClosed` (validate flags
 * it); an empty or unknown label is `uncategorized` (counted and summed, in no forecast); when
 * there are open deals and none carries a known category, the category figures are n/a
 * (`no-forecast-category`), closed stays known; missing amounts are left out of the sums.
 *
 * @example
 * // period 2026-Q4, as of 2026-11-20: won 100 on 2026-10-05; open Commit 50 closing 2026-12-01; open Best Case 30
 * runFold(forecastRollupFold(options), deals) // closed 100, commitForecast 150, bestCaseForecast 180
 *
 * Implements METRICS.md "Forecast" (category roll-up).
 */
export function forecastRollupFold(options: ForecastRollupOptions): Fold<Deal, ForecastRollupState, ForecastRollup> {
  const { asOf, period, categoryOf } = options;
  if (period.to < period.from) throw new RangeError('forecastRollupFold: the period ends before it starts');
  return {
    init: emptyRollup,
    add(state, deal) {
      const place = forecastPlace(deal, asOf, period);
      if (place === null) return state;
      let bucket: RollupBucket = 'closed';
      if (place === 'open') {
        const kind = categoryOf(deal.forecastCategory);
        if (kind === 'closed') state.openLabelledClosed += 1;
        bucket = kind === null ? 'uncategorized' : kind === 'closed' ? 'commit' : kind;
      }
      const cell = state.buckets[bucket];
      cell.deals += 1;
      if (deal.amount === null) state.withoutAmount += 1;
      else addToSum(cell.value, deal.amount);
      return state;
    },
    merge: mergeRollups,
    finish: finishRollup,
  };
}

export function emptyRollup(): ForecastRollupState {
  const cell = (): RollupCell => ({ value: exactSum(), deals: 0 });
  return {
    buckets: { closed: cell(), commit: cell(), bestCase: cell(), pipeline: cell(), omitted: cell(), uncategorized: cell() },
    openLabelledClosed: 0,
    withoutAmount: 0,
  };
}

export function mergeRollups(a: ForecastRollupState, b: ForecastRollupState): ForecastRollupState {
  const merged = emptyRollup();
  for (const bucket of ROLLUP_BUCKETS) {
    merged.buckets[bucket] = { value: mergeSums(a.buckets[bucket].value, b.buckets[bucket].value), deals: a.buckets[bucket].deals + b.buckets[bucket].deals };
  }
  merged.openLabelledClosed = a.openLabelledClosed + b.openLabelledClosed;
  merged.withoutAmount = a.withoutAmount + b.withoutAmount;
  return merged;
}

export function finishRollup(state: ForecastRollupState): ForecastRollup {
  const { buckets } = state;
  const sumOf = (...which: RollupBucket[]): number => {
    const sum = exactSum();
    for (const bucket of which) for (const partial of buckets[bucket].value) addToSum(sum, partial);
    return sumValue(sum);
  };
  const openBuckets: RollupBucket[] = ['commit', 'bestCase', 'pipeline', 'omitted', 'uncategorized'];
  const openDeals = openBuckets.reduce((count, bucket) => count + buckets[bucket].deals, 0);
  const categorized = openDeals - buckets.uncategorized.deals;
  const noCategory = openDeals > 0 && categorized === 0;
  const category = (value: () => number): Figure =>
    noCategory ? na('no-forecast-category') : known(value());
  const counts = Object.fromEntries(ROLLUP_BUCKETS.map((bucket) => [bucket, buckets[bucket].deals])) as Record<RollupBucket, number>;
  return {
    closed: known(sumOf('closed')),
    commitForecast: category(() => sumOf('closed', 'commit')),
    bestCaseForecast: category(() => sumOf('closed', 'commit', 'bestCase')),
    commit: category(() => sumOf('commit')),
    bestCase: category(() => sumOf('bestCase')),
    pipeline: category(() => sumOf('pipeline')),
    omitted: category(() => sumOf('omitted')),
    uncategorized: sumOf('uncategorized'),
    counts,
    openDeals,
    openValue: sumOf(...openBuckets),
    openLabelledClosed: state.openLabelledClosed,
    withoutAmount: state.withoutAmount,
  };
}
