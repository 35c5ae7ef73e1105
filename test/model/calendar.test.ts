/**
 * Calendar days, periods and windows (src/model/calendar.ts; METRICS.md "Window").
 * Day numbers are literals checked with Python `(date(Y, M, D) - date(1970, 1, 1)).days`
 * and with `date -u -d YYYY-MM-DD +%s` / 86400.
 */
import { describe, expect, it } from 'vitest';
import {
  PERIOD_DAYS,
  comparisonWindow,
  dayFromParts,
  daysInMonth,
  explicitWindow,
  firstDayOfMonthsEndingOn,
  formatDay,
  isInWindow,
  parseIsoDay,
  parsePeriod,
  partsFromDay,
  periodContaining,
  previousPeriod,
  toDateLabel,
  today,
  windowDays,
  type NamedPeriod,
} from '../../src/model/calendar.js';

// Python / date(1): 2026-11-22 -> 20779. (Not 20414: that is 2025-11-22, a year earlier.)
const NOVEMBER_22_2026 = 20779;

/** `from..to` as ISO text, so a wrong bound reads as a date in the failure. */
const span = (period: { from: number; to: number }): string => `${formatDay(period.from)}..${formatDay(period.to)}`;

describe('day numbers', () => {
  it.each([
    [1970, 1, 1, 0],
    [1969, 12, 31, -1],
    [2000, 3, 1, 11017],
    [2000, 2, 29, 11016],
    [2026, 1, 1, 20454],
    [2026, 11, 22, NOVEMBER_22_2026],
    [1900, 3, 1, -25508],
    [1, 1, 1, -719162],
    [9999, 12, 31, 2932896],
  ])('%i-%i-%i is day %i', (year, month, day, expected) => {
    expect(dayFromParts(year, month, day)).toBe(expected);
    expect(partsFromDay(expected)).toEqual({ year, month, day });
  });

  it('gives null for dates that do not exist', () => {
    expect(dayFromParts(2026, 2, 29)).toBeNull();
    expect(dayFromParts(1900, 2, 29)).toBeNull();
    expect(dayFromParts(2026, 4, 31)).toBeNull();
    expect(dayFromParts(2026, 13, 1)).toBeNull();
    expect(dayFromParts(2026, 0, 1)).toBeNull();
    expect(dayFromParts(2026, 1, 0)).toBeNull();
    expect(dayFromParts(0, 1, 1)).toBeNull();
    expect(dayFromParts(2026, 1.5, 1)).toBeNull();
    expect(dayFromParts(Number.NaN, 1, 1)).toBeNull();
  });

  it('counts days in months, with leap years every 4 years except centuries not divisible by 400', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => daysInMonth(2026, month))).toEqual([
      31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });

  it('round-trips every day of a 400-year cycle through parts and back', () => {
    // 146097 days = one Gregorian cycle; starts at 2000-03-01 (day 11017).
    for (let day = 11017; day < 11017 + 146097; day += 1) {
      const { year, month, day: dayOfMonth } = partsFromDay(day);
      if (dayFromParts(year, month, dayOfMonth) !== day) throw new Error(`day ${day} does not round-trip`);
    }
  });

  it('formats and parses YYYY-MM-DD', () => {
    expect(formatDay(NOVEMBER_22_2026)).toBe('2026-11-22');
    expect(formatDay(-1)).toBe('1969-12-31');
    expect(parseIsoDay('2026-11-22')).toBe(NOVEMBER_22_2026);
    expect(parseIsoDay('2026-02-30')).toBeNull();
    expect(parseIsoDay('2026-11-22T00:00')).toBeNull();
    expect(parseIsoDay('11/22/2026')).toBeNull();
  });

  it('reads today from the clock as a UTC day, whatever the time of day', () => {
    expect(today(new Date('2026-11-22T00:00:00Z'))).toBe(NOVEMBER_22_2026);
    expect(today(new Date('2026-11-22T23:59:59.999Z'))).toBe(NOVEMBER_22_2026);
    // 23:30 in New York on the 21st is already the 22nd in UTC.
    expect(today(new Date('2026-11-21T23:30:00-05:00'))).toBe(NOVEMBER_22_2026);
  });
});

