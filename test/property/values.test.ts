/**
 * Properties (fast-check) of the cell parsers and the row reader: any generated cell either parses
 * to a valid value or is rejected (INVALID, a finding on the row), never NaN, Infinity or -0; and
 * where an independent oracle exists (integers written out, calendar dates by Date.UTC, whole
 * percentages) the parsed value is exactly the oracle's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config.js';
import { createDealReader, sniffFormats } from '../../src/model/dealReader.js';
import type { Finding } from '../../src/model/findings.js';
import { mapColumns } from '../../src/model/mapping.js';
import { INVALID, MAX_AMOUNT, parseAmount, parseDate, parseProbability } from '../../src/model/values.js';

const validNumber = (value: number): boolean => Number.isFinite(value) && !Object.is(value, -0);

/** Anything a spreadsheet cell might hold where a number or date is expected. */
const numberish = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ unit: fc.constantFrom('0', '1', '9', '.', ',', '-', '(', ')', ' ', '$', '€', 'e', 'E', '+', '%', "'", '\u00a0'), maxLength: 14 }),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '(0)', '1e308', '1e-308', '0x10', '1_000', '١٢٣', '$-5', '€ 1.000,50', '12,34,567', '9'.repeat(400), `0.${'0'.repeat(400)}1`),
);

describe('any cell parses to a valid value or is rejected', () => {
  it('amounts: finite, not -0, at most MAX_AMOUNT in size', () => {
    fc.assert(
      fc.property(numberish, fc.constantFrom('.' as const, ',' as const), (text, decimal) => {
        const parsed = parseAmount(text, decimal);
        if (parsed === null || parsed === INVALID) return;
        expect(validNumber(parsed.value)).toBe(true);
        expect(Math.abs(parsed.value)).toBeLessThanOrEqual(MAX_AMOUNT);
      }),
      { numRuns: 3000 },
    );
  });

  it('dates: whole day numbers', () => {
    fc.assert(
      fc.property(
        fc.oneof(numberish, fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '-', '/', '.', ' ', 'T', ':'), maxLength: 20 })),
        fc.constantFrom(null, 'mdy' as const, 'dmy' as const),
        (text, order) => {
          const parsed = parseDate(text, order);
          if (parsed === null || parsed === INVALID) return;
          expect(Number.isInteger(parsed) && validNumber(parsed)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('probabilities: within 0..1', () => {
    fc.assert(
      fc.property(numberish, fc.constantFrom('percent' as const, 'fraction' as const), (text, scale) => {
        const parsed = parseProbability(text, scale);
        if (parsed === null || parsed === INVALID) return;
        expect(validNumber(parsed) && parsed >= 0 && parsed <= 1).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parsed values equal an independent oracle', () => {
  const grouped = (value: number, separator: string): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, separator);

  it('amounts: an integer written plain, grouped by thousands or with a currency reads as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT }), fc.constantFrom('plain', 'grouped', 'dollar', 'iso', 'negative'), (value, form) => {
        const text = form === 'plain' ? String(value) : form === 'grouped' ? grouped(value, ',') : form === 'dollar' ? `$${grouped(value, ',')}` : form === 'iso' ? `USD ${value}` : `-${value}`;
        const parsed = parseAmount(text);
        expect(parsed).not.toBe(INVALID);
        const expected = form === 'negative' && value !== 0 ? -value : value;
        expect(parsed === null || parsed === INVALID ? null : parsed.value).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('dates: any YYYY-MM-DD is its Date.UTC day when the day exists, else INVALID', () => {
    const pad = (value: number, width: number): string => String(value).padStart(width, '0');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (year, month, day) => {
        const utc = new Date(0);
        utc.setUTCFullYear(year, month - 1, day);
        const exists = year >= 1 && month >= 1 && month <= 12 && day >= 1 && utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day;
        const parsed = parseDate(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
        expect(parsed).toBe(exists ? Math.round(utc.getTime() / 86_400_000) : INVALID);
      }),
      { numRuns: 5000 },
    );
  });

  it('probabilities: a whole percentage p% is p / 100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.constantFrom('percent' as const, 'fraction' as const), (percent, scale) => {
        expect(parseProbability(`${percent}%`, scale)).toBe(percent / 100);
      }),
    );
  });
});

describe('the row reader: a usable deal or a rejected row, never NaN', () => {
  const header = ['deal_id', 'stage', 'amount', 'created', 'close', 'probability', 'segment'];
  const mapping = mapColumns(header);
  const anyCell = fc.oneof(numberish, fc.constantFrom('', ' ', '2026-01-31', '2026-02-30', '31/01/2026', '5/5/2026', '45000', '65%', '0.4'));
  const row = fc.tuple(
    fc.oneof(fc.constantFrom('', 'D1'), fc.string({ maxLength: 4 })),
    fc.constantFrom('Closed Won', 'Closed Lost', 'Proposal', '', 'won'),
    anyCell,
    anyCell,
    anyCell,
    anyCell,
    fc.string({ maxLength: 6 }),
  );

  it('each generated row', () => {
    fc.assert(
      fc.property(row, (cells) => {
        const formats = sniffFormats('property.csv', header, mapping, [], DEFAULT_CONFIG);
        const read = createDealReader({ file: 'property.csv', headers: header, mapping, formats, config: DEFAULT_CONFIG });
        const findings: Finding[] = [];
        const deal = read(cells, 2, (found) => findings.push(found));
        const errors = findings.filter((found) => found.severity === 'error');
        if (deal === null) {
          expect(errors.length).toBeGreaterThan(0);
          return;
        }
        expect(errors).toEqual([]);
        if (deal.amount !== null) expect(validNumber(deal.amount) && deal.amount >= 0).toBe(true);
        for (const day of [deal.created, deal.close]) if (day !== null) expect(Number.isInteger(day) && validNumber(day)).toBe(true);
        if (deal.probability !== null) expect(validNumber(deal.probability) && deal.probability >= 0 && deal.probability <= 1).toBe(true);
        expect(JSON.stringify(deal)).not.toMatch(/NaN|Infinity/);
      }),
      { numRuns: 3000 },
    );
  });
});
