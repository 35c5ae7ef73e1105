/**
 * Columns dealmath must not choose between silently (docs/inputs.md, "Column mapping" and
 * "Reading your exports"): two columns that could each be one field stop the command with exit 2
 * and the --map lines; weighted amounts are never the amount; Salesforce's converted amount is
 * read in its own currency. Files are the QA pass's, inline; figures counted by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { linesFile, tempDir } from './helpers.js';
import { run } from './inProcess.js';

let dir = '';
beforeAll(() => {
  dir = tempDir();
});

const file = (name: string, lines: readonly string[]): string => linesFile(dir, name, lines);
const wonValue = async (args: readonly string[]): Promise<unknown> => {
  const result = await run([...args, '--as-of', '2026-06-30', '--json'], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).total.wonValue;
};

describe('two columns that could be one field', () => {
  it('the amount header twice stops winrate with exit 2 and both --map lines (before: exit 0, the first column, 100)', async () => {
    file('dh.csv', ['id,stage,amount,created,close,amount', '1,Closed Won,100,2026-01-01,2026-02-01,999', '2,Closed Lost,100,2026-01-01,2026-02-01,999']);
    const result = await run(['winrate', 'dh.csv'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'dealmath: dh.csv: 2 columns could be the amount: "amount" (a generic column name), "amount (2)" (the same column name as "amount"); choose with --map amount="amount" or --map amount="amount (2)"\n',
    );
    expect(await wonValue(['winrate', 'dh.csv', '--map', 'amount=amount (2)'])).toBe(999);
    expect(await wonValue(['winrate', 'dh.csv', '--map', 'amount=amount'])).toBe(100);
  });

  it('two Close Date columns stop it too (before: the second a dimension "Close Date (2)")', async () => {
    file('dc.csv', ['Opportunity ID,Stage,Amount,Close Date,Close Date', '1,Closed Won,100,2026-02-01,2026-03-01']);
    const result = await run(['winrate', 'dc.csv'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dc.csv: 2 columns could be the close: "Close Date" (a salesforce column name), "Close Date (2)"');
    expect(result.stderr).toContain('choose with --map close="Close Date" or --map close="Close Date (2)"');
  });

  it('Deal Amount beside Opportunity Amount stops it, as Betrag beside montant does (before: Deal Amount, 100)', async () => {
    file('twoamt.csv', ['id,stage,Deal Amount,Opportunity Amount,created,close', '1,Closed Won,100,999,2026-01-01,2026-02-01', '2,Closed Lost,100,999,2026-01-01,2026-02-01']);
    file('ba.csv', ['id,stage,Betrag,montant,created,close', '1,Closed Won,100,999,2026-01-01,2026-02-01']);
    for (const [name, a, b] of [['twoamt.csv', 'Deal Amount', 'Opportunity Amount'], ['ba.csv', 'Betrag', 'montant']]) {
      const result = await run(['winrate', name as string], { cwd: dir });
      expect(result.code, name).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^dealmath: ${name}: 2 columns could be the amount: .*; choose with --map amount="${a}" or --map amount="${b}"\\n$`));
    }
    expect(await wonValue(['winrate', 'twoamt.csv', '--map', 'amount=Opportunity Amount'])).toBe(999);
  });

  it('the field\'s own name beside a synonym still wins (amount beside Opportunity Amount: 100)', async () => {
    file('own.csv', ['id,stage,amount,Opportunity Amount,close', '1,Closed Won,100,999,2026-02-01']);
    expect(await wonValue(['winrate', 'own.csv'])).toBe(100);
  });
});

describe('HubSpot weighted amounts', () => {
  it('Forecast amount is not the amount: inspect keeps it a dimension, pipeline has no amount; --map takes it', async () => {
    file('forecast.csv', ['Record ID,Deal Stage,Forecast amount,Close Date', '1,closedwon,250,2026-02-01', '2,closedlost,100,2026-02-01']);
    const inspect = await run(['inspect', 'forecast.csv', '--json'], { cwd: dir });
    expect(inspect.code).toBe(0);
    const columns = JSON.parse(inspect.stdout).files[0].columns as { header: string; field: string | null }[];
    expect(columns.find((column) => column.header === 'Forecast amount')?.field).toBe('dimension');
    expect(await wonValue(['winrate', 'forecast.csv'])).toBe(0);
    expect(await wonValue(['winrate', 'forecast.csv', '--map', 'amount=Forecast amount'])).toBe(250);
  });
});

describe('Salesforce multi-currency report (Amount Currency, Amount, Amount (converted) Currency, Amount (converted))', () => {
  const HEADER = 'Opportunity ID,Opportunity Name,Stage,Amount Currency,Amount,Amount (converted) Currency,Amount (converted),Expected Revenue Currency,Expected Revenue,Close Date,Created Date';

  it('--map amount="Amount (converted)" is read in its own currency: won 1,100 (before: 1,210, EUR 1.1 applied twice)', async () => {
    file('rates.yaml', ['currency: { base: USD, rates: { EUR: 1.1, GBP: 1.3 } }']);
    file('sfc.csv', [
      HEADER,
      '0061,A,Closed Won,EUR,1000,USD,1100,EUR,1000,2026-02-01,2026-01-01',
      '0062,B,Closed Lost,USD,500,USD,500,USD,0,2026-02-01,2026-01-01',
      '0063,C,Proposal,GBP,1000,USD,1300,GBP,500,2026-05-01,2026-01-01',
    ]);
    const converted = await run(['winrate', 'sfc.csv', '-c', 'rates.yaml', '--map', 'amount=Amount (converted)', '--as-of', '2026-06-30', '--json'], { cwd: dir });
    expect(converted.code, converted.stderr).toBe(0);
    expect(JSON.parse(converted.stdout).total).toMatchObject({ wonValue: 1100, lostValue: 500, openValue: 1300 });
    // The plain Amount with Amount Currency and the rates gives the same figures.
    expect(await wonValue(['winrate', 'sfc.csv', '-c', 'rates.yaml'])).toBe(1100);
  });

  it('a converted amount without its currency column is taken as in the base: Amount Currency is not applied to it', async () => {
    file('rates2.yaml', ['currency: { base: USD, rates: { EUR: 1.1 } }']);
    file('sfc2.csv', ['Opportunity ID,Stage,Amount Currency,Amount (converted),Close Date', '0061,Closed Won,EUR,1100,2026-02-01']);
    expect(await wonValue(['winrate', 'sfc2.csv', '-c', 'rates2.yaml'])).toBe(1100);
  });
});
