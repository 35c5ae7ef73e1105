/**
 * Calendar days, periods and windows (METRICS.md "as-of date", "Window").
 * Every date is a UTC day number so results never depend on the machine's time zone.
 */
import type { DayNumber } from './types.js';

/** Average period lengths in days (METRICS.md "Window"). */
export const PERIOD_DAYS = {
  month: 30.4375,
  quarter: 91.3125,
  year: 365.25,
} as const;

export type PeriodUnit = keyof typeof PERIOD_DAYS;

const MS_PER_DAY = 86_400_000;

/** Day number of a valid calendar date, or null when the date does not exist (2026-02-30). */
export function dayFromParts(year: number, month: number, day: number): DayNumber | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar, no Date object.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar parts of a day number. */
export function partsFromDay(dayNumber: DayNumber): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(dayNumber: DayNumber): string {
  const { year, month, day } = partsFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Strict `YYYY-MM-DD` (the form of `--as-of`, `--from`, `--to`), or null. */
export function parseIsoDay(text: string): DayNumber | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  return dayFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Today's UTC day number; the only place the clock is read. */
export function today(now: Date = new Date()): DayNumber {
  return Math.floor(now.getTime() / MS_PER_DAY);
}

/** An inclusive range of days. `label` names it in output (`2026-Q3`, `2026-07-01..2026-09-30`). */
export interface Window {
  readonly from: DayNumber;
  readonly to: DayNumber;
  readonly label: string;
}

/** Length of an inclusive window in days (to - from + 1). */
export function windowDays(window: Window): number {
  return window.to - window.from + 1;
}

export function isInWindow(day: DayNumber, window: Window): boolean {
  return day >= window.from && day <= window.to;
}

export interface NamedPeriod extends Window {
  readonly unit: PeriodUnit;
}

/**
 * A named period: `2026-Q3` (or `FY2026-Q3`), `2026-09`, `2026` (or `FY2026`), and
 * `this-`, `last-` or `next-` followed by `month`, `quarter` or `year`, relative to `asOf`.
 * Quarters and years follow the fiscal year, which starts in `fiscalYearStartMonth`
 * and is named by the calendar year it starts in (FY2026 starting 2026-02-01 ends 2027-01-31).
 * A `YYYY-MM` period is always a calendar month. Returns null for text that is none of these
 * (and for year 0000, which the calendar does not have).
 */
export function parsePeriod(text: string, asOf: DayNumber, fiscalYearStartMonth = 1): NamedPeriod | null {
  checkFiscalYearStartMonth('parsePeriod', fiscalYearStartMonth);
  const trimmed = text.trim().toLowerCase();
  const relative = /^(this|last|next)-(month|quarter|year)$/.exec(trimmed);
  if (relative) {
    const offset = relative[1] === 'this' ? 0 : relative[1] === 'last' ? -1 : 1;
    const unit = relative[2] as PeriodUnit;
    const current = periodContaining(asOf, unit, fiscalYearStartMonth);
    if (offset === 0) return current;
    return periodContaining(offset < 0 ? current.from - 1 : current.to + 1, unit, fiscalYearStartMonth);
  }
  let match = /^(?:fy)?(\d{4})-q([1-4])$/.exec(trimmed);
  if (match) {
    const year = Number(match[1]);
    return year < 1 ? null : fiscalQuarter(year, Number(match[2]), fiscalYearStartMonth);
  }
  match = /^(\d{4})-(\d{2})$/.exec(trimmed);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    if (year < 1 || month < 1 || month > 12) return null;
    return monthPeriod(year, month);
  }
  match = /^(?:fy)?(\d{4})$/.exec(trimmed);
  if (match) {
    const year = Number(match[1]);
    return year < 1 ? null : fiscalYear(year, fiscalYearStartMonth);
  }
  return null;
}

function checkFiscalYearStartMonth(caller: string, month: number): void {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`${caller}: fiscalYearStartMonth must be a whole month 1..12, got ${month}`);
  }
}

// Period bounds use daysFromCivil, not dayFromParts: a fiscal year 9999 ends in 10000, and
// day 1 of a month always exists, so there is no null to cast away.
function monthPeriod(year: number, month: number): NamedPeriod {
  const from = daysFromCivil(year, month, 1);
  const to = from + daysInMonth(year, month) - 1;
  return { from, to, unit: 'month', label: `${year}-${String(month).padStart(2, '0')}` };
}

/**
 * The first day of the `months` calendar months that end on `day`: the day after the same day
 * `months` earlier, that day clipped to its month's length (12 months ending 2024-02-29 begin
 * 2023-03-01: the day after 2023-02-28). So the 12 months ending 2024-12-31 are 2024-01-01 to
 * 2024-12-31 (366 days), and those ending 2025-06-30 begin 2024-07-01 (365 days).
 */
