/**
 * Cell parsers (src/model/values.ts). Day numbers are literals checked with Python:
 * `(date(Y, M, D) - date(1970, 1, 1)).days`; Excel serials with `date(1899, 12, 30) + timedelta(serial)`.
 */
import { describe, expect, it } from 'vitest';
import {
  INVALID,
  MAX_AMOUNT,
  dateOrderEvidence,
  isAmbiguousSlashDate,
  parseAmount,
  parseBoolean,
  parseDate,
  parseDays,
  parseProbability,
  type DateOrderEvidence,
} from '../../src/model/values.js';

// Python: (date(2026, 3, 4) - date(1970, 1, 1)).days
const MARCH_4_2026 = 20516;

describe('parseDate: ISO forms', () => {
  it('reads YYYY-MM-DD', () => {
    expect(parseDate('2026-03-04')).toBe(MARCH_4_2026);
  });

  it.each([
    ['Salesforce API, millis and +0000', '2026-03-04T10:15:00.000+0000'],
    ['Z', '2026-03-04T10:15:00Z'],
    ['millis and Z', '2026-03-04T10:15:00.123Z'],
    ['offset with colon', '2026-03-04T10:15:00+05:30'],
    ['negative offset late in the day', '2026-03-04T23:30:00-05:00'],
    ['no seconds', '2026-03-04T10:15'],
    ['HubSpot space-separated time', '2026-03-04 10:15'],
    ['Pipedrive seconds', '2026-03-04 10:15:22'],
    ['surrounding spaces', '  2026-03-04  '],
  ])('reads an ISO datetime as the date written (%s)', (_label, text) => {
    // The date as written, whatever the offset: documented in parseDate.
    expect(parseDate(text)).toBe(MARCH_4_2026);
  });

  it('returns null for an empty or blank cell', () => {
    expect(parseDate('')).toBeNull();
    expect(parseDate('   ')).toBeNull();
  });

  it.each(['2026-02-30', '0000-00-00', '2026-13-01', '2026-00-10', '2026-04-31', '2025-02-29', '1900-02-29'])(
    'rejects the impossible date %s',
    (text) => {
      expect(parseDate(text)).toBe(INVALID);
      // Asked again (the answer is cached per date): still invalid.
      expect(parseDate(text)).toBe(INVALID);
    },
  );

  it('gives the same day when a date is read again from the cache, at the edges of the cached years', () => {
    // Python: date(y, m, d) - date(1970, 1, 1).
    const cases: [string, number][] = [['1899-12-31', -25568], ['1900-01-01', -25567], ['1970-01-01', 0], ['2199-12-31', 84005], ['2200-01-01', 84006]];
    for (const [text, day] of cases) {
      expect(parseDate(text)).toBe(day);
      expect(parseDate(text)).toBe(day);
    }
  });

  it('accepts leap days of leap years, including the 400-year rule', () => {
    // Python: 2024-02-29 -> 19782; 2000-02-29 -> 11016.
    expect(parseDate('2024-02-29')).toBe(19782);
    expect(parseDate('2000-02-29')).toBe(11016);
  });

  it.each(['2026-3-4', '20260304', 'March 4, 2026', 'yesterday', '2026-03-04T10:15:00+00'])(
    'rejects the unsupported form %s',
    (text) => {
      expect(parseDate(text)).toBe(INVALID);
    },
  );
});

