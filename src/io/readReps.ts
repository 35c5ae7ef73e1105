/**
 * Reads a reps file (CSV, YAML or JSON): `owner, quota[, team][, manager]`, one row per rep.
 * A bad row is an error naming file, row and column: quotas drive every coverage figure. An
 * empty quota cell is a rep without a quota (null).
 */
import { DealmathError } from '../model/errors.js';
import { normalizeHeader } from '../model/mapping.js';
import type { Rep } from '../model/types.js';
import { INVALID, parseAmount, type DecimalSeparator } from '../model/values.js';
import { openTable } from './table.js';

const OWNER_HEADERS = ['owner', 'rep', 'name', 'opportunity_owner', 'deal_owner', 'sales_rep'].map(normalizeHeader);
const QUOTA_HEADERS = ['quota', 'target', 'quota_amount', 'period_quota'].map(normalizeHeader);
const TEAM_HEADERS = ['team', 'group', 'squad'].map(normalizeHeader);
const MANAGER_HEADERS = ['manager', 'manager_name', 'sales_manager', 'reports_to'].map(normalizeHeader);

export async function readReps(path: string, options: { decimal?: DecimalSeparator; delimiter?: string | undefined } = {}): Promise<Rep[]> {
  const table = await openTable(path, { delimiter: options.delimiter });
  const find = (aliases: readonly string[]): number => table.header.findIndex((header) => aliases.includes(normalizeHeader(header)));
  const ownerIndex = find(OWNER_HEADERS);
  const quotaIndex = find(QUOTA_HEADERS);
  const teamIndex = find(TEAM_HEADERS);
  const managerIndex = find(MANAGER_HEADERS);
  if (ownerIndex === -1 || quotaIndex === -1) {
    throw new DealmathError('malformed-input', `a reps file needs an owner column and a quota column; found ${table.header.join(', ')}`, { file: table.file });
  }
  const reps: Rep[] = [];
  const seen = new Map<string, number>();
  for await (const batch of table.batches) {
    for (const { row, cells } of batch) {
      const owner = (cells[ownerIndex] ?? '').trim();
      const quotaText = cells[quotaIndex] ?? '';
      const location = { file: table.file, row, column: table.header[quotaIndex] };
      if (owner === '') throw new DealmathError('malformed-input', 'expected a rep name, found an empty cell', { ...location, column: table.header[ownerIndex] });
      // An empty quota is a rep without one (METRICS.md "Quota attainment"): listed apart, out of the totals.
      const quota = parseAmount(quotaText, options.decimal ?? '.');
      if (quota === INVALID || (quota !== null && quota.value < 0)) {
        throw new DealmathError('malformed-input', `expected a quota of 0 or more (or an empty cell for a rep without one), found ${JSON.stringify(quotaText)}`, location);
      }
      const earlier = seen.get(owner.toLowerCase());
      if (earlier !== undefined) throw new DealmathError('malformed-input', `rep "${owner}" is listed twice (first at row ${earlier})`, { ...location, column: table.header[ownerIndex] });
      seen.set(owner.toLowerCase(), row);
      const team = teamIndex === -1 ? '' : (cells[teamIndex] ?? '').trim();
      const manager = managerIndex === -1 ? '' : (cells[managerIndex] ?? '').trim();
      reps.push({ owner, quota: quota === null ? null : quota.value, team: team === '' ? null : team, ...(managerIndex === -1 ? {} : { manager: manager === '' ? null : manager }), source: { file: table.file, row } });
    }
  }
  if (reps.length === 0) throw new DealmathError('empty-input', 'the reps file lists no reps', { file: table.file });
  return reps;
}