describe('firstDayOfMonthsEndingOn', () => {
  const on = (text: string): number => parseIsoDay(text) as number;
  it('is the day after the same day months earlier, clipped to its month', () => {
    // Hand-checked against a calendar: the 12 months ending 2024-12-31 are all of leap 2024.
    expect(firstDayOfMonthsEndingOn(on('2024-12-31'), 12)).toBe(on('2024-01-01'));
    expect(firstDayOfMonthsEndingOn(on('2026-06-30'), 12)).toBe(on('2025-07-01'));
    // 2023-02-29 does not exist: 2023-02-28, and the day after.
    expect(firstDayOfMonthsEndingOn(on('2024-02-29'), 12)).toBe(on('2023-03-01'));
    // 3 months ending 2026-05-31: after 2026-02-28 (clipped from the 31st).
    expect(firstDayOfMonthsEndingOn(on('2026-05-31'), 3)).toBe(on('2026-03-01'));
    expect(firstDayOfMonthsEndingOn(on('2026-01-15'), 1)).toBe(on('2025-12-16'));
  });
});

describe('windows', () => {
  it('counts an inclusive window (to - from + 1)', () => {
    expect(windowDays({ from: 20454, to: 20454, label: 'one day' })).toBe(1);
    // 2026-01-01 (20454) .. 2026-03-31 (20543): 31 + 28 + 31 = 90 days.
    expect(windowDays(explicitWindow(20454, 20543))).toBe(90);
  });

  it('labels an explicit window and tests membership at both ends', () => {
    const window = explicitWindow(20454, 20543);
    expect(window.label).toBe('2026-01-01..2026-03-31');
    expect(isInWindow(20454, window)).toBe(true);
    expect(isInWindow(20543, window)).toBe(true);
    expect(isInWindow(20453, window)).toBe(false);
    expect(isInWindow(20544, window)).toBe(false);
  });

  it('throws a RangeError naming the function when to is before from', () => {
    expect(() => explicitWindow(20543, 20454)).toThrow(RangeError);
    expect(() => explicitWindow(20543, 20454)).toThrow(/explicitWindow/);
  });

  it('uses the average period lengths of METRICS.md "Window"', () => {
    expect(PERIOD_DAYS).toEqual({ month: 30.4375, quarter: 91.3125, year: 365.25 });
  });
});