describe('parseDate: slash and dot dates', () => {
  it('reads M/D/YYYY when the order says mdy', () => {
    expect(parseDate('3/4/2026', 'mdy')).toBe(MARCH_4_2026);
    expect(parseDate('03/04/2026', 'mdy')).toBe(MARCH_4_2026);
  });

  it('reads D/M/YYYY when the order says dmy', () => {
    expect(parseDate('4/3/2026', 'dmy')).toBe(MARCH_4_2026);
    // Python: 2026-04-03 -> 20546 (3/4/2026 read day first).
    expect(parseDate('3/4/2026', 'dmy')).toBe(20546);
  });

  it('decides the order without help when one part is above 12', () => {
    // Python: 2026-04-13 -> 20556.
    expect(parseDate('4/13/2026')).toBe(20556);
    expect(parseDate('13/4/2026')).toBe(20556);
  });

  it('refuses a date whose order cannot be decided', () => {
    expect(parseDate('3/4/2026')).toBe(INVALID);
  });

  it('reads a slash date whose two parts are equal: either order gives the same day', () => {
    // Python: 2026-01-01 -> 20454; 2026-12-12 -> 20799.
    expect(parseDate('1/1/2026')).toBe(20454);
    expect(parseDate('12/12/2026')).toBe(20799);
  });

  it('rejects a slash date that contradicts the given order', () => {
    expect(parseDate('13/4/2026', 'mdy')).toBe(INVALID);
    expect(parseDate('4/13/2026', 'dmy')).toBe(INVALID);
  });

  it('reads a slash date with a clock time', () => {
    expect(parseDate('3/4/2026 10:15 AM', 'mdy')).toBe(MARCH_4_2026);
    expect(parseDate('3/4/2026, 22:15', 'mdy')).toBe(MARCH_4_2026);
  });

  it('reads D.M.YYYY as day first whatever the order', () => {
    expect(parseDate('4.3.2026')).toBe(MARCH_4_2026);
    expect(parseDate('04.03.2026', 'mdy')).toBe(MARCH_4_2026);
    expect(parseDate('12.31.2026')).toBe(INVALID);
  });

  it('rejects impossible slash dates', () => {
    expect(parseDate('2/30/2026', 'mdy')).toBe(INVALID);
    expect(parseDate('31/4/2026', 'dmy')).toBe(INVALID);
    // Python: 2024-02-29 -> 19782.
    expect(parseDate('2/29/2024', 'mdy')).toBe(19782);
    expect(parseDate('29/2/2025', 'dmy')).toBe(INVALID);
  });
});

describe('parseDate: month names and Excel serials', () => {
  it('reads DD-Mon-YYYY in any case, and Sept', () => {
    expect(parseDate('04-Mar-2026')).toBe(MARCH_4_2026);
    expect(parseDate('4-mar-2026')).toBe(MARCH_4_2026);
    expect(parseDate('4 MAR 2026')).toBe(MARCH_4_2026);
    // Python: 2026-09-04 -> 20700.
    expect(parseDate('04-Sept-2026')).toBe(20700);
    expect(parseDate('04-Sep-2026')).toBe(20700);
  });

  it('rejects unknown month names and impossible days', () => {
    expect(parseDate('4-Marc-2026')).toBe(INVALID);
    expect(parseDate('30-Feb-2026')).toBe(INVALID);
  });

  it('reads Excel serial 46000 as 2025-12-09', () => {
    // Python: date(1899, 12, 30) + timedelta(46000) = 2025-12-09; (2025-12-09 - 1970-01-01).days = 20431.
    expect(parseDate('46000')).toBe(20431);
    // A fraction is a time of day.
    expect(parseDate('46000.75')).toBe(20431);
  });

  it('reads serials 20000..80000 only', () => {
    // Python: serial 20000 = 1954-10-03 = day -5569; serial 80000 = 2119-01-11 = day 54431.
    expect(parseDate('20000')).toBe(-5569);
    expect(parseDate('80000')).toBe(54431);
    expect(parseDate('19999')).toBe(INVALID);
    expect(parseDate('80001')).toBe(INVALID);
    expect(parseDate('4600')).toBe(INVALID);
  });
});

describe('dateOrderEvidence and isAmbiguousSlashDate', () => {
  const fold = (cells: readonly string[]): DateOrderEvidence =>
    cells.reduce<DateOrderEvidence>((evidence, cell) => dateOrderEvidence(cell, evidence), 'none');

  it('finds month first, day first, both, or nothing', () => {
    expect(fold(['3/4/2026', '4/13/2026'])).toBe('mdy');
    expect(fold(['3/4/2026', '13/4/2026'])).toBe('dmy');
    expect(fold(['4/13/2026', '13/4/2026'])).toBe('both');
    expect(fold(['3/4/2026', '5/6/2026', '2026-03-04', ''])).toBe('none');
  });

  it('keeps both once seen, and ignores dot and ISO dates', () => {
    expect(fold(['4/13/2026', '13/4/2026', '4/14/2026'])).toBe('both');
    expect(fold(['13.4.2026', '2026-04-13'])).toBe('none');
  });

  it('says a slash date is ambiguous only when both parts are 12 or less and differ', () => {
    expect(isAmbiguousSlashDate('3/4/2026')).toBe(true);
    expect(isAmbiguousSlashDate(' 12/11/2026 ')).toBe(true);
    expect(isAmbiguousSlashDate('4/4/2026')).toBe(false);
    expect(isAmbiguousSlashDate('4/13/2026')).toBe(false);
    expect(isAmbiguousSlashDate('4.3.2026')).toBe(false);
    expect(isAmbiguousSlashDate('2026-03-04')).toBe(false);
  });
});

