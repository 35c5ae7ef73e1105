/**
 * The period flags of the commands that plan for a period rather than look back over a window
 * (coverage, forecast, pvf): `--period` names the target period, the quarter containing the
 * as-of date by default.
 */
import { PERIOD_DAYS, explicitWindow, parsePeriod, periodContaining, type NamedPeriod, type PeriodUnit, type Window } from '../model/calendar.js';
import { DealmathError } from '../model/errors.js';
import type { DayNumber } from '../model/types.js';
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
