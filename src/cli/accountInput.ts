/**
 * The accounts side of the account commands (retention, accounts): `--accounts FILE...` read
 * once, the deals' account keys joined to it by the account join rule, and the warnings about it.
 */
import { readAccounts, accountsHaveColumn } from '../io/readAccounts.js';
import { accountJoinNotes, joinAccounts, type AccountJoin, type KeyedAmount } from '../model/accountJoin.js';
import type { Account } from '../model/types.js';
import { formatMoney } from '../report/format.js';
import type { Analysis } from './analysis.js';
import type { CommonFlags } from './context.js';

export interface AccountsInput {
  readonly accounts: readonly Account[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
}

export async function readAccountsInput(files: readonly string[] | undefined, analysis: Analysis, flags: CommonFlags): Promise<AccountsInput | null> {
  if (files === undefined || files.length === 0) return null;
  const read = await readAccounts(files, { decimal: analysis.config.decimal ?? '.', delimiter: flags.delimiter });
  return { accounts: read.accounts, rowsRead: read.rowsRead, rowsRejected: read.rowsRejected };
}

/** The join of the deals' keys, and its warnings (`leftOutOf` null: unmatched keys are kept as accounts of their own). */
export function joinWithNotes(input: AccountsInput | null, keyed: readonly KeyedAmount[], leftOutOf: string | null): { join: AccountJoin | null; notes: string[] } {
  if (input === null) return { join: null, notes: [] };
  const join = joinAccounts(input.accounts, keyed.map((entry) => entry.key));
  const notes = accountJoinNotes(join, keyed, { what: 'won', leftOutOf, formatMoney });
  if (input.rowsRejected > 0) notes.unshift(`${input.rowsRejected} of ${input.rowsRead} account rows rejected (run dealmath quadrant on the file for the findings)`);
  return { join, notes };
}

/** `--by` names that are account columns (not deal columns), when an accounts file is given. */
export function accountDimension(input: AccountsInput | null, by: readonly string[] | undefined): string | null {
  if (input === null || by === undefined || by.length !== 1) return null;
  const [name] = by;
  return name !== undefined && accountsHaveColumn(input.accounts, name) ? name : null;
}
