/**
 * Hostile and messy input (issue "Hostile and messy input"): one test per file of
 * test/fixtures/hostile/, each asserting the exact outcome: a one-line error with its exit code
 * (2: could not run), or the findings by rule, row and column, with every row accounted for.
 * The large cases (a 1 MB field, a 5 MB line, 100,000 columns) are generated here.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, dealmath, tempDir } from '../cli/helpers.js';

const hostile = (name: string): string => join(FIXTURES, 'hostile', name);

/** Exit 2 with exactly one line on stderr, no stack trace, nothing on stdout. */
function refused(args: string[], message: RegExp): void {
  const result = dealmath(args);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

type Finding = { rule: string; row: number; column: string | null; value: string | null };

function findings(args: string[]): { doc: { rowsRead: number; rowsUsed: number; rowsRejected: number; rowsFiltered: number }; brief: [string, number, string | null, string | null][]; code: number } {
  const result = dealmath([...args, '--json']);
  const doc = JSON.parse(result.stdout);
  expect(doc.rowsRead).toBe(doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered);
  return { doc, code: result.code, brief: (doc.findings ?? []).map((found: Finding) => [found.rule, found.row, found.column, found.value]) };
}

describe('hostile corpus', () => {
  it('truncated.csv: the cut last row is ragged and rejected; the rest is read', () => {
    const { doc, brief, code } = findings(['validate', hostile('truncated.csv')]);
    expect(code).toBe(1);
    expect(brief).toEqual([['ragged-row', 4, null, null]]);
    expect(doc).toMatchObject({ rowsRead: 3, rowsUsed: 2, rowsRejected: 1 });
  });

  it('unclosed-quote.csv: exit 2 naming the row where the quote opens', () => {
    refused(['validate', hostile('unclosed-quote.csv')], /^dealmath: .*unclosed-quote\.csv, row 3: a quoted field is never closed/);
  });

  it('ragged.csv: short and long rows are rejected with ragged-row', () => {
    const { doc, brief } = findings(['validate', hostile('ragged.csv')]);
    expect(brief).toEqual([['ragged-row', 3, null, null], ['ragged-row', 4, null, null]]);
    expect(doc).toMatchObject({ rowsRead: 4, rowsUsed: 2, rowsRejected: 2 });
  });

  it('a 1 MB field is read; a 5 MB line is refused naming the limit', () => {
    const dir = tempDir();
    const big = join(dir, 'big-field.csv');
    writeFileSync(big, `deal_id,name,stage,amount\nB1,"${'x'.repeat(1024 * 1024)}",Closed Won,100\nB2,short,Closed Lost,200\n`);
    const ok = findings(['validate', big]);
    expect(ok.code).toBe(0);
    expect(ok.doc).toMatchObject({ rowsRead: 2, rowsUsed: 2 });
    const huge = join(dir, 'huge-line.csv');
    writeFileSync(huge, `deal_id,name,stage,amount\nH1,${'y'.repeat(5 * 1024 * 1024)},Closed Won,100\n`);
    refused(['validate', huge], /huge-line\.csv: a line is longer than 4194304 characters, the limit per row$/);
  });

  it('a header with 100,000 columns: exit 2 naming the 2,000-column limit', () => {
    const dir = tempDir();
    const wide = join(dir, 'wide.csv');
    const header = Array.from({ length: 100_000 }, (_, index) => `c${index}`).join(',');
    writeFileSync(wide, `${header}\n${Array.from({ length: 100_000 }, () => '1').join(',')}\n`);
    refused(['validate', wide], /wide\.csv, row 1: the header has 100000 columns; at most 2000 are read$/);
  });

  it('nul-bytes.csv: exit 2, binary-looking, with the byte offset', () => {
    refused(['validate', hostile('nul-bytes.csv')], /nul-bytes\.csv: NUL byte at byte 53: the file looks binary/);
  });

  it('invalid-utf8.csv: exit 2 with the byte offset of the bad byte', () => {
    refused(['validate', hostile('invalid-utf8.csv')], /invalid-utf8\.csv: invalid UTF-8 bytes at byte 53; save the file as UTF-8$/);
  });

  it('utf16-bom.csv: decoded and read', () => {
    const result = dealmath(['inspect', hostile('utf16-bom.csv'), '--json']);
    expect(result.code).toBe(0);
    const [file] = JSON.parse(result.stdout).files;
    expect(file).toMatchObject({ encoding: 'utf-16le', rowsRead: 1, rowsRejected: 0 });
    expect(file.columns.map((column: { header: string }) => column.header)).toEqual(['deal_id', 'owner', 'stage', 'amount']);
  });

  it('formula-cells.csv: kept as text in analysis, neutralised in CSV, escaped in Markdown, stripped on the terminal', () => {
    const { doc } = findings(['winrate', hostile('formula-cells.csv'), '--by', 'owner']);
    expect(doc.rowsUsed).toBe(6);
    const csv = dealmath(['winrate', hostile('formula-cells.csv'), '--by', 'owner', '--format', 'csv']).stdout;
    const firstCells = csv.split('\r\n').slice(1).map((line) => line.split(',')[0] ?? '');
    for (const cell of firstCells.filter((text) => text !== '' && text !== 'Total')) expect(cell).not.toMatch(/^"?[=+\-@]/);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain("'+cmd|' /C calc'!A0");
    expect(csv).toContain("'@SUM(A1:A9)");
    expect(csv).toContain("'-2+3");
    const markdown = dealmath(['winrate', hostile('formula-cells.csv'), '--by', 'owner', '--format', 'md']).stdout;
    expect(markdown).toContain('Ann \\| \\*bold\\* &lt;b&gt;x&lt;/b&gt;');
    const table = dealmath(['winrate', hostile('formula-cells.csv'), '--by', 'owner'], { env: { FORCE_COLOR: '0' } }).stdout;
    expect(table).not.toMatch(/\u001b/);
    // ANSI escapes and control characters from the data are removed; the text stays.
    expect(table).toContain('Esc RED bell');
  });

  it('proto-columns.csv: __proto__, constructor and prototype are ordinary columns', () => {
    const { doc } = findings(['winrate', hostile('proto-columns.csv'), '--by', '__proto__']) as unknown as { doc: { groups: { key: Record<string, string>; won: number; lost: number }[] } };
    expect(doc.groups.map((group) => [group.key.__proto__, group.won, group.lost])).toEqual([['clean', 1, 0], ['polluted', 1, 1]]);
    const byConstructor = findings(['winrate', hostile('proto-columns.csv'), '--by', 'constructor']) as unknown as { doc: { groups: unknown[] } };
    expect(byConstructor.doc.groups).toHaveLength(3);
  });

  it('proto-keys.yaml: __proto__ as a YAML key is an ordinary column too', () => {
    const { doc } = findings(['winrate', hostile('proto-keys.yaml'), '--by', '__proto__']) as unknown as { doc: { groups: { key: Record<string, string> }[] } };
    expect(doc.groups.map((group) => group.key.__proto__)).toEqual(['plain', 'polluted']);
  });

  it('alias-bomb.yaml: exit 2 naming the alias limit, without expanding it', () => {
    refused(['inspect', hostile('alias-bomb.yaml')], /alias-bomb\.yaml: too many YAML aliases \(at most 1000\)/);
  });

  it('deep-nested.yaml: exit 2, nested too deeply', () => {
    refused(['inspect', hostile('deep-nested.yaml')], /deep-nested\.yaml: the document is nested too deeply to read$/);
  });

  it('numbers.csv: 1e308, NaN and Infinity are bad-amount; -0 is 0', () => {
    const { doc, brief } = findings(['validate', hostile('numbers.csv')]);
    expect(brief).toEqual([
      ['bad-amount', 2, 'amount', '1e308'],
      ['bad-amount', 4, 'amount', 'NaN'],
      ['bad-amount', 5, 'amount', 'Infinity'],
    ]);
    expect(doc).toMatchObject({ rowsRead: 5, rowsUsed: 2, rowsRejected: 3 });
    const rates = JSON.parse(dealmath(['winrate', hostile('numbers.csv'), '--json']).stdout);
    expect(rates.total).toMatchObject({ won: 2, wonValue: 100 });
    expect(JSON.stringify(rates)).not.toMatch(/-0[,}\]]/);
  });

  it('dates.csv: 2026-02-30 and 0000-00-00 are bad-date', () => {
    const { brief } = findings(['validate', hostile('dates.csv')]);
    expect(brief).toEqual([
      ['bad-date', 2, 'created', '2026-02-30'],
      ['bad-date', 3, 'created', '0000-00-00'],
    ]);
  });

  it('negative.csv: a minus sign and accounting parentheses are negative-amount', () => {
    const { brief } = findings(['validate', hostile('negative.csv')]);
    expect(brief).toEqual([
      ['negative-amount', 2, 'amount', '-500'],
      ['negative-amount', 3, 'amount', '(1,000)'],
    ]);
  });

  it('duplicates.csv and duplicates-other-file.csv: the later row is rejected, within and across files', () => {
    const result = dealmath(['validate', hostile('duplicates.csv'), hostile('duplicates-other-file.csv'), '--json']);
    const doc = JSON.parse(result.stdout);
    expect(doc.findings.map((found: Finding & { file: string }) => [found.rule, found.file.split('/').pop(), found.row, found.value])).toEqual([
      ['duplicate-id', 'duplicates.csv', 4, 'D1'],
      ['duplicate-id', 'duplicates-other-file.csv', 2, 'D2'],
    ]);
    expect(doc).toMatchObject({ rowsRead: 5, rowsUsed: 3, rowsRejected: 2 });
  });

  it('empty.csv and header-only.csv: exit 2 with their messages', () => {
    refused(['winrate', hostile('empty.csv')], /empty\.csv: the file is empty; expected a header row and data rows$/);
    refused(['winrate', hostile('header-only.csv')], /header-only\.csv: the file has a header but no data rows$/);
  });

  it('stderr summarises rejected rows by reason', () => {
    const result = dealmath(['winrate', hostile('numbers.csv')]);
    expect(result.stderr).toContain('dealmath winrate: 3 of 5 rows rejected (3 bad-amount); run "dealmath validate" for the list');
  });

  it('input files are never modified', () => {
    const path = hostile('formula-cells.csv');
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    dealmath(['validate', path, '--out', join(tempDir(), 'out.json')]);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });
});
