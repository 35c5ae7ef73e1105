/**
 * Streams a long-form stage history (`deal_id, stage, entered`; a Salesforce OpportunityHistory
 * export maps with no config) into a sink, one StageEntry per usable row and a finding per
 * rejected one (METRICS.md "Records": stage history).
 */
import type { Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import { finding, type Finding } from '../model/findings.js';
import { normalizeHeader } from '../model/mapping.js';
import { RepeatedTexts } from '../model/repeatedTexts.js';
import { createHistoryIndex, type PackedHistory } from '../model/packedHistory.js';
import { stageOrderOf, stagePosition } from '../model/stageHistory.js';
import type { StageEntry } from '../model/types.js';
import { INVALID, dateOrderEvidence, isAmbiguousSlashDate, parseDate, type DateOrder, type DateOrderEvidence } from '../model/values.js';
import { openTable, type RawRow, type Table } from './table.js';

/** Rows read before the day/month order of the entered column is decided. */
const SNIFF_ROWS = 5000;

/** Header aliases, earlier first; matched by normalizeHeader (case and punctuation ignored). */
export const HISTORY_COLUMNS = {
  dealId: ['deal_id', 'OpportunityId', 'Opportunity ID', 'dealId'],
  stage: ['stage', 'StageName', 'Stage', 'To Stage'],
  entered: ['entered', 'CreatedDate', 'Created Date', 'Date', 'entered_at', 'Edit Date'],
} as const;

export type HistoryColumn = keyof typeof HISTORY_COLUMNS;

export interface HistoryInputOptions {
  readonly config: Config;
  readonly delimiter?: string | undefined;
}

export interface HistorySink {
  entry(entry: StageEntry): void;
  finding(found: Finding): void;
}

export interface HistoryFileSummary {
  readonly file: string;
  readonly format: Table['format'];
  readonly header: readonly string[];
  /** The header read for each column. */
  readonly columns: Readonly<Record<HistoryColumn, string>>;
  readonly dateOrder: DateOrder | null;
  readonly rowsRead: number;
  readonly rowsRejected: number;
}

export interface HistoryReadSummary {
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly files: readonly HistoryFileSummary[];
}

/**
 * Reads every history file in turn. A row with a missing id, a bad date, or a stage the config
 * does not list (when it lists stages) is a finding (file, row with header = row 1, column) and
 * is rejected; stages are renamed to the config's spelling. A file without one of the three
 * columns, or with no data rows, is a DealmathError.
 */
export async function readHistory(paths: readonly string[], options: HistoryInputOptions, sink: HistorySink): Promise<HistoryReadSummary> {
  if (paths.length === 0) throw new DealmathError('usage', 'no stage history file given');
  const files: HistoryFileSummary[] = [];
  for (const path of paths) files.push(await readHistoryFile(path, options, sink));
  return {
    rowsRead: files.reduce((sum, file) => sum + file.rowsRead, 0),
    rowsRejected: files.reduce((sum, file) => sum + file.rowsRejected, 0),
    files,
  };
}

/**
 * Reads the history into the join index (entries by deal id, packed: see model/packedHistory.ts;
 * `packedHistoryLookup` finds a deal's entries). This holds every history row in memory, bounded
 * by MAX_HISTORY_ENTRIES: the history must be whole before deals stream past it.
 */
export async function readHistoryIndex(
  paths: readonly string[],
  options: HistoryInputOptions,
  onFinding: (found: Finding) => void,
): Promise<{ history: PackedHistory; summary: HistoryReadSummary }> {
  const index = createHistoryIndex();
  const summary = await readHistory(paths, options, { entry: (entry) => index.add(entry), finding: onFinding });
  return { history: index.pack(), summary };
}

/** The index of each history column in a table's header (a DealmathError naming the one missing). */
export function historyColumnIndexes(table: Pick<Table, 'header' | 'file'>): Record<HistoryColumn, number> {
  const indexByKey = new Map<string, number>();
  table.header.forEach((name, index) => {
    const key = normalizeHeader(name);
    if (key !== '' && !indexByKey.has(key)) indexByKey.set(key, index);
  });
  const found: Partial<Record<HistoryColumn, number>> = {};
  for (const column of Object.keys(HISTORY_COLUMNS) as HistoryColumn[]) {
    for (const alias of HISTORY_COLUMNS[column]) {
      const index = indexByKey.get(normalizeHeader(alias));
      if (index !== undefined && !Object.values(found).includes(index)) {
        found[column] = index;
        break;
      }
    }
    if (found[column] === undefined) {
      throw new DealmathError(
        'bad-mapping',
        `the stage history has no ${column} column (expected one of: ${HISTORY_COLUMNS[column].join(', ')}); the header has: ${table.header.slice(0, 30).join(', ')}`,
        { file: table.file },
      );
    }
  }
  return found as Record<HistoryColumn, number>;
}

function decideDateOrder(table: Table, column: number, sample: readonly RawRow[], config: Config): DateOrder | null {
  const fixed = config.dateOrder ?? config.dateFormat;
  if (fixed !== undefined) return fixed;
  let evidence: DateOrderEvidence = 'none';
  let ambiguous: string | null = null;
  for (const { cells } of sample) {
    const cell = cells[column] ?? '';
    evidence = dateOrderEvidence(cell, evidence);
    if (ambiguous === null && isAmbiguousSlashDate(cell)) ambiguous = cell.trim();
  }
  const header = table.header[column];
  if (evidence === 'both') {
    throw new DealmathError('malformed-input', 'the column mixes D/M/YYYY and M/D/YYYY dates; fix the export or pass --date-order dmy, mdy or ymd (config dateOrder)', { file: table.file, column: header });
  }
  if (evidence === 'mdy' || evidence === 'dmy') return evidence;
  if (ambiguous !== null) {
    throw new DealmathError('malformed-input', `dates like ${ambiguous} could be M/D/YYYY or D/M/YYYY and no value decides it; pass --date-order dmy, mdy or ymd (config dateOrder)`, { file: table.file, column: header });
  }
  return null;
}

async function readHistoryFile(path: string, options: HistoryInputOptions, sink: HistorySink): Promise<HistoryFileSummary> {
  const { config } = options;
  const table = await openTable(path, { delimiter: options.delimiter ?? config.delimiter });
  const rest = table.batches[Symbol.asyncIterator]();
  const sample: RawRow[] = [];
  let columns: ReturnType<typeof historyColumnIndexes>;
  let dateOrder: ReturnType<typeof decideDateOrder>;
  try {
    columns = historyColumnIndexes(table);
    while (sample.length < SNIFF_ROWS) {
      const next = await rest.next();
      if (next.done) break;
      sample.push(...next.value);
    }
    dateOrder = decideDateOrder(table, columns.entered, sample, config);
  } catch (error) {
    // Refused for its header or first rows: the file is closed now, not by the garbage collector.
    await rest.return?.(undefined);
    throw error;
  }
  const stageOrder = stageOrderOf(config);
  // A stage column repeats a few labels over millions of rows (see RepeatedTexts).
  const positions = new RepeatedTexts((label: string) => stagePosition(stageOrder, label));
  const checkStages = config.stages !== undefined;
  const file = table.file;
  const header = (column: HistoryColumn): string => table.header[columns[column]] ?? column;
  let rowsRead = 0;
  let rowsRejected = 0;

  const handle = (rows: readonly RawRow[]): void => {
    for (const { row, cells } of rows) {
      rowsRead += 1;
      let rejected = false;
      const reject = (rule: Finding['rule'], column: HistoryColumn, value: string, detail: string): void => {
        rejected = true;
        sink.finding(finding(rule, { file, row, column: header(column) }, value, detail));
      };
      const dealId = (cells[columns.dealId] ?? '').trim();
      if (dealId === '') reject('missing-id', 'dealId', '', 'expected the id of the deal this stage change belongs to');
      const stageRaw = (cells[columns.stage] ?? '').trim();
      const position = stageRaw === '' ? null : positions.get(stageRaw);
      if (stageRaw === '' || (checkStages && position === null)) {
        reject('unknown-stage', 'stage', stageRaw, `expected one of the configured stages: ${[...stageOrder.open, ...stageOrder.closed].join(', ')}`);
      }
      const enteredRaw = cells[columns.entered] ?? '';
      const entered = parseDate(enteredRaw, dateOrder);
      if (entered === INVALID || entered === null) {
        reject('bad-date', 'entered', enteredRaw, 'expected the date the stage was entered, such as 2026-03-31, 3/31/2026 or 31-Mar-2026');
      }
      if (rejected || entered === INVALID || entered === null) {
        rowsRejected += 1;
        continue;
      }
      sink.entry({ dealId, stage: position?.label ?? stageRaw, entered, source: { file, row } });
    }
  };
  handle(sample);
  for (;;) {
    const next = await rest.next();
    if (next.done) break;
    handle(next.value);
  }
  if (rowsRead === 0) throw new DealmathError('empty-input', 'the stage history has a header but no data rows', { file });
  return {
    file,
    format: table.format,
    header: table.header,
    columns: { dealId: header('dealId'), stage: header('stage'), entered: header('entered') },
    dateOrder,
    rowsRead,
    rowsRejected,
  };
}
