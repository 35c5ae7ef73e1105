/**
 * Reads accounts (CSV, YAML or JSON; METRICS.md "Records": an account has id, name, optional
 * current_revenue and future_revenue, and any scored element columns). Headers match
 * ignoring case and punctuation (`Account ID` = `account_id`). Every column other than the id
 * and the name is kept raw in `dimensions`, the revenue columns included, so the quadrant
 * config can name any column and the scoring model finds its elements.
 *
 * Row problems are findings (file, row, column, rule) and the row is rejected and counted:
 * - `missing-id`: no id (the name stands in as the id when the file has no id column);
 * - `duplicate-id`: an id seen before, ignoring case (the first row is kept);
 * - `bad-amount` / `negative-amount`: a current_revenue or future_revenue cell that is not an
 *   amount of 0 or more. Rejected here, not left to the metrics, for the same reason a deal
 *   with a bad amount is: a revenue read as "unknown" would silently move the account between
 *   quadrants. An empty cell is not a finding: the revenue is then unknown (null), and the
 *   account is listed without a quadrant, with that reason;
 * - `ragged-row`: a CSV row with more or fewer fields than the header.
 */
import { DealmathError } from '../model/errors.js';
import { finding, type Finding } from '../model/findings.js';
import { normalizeHeader } from '../model/mapping.js';
import { RepeatedTexts } from '../model/repeatedTexts.js';
import { textRecordMaker } from '../model/textRecord.js';
import type { Account } from '../model/types.js';
import { INVALID, parseAmount, type DecimalSeparator } from '../model/values.js';
import { closeTable, openTable } from './table.js';

/** The header spellings of each account field, as normalizeHeader gives them. */
export const ACCOUNT_HEADERS = {
  id: ['account_id', 'id', 'account id', 'record id', 'company id', 'organization id'].map(normalizeHeader),
  name: ['name', 'account_name', 'account name', 'company name', 'organization name'].map(normalizeHeader),
  // Only these: a CRM's "Annual Revenue" is the company's own turnover, not what it buys from us.
  currentRevenue: ['current_revenue'].map(normalizeHeader),
  futureRevenue: ['future_revenue'].map(normalizeHeader),
} as const;

