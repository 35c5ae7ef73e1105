/**
 * Coverage team totals end to end (METRICS.md "Quota attainment"): owners without a quota are
 * left out of the team's number, and a reps file name that matches no owner is said with the
 * closest owner. Per-rep figures come from the examples' coverage table for the same as-of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const base = ['coverage', join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--json'];

function repsFile(lines: readonly string[]): string {
  const file = join(tempDir(), 'reps.csv');
  writeFileSync(file, ['owner,quota', ...lines].join('\n') + '\n');
  return file;
}

describe('dealmath coverage with a reps file', () => {
  it('a one-rep reps file gives the team that rep alone (was 53,566x with every owner pipeline)', async () => {
    const result = await run([...base, '--reps', repsFile(['Aisha Khan,80000'])]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    const aisha = doc.groups.find((group: { key: { owner: string } }) => group.key.owner === 'Aisha Khan');
    // Aisha Khan in the examples: won 29,940 to date, open pipeline closing in 2026-Q4 426,834.
    expect(aisha).toMatchObject({ target: { value: 80000 }, wonToDate: 29940, openPipeline: 426834 });
    expect(doc.total).toMatchObject({ target: { value: 80000 }, wonToDate: 29940, remaining: { value: 50060 }, openPipeline: 426834 });
    expect(doc.total.coverage.value).toBeCloseTo(426834 / 50060, 12);
    expect(doc.team.ownersWithoutQuota).toHaveLength(14);
    expect(result.stderr).toContain('owner "Tom Becker" has deals but no quota in the reps file');
  });

  it('an empty quota is a rep without one: listed, left out of the team (was exit 2, "expected a quota of 0 or more")', async () => {
    const result = await run([...base, '--reps', repsFile(['Aisha Khan,80000', 'Tom Becker,'])]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    const tom = doc.groups.find((group: { key: { owner: string } }) => group.key.owner === 'Tom Becker');
    expect(tom.target.value).toBeNull();
    // The team is Aisha Khan alone, as with a reps file naming her only (the test above).
    expect(doc.total).toMatchObject({ target: { value: 80000 }, wonToDate: 29940, remaining: { value: 50060 } });
    expect(doc.team.ownersWithoutQuota.map((entry: { name: string }) => entry.name)).toContain('Tom Becker');
    expect(result.stderr).toContain('owner "Tom Becker" has deals but no quota in the reps file');
  });

  it('a quota that is not an amount is still refused, naming the cell', async () => {
    const file = repsFile(['Aisha Khan,80000', 'Tom Becker,lots']);
    const result = await run([...base, '--reps', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`dealmath: ${file}, row 3, column "quota": expected a quota of 0 or more (or an empty cell for a rep without one), found "lots"\n`);
  });

  it('a name spelled differently in the reps file is a warning naming the closest owner', async () => {
    const result = await run([...base, '--reps', repsFile(['Hanna Schmidt,550000', 'Aisha Khan,80000'])]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('the reps file names "Hanna Schmidt", who owns no deal (closest owner: "Hannah Schmidt")');
    const doc = JSON.parse(result.stdout);
    expect(doc.team.repsWithoutDeals).toEqual([{ name: 'Hanna Schmidt', closest: 'Hannah Schmidt' }]);
    // attainment: Aisha 29,940 + Hanna 0 against 630,000
    expect(doc.team.attainment.value).toBeCloseTo(29940 / 630000, 12);
    expect(doc.warnings).toContain('the reps file names "Hanna Schmidt", who owns no deal (closest owner: "Hannah Schmidt")');
  });
});
