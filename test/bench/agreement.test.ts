/**
 * The benchmark's agreement check (bench/agreement.mjs), in the normal suite: dealmath's per-owner
 * aggregate on a freshly generated file equals a plain-JS reference computed from the same CSV,
 * judged by the same function `npm run bench` uses against DuckDB (which only the bench installs
 * and runs). Timing is never asserted here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type OwnerAggregate, disagreements, fromDealmath, fromDuckdb, referenceAggregate, referenceAggregateOfFile } from '../../bench/agreement.mjs';
import { EXAMPLES, ROOT, dealmath, tempDir } from '../cli/helpers.js';

const HEADER = 'deal_id,name,account,owner,stage,amount,currency,created,close,probability,forecast_category,last_activity,stage_entered,lost_stage,segment,region,product,type';

function row(fields: { id: string; owner: string; stage: string; amount: string; currency: string; created: string }): Record<string, string> {
  return { deal_id: fields.id, name: '', account: '', owner: fields.owner, stage: fields.stage, amount: fields.amount, currency: fields.currency, created: fields.created, close: '', probability: '', forecast_category: '', last_activity: '', stage_entered: '', lost_stage: '', segment: '', region: '', product: '' };
}

function entry(owner: string, values: Partial<Omit<OwnerAggregate, 'owner'>>): OwnerAggregate {
  return { owner, won: 0, lost: 0, open: 0, wonValue: 0, lostValue: 0, openValue: 0, ...values };
}

describe('referenceAggregate', () => {
  it('counts and converts per owner, open deals only up to the as-of date', () => {
    const rows = [
      row({ id: 'A', owner: 'Kim', stage: 'Closed Won', amount: '20000', currency: 'USD', created: '2026-01-01' }),
      row({ id: 'B', owner: 'Kim', stage: 'Closed Won', amount: '10000', currency: 'EUR', created: '2026-02-01' }),
      row({ id: 'C', owner: 'Kim', stage: 'Proposal', amount: '40000', currency: 'GBP', created: '2026-11-20' }),
      row({ id: 'D', owner: 'Lee', stage: 'Closed Lost', amount: '30000', currency: 'USD', created: '2026-03-01' }),
      row({ id: 'E', owner: 'Lee', stage: 'Discovery', amount: '5000', currency: 'USD', created: '2026-11-21' }),
      row({ id: 'F', owner: 'Lee', stage: 'Closed Lost', amount: '', currency: 'USD', created: '2026-03-01' }),
      row({ id: 'G', owner: 'Max', stage: 'Negotiation', amount: '1000', currency: 'USD', created: '2026-12-01' }),
    ];
    // hand-computed: Kim won A 20,000 + B 10,000 x 1.08 = 30,800; C open (created on the as-of
    // date) 40,000 x 1.27 = 50,800. Lee lost D 30,000 and F (no amount: counted, no value);
    // E created after the as-of date is left out. Max has only a future open deal: no entry.
    expect(referenceAggregate(rows)).toEqual([
      entry('Kim', { won: 2, open: 1, wonValue: 30800, openValue: 50800 }),
      entry('Lee', { lost: 2, lostValue: 30000 }),
    ]);
  });

  it('gives NaN values for a currency without a rate, so the check cannot pass', () => {
    const [kim] = referenceAggregate([row({ id: 'A', owner: 'Kim', stage: 'Closed Won', amount: '100', currency: 'JPY', created: '2026-01-01' })]);
    expect(kim?.wonValue).toBeNaN();
    expect(disagreements([entry('Kim', { won: 1, wonValue: 100 })], [kim as OwnerAggregate])).toEqual(['Kim wonValue: 100 expected, NaN found']);
  });
});

describe('disagreements', () => {
  const expected = [entry('Kim', { won: 2, lost: 1, open: 3, wonValue: 1_000_000, lostValue: 500, openValue: 0 })];

  it('accepts values within 1e-6 relative and refuses beyond', () => {
    // hand-computed: 1e-6 x 1,000,000 = 1, so 1,000,000.9 agrees and 1,000,001.5 does not.
    expect(disagreements(expected, [{ ...expected[0]!, wonValue: 1_000_000.9 }])).toEqual([]);
    expect(disagreements(expected, [{ ...expected[0]!, wonValue: 1_000_001.5 }])).toEqual(['Kim wonValue: 1000000 expected, 1000001.5 found']);
  });

  it('wants counts identical and zero values exact', () => {
    expect(disagreements(expected, [{ ...expected[0]!, open: 4 }])).toEqual(['Kim open: 3 expected, 4 found']);
    expect(disagreements(expected, [{ ...expected[0]!, openValue: 0.001 }])).toEqual(['Kim openValue: 0 expected, 0.001 found']);
  });

  it('names missing and unexpected owners', () => {
    expect(disagreements(expected, [])).toEqual(['owner Kim: missing']);
    expect(disagreements(expected, [...expected, entry('Lee', { won: 1 })])).toEqual(['owner Lee: not expected']);
  });
});

describe('answer shapes', () => {
  it('reads DuckDB rows, whose counts arrive as strings', () => {
    expect(fromDuckdb([{ owner: 'Lee', won: '1', lost: '0', open: '2', wonValue: 10, lostValue: 0, openValue: 5.5 }, { owner: 'Kim', won: '3', lost: '1', open: '0', wonValue: 7, lostValue: 1, openValue: 0 }])).toEqual([
      entry('Kim', { won: 3, lost: 1, wonValue: 7, lostValue: 1 }),
      entry('Lee', { won: 1, open: 2, wonValue: 10, openValue: 5.5 }),
    ]);
  });
});

describe('bench agreement check on a generated file', () => {
  const dir = tempDir();
  execFileSync(process.execPath, [join(ROOT, 'examples/generate.mjs'), '--deals', '2000', '--seed', '7', '--deals-only', '--out', dir], { stdio: 'ignore' });
  const file = join(dir, 'deals.csv');
  const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  const args = ['winrate', file, '--by', 'owner', '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--json'];

  it('is a file of the columns the DuckDB reference reads', () => {
    expect(readFileSync(file, 'utf8').split('\n', 1)[0]).toBe(HEADER);
    expect(rows).toHaveLength(2000);
  });

  it('dealmath agrees with the reference aggregate', () => {
    const result = dealmath(args);
    expect(result.code).toBe(0);
    const reference = referenceAggregate(rows);
    // The generator's team: enough owners, and every kind of deal, for the check to mean something.
    expect(reference.length).toBeGreaterThan(5);
    expect(reference.every((owner) => owner.won > 0 && owner.lost > 0 && owner.open > 0)).toBe(true);
    expect(disagreements(reference, fromDealmath(JSON.parse(result.stdout)))).toEqual([]);
  });

  it('the streamed reference the bench uses without DuckDB equals the in-memory one', async () => {
    expect(await referenceAggregateOfFile(file)).toEqual(referenceAggregate(rows));
  });

  it('notices a dealmath answer that is off by one deal', () => {
    const answer = fromDealmath(JSON.parse(dealmath(args).stdout));
    const changed = answer.map((owner, index) => (index === 0 ? { ...owner, won: owner.won + 1 } : owner));
    expect(disagreements(referenceAggregate(rows), changed)).toHaveLength(1);
  });
});
