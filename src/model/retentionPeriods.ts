/**
 * What `retention` and `accounts` share around their runs: the two periods compared (like for
 * like when the current one is under way). The account figures themselves are in
 * report/accountFigures.ts (the weekly report computes them too).
 */
import { formatDay, parsePeriod, periodContaining, previousPeriod, sameDayComparison, toDateLabel, type NamedPeriod, type Window } from './calendar.js';
import { DealmathError } from './errors.js';
import type { DayNumber } from './types.js';

/** The analysis window the periods are taken from: a named period (--period), or a --from/--to window. */
export interface PeriodChoice {
  readonly period: NamedPeriod | null;
  readonly window: Window | null;
  readonly asOf: DayNumber;
  readonly config: { readonly fiscalYearStartMonth: number };
}

export interface RetentionPeriods {
  readonly current: Window;
  readonly previous: Window;
  /** The current period runs to the as-of date, so the previous one is cut at the same elapsed day. */
  readonly toDate: boolean;
}

/**
 * P2 is the analysis window (--period, default this year); P1 is --compare, default the period
 * before P2; when P2 holds the as-of date, P1 is cut to the same elapsed day (METRICS.md
 * "Like-for-like comparison").
 */
export function retentionPeriods(analysis: PeriodChoice, compare: string | undefined): RetentionPeriods {
  const current = analysis.period ?? analysis.window;
  if (current === null) throw new DealmathError('usage', 'retention needs the current period: --period 2026 (and --compare 2025)');
  const fiscal = analysis.config.fiscalYearStartMonth;
  let other: NamedPeriod | null;
  if (compare !== undefined) {
    other = parsePeriod(compare, analysis.asOf, fiscal);
    if (other === null) throw new DealmathError('usage', `--compare "${compare}" is not a period; expected 2025, 2025-Q4, last-year...`);
  } else {
    if (analysis.period === null) throw new DealmathError('usage', 'give the previous period with --compare (2025, 2025-Q4...)');
    other = previousPeriod(analysis.period, fiscal);
  }
  if (other.to >= current.from) throw new DealmathError('usage', `--compare ${other.label} must end before the current period ${current.label} starts`);
  if (analysis.period === null) return { current, previous: other, toDate: false };
  const comparison = sameDayComparison(analysis.period, other, analysis.asOf);
  // Under way: nothing after the as-of date is won yet, so the period ends there.
  const currentToDate = comparison.toDate ? { from: current.from, to: analysis.asOf, label: toDateLabel(analysis.period) } : current;
  return { current: currentToDate, previous: comparison.window, toDate: comparison.toDate };
}

/**
 * `--every year|quarter`: each period of the window that has begun by the as-of date against the
 * one before it (the last, when under way, to the same elapsed day), oldest first.
 */
export function retentionSeriesPeriods(analysis: PeriodChoice, unit: 'year' | 'quarter'): RetentionPeriods[] {
  const window = analysis.window;
  if (window === null) throw new DealmathError('usage', '--every needs a window (--period 2026, or --from/--to)');
  const fiscal = analysis.config.fiscalYearStartMonth;
  const series: RetentionPeriods[] = [];
  for (let period = periodContaining(window.from, unit, fiscal); period.from <= Math.min(window.to, analysis.asOf); period = periodContaining(period.to + 1, unit, fiscal)) {
    const comparison = sameDayComparison(period, previousPeriod(period, fiscal), analysis.asOf);
    series.push({ current: comparison.toDate ? { from: period.from, to: analysis.asOf, label: toDateLabel(period) } : period, previous: comparison.window, toDate: comparison.toDate });
  }
  if (series.length === 0) throw new DealmathError('usage', `--every ${unit}: no ${unit} of the window ${window.label} has begun by the as-of date ${formatDay(analysis.asOf)}`);
  return series;
}
