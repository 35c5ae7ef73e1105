/**
 * Reading accounts (src/io/readAccounts.ts): header spellings, dimensions kept raw (with
 * __proto__ as an ordinary key), and every rejected row a finding by rule, file, row (header =
 * row 1) and column, never by wording. Every file accounts for its rows:
 * rowsRead = accounts + rowsRejected.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accountsHaveColumn, readAccounts, type AccountsRead } from '../../src/io/readAccounts.js';
import { DealmathError } from '../../src/model/errors.js';

const scratch = mkdtempSync(join(tmpdir(), 'dealmath-accounts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const file = (name: string, content: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};

async function read(paths: readonly string[], options: Parameters<typeof readAccounts>[1] = {}): Promise<AccountsRead> {
  const result = await readAccounts(paths, options);
  expect(result.rowsRead).toBe(result.accounts.length + result.rowsRejected);
  return result;
}

const where = (result: AccountsRead) => result.findings.map(({ rule, row, column, value }) => ({ rule, row, column, value }));

describe('readAccounts', () => {
  it('reads id, name and both revenues, and keeps every other column as a dimension', async () => {
    const path = file('plain.csv', 'account_id,name,current_revenue,future_revenue,market_growth\nACC-1,Acme,15000,250000,High\nACC-2,Beta,,90000,Low\n');
    const result = await read([path]);
    expect(result.rowsRead).toBe(2);
    expect(result.findings).toEqual([]);
    const [acme, beta] = result.accounts;
    expect(acme).toMatchObject({ id: 'ACC-1', name: 'Acme', currentRevenue: 15000, futureRevenue: 250000, source: { row: 2 } });
    expect({ ...acme?.dimensions }).toEqual({ current_revenue: '15000', future_revenue: '250000', market_growth: 'High' });
    // An empty revenue cell is unknown, not 0, and not a reason to reject the account.
    expect(beta).toMatchObject({ id: 'ACC-2', currentRevenue: null, futureRevenue: 90000 });
  });

  it.each([
    ['Account ID,Account Name,Current Revenue,Future Revenue', 'A-1'],
    ['Record ID,Company name,CURRENT-REVENUE,future revenue', 'A-1'],
    ['Id,Name,current_revenue,future_revenue', 'A-1'],
    ['id,account_name,Current_Revenue,FUTURE_REVENUE', 'A-1'],
  ])('matches headers ignoring case and punctuation: %s', async (header, id) => {
    const result = await read([file(`headers-${header.length}.csv`, `${header}\n${id},Acme,1000,2000\n`)]);
    expect(result.accounts[0]).toMatchObject({ id, name: 'Acme', currentRevenue: 1000, futureRevenue: 2000 });
  });

  it('takes the name as the id when the file has no id column', async () => {
    const result = await read([file('names.csv', 'name,future_revenue\nAcme,5000\n')]);
    expect(result.accounts[0]).toMatchObject({ id: 'Acme', name: 'Acme', futureRevenue: 5000 });
  });

  it('keeps a column named __proto__ or constructor as an ordinary key', async () => {
    const result = await read([file('proto.csv', 'id,__proto__,constructor\nA-1,polluted,x\n')]);
    const dimensions = result.accounts[0]?.dimensions ?? {};
    // Nothing inherited: the record's prototype (one per file, shared by its rows) has none.
    expect(Object.getPrototypeOf(Object.getPrototypeOf(dimensions))).toBeNull();
    expect('toString' in dimensions).toBe(false);
    expect(Object.keys(dimensions)).toEqual(['__proto__', 'constructor']);
    expect(dimensions['__proto__']).toBe('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a row without an id as missing-id, with file, row and column', async () => {
    const path = file('missing.csv', 'account_id,name\nA-1,Acme\n ,Nameless\nA-3,Gamma\n');
    const result = await read([path]);
    expect(result.rowsRejected).toBe(1);
    expect(result.accounts.map((account) => account.id)).toEqual(['A-1', 'A-3']);
    expect(where(result)).toEqual([{ rule: 'missing-id', row: 3, column: 'account_id', value: '' }]);
    expect(result.findings[0]?.file).toContain('missing.csv');
    expect(result.findings[0]?.severity).toBe('error');
  });

  it('rejects a repeated id (ignoring case) as duplicate-id and keeps the first, across files too', async () => {
    const first = file('dup-1.csv', 'id,name\nA-1,Acme\nB-1,Beta\na-1,Acme again\n');
    const second = file('dup-2.csv', 'id,name\nB-1,Beta again\nC-1,Gamma\n');
    const result = await read([first, second]);
    expect(result.rowsRead).toBe(5);
    expect(result.rowsRejected).toBe(2);
    expect(result.accounts.map((account) => `${account.id} ${account.name}`)).toEqual(['A-1 Acme', 'B-1 Beta', 'C-1 Gamma']);
    expect(where(result)).toEqual([
      { rule: 'duplicate-id', row: 4, column: 'id', value: 'a-1' },
      { rule: 'duplicate-id', row: 2, column: 'id', value: 'B-1' },
    ]);
    expect(result.findings[1]?.file).toContain('dup-2.csv');
  });

  it('rejects an unreadable or negative revenue (bad-amount, negative-amount) and a ragged row', async () => {
    const path = file('bad.csv', 'id,current_revenue,future_revenue\nA-1,12k?,100\nA-2,100,-5\nA-3,100\nA-4,"1,500",2000\n');
    const result = await read([path]);
    expect(result.rowsRejected).toBe(3);
    expect(result.accounts).toHaveLength(1);
    expect(result.accounts[0]).toMatchObject({ id: 'A-4', currentRevenue: 1500, futureRevenue: 2000 });
    expect(where(result)).toEqual([
      { rule: 'bad-amount', row: 2, column: 'current_revenue', value: '12k?' },
      { rule: 'negative-amount', row: 3, column: 'future_revenue', value: '-5' },
      { rule: 'ragged-row', row: 4, column: null, value: null },
    ]);
  });

  it('reads amounts with a decimal comma and a forced delimiter', async () => {
    const path = file('semicolons.csv', 'id;name;current_revenue\nA-1;Acme;1.234,50\n');
    const result = await read([path], { decimal: ',', delimiter: ';' });
    // hand-computed: "1.234,50" with decimal comma is 1234.5
    expect(result.accounts[0]).toMatchObject({ id: 'A-1', currentRevenue: 1234.5 });
  });

  it('reads YAML and JSON lists of records', async () => {
    const yaml = file('accounts.yaml', '- { id: Y-1, name: Yankee, future_revenue: 300 }\n- { id: Y-2, name: Zulu, market_growth: High }\n');
    const json = file('accounts.json', JSON.stringify([{ account_id: 'J-1', name: 'Juliet', current_revenue: 42 }]));
    const result = await read([yaml, json]);
    expect(result.accounts.map(({ id, name, currentRevenue, futureRevenue }) => ({ id, name, currentRevenue, futureRevenue }))).toEqual([
      { id: 'Y-1', name: 'Yankee', currentRevenue: null, futureRevenue: 300 },
      { id: 'Y-2', name: 'Zulu', currentRevenue: null, futureRevenue: null },
      { id: 'J-1', name: 'Juliet', currentRevenue: 42, futureRevenue: null },
    ]);
    expect(result.accounts[1]?.dimensions.market_growth).toBe('High');
  });

  it('refuses a file with neither an id nor a name column, and an input with no rows', async () => {
    await expect(readAccounts([file('no-key.csv', 'revenue,region\n1,EMEA\n')])).rejects.toMatchObject({ code: 'bad-mapping' });
    const empty = readAccounts([file('header-only.csv', 'id,name\n')]);
    await expect(empty).rejects.toBeInstanceOf(DealmathError);
  });
});

describe('accountsHaveColumn', () => {
  it('finds a column by name ignoring case and punctuation, in any account', async () => {
    const first = file('cols-1.csv', 'id,Current Revenue\nA-1,1\n');
    const second = file('cols-2.csv', 'id,segment\nB-1,SMB\n');
    const { accounts } = await read([first, second]);
    expect(accountsHaveColumn(accounts, 'current_revenue')).toBe(true);
    expect(accountsHaveColumn(accounts, 'SEGMENT')).toBe(true);
    expect(accountsHaveColumn(accounts, 'future_revenue')).toBe(false);
    expect(accountsHaveColumn([], 'current_revenue')).toBe(false);
  });
});
