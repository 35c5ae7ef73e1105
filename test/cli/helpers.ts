/** Runs the real built binary (bin/dealmath.js over dist/) the way a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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

/** Writes `lines` (a header and rows) to `name` in `dir`, each line ended by a line feed; returns the path. */
export function linesFile(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/**
 * A command's output without what names the files it read (the JSON header's `inputs`, the
 * provenance line of a table): for comparing the same answer read from two copies of the data
 * (CSV and Parquet), whose names and bytes differ by design.
 */
export function withoutInputs(output: string): string {
  if (output.trimStart().startsWith('{')) {
    const document = JSON.parse(output) as Record<string, unknown>;
    delete document.inputs;
    return JSON.stringify(document, null, 2);
  }
  const lines = output.split('\n');
  const footer = lines.findIndex((line) => /^_?generated \d{4}-\d\d-\d\d \d\d:\d\d UTC by dealmath /.test(line));
  return (footer === -1 ? lines : lines.slice(0, footer)).join('\n');
}
