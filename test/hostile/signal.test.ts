/**
 * Ctrl-C during a run leaves no output file and no temporary file behind, and exits 130.
 * The input is large enough that the run is still reading when the signal arrives; the test
 * checks that it was (no output on stdout yet) rather than timing anything.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../cli/helpers.js';

describe('interrupted run', () => {
  it('SIGINT while reading: exit 130, --out not written, no temporary file', async () => {
    const dir = tempDir();
    execFileSync(process.execPath, [join(ROOT, 'examples/generate.mjs'), '--deals', '400000', '--deals-only', '--out', dir]);
    const outDir = tempDir();
    const out = join(outDir, 'report.json');
    const child = spawn(process.execPath, [BIN, 'winrate', join(dir, 'deals.csv'), '--by', 'owner', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 700));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(stderr).toBe('');
    expect(code).toBe(130);
    expect(readdirSync(outDir)).toEqual([]);
  }, 60_000);
});
