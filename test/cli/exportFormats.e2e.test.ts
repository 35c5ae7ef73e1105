/**
 * Real exports with zero config, part B (issues 13 and 18): value formats decided from the values
 * and checked on every row, encodings, binary files refused by name, no usable row refused
 * (exit 1), --max-rejected, and the footer rule. Runs the real binary (README "Inputs" > "Values").
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, dealmath, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const exportsDir = join(FIXTURES, 'exports');
const pipedrive = join(exportsDir, 'pipedrive-european.csv');
const germanReport = join(exportsDir, 'salesforce-report-german.csv');
const windows1252 = join(exportsDir, 'windows-1252.csv');

let dir = '';
let germanConfig = '';
// The German report's own stage names, and its columns mapped by hand (header recognition is not tested here).
const germanMap = ['--map', 'owner=Opportunity-Inhaber', '--map', 'account=Accountname', '--map', 'stage=Phase', '--map', 'amount=Betrag', '--map', 'close=Schlusstermin', '--map', 'created=Erstellt am'];

beforeAll(() => {
  dir = tempDir();
  germanConfig = join(dir, 'german.yaml');
  writeFileSync(germanConfig, 'won: [Geschlossen und gewonnen]\nlost: [Geschlossen und verloren]\n');
});

const json = async (args: readonly string[], env?: Record<string, string>): Promise<Record<string, unknown>> => {
  const result = await run(args, env === undefined ? {} : { env });
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
};

describe('value formats from the values, with no config', () => {
  it('reads a Pipedrive European export: ";", 55.244,85 amounts, 05.10.2026 dates and timestamps with zones', async () => {
    const doc = await json(['winrate', pipedrive, '--by', 'owner', '--json', '--as-of', '2026-12-01']);
    expect(doc).toMatchObject({ rowsRead: 4, rowsUsed: 4, rowsRejected: 0 });
    // From the fixture: won 55.244,85 + 800,00; lost 12.500,00; open 1.250,50.
    expect(doc.total).toMatchObject({ won: 2, lost: 1, open: 1, wonValue: 56044.85, lostValue: 12500, openValue: 1250.5 });
    // Won time "2026-10-05 14:03:00" and "2026-08-20T16:45:00+02:00": the calendar day as written.
    const window = await json(['winrate', pipedrive, '--json', '--from', '2026-10-05', '--to', '2026-10-05', '--as-of', '2026-12-01']);
    expect(window.total).toMatchObject({ won: 1, wonValue: 55244.85 });
  });

  it('reads a German Salesforce report: "20.000,00 €" amounts, D.M.YYYY dates, a "Gesamtsumme" footer', async () => {
    const doc = await json(['winrate', germanReport, '--json', '--config', germanConfig, ...germanMap, '--as-of', '2026-12-01']);
    // From the fixture: won 20.000,00 + 999,99; lost 7.500,00; open 1.250.000,00; two footer rows.
    expect(doc).toMatchObject({ rowsRead: 4, rowsUsed: 4, rowsRejected: 0, footerRows: 2 });
    expect(doc.total).toMatchObject({ won: 2, lost: 1, open: 1, wonValue: 20999.99, lostValue: 7500, openValue: 1250000 });
  });

  it('reads year-first dates and takes --date-order over the data', async () => {
    const path = join(dir, 'ymd.csv');
    writeFileSync(path, 'deal_id,stage,amount,close\nY1,Closed Won,100,2026/03/04\nY2,Closed Won,50,3/4/2026\n');
    // 3/4/2026 alone could be either: refused with the flag to pass, then read as told.
    const refused = await run(['winrate', path, '--json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/column "close": dates like 3\/4\/2026 could be M\/D\/YYYY or D\/M\/YYYY .*--date-order/);
    const dayFirst = await json(['winrate', path, '--json', '--date-order', 'dmy', '--from', '2026-04-03', '--to', '2026-04-03', '--as-of', '2026-12-01']);
    expect(dayFirst.total).toMatchObject({ won: 1, wonValue: 50 });
    const yearFirst = await run(['winrate', path, '--json', '--date-order', 'ymd']);
    // Under ymd, 3/4/2026 is not a date: its row is rejected, the other read.
    expect(JSON.parse(yearFirst.stdout)).toMatchObject({ rowsUsed: 1, rowsRejected: 1 });
  });

  it('lists the new input flags in --help', async () => {
    const help = (await run(['winrate', '--help'])).stdout;
    for (const flag of ['--decimal <mark>', '--date-order <order>', '--encoding <name>', '--max-rejected <n|p%>']) expect(help).toContain(flag);
  });
});

describe('the same rows in another order, split over files or read in parts (issue 18)', () => {
  /** Deals whose close dates are day first, the proof (13/04/2026) coming after ambiguous ones. */
  const rows = (count: number): string[] =>
    Array.from({ length: count }, (_, index) => `D${index + 1},${index % 3 === 0 ? 'Closed Lost' : 'Closed Won'},${(index % 7) * 100 + 100},${index === count - 3 ? '13/04/2026' : `0${(index % 9) + 1}/0${(index % 3) + 1}/2026`}`);
  const header = 'deal_id,stage,amount,close';
  const write = (name: string, lines: readonly string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, `${[header, ...lines].join('\n')}\n`);
    return path;
  };
  const answer = async (args: readonly string[], env: Record<string, string> = { DEALMATH_WORKERS: '1' }) => {
    const result = await run(['winrate', ...args, '--json', '--period', '2026-Q1', '--as-of', '2026-12-01'], { env });
    return { code: result.code, total: result.code === 0 ? (JSON.parse(result.stdout) as { total: unknown }).total : null, refusal: result.stderr.split('\n').find((line) => line.startsWith('dealmath:')) ?? null };
  };

  it('gives the same answer whatever the order, split in two files or in parts', async () => {
    const lines = rows(300);
    const forward = await answer([write('forward.csv', lines)]);
    expect(forward.code).toBe(0);
    // Reversed, the proof comes third; shuffled by a fixed permutation (7 is prime to 300).
    expect(await answer([write('reversed.csv', [...lines].reverse())])).toEqual(forward);
    expect(await answer([write('shuffled.csv', lines.map((_, index) => lines[(index * 7) % 300] as string))])).toEqual(forward);
    // Split: the first file holds only ambiguous dates; the second the proof. Before: exit 2.
    expect(await answer([write('first-half.csv', lines.slice(0, 150)), write('second-half.csv', lines.slice(150))])).toEqual(forward);
    const parts = await answer([join(dir, 'forward.csv')], { DEALMATH_WORKERS: '2', DEALMATH_PARALLEL_MIN_BYTES: '0' });
    expect(parts).toEqual(forward);
  });

  it('names the rows of the two proofs when the first rows of the run mix both orders (before: no row)', async () => {
    // rows(3) puts its day-first proof 13/04/2026 on its first deal (third from last), row 2 of
    // the file; X1's month-first 04/13/2026 is row 5.
    const path = write('both-early.csv', [...rows(3), 'X1,Closed Won,100,04/13/2026']);
    const refused = await answer([path]);
    expect([refused.code, refused.refusal]).toEqual([
      2,
      `dealmath: ${path}, row 5, column "close": the column mixes D/M/YYYY and M/D/YYYY dates (13/04/2026 in row 2, and 04/13/2026 here); fix the export or pass --date-order dmy, mdy or ymd (config dateOrder)`,
    ]);
  });

  it('says what fixes a rejected date: --date-order only when an order reads it (before: offered for 12/1/25, which no order reads)', async () => {
    const rejected = async (cells: readonly string[]) =>
      (await run(['winrate', write(`dates-${cells.length}-${cells[0]?.length}.csv`, cells.map((cell, index) => `R${index},Closed Won,100,${cell}`)), '--as-of', '2026-12-01'])).stderr.trim();
    expect(await rejected(['12/1/25', '3/31/26'])).toMatch(
      /^dealmath: no usable row: all 2 rows were rejected \(2 bad-date\); dates look like "12\/1\/25": a two-digit year is not read \(25 could be 1925 or 2025\); export four-digit years, or map another column with --map close=HEADER$/,
    );
    expect(await rejected(['2026-31-31x'])).toMatch(
      /^dealmath: no usable row: the one row was rejected \(1 bad-date\); dates look like "2026-31-31x"; expected dates such as 2026-03-31, 3\/31\/2026 or 31-Mar-2026 \(map another column with --map close=HEADER\)$/,
    );
  });

  it('refuses, in every order, a column that proves both day/month orders (before: 142 against 54 won)', async () => {
    const lines = [...rows(200), 'X1,Closed Won,100,04/13/2026'];
    const forward = await answer([write('both-forward.csv', lines)]);
    const reversed = await answer([write('both-reversed.csv', [...lines].reverse())]);
    expect([forward.code, reversed.code]).toEqual([2, 2]);
    for (const refusal of [forward.refusal, reversed.refusal]) expect(refusal).toMatch(/column "close": .*(first, but the column was read|mixes D\/M\/YYYY and M\/D\/YYYY).*--date-order/);
    expect((await answer([join(dir, 'both-forward.csv')], { DEALMATH_WORKERS: '2', DEALMATH_PARALLEL_MIN_BYTES: '0' })).code).toBe(2);
  });

  it('refuses, in every order, a probability column that mixes 0-1 and 0-100 (before: 0 against 300 warnings)', async () => {
    const lines = Array.from({ length: 40 }, (_, index) => `P${index},Proposal,100,2026-03-01,${index < 20 ? '0.5' : '50'}`);
    const path = (name: string, body: readonly string[]): string => {
      writeFileSync(join(dir, name), `deal_id,stage,amount,close,probability\n${body.join('\n')}\n`);
      return join(dir, name);
    };
    for (const file of [path('p-forward.csv', lines), path('p-reversed.csv', [...lines].reverse())]) {
      const result = await run(['winrate', file, '--json']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/row 22, column "probability": "(50|0\.5)" is a 0-(100|1) probability, but the column was read as 0-(1|100)/);
    }
  });
});

