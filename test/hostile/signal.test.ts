/**
 * Ctrl-C never leaves a partial or truncated `--out` file (issue 8).
 *
 * Through the binary: SIGINT while a large generated input is being read exits 130, leaves an
 * earlier file at the --out path as it was, and leaves no temporary `.NAME.*.tmp`. The signal is
 * sent once the process has opened its input (seen in /proc/PID/fd on Linux), and the test checks
 * that the process was still running then: no fixed sleep to race against. If a faster machine
 * ever reads the whole file first, the input needs to grow, not the test to loosen.
 *
 * In-process: the interrupt handler's cleanup (removePendingOutputs) removes a temporary file that
 * is being written, and the write then fails without creating the --out file.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removePendingOutputs, writeOutput } from '../../src/io/writeOutput.js';
import { DealmathError } from '../../src/model/errors.js';
import { BIN, ROOT, tempDir } from '../cli/helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once process `pid` holds `path` open (Linux /proc), or after a second elsewhere. */
async function opened(pid: number, path: string, isRunning: () => boolean): Promise<void> {
  if (!existsSync('/proc/self/fd')) return sleep(1000);
  while (isRunning()) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        try {
          if (readlinkSync(`/proc/${pid}/fd/${fd}`) === path) return;
        } catch {
          // the descriptor closed while we looked
        }
      }
    } catch {
      return;
    }
    await sleep(5);
  }
}

describe('interrupted run', () => {
  it('SIGINT while reading: exit 130, the earlier --out file untouched, no temporary file', async () => {
    const dataDir = tempDir();
    execFileSync(process.execPath, [join(ROOT, 'examples/generate.mjs'), '--deals', '400000', '--deals-only', '--out', dataDir], { stdio: 'ignore' });
    const input = realpathSync(join(dataDir, 'deals.csv'));
    const outDir = tempDir();
    const out = join(outDir, 'report.json');
    writeFileSync(out, 'the earlier report\n');

    const child = spawn(process.execPath, [BIN, 'winrate', input, '--by', 'owner', '--json', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

    await opened(child.pid as number, input, () => child.exitCode === null);
    const stillRunning = child.exitCode === null;
    child.kill('SIGINT');
    const { code, signal } = await exited;

    expect(stillRunning).toBe(true);
    expect(stderr).toBe('');
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(readFileSync(out, 'utf8')).toBe('the earlier report\n');
    expect(readdirSync(outDir)).toEqual(['report.json']);
  }, 60_000);

  it('the interrupt cleanup removes a temporary file being written; --out is not created', async () => {
    const dir = tempDir();
    const out = join(dir, 'big.csv');
    const writing = writeOutput('x'.repeat(64 * 1024 * 1024), out).then(
      () => null,
      (error: unknown) => error,
    );
    // Wait for the temporary file to appear, then interrupt as the SIGINT handler does.
    let temporary: string[] = [];
    while (temporary.length === 0) {
      temporary = readdirSync(dir).filter((name) => /^\.big\.csv\.[0-9a-f]{12}\.tmp$/.test(name));
      if (temporary.length === 0) await sleep(1);
    }
    removePendingOutputs();
    const error = await writing;
    expect(error).toBeInstanceOf(DealmathError);
    expect((error as DealmathError).message).toBe(`--out ${out}: the temporary file was removed before it was complete (ENOENT)`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