describe('parseAmount', () => {
  it.each([
    ['20000', 20000, null],
    ['20,000.50', 20000.5, null],
    ['$20,000', 20000, 'USD'],
    ['USD 1,000.00', 1000, 'USD'],
    ['20000 USD', 20000, 'USD'],
    ['US$7', 7, 'USD'],
    ['C$100', 100, 'CAD'],
    ['A$ 5', 5, 'AUD'],
    ['CHF 100', 100, 'CHF'],
    ['£7,500', 7500, 'GBP'],
    ['1 000.50', 1000.5, null],
    ["1'000.00", 1000, null],
    ['1,234,567.89', 1234567.89, null],
    ['0.5', 0.5, null],
    ['00012', 12, null],
  ])('reads %s (decimal ".")', (text, value, currency) => {
    expect(parseAmount(text)).toEqual({ value, currency });
  });

  it.each([
    ['1 000,00 €', 1000, 'EUR'],
    ['€5.000,00', 5000, 'EUR'],
    ['1.234.567,89', 1234567.89, null],
    ['5000', 5000, null],
    // No-break and narrow no-break spaces, as French and Swiss spreadsheets write them.
    ['1\u00a0000,00\u00a0€', 1000, 'EUR'],
    ['1\u202f000,00 €', 1000, 'EUR'],
  ])('reads %s with decimal ","', (text, value, currency) => {
    expect(parseAmount(text, ',')).toEqual({ value, currency });
  });

  it('reads the same text differently by decimal separator', () => {
    expect(parseAmount('1,000')).toEqual({ value: 1000, currency: null });
    expect(parseAmount('1,000', ',')).toEqual({ value: 1, currency: null });
    expect(parseAmount('€5.000,00')).toBe(INVALID);
    expect(parseAmount('20,000.50', ',')).toBe(INVALID);
  });

  it('returns null for an empty cell', () => {
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('  ', ',')).toBeNull();
  });

  it('gives 0, never -0, for -0 and (0)', () => {
    for (const text of ['-0', '-0.00', '(0)', '$-0']) {
      const parsed = parseAmount(text);
      expect(parsed).not.toBe(INVALID);
      expect(Object.is((parsed as { value: number }).value, 0)).toBe(true);
    }
  });

  it('reads a leading minus and accounting parentheses as negative', () => {
    expect(parseAmount('-5')).toEqual({ value: -5, currency: null });
    expect(parseAmount('(1,000)')).toEqual({ value: -1000, currency: null });
    expect(parseAmount('($1,000.50)')).toEqual({ value: -1000.5, currency: 'USD' });
    expect(parseAmount('-$5')).toEqual({ value: -5, currency: 'USD' });
    expect(parseAmount('$-5')).toEqual({ value: -5, currency: 'USD' });
  });

  it('rejects two signs instead of guessing', () => {
    expect(parseAmount('--5')).toBe(INVALID);
    expect(parseAmount('(-5)')).toBe(INVALID);
    expect(parseAmount('-$-5')).toBe(INVALID);
  });

  it.each(['1e308', '1E3', 'NaN', 'Infinity', '-Infinity', '1,00,0', '12,34', '1,000 000', '20000.', '1_000', 'abc', '$', 'USD', '$5 USD', 'usd 100', 'R$ 100', '1,000,000.5.5', 'TBD'])(
    'rejects %s',
    (text) => {
      expect(parseAmount(text)).toBe(INVALID);
    },
  );

  it('accepts up to MAX_AMOUNT (1e15) and rejects anything above', () => {
    expect(MAX_AMOUNT).toBe(1e15);
    expect(parseAmount('1000000000000000')).toEqual({ value: 1e15, currency: null });
    // Fifteen digits, the longest whole number read digit by digit: exact.
    expect(parseAmount('999999999999999')).toEqual({ value: 999_999_999_999_999, currency: null });
    expect(parseAmount('1000000000000001')).toBe(INVALID);
    // .5, not .01: doubles near 1e15 are 0.125 apart, so 1e15 + 0.01 is 1e15 itself.
    expect(parseAmount('1,000,000,000,000,000.5')).toBe(INVALID);
    expect(parseAmount('€1.000.000.000.000.001', ',')).toBe(INVALID);
  });
});

