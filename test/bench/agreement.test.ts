/**
 * The benchmark's agreement check, in the normal suite: dealmath's per-owner aggregate on a
 * freshly generated file equals a plain-JS reference computed from the same CSV (DuckDB itself
 * only runs in `npm run bench`). Timing is never asserted here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script of the bench, without type declarations
import { disagreements, fromDealmath, referenceAggregate } from '../../bench/agreement.mjs';
import { EXAMPLES, ROOT, dealmath, tempDir } from '../cli/helpers.js';

describe('bench agreement check', () => {
  const dir = tempDir();
  execFileSync(process.execPath, [join(ROOT, 'examples/generate.mjs'), '--deals', '3000', '--seed', '7', '--deals-only', '--out', dir]);
  const file = join(dir, 'deals.csv');
  const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  const args = ['winrate', file, '--by', 'owner', '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--json'];

  it('dealmath agrees with the reference aggregate', () => {
    const result = dealmath(args);
    expect(result.code).toBe(0);
    const reference = referenceAggregate(rows);
    expect(reference.length).toBeGreaterThan(5);
    expect(disagreements(reference, fromDealmath(JSON.parse(result.stdout)))).toEqual([]);
  });

  it('notices a disagreement', () => {
    const reference = referenceAggregate(rows);
    const changed = reference.map((entry: { won: number }, index: number) => (index === 0 ? { ...entry, won: entry.won + 1 } : entry));
    expect(disagreements(reference, changed)).toHaveLength(1);
  });
});
