/**
 * compareNames compares printable-ASCII names itself, for speed; it must agree with the English
 * collator it stands in for (numeric, base sensitivity, then code units) on every pair.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNames, orderNames } from '../../src/metrics/humanOrder.js';
import { periodSpan } from '../../src/metrics/periodOrder.js';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const reference = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

// Letters in both cases, digits (zeros for leading-zero runs), space and punctuation, and a few
// characters that must go to the collator: accents, a combining mark, an Arabic-Indic digit, a tab.
const ALPHABET = ['a', 'A', 'b', 'B', 'z', 'Z', 'e', 'é', '\u0301', '0', '0', '1', '2', '9', '١', ' ', '-', '.', ',', "'", '&', '(', ')', '_', '/', '$', '~', '\t'];
const name = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 8 }).map((characters) => characters.join(''));

describe('compareNames', () => {
  it('orders as the collator does, then by code units (random names)', () => {
    fc.assert(
      fc.property(name, name, (a, b) => Math.sign(compareNames(a, b)) === Math.sign(reference(a, b))),
      { numRuns: 20_000 },
    );
  });

  it('orders numbers by value, case and leading zeros aside, as people expect', () => {
    const names = ['Rep 10', 'rep 2', 'Rep 2', 'rep 02', '(none)', 'Acme Corp.', 'acme corp', 'Acme-Corp', 'Zeta', '', 'Ünited', 'Rep 1', 'x'.repeat(40), `A${'9'.repeat(35)}`, `A${'9'.repeat(34)}`];
    const sorted = [...names].sort(compareNames);
    expect(sorted).toEqual([...names].sort(reference));
    // Spelled out for a reader: numbers by value, then case (code units) to break ties.
    expect(sorted.filter((entry) => /^rep/i.test(entry))).toEqual(['Rep 1', 'Rep 2', 'rep 02', 'rep 2', 'Rep 10']);
  });

  it('sorts thousands of generated account names as the collator does', () => {
    const names = Array.from({ length: 3000 }, (_, index) => `Account ${(index * 7919) % 5000} ${['Holdings', 'holdings', 'GmbH', 'S.A.', 'Ltd.'][index % 5]}`);
    expect([...names].sort(compareNames)).toEqual([...names].sort(reference));
  });
});

describe('orderNames', () => {
  it('sorts lists as compareNames does, whether or not every name is plain ASCII (random lists)', () => {
    // Digit runs near the 30 digits compared by value, and names that send the list to the collator.
    // A list naming a period ("0001-01" reads as January of year 1) sorts in time instead, which
    // test/metrics/periodOrder.test.ts covers; such lists are set aside here.
    const digits = fc.stringMatching(/^0{0,3}[0-9]{0,32}$/);
    const part = fc.oneof(name, digits, fc.constantFrom('Account ', 'rep ', '-', ' ', 'é', ''));
    const listName = fc.array(part, { maxLength: 4 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(listName, { maxLength: 60 }), (names) => {
        fc.pre(names.every((entry) => periodSpan(entry) === null));
        expect(orderNames(names)).toEqual([...names].sort(compareNames));
      }),
      { numRuns: 2_000 },
    );
  });

  it('sorts names longer than one call of String.fromCharCode takes, as compareNames does', () => {
    // Sort keys are made 8,192 codes at a time: these names make keys of about 12,000 and 20,000.
    const long = (tail: string): string => `${'Account 7 '.repeat(1000)}${tail}`;
    const names = [long('b'), long('a'), `${long('a')}9`, `${long('a')}10`, 'Account 7', 'account 7'];
    expect(orderNames(names)).toEqual([...names].sort(compareNames));
    expect(orderNames(names).slice(0, 2)).toEqual(['Account 7', 'account 7']);
    // Keys that differ only at code 8,192: b before C in human order, though 'C' < 'b' in code units.
    const [b, c] = [`${'a'.repeat(8192)}b`, `${'a'.repeat(8192)}C`];
    expect(orderNames([c, b])).toEqual([b, c]);
  });

  it('puts the ASCII names of an export in human order (worked example)', () => {
    expect(orderNames(['Account 10', 'account 9', 'Account 009', 'Account 9', 'Acme', 'ACME', 'Account 9a', 'Account'])).toEqual(['Account', 'Account 009', 'Account 9', 'account 9', 'Account 9a', 'Account 10', 'ACME', 'Acme']);
  });
});
