/** Questions about the columns an accounts file carries. */
import { normalizeHeader } from './mapping.js';
import type { Account } from './types.js';

/** True when the accounts carry a column of this name (ignoring case and punctuation). */
export function accountsHaveColumn(accounts: readonly Account[], column: string): boolean {
  const wanted = normalizeHeader(column);
  const seen = new Set<string>();
  for (const account of accounts) {
    for (const header of Object.keys(account.dimensions)) {
      if (seen.has(header)) continue;
      if (normalizeHeader(header) === wanted) return true;
      seen.add(header);
    }
  }
  return false;
}
