/**
 * The example snapshots: examples/snapshots.mjs is seeded and reproduces the committed
 * examples/snapshots/ files byte for byte, and `movement` runs on them out of the box.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dealmath } from '../cli/helpers.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const scratch = mkdtempSync(join(tmpdir(), 'dealmath-snapshots-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('examples/snapshots.mjs', () => {
  it('matches the committed examples/snapshots/ files (regenerate with `node examples/snapshots.mjs`)', () => {
    const run = spawnSync(process.execPath, [join(EXAMPLES, 'snapshots.mjs'), '--out', scratch], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const committed = readdirSync(join(EXAMPLES, 'snapshots')).sort();
    expect(readdirSync(scratch).sort()).toEqual(committed);
    expect(committed).toHaveLength(21);
    for (const file of committed) expect(readFileSync(join(scratch, file)).equals(readFileSync(join(EXAMPLES, 'snapshots', file))), file).toBe(true);
  });

  it('feeds movement: the identity holds to the cent and every row is accounted for', () => {
    const files = readdirSync(join(EXAMPLES, 'snapshots')).sort().map((file) => join('snapshots', file));
    const result = dealmath(['movement', ...files, '--steps', '--json'], { cwd: EXAMPLES });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    const cents = (value: number): number => Math.round(value * 100);
    for (const totals of [json.total, ...json.steps.map((step: { total: unknown }) => step.total)]) {
      const t = totals as Record<string, number>;
      const moved = cents(t.start!) + cents(t.created!) + cents(t.pulledIn!) + cents(t.reopened!) + cents(t.increased!) - cents(t.decreased!) - cents(t.pushedOut!) - cents(t.won!) - cents(t.lost!) - cents(t.removed!);
      expect(moved).toBe(cents(t.end!));
    }
    expect(json.rowsRead).toBe(json.rowsUsed + json.rowsRejected + json.rowsFiltered);
    expect(json.rowsRejected).toBe(0);
    // The series has every kind of movement somewhere (generator: pushes, pull-ins, amount changes, deletions, reopened deals).
    const kinds = ['created', 'pulledIn', 'reopened', 'increased', 'decreased', 'pushedOut', 'won', 'lost', 'removed'];
    for (const kind of kinds) expect(json.steps.some((step: { total: Record<string, number> }) => step.total[kind]! > 0), kind).toBe(true);
  });
});
