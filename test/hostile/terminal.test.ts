/**
 * Terminal output safety (issue 18): invisible format characters from the data (bidi overrides,
 * isolates and marks) are removed from tables, Markdown and error lines, as control characters
 * already were; table cells are cut to MAX_TABLE_CELL_CHARACTERS before cli-table3 measures them,
 * so a long cell costs linear time. JSON keeps every value as it is in the file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TABLE_CELL_CHARACTERS, stripControl, truncateCell } from '../../src/report/format.js';
import { escapeMarkdown } from '../../src/report/renderers/markdown.js';
import { tempDir } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

const HEADER = 'deal_id,owner,stage,amount,created,close';
const ASKED = ['--by', 'owner', '--as-of', '2026-06-30'];
// U+202A-202E, U+2066-2069, U+200E/U+200F, U+061C: the controls that reorder text on screen.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function file(rows: readonly string[]): string {
  const path = join(tempDir(), 'deals.csv');
  writeFileSync(path, [HEADER, ...rows, ''].join('\n'));
  return path;
}

describe('bidi and other format controls from the data', () => {
  // Before: "\u202Eevil.exe" reached the terminal and showed as "exe.live".
  const path = file([
    'A,\u202eevil.exe,Closed Won,100,2026-01-01,2026-02-01',
    'B,\u2067Ann\u2069 \u200fBob\u200e\u061c,Closed Lost,50,2026-01-01,2026-02-01',
  ]);

  it.each([['table'], ['md']])('are removed from %s output', async (format) => {
    const result = await run(['winrate', path, ...ASKED, '--format', format]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(BIDI);
    expect(result.stdout).toContain('evil.exe');
    expect(result.stdout).toContain('Ann Bob');
  });

  it('are kept in JSON, which is data', async () => {
    const doc = JSON.parse((await run(['winrate', path, ...ASKED, '--json'])).stdout);
    expect(doc.groups.map((group: { key: { owner: string } }) => group.key.owner).sort()).toEqual(['\u202eevil.exe', '\u2067Ann\u2069 \u200fBob\u200e\u061c'].sort());
  });

  it('are removed from error lines, which quote names and values', async () => {
    const bad = file(['A,Ann,Closed Won,100,2026-01-01,2026-02-01']);
    const result = await run(['winrate', bad, '--by', '\u202eowner-x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no column "owner-x"');
    expect(result.stderr).not.toMatch(BIDI);
  });

  it('zero-width joiners stay: emoji and scripts need them', () => {
    // U+200D joins the family emoji; U+200C is needed in Persian words.
    expect(stripControl('a\u200db\u200cc\u202ed')).toBe('a\u200db\u200ccd');
    expect(escapeMarkdown('\u2066x\u2069')).toBe('x');
  });
});

describe('long cells cost linear time in tables', () => {
  // Before: an owner of 10,000 letter + combining accent pairs made the table take 10-13 s (JSON 0.3 s).
  it('an owner of 10,000 accented letters: the table is quick and the cell ends in an ellipsis', async () => {
    const owner = 'a\u0301'.repeat(10_000);
    const path = file([`A,${owner},Closed Won,100,2026-01-01,2026-02-01`, 'B,Bob,Closed Lost,50,2026-01-01,2026-02-01']);
    const started = Date.now();
    const result = await run(['winrate', path, ...ASKED]);
    const elapsed = Date.now() - started;
    expect(result.code).toBe(0);
    expect(elapsed).toBeLessThan(5000);
    // 199 accented letters and the ellipsis.
    expect(result.stdout).toContain(`${'a\u0301'.repeat(MAX_TABLE_CELL_CHARACTERS - 1)}…`);
    expect(result.stdout).not.toContain('a\u0301'.repeat(MAX_TABLE_CELL_CHARACTERS));
    // JSON keeps the whole name.
    const doc = JSON.parse((await run(['winrate', path, ...ASKED, '--json'])).stdout);
    expect(doc.groups.some((group: { key: { owner: string } }) => group.key.owner === owner)).toBe(true);
  });

  it('truncateCell keeps a cell of exactly the limit and cuts one character longer', () => {
    expect(truncateCell('é'.repeat(5), 5)).toBe('é'.repeat(5));
    expect(truncateCell('e\u0301'.repeat(5), 5)).toBe('e\u0301'.repeat(5));
    expect(truncateCell('e\u0301'.repeat(6), 5)).toBe(`${'e\u0301'.repeat(4)}…`);
    expect(truncateCell('👨‍👩‍👧'.repeat(3), 2)).toBe('👨‍👩‍👧…');
  });
});
