/**
 * Issue 18, JSON and YAML exports: read in time and memory that grow with the records, ids kept
 * as written, and NaN/Infinity in number cells reported as findings. Through the real binary.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dealmath, tempDir, type CliResult } from '../cli/helpers.js';

/** Exit 2 with exactly one line on stderr matching `message`, no stack trace, nothing on stdout. */
function expectRefused(result: CliResult, message: RegExp): void {
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.code).toBe(2);
}

function write(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

describe('records without cells', () => {
  // 30,000 `{}` (90 KB) once sized the id index from zero-length cells: "internal error: Array buffer allocation failed".
  it('a JSON list of 30,000 empty records is refused for its missing status column, promptly', () => {
    const path = write('empty.json', `[${Array(30_000).fill('{}').join(',')}]`);
    const started = Date.now();
    const result = dealmath(['winrate', path, '--json', '--as-of', '2026-11-20']);
    expectRefused(result, /empty\.json: no way to know a deal's status/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