describe('parsePeriod: calendar year', () => {
  const asOf = NOVEMBER_22_2026;

  it('reads a quarter', () => {
    const period = parsePeriod('2026-Q3', asOf) as NamedPeriod;
    expect(period).toMatchObject({ unit: 'quarter', label: '2026-Q3' });
    expect(span(period)).toBe('2026-07-01..2026-09-30');
    // Python: 2026-07-01 -> 20635, 2026-09-30 -> 20726.
    expect([period.from, period.to]).toEqual([20635, 20726]);
    expect(windowDays(period)).toBe(92);
  });

  it('reads a month, a year, and lower case or FY prefixes', () => {
    const month = parsePeriod('2026-09', asOf) as NamedPeriod;
    expect(month).toMatchObject({ unit: 'month', label: '2026-09' });
    expect(span(month)).toBe('2026-09-01..2026-09-30');
    const year = parsePeriod('2026', asOf) as NamedPeriod;
    expect(year).toMatchObject({ unit: 'year', label: '2026' });
    expect(span(year)).toBe('2026-01-01..2026-12-31');
    expect(span(parsePeriod(' 2026-q3 ', asOf) as NamedPeriod)).toBe('2026-07-01..2026-09-30');
    expect(span(parsePeriod('FY2026', asOf) as NamedPeriod)).toBe('2026-01-01..2026-12-31');
  });

  it('gives February 29 days in a leap year', () => {
    expect(span(parsePeriod('2024-02', asOf) as NamedPeriod)).toBe('2024-02-01..2024-02-29');
    expect(windowDays(parsePeriod('2024', asOf) as NamedPeriod)).toBe(366);
  });

  it('reads this-, last- and next- periods relative to the as-of date', () => {
    // as-of 2026-11-22 is in 2026-Q4 and 2026-11.
    expect(parsePeriod('this-quarter', asOf)?.label).toBe('2026-Q4');
    expect(span(parsePeriod('this-quarter', asOf) as NamedPeriod)).toBe('2026-10-01..2026-12-31');
    expect(parsePeriod('last-quarter', asOf)?.label).toBe('2026-Q3');
    expect(span(parsePeriod('last-quarter', asOf) as NamedPeriod)).toBe('2026-07-01..2026-09-30');
    expect(parsePeriod('next-quarter', asOf)?.label).toBe('2027-Q1');
    expect(parsePeriod('this-month', asOf)?.label).toBe('2026-11');
    expect(parsePeriod('last-month', asOf)?.label).toBe('2026-10');
    expect(parsePeriod('this-year', asOf)?.label).toBe('2026');
    expect(parsePeriod('last-year', asOf)?.label).toBe('2025');
  });

  it('crosses the year boundary for last-quarter and last-month in January', () => {
    // Python: 2026-01-15 -> 20468.
    expect(span(parsePeriod('last-quarter', 20468) as NamedPeriod)).toBe('2025-10-01..2025-12-31');
    expect(span(parsePeriod('last-month', 20468) as NamedPeriod)).toBe('2025-12-01..2025-12-31');
  });

  it('returns null for text that is no period', () => {
    for (const text of ['2026-Q5', '2026-Q0', '2026-13', '2026-00', 'Q3', 'quarter', '26-Q3', '2026-9', '', '0000', '0000-01', '0000-Q1']) {
      expect(parsePeriod(text, asOf)).toBeNull();
    }
  });
});

describe('parsePeriod: fiscal year starting in February', () => {
  const february = 2;

  it('FY2026-Q1 is 2026-02-01..2026-04-30', () => {
    const quarter = parsePeriod('2026-Q1', NOVEMBER_22_2026, february) as NamedPeriod;
    expect(span(quarter)).toBe('2026-02-01..2026-04-30');
    expect(quarter.label).toBe('2026-Q1');
    expect(span(parsePeriod('FY2026-Q1', NOVEMBER_22_2026, february) as NamedPeriod)).toBe('2026-02-01..2026-04-30');
  });

  it('FY2026-Q4 and FY2026 end on 2027-01-31', () => {
    expect(span(parsePeriod('2026-Q4', NOVEMBER_22_2026, february) as NamedPeriod)).toBe('2026-11-01..2027-01-31');
    const year = parsePeriod('2026', NOVEMBER_22_2026, february) as NamedPeriod;
    expect(year.label).toBe('FY2026');
    expect(span(year)).toBe('2026-02-01..2027-01-31');
  });

  it('keeps YYYY-MM a calendar month', () => {
    expect(span(parsePeriod('2026-02', NOVEMBER_22_2026, february) as NamedPeriod)).toBe('2026-02-01..2026-02-28');
  });

  it('puts January in the fourth quarter of the fiscal year that began the February before', () => {
    // Python: 2027-01-15 -> 20833.
    const quarter = periodContaining(20833, 'quarter', february);
    expect(quarter.label).toBe('2026-Q4');
    expect(span(quarter)).toBe('2026-11-01..2027-01-31');
    expect(periodContaining(20833, 'year', february).label).toBe('FY2026');
    expect(span(parsePeriod('this-quarter', 20833, february) as NamedPeriod)).toBe('2026-11-01..2027-01-31');
    expect(span(parsePeriod('last-quarter', 20833, february) as NamedPeriod)).toBe('2026-08-01..2026-10-31');
  });

  it('handles a fiscal year that ends in year 10000 without a null bound', () => {
    expect(span(parsePeriod('9999', 0, february) as NamedPeriod)).toBe('9999-02-01..10000-01-31');
  });

  it('throws a RangeError naming the function for a start month outside 1..12', () => {
    expect(() => parsePeriod('2026-Q1', 0, 13)).toThrow(/parsePeriod/);
    expect(() => parsePeriod('2026-Q1', 0, 0)).toThrow(RangeError);
    expect(() => periodContaining(0, 'quarter', 1.5)).toThrow(/periodContaining/);
  });
});

