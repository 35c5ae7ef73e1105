/**
 * A period-valued column sorts in time in tables and JSON (issue 15: a `quarter` column of
 * Q3-2024, Q3-2025, Q4-2024 came out in text order). Fixture: test/fixtures/trends/quarters.csv.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers.js';
import { run } from './inProcess.js';

const quarters = join(FIXTURES, 'trends/quarters.csv');

describe('--by a period column', () => {
  it('winrate lists Q3-2024, Q4-2024, Q3-2025 in JSON and in the table', async () => {
    const json = await run(['winrate', quarters, '--as-of', '2025-12-31', '--by', 'quarter', '--json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.groups.map((group: { key: Record<string, string> }) => group.key.quarter)).toEqual(['Q3-2024', 'Q4-2024', 'Q3-2025']);
    // Q3-2024: 1 won of 2; Q4-2024: 1 of 1; Q3-2025: 1 of 2 (hand count of the fixture).
    expect(doc.groups.map((group: { won: number; lost: number }) => [group.won, group.lost])).toEqual([[1, 1], [1, 0], [1, 1]]);
    const table = (await run(['winrate', quarters, '--as-of', '2025-12-31', '--by', 'quarter'])).stdout;
    const at = (label: string): number => table.indexOf(label);
    expect(at('Q3-2024')).toBeGreaterThan(-1);
    expect(at('Q3-2024')).toBeLessThan(at('Q4-2024'));
    expect(at('Q4-2024')).toBeLessThan(at('Q3-2025'));
  });

  it('velocity lists them in the same order', async () => {
    const doc = JSON.parse((await run(['velocity', quarters, '--as-of', '2025-12-31', '--by', 'quarter', '--json'])).stdout);
    expect(doc.groups.map((group: { key: Record<string, string> }) => group.key.quarter)).toEqual(['Q3-2024', 'Q4-2024', 'Q3-2025']);
  });
});
