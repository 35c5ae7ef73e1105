/**
 * The period flags of the commands that plan for a period rather than look back over a window
 * (coverage, forecast, pvf): `--period` names the target period, the quarter containing the
 * as-of date by default.
 */
import { PERIOD_DAYS, explicitWindow, formatDay, parsePeriod, periodContaining, type NamedPeriod, type PeriodUnit, type Window } from '../model/calendar.js';
import { DealmathError } from '../model/errors.js';
import { seriesPeriods, type SeriesPeriod, type SeriesUnit } from '../model/series.js';
import type { DayNumber } from '../model/types.js';
import type { StepOptions } from '../engine/registry.js';
import { defaultRateWindow } from '../metrics/coverage.js';

/** `--period`, else the (fiscal) quarter containing the as-of date. */
export function targetPeriod(text: string | undefined, asOf: DayNumber, fiscalYearStartMonth: number): NamedPeriod {
  if (text === undefined) return periodContaining(asOf, 'quarter', fiscalYearStartMonth);
  const period = parsePeriod(text, asOf, fiscalYearStartMonth);
  if (period === null) throw new DealmathError('usage', `--period "${text}" is not a period; expected 2026-Q4, 2026-11, 2026, this-quarter...`);
  return period;
}

/** `quarter|month|year` or a named period (its unit's average length, METRICS.md "Window"). */
export function targetPeriodDays(text: string | undefined, asOf: number, fiscalYearStartMonth: number): { days: number; label: string } {
  const value = (text ?? 'quarter').trim().toLowerCase();
  if (value === 'quarter' || value === 'month' || value === 'year') return { days: PERIOD_DAYS[value as PeriodUnit], label: value };
  const period = parsePeriod(value, asOf, fiscalYearStartMonth);
  if (period === null) throw new DealmathError('usage', `--period "${text ?? ''}": expected quarter, month, year or a period such as 2026-Q4`);
  return { days: PERIOD_DAYS[period.unit], label: `${period.unit} (${period.label})` };
}

/** Rates come from --from/--to, else the 365 days before the target period starts (METRICS.md "Pipeline coverage"). */
export function coverageRateWindow(period: Window, from: DayNumber | undefined, to: DayNumber | undefined, asOf: DayNumber): Window {
  if (from === undefined && to === undefined) return defaultRateWindow(period);
  if (from === undefined) throw new DealmathError('usage', '--to needs --from as well');
  return explicitWindow(from, to ?? asOf);
}

/**
 * `--every week|month|quarter` (METRICS.md "Trends"): the periods of the window, or null without
 * the flag. A trend splits a window, so it needs one (--period or --from/--to).
 */
export function seriesOf(every: SeriesUnit | undefined, window: Window | null, asOf: DayNumber, fiscalYearStartMonth: number): SeriesPeriod[] | null {
  if (every === undefined) return null;
  if (window === null) throw new DealmathError('usage', `--every ${every} splits a window into periods: give one with --period (2026, 2026-Q4...) or --from/--to`);
  if (window.from > asOf) throw new DealmathError('usage', `--every ${every}: the window starts after the as-of date ${formatDay(asOf)}, so no period of it has begun`);
  try {
    return seriesPeriods(window, every, asOf, fiscalYearStartMonth);
  } catch (error) {
    if (error instanceof RangeError) throw new DealmathError('usage', `--every ${every}: ${error.message.replace(/^seriesPeriods: /, '')}`);
    throw error;
  }
}

/** The trend step of `--every` in a command's plan (none without the flag): its periods from the window. */
export function trendSteps<Name extends 'winrateTrend' | 'velocityTrend' | 'coverageTrend'>(
  metric: Name,
  every: SeriesUnit | undefined,
  window: Window | null,
  analysis: { readonly asOf: DayNumber; readonly config: { readonly fiscalYearStartMonth: number } },
  options: Omit<StepOptions<Name>, 'periods'>,
): { readonly metric: Name; readonly options: StepOptions<Name> }[] {
  const periods = seriesOf(every, window, analysis.asOf, analysis.config.fiscalYearStartMonth);
  return periods === null ? [] : [{ metric, options: { ...options, periods } as unknown as StepOptions<Name> }];
}

/** A command's trend for its view: the unit and the trend step's result, or null without `--every`. */
export function trendOf<Series>(every: SeriesUnit | undefined, series: Series | undefined): { unit: SeriesUnit; series: Series } | null {
  return every === undefined || series === undefined ? null : { unit: every, series };
}
