/** Periods named in data sort in time, not as text (issue 15: "a period dimension sorts as text"). */
import { describe, expect, it } from 'vitest';
import { orderGroups, orderNames } from '../../src/metrics/humanOrder.js';
import { periodSpan } from '../../src/metrics/periodOrder.js';
import { formatDay } from '../../src/model/calendar.js';

const days = (name: string): string | null => {
  const span = periodSpan(name);
  return span === null ? null : `${formatDay(span.from)}..${formatDay(span.to)}`;
};

describe('periodSpan', () => {
  it('reads quarters, months, halves, weeks and fiscal years in either order', () => {
    // Expected ranges from the calendar.
    expect(days('Q3-2024')).toBe('2024-07-01..2024-09-30');
    expect(days('2024-Q3')).toBe('2024-07-01..2024-09-30');
    expect(days('q1 2025')).toBe('2025-01-01..2025-03-31');
    expect(days('FY2025-Q4')).toBe('2025-10-01..2025-12-31');
    expect(days('Q2 FY25')).toBe('2025-04-01..2025-06-30');
    expect(days('2025-07')).toBe('2025-07-01..2025-07-31');
    expect(days('2024/02')).toBe('2024-02-01..2024-02-29');
    expect(days('July 2025')).toBe('2025-07-01..2025-07-31');
    expect(days('Sep-2025')).toBe('2025-09-01..2025-09-30');
    expect(days('2025 Jan')).toBe('2025-01-01..2025-01-31');
    expect(days('FY2025')).toBe('2025-01-01..2025-12-31');
    expect(days('2025-H2')).toBe('2025-07-01..2025-12-31');
    // ISO week 1 of 2025 starts on Monday 2024-12-30 (the week holding January 4).
    expect(days('2025-W01')).toBe('2024-12-30..2025-01-05');
  });

  it('leaves other names alone: bare numbers, ids, dates and words', () => {
    for (const name of ['2025', '1000', '07-2025', 'Acme 2025 Ltd', 'Q5-2024', '2025-13', 'Rep 10', '(none)', 'EMEA', '2025-07-14']) expect(periodSpan(name)).toBeNull();
  });
});

describe('orderNames', () => {
  it('sorts quarters in time, not as text (the case in issue 15)', () => {
    expect(orderNames(['Q3-2025', 'Q1-2025', 'Q4-2024', 'Q3-2024'])).toEqual(['Q3-2024', 'Q4-2024', 'Q1-2025', 'Q3-2025']);
    expect(orderNames(['2025-Q1', 'FY2024', '2024-Q4', '2024-12'])).toEqual(['FY2024', '2024-Q4', '2024-12', '2025-Q1']);
    expect(orderNames(['March 2025', 'Dec 2024', 'January 2025'])).toEqual(['Dec 2024', 'January 2025', 'March 2025']);
  });

  it('puts names that are not periods first, in human order, whatever the mix', () => {
    expect(orderNames(['Q1-2025', '(none)', 'Q3-2024', 'unknown'])).toEqual(['(none)', 'unknown', 'Q3-2024', 'Q1-2025']);
  });

  it('keeps human order when no value is a period', () => {
    expect(orderNames(['Rep 10', 'Rep 2', 'acme'])).toEqual(['acme', 'Rep 2', 'Rep 10']);
  });

  it('orders keys of several dimensions value by value', () => {
    const keys = [['EMEA', 'Q1-2025'], ['AMER', 'Q4-2024'], ['EMEA', 'Q4-2024']];
    expect(orderGroups(keys, (key) => key, (key) => JSON.stringify(key))).toEqual([['AMER', 'Q4-2024'], ['EMEA', 'Q4-2024'], ['EMEA', 'Q1-2025']]);
  });
});
