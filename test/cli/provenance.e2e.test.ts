/**
 * Provenance (issue #15): every document says when (SOURCE_DATE_EPOCH or the clock), by which
 * version, as of when, in which currency, and from which files (rows read, SHA-256 of the whole
 * file, in one pass or in parts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, dealmath } from './helpers.js';
import { run } from './inProcess.js';

const AS_OF = ['--as-of', '2026-11-20'];
// Independent of the code under test: node's own hash of the example file.
const dealsSha = createHash('sha256').update(readFileSync(join(EXAMPLES, 'deals.csv'))).digest('hex');
const pkg = JSON.parse(readFileSync(join(EXAMPLES, '../package.json'), 'utf8')) as { version: string };

describe('provenance in the JSON header and the footer line', () => {
  it('names generatedAt from SOURCE_DATE_EPOCH, the version, the currency and each input with its SHA-256', async () => {
    const result = await run(['winrate', 'deals.csv', ...AS_OF, '--json'], { cwd: EXAMPLES, env: { SOURCE_DATE_EPOCH: '1795154400' } });
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    // 1795154400 s since 1970 is 2026-11-20 06:00:00 UTC (date -u -d @1795154400).
    expect(json.generatedAt).toBe('2026-11-20T06:00:00Z');
    expect(json.dealmathVersion).toBe(pkg.version);
    expect(json.currency).toBe('USD');
    expect(json.inputs).toEqual([{ file: 'deals.csv', role: 'deals', rowsRead: 2000, sha256: dealsSha }]);
  });

  it('hashes the whole file when it is read in parts', async () => {
    const result = await run(['winrate', 'deals.csv', ...AS_OF, '--json'], { cwd: EXAMPLES, env: { DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_WORKERS: '2' } });
    const json = JSON.parse(result.stdout) as { inputs: { sha256: string; rowsRead: number }[] };
    expect(json.inputs).toEqual([{ file: 'deals.csv', role: 'deals', rowsRead: 2000, sha256: dealsSha }]);
  });

  it('hashes stdin as it streams', async () => {
    // stdin is the process's: this one spawns the binary.
    const result = dealmath(['winrate', '-', ...AS_OF, '--json'], { cwd: EXAMPLES, input: readFileSync(join(EXAMPLES, 'deals.csv'), 'utf8') });
    const json = JSON.parse(result.stdout) as { inputs: { file: string; sha256: string }[] };
    expect(json.inputs[0]).toMatchObject({ file: 'stdin', sha256: dealsSha });
  });

  it('lists the report\'s other inputs, and ends the table with one provenance line', async () => {
    const json = JSON.parse((await run(['report', ...AS_OF, '--json'], { cwd: EXAMPLES })).stdout) as { inputs: { role: string }[] };
    expect(json.inputs.map((input) => input.role)).toEqual(expect.arrayContaining(['deals', 'reps', 'history']));
    const table = (await run(['winrate', 'deals.csv', ...AS_OF], { cwd: EXAMPLES, env: { COLUMNS: '200' } })).stdout.trimEnd().split('\n');
    expect(table.at(-1)).toBe(`generated 2026-11-20 06:00 UTC by dealmath ${pkg.version}, as of 2026-11-20 from deals.csv (2,000 rows, sha256 ${dealsSha.slice(0, 12)}…)`);
  });

  it('uses the clock without SOURCE_DATE_EPOCH', async () => {
    const before = Date.now();
    const json = JSON.parse((await run(['winrate', 'deals.csv', ...AS_OF, '--json'], { cwd: EXAMPLES, env: { SOURCE_DATE_EPOCH: '' } })).stdout) as { generatedAt: string };
    expect(Date.parse(json.generatedAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });
});
