/**
 * Reads accounts (CSV, YAML or JSON): id, name, current_revenue, future_revenue, and every
 * other column (scored elements such as market_growth) kept as dimensions. A row without an id,
 * with a repeated id or with an unreadable revenue is a finding and is rejected.
 */
import { DealmathError } from '../model/errors.js';
import { finding, type Finding } from '../model/findings.js';
import { normalizeHeader } from '../model/mapping.js';
import type { Account } from '../model/types.js';
import { INVALID, parseAmount, type DecimalSeparator } from '../model/values.js';
import { openTable } from './table.js';

const ID_HEADERS = ['account_id', 'id', 'account id', 'record id', 'company id', 'organization id'].map(normalizeHeader);
const NAME_HEADERS = ['name', 'account_name', 'account name', 'company name', 'organization', 'company'].map(normalizeHeader);
const CURRENT_HEADERS = ['current_revenue', 'current', 'revenue', 'annual_revenue_won'].map(normalizeHeader);
const FUTURE_HEADERS = ['future_revenue', 'future', 'potential', 'future_potential'].map(normalizeHeader);

export interface AccountsRead {
  readonly accounts: Account[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly findings: Finding[];
}

export async function readAccounts(paths: readonly string[], options: { decimal?: DecimalSeparator; delimiter?: string | undefined } = {}): Promise<AccountsRead> {
  const accounts: Account[] = [];
  const findings: Finding[] = [];
  const firstSeen = new Map<string, string>();
  let rowsRead = 0;
  let rowsRejected = 0;
  for (const path of paths) {
    const table = await openTable(path, { delimiter: options.delimiter });
    const find = (aliases: readonly string[]): number => table.header.findIndex((header) => aliases.includes(normalizeHeader(header)));
    const idIndex = find(ID_HEADERS);
    const nameIndex = find(NAME_HEADERS);
    const currentIndex = find(CURRENT_HEADERS);
    const futureIndex = find(FUTURE_HEADERS);
    if (idIndex === -1 && nameIndex === -1) {
      throw new DealmathError('bad-mapping', `an accounts file needs an id or a name column (account_id, id, name...); found ${table.header.slice(0, 30).join(', ')}`, { file: table.file });
    }
    const keyIndex = idIndex === -1 ? nameIndex : idIndex;
    for await (const batch of table.batches) {
      for (const { row, cells } of batch) {
        rowsRead += 1;
        const where = (index: number) => ({ file: table.file, row, column: table.header[index] ?? null });
        const reject = (found: Finding): void => {
          findings.push(found);
        };
        let rejected = false;
        const id = (cells[keyIndex] ?? '').trim();
        if (id === '') {
          reject(finding('missing-id', where(keyIndex), '', 'expected an account id'));
          rejected = true;
        } else if (firstSeen.has(id.toLowerCase())) {
          reject(finding('duplicate-id', where(keyIndex), id, `expected a unique account id; first seen at ${firstSeen.get(id.toLowerCase()) ?? ''}`));
          rejected = true;
        }
        const revenue = (index: number): number | null => {
          if (index === -1) return null;
          const raw = cells[index] ?? '';
          const parsed = parseAmount(raw, options.decimal ?? '.');
          if (parsed === INVALID) {
            reject(finding('bad-amount', where(index), raw, 'expected an amount such as 250000'));
            rejected = true;
            return null;
          }
          if (parsed !== null && parsed.value < 0) {
            reject(finding('negative-amount', where(index), raw, 'expected an amount of 0 or more'));
            rejected = true;
          }
          return parsed?.value ?? null;
        };
        const currentRevenue = revenue(currentIndex);
        const futureRevenue = revenue(futureIndex);
        if (rejected || cells.length !== table.header.length) {
          if (!rejected) reject(finding('ragged-row', { file: table.file, row, column: null }, null, `expected ${table.header.length} fields as in the header, found ${cells.length}`));
          rowsRejected += 1;
          continue;
        }
        firstSeen.set(id.toLowerCase(), `${table.file} row ${row}`);
        const dimensions: Record<string, string> = Object.create(null) as Record<string, string>;
        table.header.forEach((header, index) => {
          if (index !== idIndex && index !== nameIndex) dimensions[header] = cells[index] ?? '';
        });
        const name = nameIndex === -1 ? null : (cells[nameIndex] ?? '').trim() || null;
        accounts.push({ id, name, currentRevenue, futureRevenue, dimensions, source: { file: table.file, row } });
      }
    }
  }
  if (accounts.length === 0 && rowsRead === 0) throw new DealmathError('empty-input', 'the accounts file has no rows', { file: paths[0] });
  return { accounts, rowsRead, rowsRejected, findings };
}
