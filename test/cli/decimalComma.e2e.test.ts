/**
 * Amounts with a decimal comma under a header that names the amount (`Betrag`, `montant`), with
 * no config and no --decimal: the column is the amount and the separator is decided from the
 * values, shown by inspect (docs/inputs.md, "Reading your exports" and "Values"). Before, such a
 * column was left a dimension and every money figure was 0 with exit 0.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { linesFile, tempDir } from './helpers.js';
import { run } from './inProcess.js';

let dir = '';
let german = '';
let french = '';
let thousandsOnly = '';

beforeAll(() => {
  dir = tempDir();
  // The QA report's file: German headers, ";" delimiter, decimal comma with "." grouping.
  german = linesFile(dir, 'eu.csv', [
    'ID;Name;Verkäufer;Phase;Betrag;Erstellt am;Schlusstermin;Wahrscheinlichkeit',
    'E1;Deal 1;Hans;Gewonnen;12.500,50;3.1.2026;15.2.2026;100',
    'E2;Deal 2;Hans;Verloren;2.000,00;5.1.2026;20.3.2026;0',
    'E3;Deal 3;Greta;Angebot;7.250,25;1.2.2026;30.6.2026;50',
    'E4;Deal 4;Greta;Gewonnen;999,99;1.3.2026;1.4.2026;100',
    'E5;Deal 5;Greta;Qualifizierung;1.000;1.3.2026;1.8.2026;10',
  ]);
  // French amounts: space grouping, decimal comma, the euro sign after.
  french = join(dir, 'fr.csv');
  writeFileSync(french, 'id;stage;montant;close\nF1;Won;1 200,50 €;2026-02-15\nF2;Lost;300 €;2026-03-20\nF3;Proposal;2 000 €;2026-06-30\n');
  // Every amount a lone "." before three digits: by the documented rule it groups thousands.
  thousandsOnly = join(dir, 'thousands.csv');
  writeFileSync(thousandsOnly, 'id;stage;Betrag;close\nA;Won;1.000;2026-02-15\nB;Lost;2.500;2026-03-20\nC;Won;3.000;2026-04-20\n');
});

const json = async (args: readonly string[]): Promise<Record<string, any>> => {
  const result = await run(args);
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, any>;
};

describe('decimal-comma amounts under an amount header, with no config', () => {
  it('winrate reads Betrag as the amount (before: won value 0)', async () => {
    const doc = await json(['winrate', german, '--json', '--as-of', '2026-12-31']);
    // By hand from the rows: won E1 12.500,50 + E4 999,99 = 12,500.50 + 999.99 = 13,500.49;
    // lost E2 2.000,00 = 2,000; open E3 7.250,25 + E5 1.000 = 7,250.25 + 1,000 = 8,250.25.
    expect(doc.total).toMatchObject({ won: 2, lost: 1, open: 2, wonValue: 13500.49, lostValue: 2000, openValue: 8250.25 });
  });

  it('report shows the real open pipeline (before: 0)', async () => {
    const doc = await json(['report', german, '--json', '--as-of', '2026-05-01', '--period', '2026', '--target', '5000']);
    // Open on 2026-05-01, both closing in 2026: E3 7.250,25 + E5 1.000 = 7,250.25 + 1,000 = 8,250.25.
    expect(doc.kpis.openPipeline.value).toBe(8250.25);
    expect(doc.sections.coverage.total.openPipeline).toBe(8250.25);
  });

  it('inspect maps Betrag to the amount and says the decimal "," and the amount that proved it', async () => {
    const doc = await json(['inspect', german, '--json']);
    const [file] = doc.files;
    const betrag = file.columns.find((entry: { header: string }) => entry.header === 'Betrag');
    expect(betrag).toMatchObject({ field: 'amount', confidence: 'high' });
    expect(betrag.evidence).toContain('decimal "," as "12.500,50" shows');
    expect(file.decimal).toEqual({ separator: ',', proof: '12.500,50' });
    // The smallest and largest amounts of the rows: 999,99 and 12.500,50.
    expect(file.amount).toMatchObject({ min: 999.99, max: 12500.5, missing: 0 });
    expect(file.undecided).toEqual([]);
    const table = await run(['inspect', german]);
    expect(table.stdout).toContain('amounts read with decimal "," (as "12.500,50" shows)');
  });

  it('inspect says when --decimal set the separator', async () => {
    const table = await run(['inspect', german, '--decimal', ',']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('amounts read with decimal "," (set by --decimal or the config)');
  });

  it('reads montant with "1 200,50 €" (space grouping, euro sign) as the amount', async () => {
    const doc = await json(['winrate', french, '--json', '--as-of', '2026-12-31']);
    // By hand: won F1 1 200,50 € = 1,200.50; lost F2 300; open F3 2 000 € = 2,000.
    expect(doc.total).toMatchObject({ won: 1, lost: 1, open: 1, wonValue: 1200.5, lostValue: 300, openValue: 2000 });
    const inspect = await json(['inspect', french, '--json']);
    expect(inspect.files[0].decimal).toEqual({ separator: ',', proof: '1 200,50 €' });
  });

  it('a column of only "1.000"-like amounts is the amount, and the "," it is read with is shown, not silent', async () => {
    const inspect = await json(['inspect', thousandsOnly, '--json']);
    const [file] = inspect.files;
    expect(file.columns.find((entry: { header: string }) => entry.header === 'Betrag')).toMatchObject({ field: 'amount' });
    expect(file.decimal).toEqual({ separator: ',', proof: '1.000' });
    const doc = await json(['winrate', thousandsOnly, '--json', '--as-of', '2026-12-31']);
    // docs/inputs.md: a lone mark before exactly three digits groups thousands, so 1.000 + 3.000 = 4,000 won, 2.500 = 2,500 lost.
    expect(doc.total).toMatchObject({ wonValue: 4000, lostValue: 2500 });
  });

  it('under --decimal . the same column is refused with exit 2 and the flag to pass, never a dimension of zeros', async () => {
    const result = await run(['winrate', german, '--decimal', '.', '--as-of', '2026-12-31']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('they read as amounts with decimal "," (e.g. "12.500,50"), but the decimal is set to ".": pass --decimal , (config decimal)');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    const inspect = await run(['inspect', german, '--decimal', '.']);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toContain('to settle');
    expect(inspect.stdout).toMatch(/pass --decimal ,/);
  });
});
