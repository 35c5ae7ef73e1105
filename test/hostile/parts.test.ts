/**
 * Issue 18: a file read in parts (worker threads) reads exactly the rows of one pass, whatever its
 * line endings. A file whose lines end in CRLF, LF and lone CR once gave rowsRead 165 in parts
 * against 200 in one pass: each part guessed its own line break from its first bytes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dealmath, tempDir } from '../cli/helpers.js';

const PARTS = { DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_WORKERS: '2' };
const ONE_PASS = { DEALMATH_WORKERS: '1' };

/**
 * 2,000 rows; the first 1,000 end in CRLF (what the reader goes by), the rest cycle through LF,
 * lone CR and CRLF, so the second half of the file starts with other line breaks. Quoted notes
 * hold line breaks of every kind.
 */
function mixedEndings(): string {
  const endings = ['\n', '\r', '\r\n'];
  let text = 'id,stage,amount,close,note\r\n';
  for (let index = 0; index < 2000; index += 1) {
    const note = index % 7 === 0 ? '"two\nlines"' : index % 11 === 0 ? '"cr\rand crlf\r\nin quotes"' : 'plain';
    const ending = index < 1000 ? '\r\n' : (endings[index % 3] as string);
    text += `D-${index},${index % 2 === 0 ? 'Closed Won' : 'Closed Lost'},${index},2026-01-05,${note}${ending}`;
  }
  return text;
}

/** The whole outcome: exit code, stdout and stderr. */
function run(path: string, env: Record<string, string>): { code: number; stdout: string; stderr: string } {
  const { code, stdout, stderr } = dealmath(['winrate', path, '--json', '--as-of', '2026-11-20'], { env });
  return { code, stdout, stderr };
}

describe('parts and one pass agree', () => {
  it('mixed line endings with quoted line breaks: the same document in parts as in one pass', () => {
    const path = join(tempDir(), 'mixed.csv');
    writeFileSync(path, mixedEndings());
    const onePass = run(path, ONE_PASS);
    expect(run(path, PARTS)).toEqual(onePass);
  });

  it('CRLF lines, then LF lines: the same document in parts as in one pass', () => {
    // The cut for the second part falls among the LF lines (5/8 into the file), and that part once
    // guessed LF from its own first bytes while the one pass goes by the file's CRLF.
    let text = 'id,stage,amount\r\n';
    for (let index = 0; index < 3000; index += 1) text += `D-${index},Closed Won,${index}${index < 1500 ? '\r\n' : '\n'}`;
    const path = join(tempDir(), 'crlf-lf.csv');
    writeFileSync(path, text);
    expect(run(path, PARTS)).toEqual(run(path, ONE_PASS));
  });

  it('a file of LF lines whose second half ends in CR: the same document in parts as in one pass', () => {
    let text = 'id,stage,amount\n';
    for (let index = 0; index < 400; index += 1) text += `D-${index},Closed Won,${index}${index < 200 ? '\n' : '\r'}`;
    const path = join(tempDir(), 'lf-cr.csv');
    writeFileSync(path, text);
    expect(run(path, PARTS)).toEqual(run(path, ONE_PASS));
  });
});
