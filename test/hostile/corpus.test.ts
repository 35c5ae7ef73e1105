/**
 * Hostile and messy input (issue 8): one test per file of test/fixtures/hostile/, each asserting
 * the exact outcome through the real binary: a one-line error with exit code 2 (could not run), or
 * the findings by rule, row (header = row 1), column and value, with every row accounted for
 * (rowsRead = rowsUsed + rowsRejected + rowsFiltered). The outcome chosen for each file is stated
 * in the comment above its test. Large inputs are generated in test/hostile/generated.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/io/table.js';
import { FIXTURES, type CliResult } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

const hostile = (name: string): string => join(FIXTURES, 'hostile', name);

/** Exit 2 with exactly one line on stderr matching `message`, no stack trace, nothing on stdout. */
function expectRefused(result: CliResult, message: RegExp, code = 2): void {
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.code).toBe(code);
}

interface Accounting {
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
  rowsFiltered: number;
}

/** Runs with --json; checks the row accounting; returns the document, exit code and findings as [rule, row, column, value]. */
async function runJson<T = Record<string, unknown>>(args: string[]): Promise<{ doc: T & Accounting; code: number; stderr: string; brief: [string, number, string | null, string | null][] }> {
  const result = await run([...args, '--json']);
  const doc = JSON.parse(result.stdout) as T & Accounting & { command: string; findings?: { rule: string; row: number; column: string | null; value: string | null }[] };
  // inspect accounts per file (rowsRead, rowsRejected); see output.test.ts for its top level.
  if (doc.command !== 'inspect') expect(doc.rowsRead).toBe(doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered);
  const brief = (doc.findings ?? []).map((found): [string, number, string | null, string | null] => [found.rule, found.row, found.column, found.value]);
  return { doc, code: result.code, stderr: result.stderr, brief };
}

interface WinRateGroup {
  key: Record<string, string>;
  won: number;
  lost: number;
  wonValue: number;
}

