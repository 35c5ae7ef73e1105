/**
 * Reading deals end to end (src/io/readDeals.ts over table, mapping and the deal reader):
 * each export fixture in test/fixtures/exports/, read with DEFAULT_CONFIG or a parsed config.
 * Findings are asserted by rule, file, row (header = row 1), column and value (METRICS.md
 * "Validation"), never by wording; every file accounts for its rows: rowsRead = used + rejected.
 */
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readDeals, type DealInputOptions, type ReadSummary } from '../../src/io/readDeals.js';
import { DEFAULT_CONFIG, parseConfig, type Config } from '../../src/model/config.js';
import { DealmathError } from '../../src/model/errors.js';
import type { Finding } from '../../src/model/findings.js';
import type { Deal } from '../../src/model/types.js';
import { errorOf } from '../support/errors.js';

const EXPORTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'exports');
const fixture = (name: string): string => join(EXPORTS, name);

const scratch = mkdtempSync(join(tmpdir(), 'dealmath-read-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const scratchFile = (name: string, content: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};

/**
 * Day number of an ISO date, by the platform's Date.UTC (an oracle independent of
 * src/model/calendar.ts, which is what produced the values under test).
 */
const day = (iso: string): number => {
  const [year, month, dayOfMonth] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, dayOfMonth) / 86_400_000;
};

function config(document: unknown): Config {
  const parsed = parseConfig(document);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.config;
}

interface ReadResult {
  readonly summary: ReadSummary;
  readonly deals: Deal[];
  readonly findings: Finding[];
}

async function read(paths: readonly string[], options: Partial<DealInputOptions> = {}): Promise<ReadResult> {
  const deals: Deal[] = [];
  const findings: Finding[] = [];
  const summary = await readDeals(paths, { config: DEFAULT_CONFIG, ...options }, {
    deal: (deal) => deals.push(deal),
    finding: (found) => findings.push(found),
  });
  // Every row is accounted for, per file and in total.
  expect(summary.rowsRead).toBe(deals.length + summary.rowsRejected);
  expect(summary.rowsRead).toBe(summary.files.reduce((sum, file) => sum + file.rowsRead, 0));
  return { summary, deals, findings };
}

/** The located part of a finding: what tests assert (not the wording in `detail`). */
const where = (found: Finding): Pick<Finding, 'rule' | 'severity' | 'file' | 'row' | 'column' | 'value'> => ({
  rule: found.rule,
  severity: found.severity,
  file: found.file,
  row: found.row,
  column: found.column,
  value: found.value,
});

const byId = (deals: readonly Deal[], id: string): Deal => {
  const found = deals.find((deal) => deal.id === id);
  if (found === undefined) throw new Error(`no deal ${id}`);
  return found;
};

describe('salesforce-report.csv (report labels, M/D/YYYY, $ amounts, footer)', () => {
  const path = fixture('salesforce-report.csv');

  it('reads 8 deals, no rejections, and counts the 3 footer rows apart', async () => {
    const { summary, deals, findings } = await read([path]);
    expect(summary.rowsRead).toBe(8);
    expect(summary.rowsRejected).toBe(0);
    expect(findings).toEqual([]);
    const [file] = summary.files;
    expect(file?.mapping.preset).toBe('salesforce');
    expect([file?.blankLines, file?.footerRows]).toEqual([2, 3]);
    expect(file?.formats.dateOrders).toEqual({ created: 'mdy', close: 'mdy' });
    expect(file?.formats.probabilityScale).toBe('percent');
  });

  it('gives row-number ids (the report has no id column) and says so', async () => {
    const { summary, deals } = await read([path]);
    expect(summary.rowNumberIds).toBe(true);
    expect(deals.map((deal) => deal.id)).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((row) => `${path}:${row}`));
    expect(deals.map((deal) => deal.source.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads status from the stage, $ amounts, M/D/YYYY dates and percent probabilities', async () => {
    const { deals } = await read([path]);
    expect(deals.map((deal) => deal.status)).toEqual(['won', 'lost', 'open', 'open', 'won', 'open', 'lost', 'open']);
    expect(deals.map((deal) => deal.amount)).toEqual([48000, 12500, 27350, 9800, 125000, 60000, 0, 4200]);
    const [acme] = deals;
    expect(acme).toMatchObject({
      name: 'Acme Corp - Platform Expansion',
      account: 'Acme Corp',
      owner: 'Maria Lopez',
      stage: 'Closed Won',
      currency: 'USD',
      created: day('2025-11-14'),
      close: day('2026-02-27'),
      probability: 1,
      forecastCategory: 'Closed',
      dimensions: {},
      source: { file: path, row: 2 },
    });
    expect(deals[2]?.probability).toBeCloseTo(0.9, 12);
    expect(deals[1]?.created).toBe(day('2025-12-02'));
  });
});

describe('salesforce-api.csv (API names, ISO datetimes, IsWon/IsClosed)', () => {
  const path = fixture('salesforce-api.csv');

  it('reads every row with its Salesforce id', async () => {
    const { summary, deals, findings } = await read([path]);
    expect([summary.rowsRead, summary.rowsRejected, summary.rowNumberIds]).toEqual([8, 0, false]);
    expect(findings).toEqual([]);
    expect(summary.files[0]?.mapping.preset).toBe('salesforce');
    expect(deals[0]?.id).toBe('0068c00001AbCdEAAV');
  });

  it('takes status from IsWon / IsClosed', async () => {
    const { deals } = await read([path]);
    expect(deals.map((deal) => deal.status)).toEqual(['won', 'lost', 'open', 'open', 'won', 'open', 'lost', 'open']);
  });

  it('reads the date of an ISO datetime as written, and every date field', async () => {
    const { deals } = await read([path]);
    const initech = byId(deals, '0068c00001AbCdGAAV');
    expect(initech).toMatchObject({
      created: day('2026-01-19'),
      close: day('2026-04-30'),
      lastActivity: day('2026-03-20'),
      stageEntered: day('2026-03-04'),
      owner: '0058c00000Mk3PrAAJ',
      account: '0018c00002QxZ1AAAK',
      forecastCategory: 'Commit',
    });
    expect(initech.probability).toBeCloseTo(0.9, 12);
    // 23:59 UTC stays on its own day.
    expect(byId(deals, '0068c00001AbCdLAAV').created).toBe(day('2026-03-20'));
  });

  it('keeps an empty amount as null, and the currency of each row', async () => {
    const { deals } = await read([path]);
    expect(byId(deals, '0068c00001AbCdKAAV').amount).toBeNull();
    expect(byId(deals, '0068c00001AbCdHAAV')).toMatchObject({ amount: 9000, currency: 'EUR' });
    expect(byId(deals, '0068c00001AbCdLAAV').lastActivity).toBeNull();
  });
});

describe('hubspot.csv (company-currency amount, probability 0..1, flags)', () => {
  const path = fixture('hubspot.csv');

  it('uses "Amount in company currency" and keeps Pipeline, Amount and Currency as dimensions', async () => {
    const { summary, deals, findings } = await read([path]);
    expect(findings).toEqual([]);
    expect([summary.rowsRead, summary.rowsRejected]).toEqual([7, 0]);
    expect(summary.files[0]?.mapping.preset).toBe('hubspot');
    const muller = byId(deals, '15122345672');
    expect(muller).toMatchObject({ amount: 10800, currency: null, status: 'lost' });
    expect(muller.dimensions).toEqual({ Pipeline: 'Sales Pipeline', Amount: '10000', Currency: 'EUR' });
  });

  it('takes status from "Is Closed Won" / "Is closed lost" and reads fraction probabilities', async () => {
    const { summary, deals } = await read([path]);
    expect(summary.files[0]?.formats.probabilityScale).toBe('fraction');
    expect(deals.map((deal) => deal.status)).toEqual(['won', 'lost', 'open', 'open', 'won', 'open', 'open']);
    expect(deals.map((deal) => deal.probability)).toEqual([1, 0, 0.9, 0.6, 1, 0.4, 0.2]);
  });

  it('reads "YYYY-MM-DD HH:MM" dates', async () => {
    const { deals } = await read([path]);
    expect(byId(deals, '15122345676')).toMatchObject({ created: day('2026-03-04'), close: day('2026-06-30'), lastActivity: day('2026-03-18') });
  });

  it('does not convert a company-currency amount again when rates are configured', async () => {
    const { deals } = await read([path], { config: config({ currency: { base: 'USD', rates: { EUR: 1.08 } } }) });
    expect(byId(deals, '15122345672')).toMatchObject({ amount: 10800, currency: 'USD' });
    expect(byId(deals, '15122345676')).toMatchObject({ amount: 54000, currency: 'USD' });
  });
});

describe('pipedrive.csv (status column, won and lost times)', () => {
  const path = fixture('pipedrive.csv');

  it('reads status from "Deal - Status"', async () => {
    const { summary, deals, findings } = await read([path]);
    expect(findings).toEqual([]);
    expect(summary.files[0]?.mapping.preset).toBe('pipedrive');
    expect(deals.map((deal) => [deal.id, deal.status])).toEqual([
      ['101', 'won'], ['102', 'lost'], ['103', 'open'], ['104', 'open'], ['105', 'won'], ['106', 'open'], ['107', 'lost'],
    ]);
  });

  it('closes a won deal on its won time and a lost deal on its lost time, not the expected close date', async () => {
    const { deals } = await read([path]);
    // 101: expected 2026-02-28, won 2026-02-27. 102: expected 2026-03-31, lost 2026-03-16.
    expect(byId(deals, '101').close).toBe(day('2026-02-27'));
    expect(byId(deals, '102').close).toBe(day('2026-03-16'));
    // 105 has no expected close date at all: the won time is enough.
    expect(byId(deals, '105').close).toBe(day('2026-03-31'));
    // An open deal keeps its expected close date.
    expect(byId(deals, '103').close).toBe(day('2026-04-30'));
  });

  it('reads probabilities where present, null where empty', async () => {
    const { deals } = await read([path]);
    expect(deals.map((deal) => deal.probability)).toEqual([null, null, 0.9, null, null, 0.1, null]);
    expect(byId(deals, '107')).toMatchObject({ amount: 0, currency: 'USD', account: 'Hooli', owner: 'Tom Becker' });
  });
});

describe('bom-semicolons.csv (BOM, ";", €5.000,00 amounts, D/M/YYYY)', () => {
  const path = fixture('bom-semicolons.csv');

  it('reads euro amounts with decimal "," and day-first dates', async () => {
    const { summary, deals, findings } = await read([path], { config: config({ decimal: ',' }) });
    expect(findings).toEqual([]);
    const [file] = summary.files;
    expect([file?.encoding, file?.delimiter, file?.header[0], file?.mapping.preset]).toEqual(['utf-8 with BOM', ';', 'Deal ID', 'generic']);
    expect(file?.formats.dateOrders).toEqual({ created: 'dmy', close: 'dmy' });
    expect(deals.map((deal) => deal.amount)).toEqual([5000, 12500, 1250000, 800, 27350.5, 9999.99]);
    expect(deals.every((deal) => deal.currency === 'EUR')).toBe(true);
    expect(byId(deals, 'DE-1002')).toMatchObject({ status: 'lost', created: day('2025-12-03'), close: day('2026-03-16'), account: 'Bäckerei Vogel' });
    expect(deals.map((deal) => deal.probability)).toEqual([1, 0, 0.6, 0.2, 0.8, 1]);
  });

  it('decides decimal "," from the amounts themselves, with no config (issue 13)', async () => {
    const { summary, deals, findings } = await read([path]);
    expect(findings).toEqual([]);
    expect(summary.files[0]?.formats).toMatchObject({ decimal: ',', decimalProven: true });
    // The same amounts as with decimal: "," above (the fixture's cells).
    expect(deals.map((deal) => deal.amount)).toEqual([5000, 12500, 1250000, 800, 27350.5, 9999.99]);
  });

  it('reads every amount as written under decimal "." when the config says so, and rejects them with bad-amount', async () => {
    const { summary, deals, findings } = await read([path], { config: config({ decimal: '.' }) });
    expect(deals).toEqual([]);
    expect(summary.rowsRejected).toBe(6);
    expect(findings.map((found) => found.rule)).toEqual(Array(6).fill('bad-amount'));
    expect(where(findings[0] as Finding)).toEqual({ rule: 'bad-amount', severity: 'error', file: path, row: 2, column: 'Amount', value: '€5.000,00' });
    expect(where(findings[5] as Finding)).toEqual({ rule: 'bad-amount', severity: 'error', file: path, row: 7, column: 'Amount', value: '€9.999,99' });
  });
});

describe('quoted-newlines.csv (commas, doubled quotes, line breaks in quotes, CRLF)', () => {
  const path = fixture('quoted-newlines.csv');

  it('reads quoted names intact and numbers a multi-line record as one row', async () => {
    const { summary, deals, findings } = await read([path]);
    expect([summary.rowsRead, summary.rowsRejected]).toEqual([6, 1]);
    expect(deals.map((deal) => [deal.id, deal.source.row])).toEqual([['Q-1', 2], ['Q-2', 3], ['Q-3', 4], ['Q-4', 5], ['Q-5', 6]]);
    expect(byId(deals, 'Q-1')).toMatchObject({ name: 'Platform expansion, phase 2', account: 'Acme, Inc.' });
    expect(byId(deals, 'Q-2').name).toBe('The "Big" Renewal');
    expect(byId(deals, 'Q-4').account).toBe('Umbrella "Health"');
    expect(byId(deals, 'Q-5').name).toBe('Security suite\r\nincl. "SSO"\r\nand audit');
    // Q-6 comes after records spanning 2 and 3 lines: it is spreadsheet row 7, not line 10.
    expect(findings.map(where)).toEqual([{ rule: 'bad-amount', severity: 'error', file: path, row: 7, column: 'amount', value: 'TBD' }]);
  });
});

describe('footer-rows.csv and blank-lines.csv', () => {
  it('does not read a totals footer as deals', async () => {
    const { summary, deals, findings } = await read([fixture('footer-rows.csv')]);
    expect(findings).toEqual([]);
    expect(deals.map((deal) => deal.id)).toEqual(['F-1', 'F-2', 'F-3', 'F-4', 'F-5']);
    expect(summary.files[0]).toMatchObject({ rowsRead: 5, rowsRejected: 0, blankLines: 1, footerRows: 2 });
  });

  it('skips blank lines and keeps spreadsheet row numbers', async () => {
    const { summary, deals, findings } = await read([fixture('blank-lines.csv')]);
    expect(findings).toEqual([]);
    expect(deals.map((deal) => [deal.id, deal.source.row])).toEqual([['B-1', 2], ['B-2', 4], ['B-3', 5], ['B-4', 8], ['B-5', 10]]);
    expect(summary.files[0]).toMatchObject({ rowsRead: 5, rowsRejected: 0, blankLines: 6, footerRows: 0 });
  });
});

describe('ambiguous-dates.csv (every slash date fits both orders)', () => {
  const path = fixture('ambiguous-dates.csv');

  it('refuses to guess: a DealmathError naming the file and column that says to pass --date-order', async () => {
    const error = await errorOf(read([path]));
    expect(error.code).toBe('malformed-input');
    expect([error.file, error.column]).toEqual([path, 'created']);
    expect(error.message).toContain('--date-order dmy, mdy or ymd (config dateOrder)');
  });

  it('reads month first with dateFormat: mdy', async () => {
    const { summary, deals, findings } = await read([path], { config: config({ dateFormat: 'mdy' }) });
    expect(findings).toEqual([]);
    expect(summary.rowsRead).toBe(5);
    expect(byId(deals, 'A-1')).toMatchObject({ created: day('2026-01-05'), close: day('2026-03-02') });
    expect(byId(deals, 'A-4')).toMatchObject({ created: day('2026-01-12'), close: day('2026-02-10') });
    // 3/3/2026 reads the same either way.
    expect(byId(deals, 'A-5').created).toBe(day('2026-03-03'));
  });

  it('reads day first with dateFormat: dmy, where two closed deals then close before they were created', async () => {
    const { deals, findings } = await read([path], { config: config({ dateFormat: 'dmy' }) });
    // created 1/5 = 1 May, close 3/2 = 3 Feb. A-4: created 1/12 = 1 Dec, close 2/10 = 2 Oct.
    expect(findings.map(where)).toEqual([
      { rule: 'close-before-created', severity: 'error', file: path, row: 2, column: 'close', value: '3/2/2026' },
      { rule: 'close-before-created', severity: 'error', file: path, row: 5, column: 'close', value: '2/10/2026' },
    ]);
    expect(byId(deals, 'A-2')).toMatchObject({ created: day('2026-03-02'), close: day('2026-06-04') });
  });
});

describe('mixed-currencies.csv', () => {
  const path = fixture('mixed-currencies.csv');

  it('keeps each row in its own currency when no rates are configured', async () => {
    const { deals, findings } = await read([path]);
    expect(findings).toEqual([]);
    expect(deals.map((deal) => [deal.id, deal.amount, deal.currency])).toEqual([
      ['M-1', 20000, 'USD'], ['M-2', 10000, 'EUR'], ['M-3', 5000, 'GBP'], ['M-4', 1500000, 'JPY'], ['M-5', 7500, 'GBP'], ['M-6', 8000, 'CAD'],
    ]);
  });

  it('converts to the base currency with the configured rates, and rejects a currency without a rate', async () => {
    const rates = { EUR: 1.08, GBP: 1.27, JPY: 0.0067 };
    const { summary, deals, findings } = await read([path], { config: config({ currency: { base: 'USD', rates } }) });
    // hand-computed: 10000 x 1.08 = 10800; 5000 x 1.27 = 6350; 1,500,000 x 0.0067 = 10050; £7,500 x 1.27 = 9525.
    const expected: [string, number][] = [['M-1', 20000], ['M-2', 10800], ['M-3', 6350], ['M-4', 10050], ['M-5', 9525]];
    expect(deals.map((deal) => deal.id)).toEqual(expected.map(([id]) => id));
    for (const [id, amount] of expected) expect(byId(deals, id).amount).toBeCloseTo(amount, 6);
    expect(deals.every((deal) => deal.currency === 'USD')).toBe(true);
    expect(summary.rowsRejected).toBe(1);
    expect(findings.map(where)).toEqual([{ rule: 'unknown-currency', severity: 'error', file: path, row: 7, column: 'currency', value: 'CAD' }]);
  });
});

describe('tab-delimited.tsv (snake_case headers)', () => {
  const path = fixture('tab-delimited.tsv');

  it('maps snake_case names under the generic preset and keeps region as a dimension', async () => {
    const { summary, deals, findings } = await read([path]);
    expect(findings).toEqual([]);
    expect(summary.files[0]?.delimiter).toBe('\t');
    expect(summary.files[0]?.mapping.preset).toBe('generic');
    expect(byId(deals, 'T-2')).toMatchObject({
      name: 'Renewal 2026', account: 'Globex', stage: 'Closed Lost', status: 'lost', amount: 12500,
      created: day('2025-12-02'), close: day('2026-03-16'), dimensions: { region: 'EMEA' },
    });
  });

  it('lets a --map override take a column, whose old field then goes unmapped', async () => {
    const { deals } = await read([path], { map: { account: 'region' } });
    expect(byId(deals, 'T-4')).toMatchObject({ account: 'APAC', dimensions: { account_name: 'Umbrella Health' } });
  });

  it('fails with bad-mapping naming an override header the file does not have', async () => {
    const error = await errorOf(read([path], { config: config({ columns: { amount: 'Deal Value' } }) }));
    expect(error.code).toBe('bad-mapping');
    expect([error.file, error.column]).toEqual([path, 'Deal Value']);
  });
});

describe('row-errors.csv: every row-level error, located', () => {
  const path = fixture('row-errors.csv');
  const stages = { stages: ['Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'] };

  it('rejects each bad row with its rule, row, column and value', async () => {
    const { summary, deals, findings } = await read([path], { config: config(stages) });
    expect(findings.map(where)).toEqual([
      { rule: 'unknown-stage', severity: 'error', file: path, row: 3, column: 'stage', value: 'Discovery Call' },
      { rule: 'negative-amount', severity: 'error', file: path, row: 4, column: 'amount', value: '-5000' },
      { rule: 'close-before-created', severity: 'error', file: path, row: 5, column: 'close', value: '2026-02-01' },
      { rule: 'missing-close', severity: 'error', file: path, row: 6, column: 'close', value: '' },
      { rule: 'bad-amount', severity: 'error', file: path, row: 7, column: 'amount', value: '12,5OO' },
      { rule: 'duplicate-id', severity: 'error', file: path, row: 8, column: 'id', value: 'E-1' },
      { rule: 'bad-date', severity: 'error', file: path, row: 10, column: 'created', value: '2026-02-30' },
    ]);
    expect(deals.map((deal) => [deal.id, deal.source.row])).toEqual([['E-1', 2], ['E-7', 9]]);
    expect([summary.rowsRead, summary.rowsRejected]).toEqual([9, 7]);
  });

  it('accepts any stage when the config lists none', async () => {
    const { deals, findings } = await read([path]);
    expect(findings.some((found) => found.rule === 'unknown-stage')).toBe(false);
    expect(byId(deals, 'E-2')).toMatchObject({ stage: 'Discovery Call', status: 'open' });
  });
});

describe('duplicate ids across files', () => {
  const first = fixture('row-errors.csv');
  const second = fixture('duplicate-ids-second-file.csv');

  it('rejects the later row of each id, in the later file, and within that file', async () => {
    const { summary, deals, findings } = await read([first, second]);
    expect(findings.filter((found) => found.file === second).map(where)).toEqual([
      { rule: 'duplicate-id', severity: 'error', file: second, row: 3, column: 'id', value: 'E-1' },
      { rule: 'duplicate-id', severity: 'error', file: second, row: 4, column: 'id', value: 'E-7' },
      { rule: 'duplicate-id', severity: 'error', file: second, row: 5, column: 'id', value: 'E-9' },
    ]);
    expect(byId(deals, 'E-1').source).toEqual({ file: first, row: 2 });
    expect(byId(deals, 'E-9').source).toEqual({ file: second, row: 2 });
    expect(summary.files.map((file) => [file.rowsRead, file.rowsRejected])).toEqual([[9, 6], [4, 3]]);
    expect([summary.rowsRead, summary.rowsRejected]).toEqual([13, 9]);
  });

  it('rejects whichever row is read later: swapping the files moves the finding', async () => {
    const { deals, findings } = await read([second, first]);
    const duplicates = findings.filter((found) => found.rule === 'duplicate-id').map(where);
    expect(duplicates).toEqual([
      { rule: 'duplicate-id', severity: 'error', file: second, row: 5, column: 'id', value: 'E-9' },
      { rule: 'duplicate-id', severity: 'error', file: first, row: 2, column: 'id', value: 'E-1' },
      { rule: 'duplicate-id', severity: 'error', file: first, row: 8, column: 'id', value: 'E-1' },
      { rule: 'duplicate-id', severity: 'error', file: first, row: 9, column: 'id', value: 'E-7' },
    ]);
    expect(byId(deals, 'E-1').source).toEqual({ file: second, row: 3 });
  });
});

describe('slash dates whose order does not matter', () => {
  it('reads 1/1/2026 among ISO dates without asking for dateFormat', async () => {
    const path = scratchFile('new-year.csv', 'id,stage,amount,created\nA,Proposal,100,2026-01-05\nB,Proposal,200,1/1/2026\n');
    const { deals, findings } = await read([path]);
    expect(findings).toEqual([]);
    expect(byId(deals, 'B').created).toBe(day('2026-01-01'));
  });
});

describe('warnings and empty input', () => {
  it('keeps a deal whose probability is out of range, with a bad-probability warning', async () => {
    const path = scratchFile('probability.csv', 'id,stage,amount,probability\nP-1,Proposal,100,150\nP-2,Proposal,100,50\n');
    const { summary, deals, findings } = await read([path]);
    expect(summary.rowsRejected).toBe(0);
    expect(deals.map((deal) => [deal.id, deal.probability])).toEqual([['P-1', null], ['P-2', 0.5]]);
    expect(findings.map(where)).toEqual([{ rule: 'bad-probability', severity: 'warning', file: path, row: 2, column: 'probability', value: '150' }]);
  });

  it('refuses a header without rows as data (exit 1: no usable row), and usage without files', async () => {
    const path = scratchFile('header-only.csv', 'id,stage,amount\n');
    expect((await errorOf(read([path]))).code).toBe('data-refused');
    expect((await errorOf(read([]))).code).toBe('usage');
  });
});

describe('readDeals closes what it opened', () => {
  // A run refused after its first rows were read once left the file open until the garbage
  // collector closed it, with Node's "Closing file descriptor on garbage collection" warning on
  // stderr (a one-line error became five lines).
  const openFiles = (path: string): number =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    }).length;

  it.skipIf(!existsSync('/proc/self/fd'))('a file refused for its columns, and every file of a refused run', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dealmath-close-'));
    const noStatus = join(folder, 'no-status.json');
    writeFileSync(noStatus, `[${Array(3000).fill('{"id":"1"}').join(',')}]`);
    const fine = join(folder, 'fine.csv');
    writeFileSync(fine, 'id,stage\nA,Closed Won\n');
    const options: DealInputOptions = { config: DEFAULT_CONFIG };
    const sink = { deal: () => undefined, finding: () => undefined };
    await expect(readDeals([noStatus], options, sink)).rejects.toThrow(/no way to know a deal's status/);
    await expect(readDeals([fine, noStatus], options, sink)).rejects.toThrow(DealmathError);
    expect(openFiles(noStatus)).toBe(0);
    expect(openFiles(fine)).toBe(0);
    rmSync(folder, { recursive: true });
  });
});
