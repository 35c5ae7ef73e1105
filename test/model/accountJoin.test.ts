import { describe, expect, it } from 'vitest';
import { accountJoinNotes, joinAccounts, normalizeAccountName } from '../../src/model/accountJoin.js';

const accounts = [
  { id: 'ACC-001', name: 'Acme Inc.' },
  { id: 'ACC-002', name: 'Globex Ltd' },
  { id: 'ACC-003', name: 'Müller GmbH & Co. KG' },
  { id: 'ACC-004', name: 'Initech' },
  { id: 'ACC-005', name: 'Initech LLC' },
];

describe('normalizeAccountName', () => {
  it('drops case, accents, punctuation and legal forms', () => {
    expect(normalizeAccountName('ACME, Inc.')).toBe('acme');
    expect(normalizeAccountName('Globex Limited')).toBe('globex');
    expect(normalizeAccountName('Muller GmbH & Co KG')).toBe('muller');
    expect(normalizeAccountName('Banco Rojo S.A.')).toBe('banco rojo');
    expect(normalizeAccountName('Smith & Co')).toBe('smith');
  });

  it('keeps a name that is nothing but a legal form, and the words before the end', () => {
    expect(normalizeAccountName('Ltd')).toBe('ltd');
    expect(normalizeAccountName('Inc Magazine Group')).toBe('inc magazine group');
  });
});

describe('joinAccounts', () => {
  it('matches by id (ignoring case), by exact name, by normalised name; the rest unmatched', () => {
    const join = joinAccounts(accounts, ['acc-001', 'Globex Ltd', 'GLOBEX', 'Muller GmbH', 'Hooli', 'Acme Inc.']);
    const rules = Object.fromEntries(join.matches.map((match) => [match.key, [match.accountId, match.rule]]));
    expect(rules).toEqual({
      'acc-001': ['ACC-001', 'id'],
      'Globex Ltd': ['ACC-002', 'name'],
      GLOBEX: ['ACC-002', 'normalized-name'],
      'Muller GmbH': ['ACC-003', 'normalized-name'],
      'Acme Inc.': ['ACC-001', 'name'],
    });
    expect(join.normalizedMatches.map((match) => match.key)).toEqual(['GLOBEX', 'Muller GmbH']);
    expect(join.unmatched).toEqual([{ key: 'Hooli', reason: 'not-found', candidates: [] }]);
  });

  it('an id wins over a name; two accounts with one normalised name leave the key unmatched, ambiguous', () => {
    const join = joinAccounts([...accounts, { id: 'Globex Ltd', name: 'Other' }], ['Globex Ltd', 'INITECH INC', 'Initech']);
    expect(join.byKey.get('Globex Ltd')?.accountId).toBe('Globex Ltd');
    expect(join.byKey.get('Initech')).toMatchObject({ accountId: 'ACC-004', rule: 'name' });
    expect(join.unmatched).toEqual([{ key: 'INITECH INC', reason: 'ambiguous', candidates: ['ACC-004', 'ACC-005'] }]);
  });

  it('names every unmatched account with its amount, and lists normalised matches', () => {
    const join = joinAccounts(accounts, ['GLOBEX', 'Hooli', 'Umbrella']);
    const notes = accountJoinNotes(
      join,
      [
        { key: 'GLOBEX', amount: 10, deals: 1 },
        { key: 'Hooli', amount: 1_000, deals: 2 },
        { key: 'Umbrella', amount: 500, deals: 1 },
      ],
      { what: 'won', leftOutOf: 'current revenue', formatMoney: (value) => String(value) },
    );
    expect(notes).toEqual([
      '1500 won from 2 accounts not in the accounts file ("Hooli", "Umbrella") is left out of current revenue',
      'deals filed under "GLOBEX" are joined to account ACC-002 "Globex Ltd" by normalised name',
    ]);
  });
});