export interface AccountsRead {
  /** In input order. */
  readonly accounts: Account[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly findings: Finding[];
  /** Each file as given, with the rows read from it (rejected ones included). */
  readonly files: { readonly file: string; readonly rowsRead: number }[];
}

export interface ReadAccountsOptions {
  /** Decimal separator of the revenue cells; default '.'. */
  readonly decimal?: DecimalSeparator | undefined;
  /** Force a CSV delimiter; detected from the header line otherwise. */
  readonly delimiter?: string | undefined;
}

/**
 * Reads every file in order into one list of accounts. Throws DealmathError when a file has
 * neither an id nor a name column, or when the files hold no rows at all.
 *
 * @example await readAccounts(['accounts.csv'])
 *   // { accounts: [{ id: 'ACC-001', name: 'Bluefin Telecom plc', currentRevenue: 15000, ... }], rowsRead: 120, rowsRejected: 0, findings: [], files: [{ file: 'accounts.csv', rowsRead: 120 }] }
 */
export async function readAccounts(paths: readonly string[], options: ReadAccountsOptions = {}): Promise<AccountsRead> {
  const decimal = options.decimal ?? '.';
  const accounts: Account[] = [];
  const findings: Finding[] = [];
  const firstSeen = new Map<string, string>();
  let rowsRead = 0;
  let rowsRejected = 0;
  let lastFile: string | undefined;
  const files: { file: string; rowsRead: number }[] = [];
  for (const path of paths) {
    const rowsBefore = rowsRead;
    const table = await openTable(path, { delimiter: options.delimiter });
    lastFile = table.file;
    const normalized = table.header.map(normalizeHeader);
    const find = (aliases: readonly string[]): number => {
      // Earlier aliases win when a file has several (a Salesforce export with Id and Name).
      for (const alias of aliases) {
        const index = normalized.indexOf(alias);
        if (index !== -1) return index;
      }
      return -1;
    };
    const idIndex = find(ACCOUNT_HEADERS.id);
    const nameIndex = find(ACCOUNT_HEADERS.name);
    const currentIndex = find(ACCOUNT_HEADERS.currentRevenue);
    const futureIndex = find(ACCOUNT_HEADERS.futureRevenue);
    if (idIndex === -1 && nameIndex === -1) {
      await closeTable(table);
      throw new DealmathError('bad-mapping', `an accounts file needs an id or a name column (account_id, id, name...); found ${table.header.slice(0, 30).join(', ')}`, { file: table.file });
    }
    const keyIndex = idIndex === -1 ? nameIndex : idIndex;
    // Every other column by its header, in one fast shape; `__proto__` or `constructor` is an
    // ordinary key (textRecord.ts). A record per row of a wide export made as a dictionary held
    // several KB of memory per account.
    const dimensionsOf = textRecordMaker(table.header.flatMap((header, index) => (index !== idIndex && index !== nameIndex ? [[index, header] as const] : [])));
    // Accounts stay in memory for the whole run: a column's repeated values (picklists, flags,
    // levels) are kept once rather than as a fresh string per account (about 1 KB an account of
    // 45 such columns). Past the texts it remembers, a column's values are kept as read.
    const repeated = table.header.map(() => new RepeatedTexts<string>((text) => text, 16, 256));
    for await (const batch of table.batches) {
      for (const { row, cells } of batch) {
        rowsRead += 1;
        const at = (index: number | null) => ({ file: table.file, row, column: index === null ? null : (table.header[index] ?? null) });
        const rowFindings: Finding[] = [];
        if (cells.length !== table.header.length) {
          rowFindings.push(finding('ragged-row', at(null), null, `expected ${table.header.length} fields as in the header, found ${cells.length}`));
        }
        const id = (cells[keyIndex] ?? '').trim();
        if (id === '') rowFindings.push(finding('missing-id', at(keyIndex), '', 'expected an account id'));
        else {
          const earlier = firstSeen.get(id.toLowerCase());
          if (earlier !== undefined) rowFindings.push(finding('duplicate-id', at(keyIndex), id, `expected a unique account id; first seen at ${earlier}`));
        }
        const revenue = (index: number): number | null => {
          if (index === -1) return null;
          const raw = cells[index] ?? '';
          const parsed = parseAmount(raw, decimal);
          if (parsed === null) return null;
          if (parsed === INVALID) {
            rowFindings.push(finding('bad-amount', at(index), raw, 'expected an amount such as 250000'));
            return null;
          }
          if (parsed.value < 0) {
            rowFindings.push(finding('negative-amount', at(index), raw, 'expected an amount of 0 or more'));
            return null;
          }
          return parsed.value;
        };
        const currentRevenue = revenue(currentIndex);
        const futureRevenue = revenue(futureIndex);
        if (rowFindings.length > 0) {
          findings.push(...rowFindings);
          rowsRejected += 1;
          continue;
        }
        firstSeen.set(id.toLowerCase(), `${table.file} row ${row}`);
        const dimensions = dimensionsOf(cells.map((cell, index) => (repeated[index] as RepeatedTexts<string>).get(cell)));
        const name = nameIndex === -1 ? null : (cells[nameIndex] ?? '').trim() || null;
        accounts.push({ id, name, currentRevenue, futureRevenue, dimensions, source: { file: table.file, row } });
      }
    }
    files.push({ file: path, rowsRead: rowsRead - rowsBefore });
  }
  if (rowsRead === 0) throw new DealmathError('empty-input', 'the accounts file has no rows', { file: lastFile });
  return { accounts, rowsRead, rowsRejected, findings, files };
}

/** Kept here for callers that read accounts: the check itself is model (model/accountColumns.ts). */
export { accountsHaveColumn } from '../model/accountColumns.js';
