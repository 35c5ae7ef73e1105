/**
 * The columns of a deals file as a warehouse table would carry them: which header feeds each
 * deal field, decided exactly as the commands decide it (the header and first rows, --map,
 * --preset, the config's columns), for SQL over a table exported the same way.
 */
import type { Config } from '../model/config.js';
import type { Preset } from '../model/mapping.js';
import type { DealField } from '../model/types.js';
import { inferFileColumns, SNIFF_ROWS } from './readDeals.js';
import { historyColumnIndexes } from './readHistory.js';
import { openTable } from './table.js';

export interface TableColumns {
  /** Deal field -> header. */
  readonly columns: Partial<Record<DealField, string>>;
  /** Every other header: the dimensions. */
  readonly dimensions: string[];
  readonly amountInBaseCurrency: boolean;
}

export async function dealColumnsOf(
  path: string,
  options: { readonly config: Config; readonly preset?: Preset | undefined; readonly map?: Readonly<Partial<Record<DealField, string>>> | undefined; readonly delimiter?: string | undefined; readonly sheet?: string | undefined },
): Promise<TableColumns> {
  const table = await openTable(path, { delimiter: options.delimiter ?? options.config.delimiter, encoding: options.config.encoding, sheet: options.sheet });
  const rows = table.batches[Symbol.asyncIterator]();
  const sample: (readonly string[])[] = [];
  try {
    while (sample.length < SNIFF_ROWS) {
      const next = await rows.next();
      if (next.done) break;
      for (const row of next.value) sample.push(row.cells);
    }
  } finally {
    await rows.return?.(undefined);
  }
  const { mapping } = inferFileColumns(table.file, table.header, sample.slice(0, SNIFF_ROWS), options);
  const columns: Partial<Record<DealField, string>> = {};
  for (const [field, index] of Object.entries(mapping.fields) as [DealField, number][]) columns[field] = table.header[index] ?? '';
  return { columns, dimensions: mapping.dimensions.map((index) => table.header[index] ?? ''), amountInBaseCurrency: mapping.amountInBaseCurrency };
}

/**
 * The columns of a stage-history file as a warehouse table would carry them: the headers the
 * history reader takes for deal_id, stage and entered (readHistory.ts HISTORY_COLUMNS).
 */
export async function historyColumnsOf(path: string, options: { readonly config: Config; readonly delimiter?: string | undefined }): Promise<{ dealId: string; stage: string; entered: string }> {
  const table = await openTable(path, { delimiter: options.delimiter ?? options.config.delimiter, encoding: options.config.encoding });
  await table.batches[Symbol.asyncIterator]().return?.(undefined);
  const found = historyColumnIndexes(table);
  return { dealId: table.header[found.dealId] ?? 'deal_id', stage: table.header[found.stage] ?? 'stage', entered: table.header[found.entered] ?? 'entered' };
}
