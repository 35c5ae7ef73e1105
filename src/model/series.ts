/**
 * The periods of a trend (METRICS.md "Trends"): `--every week|month|quarter` over a window, oldest
 * first, those begun by the as-of date; the current one runs to the as-of date and says so.
 */
import { dayFromParts, formatDay, partsFromDay, periodContaining, type Window } from './calendar.js';
import type { DayNumber } from './types.js';

export type SeriesUnit = 'week' | 'month' | 'quarter';
export const SERIES_UNITS: readonly SeriesUnit[] = ['week', 'month', 'quarter'];

/** One period of a series, as plain data (it travels to worker threads in a plan). */
export interface SeriesPeriod extends Window {
  /** The period runs past the as-of date: it is counted to that date ("2026-Q4 QTD"). */
  readonly toDate: boolean;
  /** The period's own days, before clipping to the window and the as-of date. */
  readonly whole: Window;
}

/** A series longer than this is refused: every deal may be read once per period. */
export const MAX_SERIES_PERIODS = 400;

/** The ISO week (Monday first; week 1 holds January 4) containing a day, labelled `2026-W47`. */
export function isoWeekContaining(day: DayNumber): Window {
  // Day 0 (1970-01-01) was a Thursday: the Monday-first weekday index is (day + 3) mod 7.
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  // A week belongs to the year its Thursday falls in.
  const thursday = monday + 3;
  const { year } = partsFromDay(thursday);
  const week = Math.floor((thursday - (dayFromParts(year, 1, 1) as DayNumber)) / 7) + 1;
  return { from: monday, to: monday + 6, label: `${year}-W${String(week).padStart(2, '0')}` };
}

function periodOf(day: DayNumber, unit: SeriesUnit, fiscalYearStartMonth: number): Window {
  return unit === 'week' ? isoWeekContaining(day) : periodContaining(day, unit, fiscalYearStartMonth);
}

const TO_DATE = { week: 'WTD', month: 'MTD', quarter: 'QTD' } as const;

/**
 * The periods of `window` by `unit` that have begun by `asOf`, oldest first. A period the window
 * cuts is clipped to it (its label says from or to which day); the one holding the as-of date
 * runs to that date, labelled `QTD`, `MTD` or `WTD`.
 * @example seriesPeriods(2026-10-01..2026-12-31, 'month', 2026-11-20) is 2026-10, 2026-11 MTD
 */
export function seriesPeriods(window: Window, unit: SeriesUnit, asOf: DayNumber, fiscalYearStartMonth = 1): SeriesPeriod[] {
  const periods: SeriesPeriod[] = [];
  const last = Math.min(window.to, asOf);
  for (let whole = periodOf(window.from, unit, fiscalYearStartMonth); whole.from <= last; whole = periodOf(whole.to + 1, unit, fiscalYearStartMonth)) {
    if (periods.length === MAX_SERIES_PERIODS) throw new RangeError(`seriesPeriods: more than ${MAX_SERIES_PERIODS} periods; use a longer unit or a shorter window`);
    const from = Math.max(whole.from, window.from);
    const toDate = whole.to > asOf && window.to > asOf;
    const to = Math.min(whole.to, window.to, asOf);
    let label = whole.label;
    if (from > whole.from) label += ` from ${formatDay(from)}`;
    if (toDate) label += ` ${TO_DATE[unit]}`;
    else if (to < whole.to) label += ` to ${formatDay(to)}`;
    periods.push({ from, to, label, toDate, whole: { from: whole.from, to: whole.to, label: whole.label } });
  }
  return periods;
}
