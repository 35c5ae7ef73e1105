/** Runs the real built binary (bin/dealmath.js over dist/) the way a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin/dealmath.js');
export const EXAMPLES = join(ROOT, 'examples');
export const FIXTURES = join(ROOT, 'test/fixtures');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every test run's documents say they were made at 2026-11-20T06:00:00Z (reproducible output). */
export const SOURCE_DATE_EPOCH = '1795154400';

export function dealmath(args: readonly string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '80', SOURCE_DATE_EPOCH: SOURCE_DATE_EPOCH, ...options.env },
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dealmath-test-'));
}