describe('periodContaining and previousPeriod', () => {
  it('finds the month, quarter and year containing a day', () => {
    expect(periodContaining(NOVEMBER_22_2026, 'month').label).toBe('2026-11');
    expect(periodContaining(NOVEMBER_22_2026, 'quarter').label).toBe('2026-Q4');
    expect(periodContaining(NOVEMBER_22_2026, 'year').label).toBe('2026');
  });

  it('steps back one period of the same unit', () => {
    const q1 = parsePeriod('2026-Q1', 0) as NamedPeriod;
    const before = previousPeriod(q1);
    expect(before.label).toBe('2025-Q4');
    expect(span(before)).toBe('2025-10-01..2025-12-31');
    const march = previousPeriod(parsePeriod('2026-03', 0) as NamedPeriod);
    expect(span(march)).toBe('2026-02-01..2026-02-28');
    expect(previousPeriod(parsePeriod('2026', 0) as NamedPeriod).label).toBe('2025');
  });

  it('steps back within the fiscal calendar', () => {
    const fiscalQ1 = parsePeriod('2026-Q1', 0, 2) as NamedPeriod;
    const before = previousPeriod(fiscalQ1, 2);
    expect(before.label).toBe('2025-Q4');
    expect(span(before)).toBe('2025-11-01..2026-01-31');
    const fiscalYear = previousPeriod(parsePeriod('2026', 0, 2) as NamedPeriod, 2);
    expect(fiscalYear.label).toBe('FY2025');
    expect(span(fiscalYear)).toBe('2025-02-01..2026-01-31');
  });
});

describe('comparisonWindow (METRICS.md "Like-for-like comparison")', () => {
  const q4 = parsePeriod('2026-Q4', 0) as NamedPeriod;
  const day = (text: string): number => parseIsoDay(text) as number;

  it('compares day 51 of 2026-Q4 with 2026-Q3 up to its day 51 (the worked example)', () => {
    const comparison = comparisonWindow(q4, day('2026-11-20'));
    expect(comparison.toDate).toBe(true);
    expect(comparison.elapsedDay).toBe(51);
    expect(span(comparison.window)).toBe('2026-07-01..2026-08-20');
    expect(comparison.window.label).toBe('2026-Q3 to day 51');
    expect(span(comparison.whole)).toBe('2026-07-01..2026-09-30');
    expect(toDateLabel(q4)).toBe('2026-Q4 QTD');
  });

  it('clips the same elapsed day to the end of a shorter previous period', () => {
    // 2026-03-31 is day 31 of March; February 2026 has 28 days.
    const march = parsePeriod('2026-03', 0) as NamedPeriod;
    const comparison = comparisonWindow(march, day('2026-03-30'));
    expect(span(comparison.window)).toBe('2026-02-01..2026-02-28');
    expect(comparison.window.label).toBe('2026-02 to day 30');
  });

  it('compares whole periods when the current one is over or not begun', () => {
    expect(comparisonWindow(q4, day('2026-12-31')).toDate).toBe(false);
    expect(span(comparisonWindow(q4, day('2027-01-15')).window)).toBe('2026-07-01..2026-09-30');
    expect(comparisonWindow(q4, day('2026-09-30')).window.label).toBe('2026-Q3');
  });

  it('day 1 compares with the first day of the previous period alone', () => {
    expect(span(comparisonWindow(q4, day('2026-10-01')).window)).toBe('2026-07-01..2026-07-01');
  });
});
