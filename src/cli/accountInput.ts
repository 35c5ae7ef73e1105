/**
 * The accounts side of the account commands (retention, accounts): `--accounts FILE...` read
 * once, the deals' account keys joined to it by the account join rule, and the warnings about it.
 */
import { accountsHaveColumn } from '../io/readAccounts.js';
import type { AccountsInput } from '../report/accountFigures.js';
import type { Analysis } from './analysis.js';

export async function readAccountsInput(files: readonly string[] | undefined, analysis: Pick<Analysis, 'inputs'>): Promise<AccountsInput | null> {
  if (files === undefined || files.length === 0) return null;
  const read = await analysis.inputs.accounts(files);
  return { accounts: read.accounts, rowsRead: read.rowsRead, rowsRejected: read.rowsRejected };
}

/** `--by` names that are account columns (not deal columns), when an accounts file is given. */
export function accountDimension(input: AccountsInput | null, by: readonly string[] | undefined): string | null {
  if (input === null || by === undefined || by.length !== 1) return null;
  const [name] = by;
  return name !== undefined && accountsHaveColumn(input.accounts, name) ? name : null;
}