describe('parseProbability', () => {
  it('reads 65 on the percent scale and 0.65 on the fraction scale', () => {
    expect(parseProbability('65', 'percent')).toBeCloseTo(0.65, 12);
    expect(parseProbability('0.65', 'fraction')).toBeCloseTo(0.65, 12);
  });

  it('reads 65% and 65.0% as percent on either scale', () => {
    for (const scale of ['percent', 'fraction'] as const) {
      expect(parseProbability('65%', scale)).toBeCloseTo(0.65, 12);
      expect(parseProbability('65.0%', scale)).toBeCloseTo(0.65, 12);
      expect(parseProbability(' 65 % ', scale)).toBeCloseTo(0.65, 12);
    }
  });

  it('reads a bare number by the column scale', () => {
    // 0.65 on the percent scale is 0.65%, i.e. 0.0065: the column decided percent.
    expect(parseProbability('0.65', 'percent')).toBeCloseTo(0.0065, 12);
    expect(parseProbability('1', 'percent')).toBeCloseTo(0.01, 12);
    expect(parseProbability('1', 'fraction')).toBe(1);
    expect(parseProbability('65,5', 'percent')).toBeCloseTo(0.655, 12);
  });

  it('accepts the ends of each scale', () => {
    expect(parseProbability('0', 'percent')).toBe(0);
    expect(parseProbability('100', 'percent')).toBe(1);
    expect(parseProbability('100%', 'fraction')).toBe(1);
    expect(parseProbability('0', 'fraction')).toBe(0);
  });

  it('rejects values out of range or not numbers', () => {
    expect(parseProbability('101', 'percent')).toBe(INVALID);
    expect(parseProbability('65', 'fraction')).toBe(INVALID);
    expect(parseProbability('1.5', 'fraction')).toBe(INVALID);
    expect(parseProbability('-5', 'percent')).toBe(INVALID);
    expect(parseProbability('150%', 'fraction')).toBe(INVALID);
    expect(parseProbability('high', 'percent')).toBe(INVALID);
  });

  it('returns null for an empty cell', () => {
    expect(parseProbability('', 'percent')).toBeNull();
  });
});

describe('parseBoolean', () => {
  it.each([
    ['true', true], ['TRUE', true], ['t', true], ['Yes', true], ['y', true], ['1', true], [' true ', true],
    ['false', false], ['FALSE', false], ['f', false], ['No', false], ['n', false], ['0', false],
  ])('reads %s', (text, value) => {
    expect(parseBoolean(text)).toBe(value);
  });

  it('returns null for empty and INVALID for anything else', () => {
    expect(parseBoolean('')).toBeNull();
    expect(parseBoolean('maybe')).toBe(INVALID);
    expect(parseBoolean('2')).toBe(INVALID);
  });
});

describe('parseDays', () => {
  it('reads whole and fractional days up to 100 years', () => {
    expect(parseDays('45')).toBe(45);
    expect(parseDays('12.5')).toBe(12.5);
    expect(parseDays('36500')).toBe(36500);
    expect(parseDays('')).toBeNull();
  });

  it('rejects negatives, words and more than 36500 days', () => {
    expect(parseDays('-3')).toBe(INVALID);
    expect(parseDays('ten')).toBe(INVALID);
    expect(parseDays('36501')).toBe(INVALID);
  });
});