export function firstDayOfMonthsEndingOn(day: DayNumber, months: number): DayNumber {
  const { year, month, day: dayOfMonth } = partsFromDay(day);
  const earlier = addMonths(year, month, -months);
  const clipped = Math.min(dayOfMonth, daysInMonth(earlier.year, earlier.month));
  return daysFromCivil(earlier.year, earlier.month, clipped) + 1;
}

function addMonths(year: number, month: number, add: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + add;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function fiscalQuarter(fiscalYearNumber: number, quarter: number, startMonth: number): NamedPeriod {
  const start = addMonths(fiscalYearNumber, startMonth, (quarter - 1) * 3);
  const end = addMonths(start.year, start.month, 3);
  const from = daysFromCivil(start.year, start.month, 1);
  const to = daysFromCivil(end.year, end.month, 1) - 1;
  return { from, to, unit: 'quarter', label: `${fiscalYearNumber}-Q${quarter}` };
}

function fiscalYear(fiscalYearNumber: number, startMonth: number): NamedPeriod {
  const from = daysFromCivil(fiscalYearNumber, startMonth, 1);
  const end = addMonths(fiscalYearNumber, startMonth, 12);
  const to = daysFromCivil(end.year, end.month, 1) - 1;
  const label = startMonth === 1 ? `${fiscalYearNumber}` : `FY${fiscalYearNumber}`;
  return { from, to, unit: 'year', label };
}

/** The month, fiscal quarter or fiscal year containing a day. */
export function periodContaining(day: DayNumber, unit: PeriodUnit, fiscalYearStartMonth = 1): NamedPeriod {
  checkFiscalYearStartMonth('periodContaining', fiscalYearStartMonth);
  const { year, month } = partsFromDay(day);
  if (unit === 'month') return monthPeriod(year, month);
  const monthsIntoFiscalYear = (month - fiscalYearStartMonth + 12) % 12;
  const fiscalYearNumber = month >= fiscalYearStartMonth ? year : year - 1;
  if (unit === 'year') return fiscalYear(fiscalYearNumber, fiscalYearStartMonth);
  return fiscalQuarter(fiscalYearNumber, Math.floor(monthsIntoFiscalYear / 3) + 1, fiscalYearStartMonth);
}

/** The period of the same unit just before a period (for "change against the previous period"). */
export function previousPeriod(period: NamedPeriod, fiscalYearStartMonth = 1): NamedPeriod {
  return periodContaining(period.from - 1, period.unit, fiscalYearStartMonth);
}

/** What the current period is compared with (METRICS.md "Like-for-like comparison"). */
export interface PeriodComparison {
  /** The previous period up to the same elapsed day, or all of it when the current one is over. */
  readonly window: Window;
  /** The whole previous period, to be shown only as a labelled second figure. */
  readonly whole: NamedPeriod;
  /** True when the as-of date lies inside the current period (period to date). */
  readonly toDate: boolean;
  /** The as-of date's day of the current period (1 = its first day), when toDate. */
  readonly elapsedDay: number | null;
}

/**
 * Like-for-like comparison: when the as-of date lies inside the current period, the previous
 * period from its start to the same elapsed day (clipped to its end); otherwise all of it.
 * @example comparisonWindow(2026-Q4, 2026-11-20) is 2026-07-01..2026-08-20, "2026-Q3 to day 51"
 */
export function comparisonWindow(period: NamedPeriod, asOf: DayNumber, fiscalYearStartMonth = 1): PeriodComparison {
  return sameDayComparison(period, previousPeriod(period, fiscalYearStartMonth), asOf);
}

/** Like comparisonWindow, with any other period (`velocity --compare 2025-Q4`). */
export function sameDayComparison(period: NamedPeriod, other: NamedPeriod, asOf: DayNumber): PeriodComparison {
  if (asOf < period.from || asOf >= period.to) return { window: other, whole: other, toDate: false, elapsedDay: null };
  const elapsedDay = asOf - period.from + 1;
  const to = Math.min(other.from + elapsedDay - 1, other.to);
  return { window: { from: other.from, to, label: `${other.label} to day ${elapsedDay}` }, whole: other, toDate: true, elapsedDay };
}

/** "QTD", "MTD" or "YTD": a period up to the as-of date. */
export function toDateLabel(period: NamedPeriod): string {
  return `${period.label} ${period.unit === 'quarter' ? 'QTD' : period.unit === 'month' ? 'MTD' : 'YTD'}`;
}

/** An explicit inclusive window from `--from` / `--to`. */
export function explicitWindow(from: DayNumber, to: DayNumber): Window {
  if (to < from) throw new RangeError(`explicitWindow: --to ${formatDay(to)} is before --from ${formatDay(from)}`);
  return { from, to, label: `${formatDay(from)}..${formatDay(to)}` };
}
