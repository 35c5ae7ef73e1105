/**
 * A short seeded run of the fuzz harness (`npm run fuzz`, scripts/fuzz.mjs) in the suite: a fixed
 * seed and a fixed number of cases, so the same cases run every time, through the real binary.
 *
 * ENABLED_CLASSES are the classes this case list must hold; a class with a known finding would go to
 * PENDING_CLASSES with the reason, until it is fixed (check with `npm run fuzz -- --budget 600`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../cli/helpers.js';

const ENABLED_CLASSES: readonly string[] = ['crash', 'hang', 'memory', 'loss', 'injection', 'overwrite', 'invariant'];

/** What the harness finds in each pending class in these cases on the current code (none: every class holds). */
const PENDING_CLASSES: Readonly<Record<string, string>> = {};

const SEED = '18';
const CASES = 24;

interface Summary {
  readonly cases: number;
  readonly classes: readonly string[];
  readonly findings: readonly { signature: string; reproduction: string }[];
}

describe('npm run fuzz, a short seeded run', () => {
  it('every class is either enabled or pending with a reason', () => {
    expect([...ENABLED_CLASSES, ...Object.keys(PENDING_CLASSES)].sort()).toEqual(['crash', 'hang', 'injection', 'invariant', 'loss', 'memory', 'overwrite']);
    for (const reason of Object.values(PENDING_CLASSES)) expect(reason).not.toBe('');
  });

  it('refuses a bad budget or class with exit 2 and the usage, before running anything', () => {
    const fuzz = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts/fuzz.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
    const budget = fuzz(['--budget', 'ten']);
    expect(budget.status).toBe(2);
    expect(budget.stderr).toMatch(/^fuzz: --budget takes a whole number, not "ten"\nusage: npm run fuzz -- /);
    const unknown = fuzz(['--classes', 'crash,slow']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^fuzz: unknown class "slow" \(one of crash, hang, memory, loss, injection, overwrite, invariant\)\n/);
  });

  it.runIf(ENABLED_CLASSES.length > 0)(`${CASES} cases of seed ${SEED} give no finding in the enabled classes`, { timeout: 300_000 }, () => {
    const findings = join(tempDir(), 'findings');
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/fuzz.mjs'), '--seed', SEED, '--cases', String(CASES), '--budget', '240', '--classes', ENABLED_CLASSES.join(','), '--findings', findings, '--no-shrink', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 280_000,
    });
    const summary = JSON.parse(result.stdout) as Summary;
    // All the cases ran (not cut short by the budget on a busy machine), with the classes asked for.
    expect(summary.cases).toBe(CASES);
    expect(summary.classes).toEqual(ENABLED_CLASSES);
    expect(summary.findings.map((finding) => `${finding.signature} (${finding.reproduction})`)).toEqual([]);
    expect(result.status).toBe(0);
  });
});
