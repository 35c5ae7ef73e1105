/** The periods of a trend (METRICS.md "Trends"): ISO weeks, months, fiscal quarters; clipped and to-date periods. */
import { describe, expect, it } from 'vitest';
import { formatDay, parseIsoDay } from '../../src/model/calendar.js';
import { isoWeekContaining, seriesPeriods } from '../../src/model/series.js';

const day = (text: string): number => parseIsoDay(text) as number;
const shown = (periods: ReturnType<typeof seriesPeriods>) => periods.map((period) => `${period.label}: ${formatDay(period.from)}..${formatDay(period.to)}${period.toDate ? ' (to date)' : ''}`);

describe('seriesPeriods', () => {
  it('splits a quarter into months, the current one to the as-of date', () => {
    // 2026-Q4 as of 2026-11-20: October whole, November to the 20th, December not begun.
    expect(shown(seriesPeriods({ from: day('2026-10-01'), to: day('2026-12-31'), label: '2026-Q4' }, 'month', day('2026-11-20')))).toEqual([
      '2026-10: 2026-10-01..2026-10-31',
      '2026-11 MTD: 2026-11-01..2026-11-20 (to date)',
    ]);
  });

  it('clips the first and last period to an explicit window', () => {
    expect(shown(seriesPeriods({ from: day('2026-06-15'), to: day('2026-08-10'), label: 'w' }, 'month', day('2026-12-31')))).toEqual([
      '2026-06 from 2026-06-15: 2026-06-15..2026-06-30',
      '2026-07: 2026-07-01..2026-07-31',
      '2026-08 to 2026-08-10: 2026-08-01..2026-08-10',
    ]);
  });

  it('follows the fiscal year for quarters', () => {
    // Fiscal year starting in February: quarters begin Feb, May, Aug, Nov; the calendar year 2026
    // starts inside the Nov-Jan quarter and ends inside the next one, both clipped.
    const periods = seriesPeriods({ from: day('2026-01-01'), to: day('2026-12-31'), label: '2026' }, 'quarter', day('2026-12-31'), 2);
    expect(periods.map((period) => `${formatDay(period.from)}..${formatDay(period.to)}`)).toEqual([
      '2026-01-01..2026-01-31',
      '2026-02-01..2026-04-30',
      '2026-05-01..2026-07-31',
      '2026-08-01..2026-10-31',
      '2026-11-01..2026-12-31',
    ]);
  });
});

describe('isoWeekContaining', () => {
  it('numbers weeks by the year of their Thursday, Monday first', () => {
    // 2026-01-01 is a Thursday: week 1 of 2026 runs Monday 2025-12-29 to Sunday 2026-01-04.
    const first = isoWeekContaining(day('2026-01-01'));
    expect([first.label, formatDay(first.from), formatDay(first.to)]).toEqual(['2026-W01', '2025-12-29', '2026-01-04']);
    // 2027-01-01 is a Friday: it belongs to week 53 of 2026.
    expect(isoWeekContaining(day('2027-01-01')).label).toBe('2026-W53');
  });
});
