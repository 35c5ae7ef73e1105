/**
 * Periods named in data (a `quarter` column holding Q3-2024, 2025-Q1, 2025-07, FY2025, July 2025)
 * sort in time, not as text: the day range a name stands for, read once per name.
 */
import { dayFromParts, daysInMonth } from '../model/calendar.js';
import type { DayNumber } from '../model/types.js';

export interface PeriodSpan {
  readonly from: DayNumber;
  readonly to: DayNumber;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** FY2025 and FY25 name the year 2025; a bare number is a year only with four digits. */
function yearOf(text: string): number | null {
  const match = /^(fy\s?)?(\d{4}|\d{2})$/.exec(text);
  if (match === null) return null;
  const digits = match[2] as string;
  if (digits.length === 2) return match[1] === undefined ? null : 2000 + Number(digits);
  const year = Number(digits);
  return year >= 1 ? year : null;
}

function monthOf(text: string): number | null {
  const month = text.replace(/\.$/, '');
  const short = MONTHS.indexOf(month);
  if (short !== -1) return short + 1;
  if (month === 'sept') return 9;
  const long = MONTH_NAMES.indexOf(month);
  return long === -1 ? null : long + 1;
}

function span(year: number, firstMonth: number, months: number): PeriodSpan | null {
  const from = dayFromParts(year, firstMonth, 1);
  const lastIndex = year * 12 + firstMonth - 1 + months - 1;
  const lastYear = Math.floor(lastIndex / 12);
  const lastMonth = (lastIndex % 12) + 1;
  const to = dayFromParts(lastYear, lastMonth, daysInMonth(lastYear, lastMonth));
  return from === null || to === null ? null : { from, to };
}

/** ISO week W of a year: Monday of the week holding January 4, plus (W - 1) weeks. */
function isoWeek(year: number, week: number): PeriodSpan | null {
  const january4 = dayFromParts(year, 1, 4);
  if (january4 === null || week < 1 || week > 53) return null;
  // Day 0 (1970-01-01) was a Thursday: Monday-first weekday index is (day + 3) mod 7.
  const monday = january4 - (((january4 + 3) % 7) + 7) % 7 + (week - 1) * 7;
  return { from: monday, to: monday + 6 };
}

/**
 * The days a period name stands for, or null when the text names no period. Read: quarters
 * (`2025-Q3`, `Q3-2024`, `Q3 2024`, `FY2025-Q1`, `Q1 FY25`), halves (`2025-H1`, `H2 2025`),
 * months (`2025-07`, `2025/07`, `Jul 2025`, `July-2025`, `2025 Jul`), ISO weeks (`2025-W03`) and
 * fiscal years (`FY2025`, `FY25`). Fiscal names are read on the calendar year: the order among
 * them is the same whatever month the fiscal year starts in. A bare number (`2025`) is not read
 * as a period: a numeric column must keep its numeric order.
 * @example periodSpan('Q3-2024') is 2024-07-01..2024-09-30
 */
export function periodSpan(name: string): PeriodSpan | null {
  const text = name.trim().toLowerCase();
  if (text.length < 4 || text.length > 20 || !/\d/.test(text)) return null;
  const parts = text.split(/[\s\-/_,]+/).filter((part) => part !== '');
  if (parts.length === 1) {
    const only = parts[0] as string;
    if (!only.startsWith('fy')) return null;
    const year = yearOf(only);
    return year === null ? null : span(year, 1, 12);
  }
  if (parts.length !== 2) return null;
  for (const [first, second] of [parts, [...parts].reverse()] as [string, string][]) {
    const year = yearOf(first);
    if (year === null) continue;
    const quarter = /^q([1-4])$/.exec(second);
    if (quarter !== null) return span(year, (Number(quarter[1]) - 1) * 3 + 1, 3);
    const half = /^h([12])$/.exec(second);
    if (half !== null) return span(year, (Number(half[1]) - 1) * 6 + 1, 6);
    const week = /^w(\d{1,2})$/.exec(second);
    if (week !== null) return isoWeek(year, Number(week[1]));
    // A number after the year is a month only in year-first order (2025-07, never 07-2025 or 25-07).
    if (/^\d{2}$/.test(second) && first === parts[0] && /^\d{4}$/.test(first)) {
      const month = Number(second);
      return month >= 1 && month <= 12 ? span(year, month, 1) : null;
    }
    const month = monthOf(second);
    if (month !== null) return span(year, month, 1);
  }
  return null;
}

/**
 * Sorts the values of one dimension (or group keys: each a list of values) for output: values
 * that name periods in time (earliest start first, then the shorter period), after the values
 * that do not, which keep their order from `compareNames`. Each value is read once, so a sort of
 * many names costs no more than before; a total order, whatever the mix.
 */
export function orderValues<Key>(keys: readonly Key[], valuesOf: (key: Key) => readonly string[], compareNames: (a: string, b: string) => number): Key[] {
  const spans = new Map<string, PeriodSpan | null>();
  const spanOf = (value: string): PeriodSpan | null => {
    let known = spans.get(value);
    if (known === undefined) {
      known = periodSpan(value);
      spans.set(value, known);
    }
    return known;
  };
  const decorated = keys.map((key) => ({ key, values: valuesOf(key) }));
  decorated.sort((a, b) => {
    const length = Math.max(a.values.length, b.values.length);
    for (let index = 0; index < length; index += 1) {
      const x = a.values[index] ?? '';
      const y = b.values[index] ?? '';
      if (x === y) continue;
      const spanX = spanOf(x);
      const spanY = spanOf(y);
      if (spanX === null || spanY === null) {
        if (spanX !== spanY) return spanX === null ? -1 : 1;
        const order = compareNames(x, y);
        if (order !== 0) return order;
        continue;
      }
      const order = spanX.from - spanY.from || spanX.to - spanY.to || compareNames(x, y);
      if (order !== 0) return order < 0 ? -1 : 1;
    }
    return 0;
  });
  return decorated.map((entry) => entry.key);
}
