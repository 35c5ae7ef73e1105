/**
 * Property-based tests (fast-check): CSV written by a standard writer (csv-stringify) reads back
 * to the same records; any cell either parses to a valid value or is rejected, never NaN,
 * Infinity or -0; and every fold gives the same result whatever the row order and however the
 * rows are chunked and merged.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openTable } from '../../src/io/table.js';
import { coverageFold } from '../../src/metrics/coverage.js';
import { groupedFold, type Fold } from '../../src/metrics/fold.js';
import { velocityFold } from '../../src/metrics/velocity.js';
import { winRateFold } from '../../src/metrics/winRate.js';
import type { Deal, DealStatus } from '../../src/model/types.js';
import { INVALID, parseAmount, parseDate, parseProbability } from '../../src/model/values.js';

const dir = mkdtempSync(join(tmpdir(), 'dealmath-property-'));
let fileCount = 0;

describe('CSV round trip', () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', ',', '"', '\n', '\r\n', ';', 'é', '€', '\t', "'", '=') , maxLength: 12 });
  it('reads back what csv-stringify wrote', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }).chain((width) => fc.tuple(fc.constant(width), fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }))), async ([width, rows]) => {
        // A row whose cells are all blank is a blank line to dealmath (a spreadsheet's empty row): keep one cell filled.
        const data = rows.map((row) => (row.every((value) => value.trim() === '') ? ['x', ...row.slice(1)] : row));
        const header = Array.from({ length: width }, (_, index) => `h${index}`);
        const path = join(dir, `round-${(fileCount += 1)}.csv`);
        writeFileSync(path, stringify([header, ...data]));
        const table = await openTable(path, { delimiter: ',' });
        const read: string[][] = [];
        for await (const batch of table.batches) for (const raw of batch) read.push([...raw.cells]);
        expect(table.header).toEqual(header);
        expect(read).toEqual(data);
      }),
      { numRuns: 150 },
    );
  });
});

describe('any cell parses to a valid value or is rejected', () => {
  const numberish = fc.oneof(
    fc.string({ maxLength: 16 }),
    fc.double().map(String),
    fc.integer().map(String),
    fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '1e308', '1e-308', '0x10', '1_000', '١٢٣', '$-5', '(0)', '€ 1.000,50', '12,34,567'),
  );
  const valid = (value: number): boolean => Number.isFinite(value) && !Object.is(value, -0);

  it('amounts', () => {
    fc.assert(
      fc.property(numberish, fc.constantFrom('.' as const, ',' as const), (text, decimal) => {
        const parsed = parseAmount(text, decimal);
        if (parsed !== null && parsed !== INVALID) expect(valid(parsed.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('dates', () => {
    fc.assert(
      fc.property(fc.oneof(numberish, fc.date({ noInvalidDate: true }).map((date) => date.toISOString())), fc.constantFrom(null, 'mdy' as const, 'dmy' as const), (text, order) => {
        const parsed = parseDate(text, order);
        if (parsed !== null && parsed !== INVALID) expect(Number.isInteger(parsed) && valid(parsed)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('probabilities', () => {
    fc.assert(
      fc.property(numberish, fc.constantFrom('percent' as const, 'fraction' as const), (text, scale) => {
        const parsed = parseProbability(text, scale);
        if (parsed !== null && parsed !== INVALID) expect(parsed >= 0 && parsed <= 1 && valid(parsed)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('folds are order- and chunk-independent', () => {
  const day = (offset: number): number => 20_400 + offset;
  const dealArbitrary = fc.record({
    status: fc.constantFrom<DealStatus>('won', 'lost', 'open'),
    owner: fc.constantFrom('Ann', 'Bob', 'Cat'),
    amount: fc.option(fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 4), { nil: null }),
    created: fc.integer({ min: 0, max: 300 }),
    length: fc.integer({ min: 0, max: 200 }),
  });
  const toDeal = (input: { status: DealStatus; owner: string; amount: number | null; created: number; length: number }, index: number): Deal => ({
    id: `D${index}`, name: null, account: null, owner: input.owner, stage: null, status: input.status, amount: input.amount, currency: null,
    created: day(input.created), close: day(input.created + input.length), cycleDays: null, probability: null, forecastCategory: null,
    lastActivity: null, stageEntered: null, lostStage: null, dimensions: {}, source: { file: 'property', row: index + 2 },
  });
  const scope = { asOf: day(400), window: { from: day(50), to: day(450), label: 'w' }, basis: 'close' as const };

  function chunkedEqualsOnePass<State, Result>(make: () => Fold<Deal, State, Result>): void {
    fc.assert(
      fc.property(fc.array(dealArbitrary, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 6 }), fc.nat(), (inputs, cuts, seed) => {
        const deals = inputs.map(toDeal);
        const fold = make();
        let whole = fold.init();
        for (const deal of deals) whole = fold.add(whole, deal);
        // Shuffle deterministically by the seed, then cut into chunks.
        const shuffled = [...deals].sort((a, b) => ((Number(a.id.slice(1)) * 7919 + seed) % 101) - ((Number(b.id.slice(1)) * 7919 + seed) % 101));
        const positions = [...new Set(cuts.map((cut) => cut % (shuffled.length + 1)))].sort((a, b) => a - b);
        const chunks: Deal[][] = [];
        let start = 0;
        for (const position of [...positions, shuffled.length]) {
          chunks.push(shuffled.slice(start, position));
          start = position;
        }
        const merged = chunks
          .map((chunk) => chunk.reduce((state, deal) => fold.add(state, deal), fold.init()))
          .reduce((a, b) => fold.merge(a, b), fold.init());
        expect(roundNumbers(fold.finish(merged))).toEqual(roundNumbers(fold.finish(whole)));
      }),
      { numRuns: 300 },
    );
  }

  it('winRateFold (every open policy)', () => {
    chunkedEqualsOnePass(() => winRateFold({ scope, open: { kind: 'exclude' }, minSample: 5 }));
    chunkedEqualsOnePass(() => winRateFold({ scope, open: { kind: 'include' }, minSample: 5 }));
    chunkedEqualsOnePass(() => winRateFold({ scope, open: { kind: 'age-out', days: null }, minSample: 5 }));
  });

  it('velocityFold', () => {
    chunkedEqualsOnePass(() => velocityFold({ scope, n: 'open' }));
  });

  it('coverageFold', () => {
    chunkedEqualsOnePass(() =>
      coverageFold({
        asOf: day(400),
        period: { from: day(380), to: day(470), label: 'p' },
        rateWindow: { from: day(15), to: day(379), label: 'r' },
        minSample: 3,
        targets: { kind: 'reps', quotas: new Map([['Ann', 50_000], ['Bob', 20_000], ['Dan', 1_000]]) },
        prospectRate: 0.1,
        isClean: (deal) => (deal.amount ?? 0) % 2 === 0,
      }),
    );
  });

  it('groupedFold by owner', () => {
    chunkedEqualsOnePass(() => groupedFold(winRateFold({ scope, open: { kind: 'exclude' }, minSample: 5 }), ['owner'], (deal) => [deal.owner ?? '']));
  });
});

/** Sums added in another order may differ in the last bits: compare to 10 significant digits. */
function roundNumbers(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(10));
  if (Array.isArray(value)) return value.map(roundNumbers);
  if (value instanceof Map) return new Map([...value].map(([key, entry]) => [key, roundNumbers(entry)]));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, roundNumbers(entry)]));
  return value;
}