describe('encodings and binary files', () => {
  it('reads a Windows-1252 CSV saved by Excel and says so on stderr (before: "invalid UTF-8 bytes")', async () => {
    const result = await run(['winrate', windows1252, '--by', 'owner', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('windows-1252.csv is not UTF-8: read as Windows-1252');
    const doc = JSON.parse(result.stdout) as { groups: { key: { owner: string } }[]; total: unknown };
    // The fixture's bytes 0xFC and 0xEB are ü and ë in Windows-1252.
    expect(doc.groups.map((group) => group.key.owner)).toEqual(['René Dubois', 'Zoë Müller']);
    expect(doc.total).toMatchObject({ won: 2, lost: 1, open: 1, wonValue: 17000 });
    const inspect = await run(['inspect', windows1252, '--json']);
    expect(inspect.stdout).toContain('"encoding": "windows-1252 (guessed)"');
    // Told the encoding, it says nothing.
    const told = await run(['winrate', windows1252, '--json', '--encoding', 'windows-1252']);
    expect(told.stderr).not.toContain('not UTF-8');
    expect(JSON.parse(told.stdout)).toMatchObject({ rowsUsed: 4 });
  });

  it('refuses a file that mixes UTF-8 and Windows-1252 with the byte offset and the flag', async () => {
    const path = join(dir, 'mixed-encoding.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('deal_id,owner,stage,amount\nM1,Zoë,Closed Won,1\n', 'utf8'), Buffer.from([0x4d, 0x32, 0x2c, 0xeb, 0x2c, 0x57, 0x6f, 0x6e, 0x2c, 0x31, 0x0a])]));
    const result = await run(['winrate', path]);
    expect(result.code).toBe(2);
    // Header 27 bytes, "M1,Zoë,Closed Won,1\n" 21 (ë is two bytes in UTF-8), "M2," 3: the 0xEB is byte 51.
    expect(result.stderr).toMatch(/invalid UTF-8 bytes at byte 51; save the file as UTF-8 \(or pass --encoding windows-1252\)/);
  });

  it('reads UTF-16 big- and little-endian files with a BOM (before: big-endian refused)', async () => {
    const text = 'deal_id,owner,stage,amount\nU1,Zoë,Closed Won,700\nU2,Zoë,Closed Lost,300\n';
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const big = Buffer.from(little);
    big.swap16();
    for (const [name, bytes] of [['utf16le.csv', little], ['utf16be.csv', big]] as const) {
      writeFileSync(join(dir, name), bytes);
      const doc = await json(['winrate', join(dir, name), '--by', 'owner', '--json']);
      expect(doc.total).toMatchObject({ won: 1, lost: 1, wonValue: 700 });
      expect((doc.groups as { key: { owner: string } }[])[0]?.key.owner).toBe('Zoë');
    }
  });

  /**
   * Windows-1252 bytes as Excel saves them: strings are Latin-1 (é 0xE9, ü 0xFC, Æ 0xC6, ø 0xF8, ë 0xEB, all one byte),
   * numbers the code page's own bytes 0x80 €, 0x92 ’, 0x93 “, 0x94 ”, 0x96 – (Unicode's CP1252.TXT).
   */
  const windows1252Deals = (): Buffer => {
    const parts: (string | number)[] = [
      'deal_id,owner,account,stage,amount,created,close\n',
      'W1,José O', 0x92, 'Brien,', 0x93, 'Société', 0x94, ' ', 0x96, ' Ærø,Closed Won,"', 0x80, '1.200,50",2026-01-05,2026-02-05\n',
      'W2,Zoë Müller,Crème,Closed Lost,"', 0x80, '2.000,00",2026-01-05,2026-02-07\n',
    ];
    return Buffer.concat(parts.map((part) => (typeof part === 'number' ? Buffer.from([part]) : Buffer.from(part, 'latin1'))));
  };

  it('reads 0x80-0x9F as Windows-1252 (€ ’ “ ” –), guessed or told, through the binary (before: C1 controls, "€1.200,50" a bad amount)', () => {
    const path = join(dir, 'windows-1252-quotes.csv');
    writeFileSync(path, windows1252Deals());
    for (const told of [[], ['--encoding', 'windows-1252']]) {
      const result = dealmath(['winrate', path, '--by', 'owner,account', '--decimal', ',', '--json', '--as-of', '2026-11-20', ...told]);
      expect(result.stderr).not.toMatch(/internal error|no usable row/);
      expect(result.code).toBe(0);
      if (told.length === 0) expect(result.stderr).toContain('windows-1252-quotes.csv is not UTF-8: read as Windows-1252');
      else expect(result.stderr).not.toContain('not UTF-8');
      const doc = JSON.parse(result.stdout) as { currency: string; rowsUsed: number; groups: { key: { owner: string; account: string } }[]; total: unknown };
      expect(doc.groups.map((group) => [group.key.owner, group.key.account])).toEqual([
        ['José O’Brien', '“Société” – Ærø'],
        ['Zoë Müller', 'Crème'],
      ]);
      // "€1.200,50" with decimal ",": 1200.5 in euros; "€2.000,00" lost.
      expect(doc).toMatchObject({ currency: 'EUR', rowsUsed: 2 });
      expect(doc.total).toMatchObject({ won: 1, lost: 1, wonValue: 1200.5, lostValue: 2000 });
    }
  });

  it('on a bad amount, suggests --decimal only when it reads the value, and names the character that is wrong', async () => {
    const path = join(dir, 'windows-1252-as-latin1.csv');
    writeFileSync(path, windows1252Deals());
    // Read as Latin-1, € (0x80) is the control U+0080 (printed as a space): --decimal , is in force, so it is not the fix.
    const latin1 = await run(['winrate', path, '--decimal', ',', '--encoding', 'latin1']);
    expect(latin1.code).toBe(1);
    expect(latin1.stderr).toBe(
      'dealmath: no usable row: all 2 rows were rejected (2 bad-amount); amounts look like " 1.200,50", and U+0080, a control character, is not part of an amount (is the file\'s encoding right? --encoding chooses it); expected amounts such as 20000, 20,000.50 or 20.000,50 (map another column with --map amount=HEADER)\n',
    );
    // "1.200,50k" says decimal "," and fails under it too (before: "pass --decimal ," with --decimal , given).
    const suffixed = join(dir, 'suffixed-amounts.csv');
    writeFileSync(suffixed, 'deal_id,stage,amount\nK1,Closed Won,"1.200,50k"\n');
    const told = await run(['winrate', suffixed, '--decimal', ',']);
    expect(told.code).toBe(1);
    expect(told.stderr).toContain('amounts look like "1.200,50k", and "k" is not part of an amount; expected amounts such as');
    expect(told.stderr).not.toContain('--decimal');
  });

  it('refuses binary files by what they are, nothing written to --out', async () => {
    const cases: [string, Buffer, RegExp][] = [
      ['deals.csv.gz', gzipSync('deal_id\n1\n'), /this is a gzip file; decompress it first/],
      ['deals.pdf', Buffer.from('%PDF-1.7\n...'), /this is a PDF file/],
      ['deals.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /old Excel \(\.xls\) workbook; save it as \.xlsx or CSV/],
      ['deals.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), /this is a zip file/],
    ];
    for (const [name, bytes, says] of cases) {
      writeFileSync(join(dir, name), bytes);
      const out = join(dir, `${name}.json`);
      const result = await run(['winrate', join(dir, name), '--out', out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(says);
      expect(result.stderr).not.toMatch(/internal error|NUL byte/);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('Excel workbooks (.xlsx)', () => {
  // Made by scripts/make-xlsx-fixture.mjs: sheet Deals (4 deals, a Total footer), sheet Q4 (2 deals).
  const workbook = join(exportsDir, 'workbook.xlsx');

  it('reads the first sheet: number amounts as stored, date cells as the dates shown (before: "invalid UTF-8 bytes")', async () => {
    const doc = await json(['winrate', workbook, '--by', 'owner', '--json', '--as-of', '2026-12-01']);
    // From the script's rows: won 12000.5 + 5000, lost 8000, open 3000; the Total row is a footer.
    expect(doc).toMatchObject({ rowsRead: 4, rowsUsed: 4, footerRows: 1 });
    expect(doc.total).toMatchObject({ won: 2, lost: 1, open: 1, wonValue: 17000.5, lostValue: 8000, openValue: 3000 });
    expect((doc.groups as { key: { owner: string } }[]).map((group) => group.key.owner)).toEqual(['René Dubois', 'Zoë Müller']);
    // X-1 closed on 2026-03-02 (a date cell).
    const day = await json(['winrate', workbook, '--json', '--from', '2026-03-02', '--to', '2026-03-02', '--as-of', '2026-12-01']);
    expect(day.total).toMatchObject({ won: 1, wonValue: 12000.5 });
  });

  it('reads the sheet --sheet names, and names the sheets there are when it has none by that name', async () => {
    expect((await json(['winrate', workbook, '--sheet', 'Q4', '--json'])).total).toMatchObject({ won: 1, lost: 1, wonValue: 700, lostValue: 300 });
    const missing = await run(['winrate', workbook, '--sheet', 'Q3']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the workbook has no sheet "Q3"; it has: Deals, Q4 (choose with --sheet NAME)');
    const notWorkbook = join(dir, 'fake.xlsx');
    writeFileSync(notWorkbook, 'deal_id,stage\nA,Won\n');
    const fake = await run(['winrate', notWorkbook]);
    expect(fake.code).toBe(2);
    expect(fake.stderr).toMatch(/not an Excel workbook/);
  });
});

describe('refuse loudly: no usable row, --max-rejected', () => {
  it('exits 1 with the commonest reasons and the fix when every row is rejected, writing nothing (before: zeros, exit 0)', async () => {
    const out = join(dir, 'refused.json');
    const result = await run(['winrate', germanReport, '--config', germanConfig, ...germanMap, '--decimal', '.', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('dealmath: no usable row: all 4 rows were rejected (4 bad-amount); amounts look like "20.000,00 €": pass --decimal , or set decimal: \',\' in the config');
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 when more rows than --max-rejected (or the config\'s maxRejected) are rejected', async () => {
    // examples-style file: 1 of 5 rows rejected (bad amount).
    const path = join(dir, 'one-bad.csv');
    writeFileSync(path, 'deal_id,stage,amount\nA,Closed Won,100\nB,Closed Won,200\nC,Closed Lost,TBD\nD,Closed Lost,50\nE,Proposal,10\n');
    expect((await run(['winrate', path, '--json'])).code).toBe(0);
    const zero = await run(['winrate', path, '--json', '--max-rejected', '0']);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('1 of 5 rows rejected, more than --max-rejected 0 (1 bad-amount)');
    // 20% of 5 rows is 1: within the limit.
    expect((await run(['winrate', path, '--json', '--max-rejected', '20%'])).code).toBe(0);
    expect((await run(['winrate', path, '--json', '--max-rejected', '19%'])).code).toBe(1);
    const config = join(dir, 'max-rejected.yaml');
    writeFileSync(config, 'maxRejected: 0\n');
    expect((await run(['velocity', path, '--json', '--config', config])).code).toBe(1);
    expect((await run(['validate', path, '--json', '--max-rejected', '1'])).code).toBe(1); // validate still fails on its errors
    const bad = await run(['winrate', path, '--max-rejected', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a number of rows such as 10 or a share such as 5%/);
  });
});

describe('the footer rule', () => {
  it('reads a row with a value in the id column among blank lines at the end, and validate lists the footers', async () => {
    const path = join(dir, 'stray-id.csv');
    writeFileSync(path, 'deal_id,owner,stage,amount,close\nA,Ann,Closed Won,100,2026-03-01\nB,Bob,Closed Lost,50,2026-03-02\n\n\nC,,,,\n\nTotal,,,150,\nConfidential,,,,\n');
    const doc = await json(['winrate', path, '--json']);
    // C is a deal (rejected: no stage), not a footer; Total and Confidential are footers.
    expect(doc).toMatchObject({ rowsRead: 3, rowsUsed: 2, rowsRejected: 1, footerRows: 2 });
    const validate = await run(['validate', path, '--json']);
    const report = JSON.parse(validate.stdout) as { footerRows: number; footers: unknown[]; findings: { row: number; rule: string }[] };
    expect(report.footerRows).toBe(2);
    expect(report.footers).toEqual([
      { file: path, row: 8, text: 'Total | 150' },
      { file: path, row: 9, text: 'Confidential' },
    ]);
    expect(report.findings.map((found) => [found.row, found.rule])).toContainEqual([6, 'missing-status']);
  });
});

it('keeps fixture bytes as committed (Windows-1252 é is 0xE9)', () => {
  expect(readFileSync(windows1252).includes(Buffer.from([0xe9]))).toBe(true);
});
