/**
 * The account join (issue 17): which account of the accounts file a deal's account field names.
 * Exports differ (a Salesforce report carries `Account Name`, an API export `AccountId`, a
 * hand-kept sheet "Acme Inc." where the CRM says "ACME, Inc"), so one rule decides, in order:
 * 1. **id**: the key equals an account's id (ignoring case and surrounding spaces, as ids are
 *    unique ignoring case in the accounts file);
 * 2. **name**: the key equals an account's name exactly (surrounding spaces aside);
 * 3. **normalised name**: the key equals an account's name once both are normalised
 *    (normalizeAccountName: case, accents, punctuation, legal suffixes such as Inc, Ltd, GmbH).
 *    Every such match is listed, since it is a guess the user should see.
 * A key that matches no account, or several at the same step (two accounts named alike), is
 * unmatched, with that reason: never dropped silently and never split between accounts.
 *
 * The join works on the distinct keys, not on rows: callers fold deals by their raw account
 * text (one entry per key) and join once at the end.
 */
import { formatCount } from './groupedDigits.js';


export type AccountMatchRule = 'id' | 'name' | 'normalized-name';

export interface AccountRef {
  readonly id: string;
  readonly name: string | null;
}

export interface AccountKeyMatch {
  /** The deal's account text, as folded. */
  readonly key: string;
  /** The id of the account it names. */
  readonly accountId: string;
  readonly accountName: string | null;
  readonly rule: AccountMatchRule;
}

export interface UnmatchedAccountKey {
  readonly key: string;
  readonly reason: 'not-found' | 'ambiguous';
  /** For an ambiguous key: the ids it could name. */
  readonly candidates: readonly string[];
}

export interface AccountJoin {
  /** Matched keys, in key order. */
  readonly matches: readonly AccountKeyMatch[];
  /** The matches made by normalised name only (listed to the user). */
  readonly normalizedMatches: readonly AccountKeyMatch[];
  readonly unmatched: readonly UnmatchedAccountKey[];
  /** Key -> match, for lookups. */
  readonly byKey: ReadonlyMap<string, AccountKeyMatch>;
}

// Lower case, no dots: compared after normalisation has removed punctuation.
const LEGAL_SUFFIXES: readonly string[][] = [
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'llc', 'llp', 'lp', 'plc', 'pty', 'pte',
  'gmbh', 'ag', 'kg', 'ug', 'se', 'sa', 'sas', 'sarl', 'srl', 'spa', 'sl', 'bv', 'nv', 'oy', 'ab', 'as', 'aps', 'kk', 'sro', 'sp z oo',
  'gmbh co kg', 'co kg', 'pty ltd', 'co ltd', 'pvt ltd', 'private limited',
  // Written with dots: S.A., S.p.A., B.V. split into their letters.
  's a', 's p a', 's a s', 's a r l', 's r l', 'b v', 'n v', 's l', 'a g', 'p l c', 'l l c', 's e',
]
  .map((suffix) => suffix.split(' '))
  // Longest first, so "gmbh co kg" goes as one.
  .sort((a, b) => b.length - a.length);

/**
 * An account name reduced to what identifies it: lower case, accents dropped, `&` read as
 * "and", punctuation as spaces, and trailing legal-form words removed (Inc, Ltd, GmbH, S.A....),
 * repeatedly ("Acme Co., Ltd." -> "acme"). A name that is nothing but a legal form keeps it.
 *
 * @example normalizeAccountName('ACME, Inc.') // 'acme'
 * @example normalizeAccountName('Müller GmbH & Co. KG') // 'muller'
 */
export function normalizeAccountName(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  let end = words.length;
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const suffix of LEGAL_SUFFIXES) {
      if (end - suffix.length < 1) continue;
      if (suffix.every((word, index) => words[end - suffix.length + index] === word)) {
        end -= suffix.length;
        // "Smith & Co": the "and" before a removed form goes too.
        while (end > 1 && words[end - 1] === 'and') end -= 1;
        stripped = true;
        break;
      }
    }
  }
  return words.slice(0, end).join(' ');
}