describe('hostile corpus', () => {
  // Outcome: the cut last row ("T3,Ann,Clo", no newline) has 3 fields for 6 columns: a ragged-row
  // finding on row 4, rejected; the two whole rows are used; validate exits 1 (errors found).
  it('truncated.csv', async () => {
    const { doc, brief, code } = await runJson(['validate', hostile('truncated.csv')]);
    expect(code).toBe(1);
    expect(brief).toEqual([['ragged-row', 4, null, null]]);
    expect(doc).toMatchObject({ rowsRead: 3, rowsUsed: 2, rowsRejected: 1, rowsFiltered: 0 });
  });

  // Outcome: exit 2 naming row 3, where the quote that is never closed opens. Nothing is analysed:
  // every row after the quote would be swallowed into one field.
  it('unclosed-quote.csv', async () => {
    expectRefused(await run(['validate', hostile('unclosed-quote.csv')]), /^dealmath: .*unclosed-quote\.csv, row 3: a quoted field is never closed \(unbalanced " quote\)/);
  });

  // Outcome: a short row (3 fields) and a long row (5 fields) are ragged-row findings on rows 3 and
  // 4, rejected; rows 2 and 5 are used.
  it('ragged.csv', async () => {
    const { doc, brief, code } = await runJson(['validate', hostile('ragged.csv')]);
    expect(code).toBe(1);
    expect(brief).toEqual([
      ['ragged-row', 3, null, null],
      ['ragged-row', 4, null, null],
    ]);
    expect(doc).toMatchObject({ rowsRead: 4, rowsUsed: 2, rowsRejected: 2, rowsFiltered: 0 });
  });

  // Outcome: exit 2 with the byte offset of the NUL (53: 27-byte header + 23-byte row + "N2,B")
  // and the hint that the file looks binary or is UTF-16 without a BOM.
  it('nul-bytes.csv', async () => {
    expectRefused(
      await run(['validate', hostile('nul-bytes.csv')]),
      /^dealmath: .*nul-bytes\.csv: NUL byte at byte 53: the file looks binary or is UTF-16 without a BOM; expected UTF-8 text$/,
    );
  });

  // Outcome (issue 13): bytes that are not UTF-8 after ASCII only are Windows-1252, as Excel saves
  // on Windows: the 0xFF in "B\xFFb" is ÿ, and stderr says the encoding was guessed. Told UTF-8,
  // exit 2 with the byte offset of the first invalid byte (53, as for nul-bytes.csv); never U+FFFD
  // carried into the data.
  it('invalid-utf8.csv', async () => {
    const guessed = await run(['winrate', hostile('invalid-utf8.csv'), '--by', 'owner', '--json']);
    expect(guessed.code).toBe(0);
    expect(guessed.stderr).toContain('invalid-utf8.csv is not UTF-8: read as Windows-1252');
    expect((JSON.parse(guessed.stdout) as { groups: WinRateGroup[] }).groups.map((group) => group.key.owner)).toEqual(['Ann', 'Bÿb']);
    expectRefused(await run(['validate', hostile('invalid-utf8.csv'), '--encoding', 'utf-8']), /^dealmath: .*invalid-utf8\.csv: invalid UTF-8 bytes at byte 53; save the file as UTF-8 \(or pass --encoding windows-1252\)$/);
  });

  // Outcome: UTF-16LE with a BOM is decoded and read like UTF-8: the header, a name with a
  // non-ASCII letter and an astral-plane emoji (a surrogate pair), amounts, CRLF line ends.
  it('utf16-bom.csv', async () => {
    const inspected = await runJson<{ files: { encoding: string; rowsRead: number; rowsRejected: number; columns: { header: string }[] }[] }>(['inspect', hostile('utf16-bom.csv')]);
    expect(inspected.code).toBe(0);
    const [file] = inspected.doc.files;
    expect(file).toMatchObject({ encoding: 'utf-16le', rowsRead: 2, rowsRejected: 0 });
    expect(file?.columns.map((column) => column.header)).toEqual(['deal_id', 'owner', 'stage', 'amount']);
    const rates = await runJson<{ groups: WinRateGroup[] }>(['winrate', hostile('utf16-bom.csv'), '--by', 'owner']);
    expect(rates.doc.groups.map((group) => [group.key.owner, group.won, group.lost, group.wonValue])).toEqual([
      ['Ann', 0, 1, 0],
      ['Zoë 🚀', 1, 0, 100],
    ]);
  });

  // Outcome: formula cells are kept as text in the analysis (group keys exactly as written);
  // neutralised with a leading apostrophe in CSV output (winrate groups, and validate's Value
  // column); escaped in Markdown and HTML; terminal escapes from the data are removed everywhere
  // but JSON (which escapes them as \u001b). X7's amount "=1+2" is a bad-amount finding.
  describe('formula-cells.csv', () => {
    const file = hostile('formula-cells.csv');
    const formulas = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", '@SUM(A1:A9)', '-2+3'];

    it('kept as text in the analysis', async () => {
      const { doc } = await runJson<{ groups: WinRateGroup[] }>(['winrate', file, '--by', 'owner']);
      expect(doc).toMatchObject({ rowsRead: 8, rowsUsed: 7, rowsRejected: 1, rowsFiltered: 0 });
      const owners = doc.groups.map((group) => group.key.owner);
      for (const formula of formulas) expect(owners).toContain(formula);
      expect(owners).toContain('Esc \u001b[31mRED\u001b[0m \u0007bell \u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007 \u001b]0;title\u0007end');
    });

    it('neutralised in CSV output', async () => {
      const csv = (await run(['winrate', file, '--by', 'owner', '--format', 'csv'])).stdout;
      const lines = csv.split('\r\n');
      expect(lines).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")",1,0,0,1,0.2065493117918027;1,1,1,100,0,small sample`);
      expect(lines).toContain("'+cmd|' /C calc'!A0,0,1,0,0,0;0.7934506882081973,1,0,0,200,small sample");
      expect(lines).toContain("'@SUM(A1:A9),1,0,0,1,0.2065493117918027;1,1,1,300,0,small sample");
      expect(lines).toContain("'-2+3,0,1,0,0,0;0.7934506882081973,1,0,0,400,small sample");
      // Escapes and control characters from the data are gone; the text stays.
      expect(lines).toContain('Esc RED bell link end,1,0,0,1,0.2065493117918027;1,1,1,600,0,small sample');
      expect(csv).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
      const validateCsv = await run(['validate', file, '--format', 'csv']);
      expect(validateCsv.code).toBe(1);
      expect(validateCsv.stdout.split('\r\n')[1]).toBe(`${file},8,amount,error,bad-amount,'=1+2,"expected an amount such as 20000, 20,000.50 or $20,000"`);
    });

    it('escaped in Markdown', async () => {
      const markdown = (await run(['winrate', file, '--by', 'owner', '--format', 'md'])).stdout;
      expect(markdown).toContain('| Ann \\| \\*bold\\* &lt;b&gt;x&lt;/b&gt; | 1 |');
      expect(markdown).toContain('| &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt; | 0 |');
      expect(markdown).toContain('| Esc RED bell link end | 1 |');
      expect(markdown).not.toMatch(/<(img|script|b)\b/);
      expect(markdown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    });

    it('escaped in HTML', async () => {
      const html = await run(['report', file, '--format', 'html', '--as-of', '2026-06-30']);
      expect(html.code).toBe(0);
      expect(html.stdout).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html.stdout).toContain('Ann | *bold* &lt;b&gt;x&lt;/b&gt;');
      expect(html.stdout).not.toMatch(/<img src=x|<script>alert|<b>x<\/b>/);
    });

    it('stripped on the terminal', async () => {
      const table = (await run(['winrate', file, '--by', 'owner'], { env: { FORCE_COLOR: '0' } })).stdout;
      expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(table).toContain('│ Esc RED bell link end ');
    });
  });

  // Outcome: __proto__, constructor and prototype are ordinary columns, kept as dimensions: the
  // deals group by them; no object gains a prototype (checked in-process in prototype.test.ts).
  it('proto-columns.csv', async () => {
    const byProto = await runJson<{ groups: WinRateGroup[] }>(['winrate', hostile('proto-columns.csv'), '--by', '__proto__']);
    expect(byProto.doc.groups.map((group) => [group.key.__proto__, group.won, group.lost, group.wonValue])).toEqual([
      ['clean', 1, 0, 300],
      ['polluted', 1, 1, 100],
    ]);
    const byConstructor = await runJson<{ groups: WinRateGroup[] }>(['winrate', hostile('proto-columns.csv'), '--by', 'constructor']);
    expect(byConstructor.doc.groups.map((group) => group.key.constructor)).toEqual(['c1', 'c2', 'c3']);
    const byPrototype = await runJson<{ groups: WinRateGroup[] }>(['winrate', hostile('proto-columns.csv'), '--by', 'prototype,__proto__']);
    expect(byPrototype.doc.groups.map((group) => [group.key.prototype, group.key.__proto__])).toEqual([
      ['p1', 'polluted'],
      ['p2', 'polluted'],
      ['p3', 'clean'],
    ]);
    const inspected = await runJson<{ files: { columns: { header: string; field: string }[] }[] }>(['inspect', hostile('proto-columns.csv')]);
    expect(inspected.doc.files[0]?.columns.filter((column) => column.field === 'dimension').map((column) => column.header)).toEqual(['__proto__', 'constructor', 'prototype']);
  });

  // Outcome: __proto__, constructor and prototype as keys of YAML records are ordinary columns too.
  it('proto-keys.yaml', async () => {
    const { doc } = await runJson<{ groups: WinRateGroup[] }>(['winrate', hostile('proto-keys.yaml'), '--by', '__proto__']);
    expect(doc).toMatchObject({ rowsRead: 2, rowsUsed: 2, rowsRejected: 0 });
    expect(doc.groups.map((group) => [group.key.__proto__, group.won, group.lost])).toEqual([
      ['plain', 0, 1],
      ['polluted', 1, 0],
    ]);
  });

  // Outcome: as keys of the config, __proto__ and constructor are unknown keys: exit 2 naming them.
  it('proto-config.yaml', async () => {
    expectRefused(
      await run(['winrate', hostile('proto-keys.yaml'), '--config', hostile('proto-config.yaml')]),
      /^dealmath: .*proto-config\.yaml: unknown key __proto__, constructor \(allowed: stages, /,
    );
  });

  // Outcome: 10 levels of 10 aliases would expand to 10^10 strings: exit 2 naming the 1,000-alias
  // limit, whether read as data or as the config. That the run ends at all, with this message
  // and not an out-of-memory crash, shows the document was never expanded.
  it('alias-bomb.yaml', async () => {
    expectRefused(await run(['inspect', hostile('alias-bomb.yaml')]), /^dealmath: .*alias-bomb\.yaml: too many YAML aliases \(at most 1000\); the document expands too far to read$/);
    expectRefused(
      await run(['winrate', hostile('proto-columns.csv'), '--config', hostile('alias-bomb.yaml')]),
      /^dealmath: .*alias-bomb\.yaml: too many YAML aliases \(at most 1000\); the document expands too far to read$/,
    );
  });

  // Outcome: 10,000 nested flow sequences: exit 2, nested too deeply (no stack overflow trace), as
  // data or as the config.
  it('deep-nested.yaml', async () => {
    expectRefused(await run(['inspect', hostile('deep-nested.yaml')]), /^dealmath: .*deep-nested\.yaml: the document is nested too deeply to read$/);
    expectRefused(await run(['winrate', hostile('proto-columns.csv'), '--config', hostile('deep-nested.yaml')]), /^dealmath: .*deep-nested\.yaml: the document is nested too deeply to read$/);
  });

  // Outcome: 1e308, NaN and Infinity are bad-amount findings (rejected rows); -0 is an amount of 0,
  // never -0 in the output.
  it('numbers.csv', async () => {
    const { doc, brief } = await runJson(['validate', hostile('numbers.csv')]);
    expect(brief).toEqual([
      ['bad-amount', 2, 'amount', '1e308'],
      ['bad-amount', 4, 'amount', 'NaN'],
      ['bad-amount', 5, 'amount', 'Infinity'],
    ]);
    expect(doc).toMatchObject({ rowsRead: 5, rowsUsed: 2, rowsRejected: 3 });
    const rates = await run(['winrate', hostile('numbers.csv'), '--json']);
    // hand-computed: M2 (won, -0 read as 0) and M5 (won, 100): 2 won, 100 won value, no lost deal.
    expect(JSON.parse(rates.stdout).total).toMatchObject({ won: 2, lost: 0, wonValue: 100, lostValue: 0 });
    expect(rates.stdout).not.toMatch(/-0\b(?!\.)|NaN|Infinity/);
  });

    // Outcome: an amount of 5e-324 ("0." then 323 zeros and 5) is a number, but no count of deals
  // reaches a target with it: requiredDeals is null with a reason, never Infinity or NaN.
  it('tiny-amount.csv', async () => {
    const result = await run(['coverage', hostile('tiny-amount.csv'), '--as-of', '2026-05-01', '--target', '1000', '--json']);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.total.requiredDeals.value).toBeNull();
    expect(doc.total.requiredDeals.reason.code).toBe('expected-deal-too-small');
    expect(typeof doc.total.requiredDeals.reason.message).toBe('string');
  });

  // Outcome: dates that do not exist are bad-date findings on the cell: 2026-02-30, 0000-00-00,
  // 2025-02-29 (not a leap year), 2026-13-01; 2024-02-29 is a real date; a close before the
  // created date is close-before-created.
  it('dates.csv', async () => {
    const { doc, brief } = await runJson(['validate', hostile('dates.csv')]);
    expect(brief).toEqual([
      ['bad-date', 2, 'created', '2026-02-30'],
      ['bad-date', 3, 'created', '0000-00-00'],
      ['bad-date', 6, 'close', '2025-02-29'],
      ['bad-date', 7, 'close', '2026-13-01'],
      ['close-before-created', 8, 'close', '2026-03-01'],
    ]);
    expect(doc).toMatchObject({ rowsRead: 7, rowsUsed: 2, rowsRejected: 5 });
  });

  // Outcome: a minus sign and accounting parentheses are negative-amount findings (rejected).
  it('negative.csv', async () => {
    const { doc, brief } = await runJson(['validate', hostile('negative.csv')]);
    expect(brief).toEqual([
      ['negative-amount', 2, 'amount', '-500'],
      ['negative-amount', 3, 'amount', '(1,000)'],
    ]);
    expect(doc).toMatchObject({ rowsRead: 3, rowsUsed: 1, rowsRejected: 2 });
  });

  // Outcome: the first row with an id is used; every later row with that id is a duplicate-id
  // finding, within one file (D1 on row 4) and across files (D2 of the second file, row 2).
  it('duplicates.csv and duplicates-other-file.csv', async () => {
    const result = await run(['validate', hostile('duplicates.csv'), hostile('duplicates-other-file.csv'), '--json']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.findings.map((found: { rule: string; file: string; row: number; value: string }) => [found.rule, found.file.split('/').pop(), found.row, found.value])).toEqual([
      ['duplicate-id', 'duplicates.csv', 4, 'D1'],
      ['duplicate-id', 'duplicates-other-file.csv', 2, 'D2'],
    ]);
    expect(doc).toMatchObject({ rowsRead: 5, rowsUsed: 3, rowsRejected: 2, rowsFiltered: 0 });
    // hand-computed: D1 Ann won 100, D2 Bob lost 200, D9 Eve won 500 (Cat's D1 and Dan's D2 rejected).
    const rates = await runJson<{ total: { won: number; lost: number; wonValue: number; lostValue: number } }>(['winrate', hostile('duplicates.csv'), hostile('duplicates-other-file.csv')]);
    expect(rates.doc.total).toMatchObject({ won: 2, lost: 1, wonValue: 600, lostValue: 200 });
  });

  // Outcome: exit 2, "the file is empty", for validate and for an analysis.
  it('empty.csv', async () => {
    for (const command of ['validate', 'winrate']) {
      expectRefused(await run([command, hostile('empty.csv')]), /^dealmath: .*empty\.csv: the file is empty; expected a header row and data rows$/);
    }
  });

  // Outcome: exit 1 (no usable row: the data is refused, METRICS.md "Validation"), "a header but
  // no data rows", for validate and for an analysis.
  it('header-only.csv', async () => {
    for (const command of ['validate', 'winrate']) {
      expectRefused(await run([command, hostile('header-only.csv')]), /^dealmath: .*header-only\.csv: the file has a header but no data rows$/, 1);
    }
  });

  // Outcome: every limit that hostile input meets (LIMITS in src/io/table.ts) is documented in
  // docs/limits.md, "Limits" (moved there from the README).
  const readme = readFileSync(join(FIXTURES, '../../docs/limits.md'), 'utf8');
  const limitsSection = readme.slice(readme.indexOf('## Limits'), readme.indexOf('\n## ', readme.indexOf('## Limits') + 1));
  it('the limits are documented', () => {
    expect(LIMITS).toMatchObject({ maxRecordChars: 4 * 1024 * 1024, maxColumns: 2000, maxDocumentBytes: 64 * 1024 * 1024, maxYamlAliases: 1000 });
    for (const phrase of ['longer than 4 MiB', '2,000 columns', '64 MiB', '1,000 YAML aliases']) expect(limitsSection).toContain(phrase);
  });

  // README (not mine to edit) still gives 64 MiB for YAML too; since YAML is parsed into a tree of
  // ~90 bytes per byte, its limit is now 8 MiB (LIMITS.maxYamlBytes). Flip to it() once the README says so.
  it('the YAML size limit is documented', () => {
    expect(LIMITS.maxYamlBytes).toBe(8 * 1024 * 1024);
    expect(limitsSection).toMatch(/YAML[^.]*8 MiB|8 MiB[^.]*YAML/);
  });
});