/**
 * Joins the distinct account keys of deals to the accounts by the rule above.
 *
 * @example joinAccounts([{ id: '001', name: 'Acme Inc' }], ['001', 'Acme Inc', 'ACME', 'Globex'])
 *   // matches: 001 by id, 'Acme Inc' by name, 'ACME' by normalised name; unmatched: Globex
 */
export function joinAccounts(accounts: readonly AccountRef[], keys: Iterable<string>): AccountJoin {
  const byId = new Map<string, AccountRef[]>();
  const byName = new Map<string, AccountRef[]>();
  const byNormalized = new Map<string, AccountRef[]>();
  const push = (map: Map<string, AccountRef[]>, key: string, account: AccountRef): void => {
    if (key === '') return;
    const list = map.get(key);
    if (list === undefined) map.set(key, [account]);
    else if (!list.includes(account)) list.push(account);
  };
  for (const account of accounts) {
    push(byId, account.id.trim().toLowerCase(), account);
    if (account.name !== null) {
      push(byName, account.name.trim(), account);
      push(byNormalized, normalizeAccountName(account.name), account);
    }
  }
  const matches: AccountKeyMatch[] = [];
  const unmatched: UnmatchedAccountKey[] = [];
  const byKey = new Map<string, AccountKeyMatch>();
  const distinct = [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of distinct) {
    const steps: [AccountMatchRule, AccountRef[] | undefined][] = [
      ['id', byId.get(key.trim().toLowerCase())],
      ['name', byName.get(key.trim())],
      ['normalized-name', byNormalized.get(normalizeAccountName(key))],
    ];
    let decided = false;
    for (const [rule, found] of steps) {
      if (found === undefined || found.length === 0) continue;
      decided = true;
      if (found.length > 1) {
        unmatched.push({ key, reason: 'ambiguous', candidates: found.map((account) => account.id) });
      } else {
        const account = found[0] as AccountRef;
        const match: AccountKeyMatch = { key, accountId: account.id, accountName: account.name, rule };
        matches.push(match);
        byKey.set(key, match);
      }
      break;
    }
    if (!decided) unmatched.push({ key, reason: 'not-found', candidates: [] });
  }
  return { matches, normalizedMatches: matches.filter((match) => match.rule === 'normalized-name'), unmatched, byKey };
}

/** A key with what the deals filed under it add up to (won amount, deal count). */
export interface KeyedAmount {
  readonly key: string;
  readonly amount: number;
  readonly deals: number;
}

/**
 * The lines a command prints about a join (stderr and JSON warnings): deals whose account is
 * not in the accounts file, with their amount and the first names, and each normalised match.
 * `what` names the amounts ("won"), `leftOutOf` what they are left out of ("current revenue"; null:
 * they are kept, each key an account of its own).
 */
export function accountJoinNotes(join: AccountJoin, keyed: readonly KeyedAmount[], options: { readonly what: string; readonly leftOutOf: string | null; readonly formatMoney: (value: number) => string }): string[] {
  const lines: string[] = [];
  const amountOf = new Map(keyed.map((entry) => [entry.key, entry]));
  const unmatched = join.unmatched.filter((entry) => amountOf.has(entry.key));
  if (unmatched.length > 0) {
    let amount = 0;
    for (const entry of unmatched) amount += amountOf.get(entry.key)?.amount ?? 0;
    const names = unmatched
      .slice(0, 3)
      .map((entry) => `"${entry.key}"${entry.reason === 'ambiguous' ? ` (could be ${entry.candidates.join(' or ')})` : ''}`)
      .join(', ');
    lines.push(
      `${options.formatMoney(amount)} ${options.what} from ${formatCount(unmatched.length)} account${unmatched.length === 1 ? '' : 's'} not in the accounts file (${names}${unmatched.length > 3 ? ', ...' : ''}) ${options.leftOutOf === null ? 'is counted under accounts of their own' : `is left out of ${options.leftOutOf}`}`,
    );
  }
  const normalized = join.normalizedMatches.filter((match) => amountOf.has(match.key));
  for (const match of normalized.slice(0, 10)) {
    lines.push(`deals filed under "${match.key}" are joined to account ${match.accountId} "${match.accountName ?? ''}" by normalised name`);
  }
  if (normalized.length > 10) lines.push(`${normalized.length - 10} more accounts joined by normalised name; the JSON lists them`);
  return lines;
}
