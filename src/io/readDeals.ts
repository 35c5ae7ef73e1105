/**
 * Streams deals from one or more files (read as one input) into a callback, with every
 * rejected row reported as a finding. Memory: the set of ids seen (to catch duplicates)
 * grows with rows; everything else is per file.
 */
import { stat } from 'node:fs/promises';
import type { Config } from '../model/config.js';
import { FormatDecisions, createDealReader, sniffRunFormats, type ColumnFormats } from '../model/dealReader.js';
import { DealmathError } from '../model/errors.js';
import { finding, type Finding } from '../model/findings.js';
import { inferColumns, requireDecided, type ColumnInference } from '../model/columnInference.js';
import { MappingError, type ColumnMapping, type Preset } from '../model/mapping.js';
import type { DayNumber, Deal, DealField } from '../model/types.js';
import { openTable, type Newline, type RawRow, type Table } from './table.js';
import { sha256OfFile, sha256OnThread, type ByteRange } from './textInput.js';
import { IdIndex } from './idIndex.js';

/** Rows the formats of a run (date order, decimal, probability scale) are decided from: the first ones, exactly these many, across its files. */
export const SNIFF_ROWS = 5000;

export interface DealInputOptions {
  readonly config: Config;
  readonly preset?: Preset | undefined;
  /** Field -> header overrides from `--map`, on top of the config's `columns:`. */
  readonly map?: Readonly<Partial<Record<DealField, string>>> | undefined;
  readonly delimiter?: string | undefined;
  /** Map only the columns inference is sure of and leave the rest unmapped instead of stopping (`inspect`). */
  readonly acceptUndecided?: boolean | undefined;
  /** The sheet of an .xlsx workbook (default: the first). */
  readonly sheet?: string | undefined;
  /** Called once per file after its header is mapped and before its rows stream; may throw a DealmathError. */
  readonly onFile?: ((file: { readonly file: string; readonly header: readonly string[]; readonly mapping: ColumnMapping }) => void) | undefined;
  /**
   * The header of a column that scopes ids (a snapshot-date column): an id may repeat across its
   * values, and only a repeat within one value is a duplicate. Absent: ids are unique in the run.
   */
  readonly idScope?: string | undefined;
  /** The run's as-of date: a deal open by its stage at 100% or 0% with a past close date is an unclear-stage warning. */
  readonly asOf?: DayNumber | undefined;
}

export interface FileSummary {
  readonly file: string;
  readonly format: Table['format'];
  readonly encoding: Table['encoding'];
  readonly delimiter: string | null;
  readonly header: readonly string[];
  readonly mapping: ColumnMapping;
  /** How each column was mapped, and what was left undecided. */
  readonly inference: ColumnInference;
  readonly formats: ColumnFormats;
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly blankLines: number;
  readonly footerRows: number;
  /** The footer rows left out (row and cells), for validate to list; empty when read in parts. */
  readonly footers: readonly RawRow[];
  /** SHA-256 of the file's bytes (lowercase hex); null for stdin when it could not be hashed. */
  readonly sha256: string | null;
}

export interface ReadSummary {
  readonly files: readonly FileSummary[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
  /** True when some file had no id column, so its rows got row-number ids and duplicates cannot be detected. */
  readonly rowNumberIds: boolean;
}

export interface DealSink {
  deal(deal: Deal): void;
  finding(finding: Finding): void;
  /**
   * A rejected row that names a deal: its id as a usable row's would read (trimmed) and its cells.
   * Snapshots use it to tell a deal whose row was unreadable from one that was absent.
   */
  rejected?(id: string, cells: readonly string[]): void;
}

/**
 * Reads every file in turn, calling `sink.deal` for each usable row and `sink.finding` for each
 * finding. The formats are decided once for the run, from its first SNIFF_ROWS rows (which span
 * files when the first ones are short), and every file is read and checked against them: split
 * in two, a file reads as it does whole.
 */
export async function readDeals(paths: readonly string[], options: DealInputOptions, sink: DealSink): Promise<ReadSummary> {
  if (paths.length === 0) throw new DealmathError('usage', 'no input file given');
  // id -> where it was first seen, packed as fileIndex * ROW_SPAN + row.
  const files: FileSummary[] = [];
  let seenIds: IdIndex | null = null;
  let rowNumberIds = false;
  const opened: OpenedDealFile[] = [];
  let sampled = 0;
  try {
    for (const path of paths) {
      if (sampled >= SNIFF_ROWS) break;
      const file = await openDealFile(path, options);
      opened.push(file);
      sampled += file.sample.length;
    }
    const decisions = new FormatDecisions(sniffRunFormats(sampleSegments(opened), options.config));
    for (const [index, path] of paths.entries()) {
      if (opened[index] === undefined) opened[index] = await openDealFile(path, options);
      const file = opened[index] as OpenedDealFile;
      const summary = await readDealFile(path, file, decisions, options, sink, (expectedRows) => (seenIds ??= new IdIndex(paths.length === 1 ? expectedRows : undefined)), files);
      if (summary.mapping.fields.id === undefined) rowNumberIds = true;
      files.push(summary);
    }
  } finally {
    // A run refused part way closes every file it opened now, not when the collector finds them.
    await Promise.allSettled(opened.map((file) => file.rest.return?.(undefined)));
  }
  return {
    files,
    rowsRead: files.reduce((sum, file) => sum + file.rowsRead, 0),
    rowsRejected: files.reduce((sum, file) => sum + file.rowsRejected, 0),
    rowNumberIds,
  };
}

interface OpenedDealFile {
  readonly table: Table;
  readonly mapping: ColumnMapping;
  /** How each column was mapped, and what was left undecided. */
  readonly inference: ColumnInference;
  readonly sample: RawRow[];
  readonly rest: AsyncIterator<readonly RawRow[]>;
  /** The file's size in bytes (0 for stdin or what is not a regular file). */
  readonly bytes: number;
}

/** Exactly the first SNIFF_ROWS rows of the run, as a file read in parts decides them (parallel.ts). */
function sampleSegments(opened: readonly OpenedDealFile[]) {
  let left = SNIFF_ROWS;
  return opened.map(({ table, mapping, sample }) => {
    const taken = sample.slice(0, Math.max(0, left));
    left -= taken.length;
    return { file: table.file, headers: table.header, mapping, rows: taken.map((raw) => raw.cells), rowNumbers: taken.map((raw) => raw.row) };
  });
}

/** A deals file's table with its first SNIFF_ROWS rows read ahead, and the column guesses they support. */
async function sampleFile(path: string, options: DealInputOptions): Promise<Omit<OpenedDealFile, 'mapping'>> {
  const bytes = path === '-' ? 0 : await sizeOf(path);
  const hash = bytes < HASH_ON_THREAD_BYTES;
  const table = await openTable(path, { delimiter: options.delimiter ?? options.config.delimiter, encoding: options.config.encoding, sheet: options.sheet, hash }).catch((error: unknown) => {
    throw refusedWhenEmpty(error);
  });
  const rest = table.batches[Symbol.asyncIterator]();
  const sample: RawRow[] = [];
  try {
    // The footer rule needs the id column before the first rows are read (a short file ends in its sample):
    // the header alone names it in all but inferred cases.
    table.stats.idColumn = inferFileColumns(table.file, table.header, [], options).mapping.fields.id ?? -1;
    while (sample.length < SNIFF_ROWS) {
      const next = await rest.next();
      if (next.done) break;
      sample.push(...next.value);
    }
    const inference = inferFileColumns(table.file, table.header, sample.slice(0, SNIFF_ROWS).map((raw) => raw.cells), options);
    return { table, inference, sample, rest, bytes };
  } catch (error) {
    await rest.return?.(undefined);
    throw refusedWhenEmpty(error);
  }
}

/**
 * A deals file holding an empty list of records has no usable row: refused as data (exit 1),
 * as a CSV header with no rows is, not as a file that cannot be read (exit 2).
 */
function refusedWhenEmpty(error: unknown): unknown {
  if (!(error instanceof DealmathError) || error.code !== 'no-records') return error;
  return new DealmathError('data-refused', 'the list of records is empty; expected deals', { file: error.file });
}

/** Opens a deals file: its table, the mapping its header and first rows decide, and those rows read ahead. */
async function openDealFile(path: string, options: DealInputOptions): Promise<OpenedDealFile> {
  const sampled = await sampleFile(path, options);
  try {
    const mapping = options.acceptUndecided === true ? sampled.inference.mapping : requireDecided(sampled.inference, sampled.table.file);
    sampled.table.stats.idColumn = mapping.fields.id ?? -1;
    return { ...sampled, mapping };
  } catch (error) {
    // A file refused for its columns is closed now, not when the collector finds its handle.
    await sampled.rest.return?.(undefined);
    throw error;
  }
}

/** Opens a deals file and decides its mapping and formats from its header and first rows (a run of this one file). */
export async function prepareDealFile(
  path: string,
  options: DealInputOptions,
): Promise<OpenedDealFile & { formats: ColumnFormats }> {
  const opened = await openDealFile(path, options);
  return { ...opened, formats: sniffRunFormats(sampleSegments([opened]), options.config) };
}

/**
 * The header, first rows and column guesses of a deals file, deciding nothing else: what
 * `inspect` shows when the file cannot be read as deals (no status column, ambiguous dates).
 */
export async function sampleDealFile(path: string, options: DealInputOptions): Promise<{ table: Table; sample: RawRow[]; inference: ColumnInference; rows: number }> {
  const { table, sample, rest, inference } = await sampleFile(path, options);
  // Every row is counted, so what cannot be read as deals is still accounted for.
  let rows = sample.length;
  for (;;) {
    const next = await rest.next();
    if (next.done) break;
    rows += next.value.length;
  }
  return { table, sample, inference, rows };
}

/**
 * The columns of a deals file from its header and first rows (columnInference.ts), with an
 * override naming a missing header worded as a one-line error.
 */
export function inferFileColumns(file: string, header: readonly string[], sample: readonly (readonly string[])[], options: Pick<DealInputOptions, 'config' | 'preset' | 'map'>): ColumnInference {
  try {
    return inferColumns(header, sample, { preset: options.preset ?? options.config.preset, overrides: { ...options.config.columns, ...options.map }, decimal: options.config.decimal });
  } catch (error) {
    if (error instanceof MappingError) throw new DealmathError('bad-mapping', `${error.message}; the header has: ${header.slice(0, 30).join(', ')}`, { file, column: error.column ?? undefined });
    throw error;
  }
}

const ROW_SPAN = 2 ** 32;

/**
 * From this size a CSV file read whole (one pass: a stage history, `validate`, `inspect`, one
 * worker) is hashed on a thread of its own instead of as its bytes stream by, which cost the
 * reading thread 0.7 ms a MB: 0.1 s of `inspect` and `validate` on 1M deals (202 MB). Below it a
 * thread's start costs more than the hash.
 */
const HASH_ON_THREAD_BYTES = 32 * 1024 * 1024;

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Most ids the index makes room for up front (8M slots, 192 MB); past that it grows as rows come. */
const MAX_EXPECTED_ROWS = 1 << 22;
/** Fewest bytes a row takes in any format (a character and a line break; `{}` and a comma). */
const MIN_ROW_BYTES = 2;

/**
 * About how many rows `bytes` of CSV hold, from the first rows' length: the id index is made that
 * big up front, which spares it growing (copying) on the way. An estimate only; it grows past it.
 * Bounded: rows of empty cells (a JSON list of `{}`) once made it billions.
 */
export function expectedRows(bytes: number, sample: readonly RawRow[]): number {
  if (sample.length === 0 || bytes === 0) return 0;
  let chars = 0;
  for (const { cells } of sample) for (const cell of cells) chars += cell.length + 1;
  const estimate = Math.ceil((bytes / Math.max(sample.length * MIN_ROW_BYTES, chars)) * sample.length * 1.05);
  return Math.min(estimate, MAX_EXPECTED_ROWS);
}

async function readDealFile(
  path: string,
  opened: OpenedDealFile,
  decisions: FormatDecisions,
  options: DealInputOptions,
  sink: DealSink,
  idIndex: (expectedRows: number) => IdIndex,
  earlierFiles: readonly FileSummary[],
): Promise<FileSummary> {
  const { table, mapping, sample, rest, inference } = opened;
  options.onFile?.({ file: table.file, header: table.header, mapping });
  // A large file read whole is hashed alongside, on a core the reading leaves idle (see HASH_ON_THREAD_BYTES).
  const hashing = table.format === 'csv' && table.stats.digest === undefined && path !== '-' ? sha256OnThread(path) : null;
  // Left unawaited when the file is refused part way: its failure is then no one's to report.
  hashing?.catch(() => undefined);
  // Cell lengths say how many rows a CSV file holds, not a JSON or YAML file (keys and quotes around them).
  const seenIds = idIndex(path === '-' || table.format !== 'csv' ? 0 : expectedRows(opened.bytes, sample));
  const rows = rowReader({ table, mapping, decisions, config: options.config, sink, seenIds, fileIndex: earlierFiles.length, earlierFiles, idScope: options.idScope, asOf: options.asOf });
  rows.handle(sample);
  // The first rows are read: let them go rather than keep them for the whole file.
  sample.length = 0;
  for (;;) {
    const next = await rest.next();
    if (next.done) break;
    rows.handle(next.value);
  }
  if (rows.counts.rowsRead === 0) {
    throw new DealmathError('data-refused', 'the file has a header but no data rows', { file: table.file });
  }
  return {
    file: table.file,
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    header: table.header,
    mapping,
    inference,
    formats: decisions.snapshot(),
    rowsRead: rows.counts.rowsRead,
    rowsRejected: rows.counts.rowsRejected,
    blankLines: table.stats.blankLines,
    footerRows: table.stats.footerRows,
    footers: table.stats.footers ?? [],
    // Hashed as the bytes streamed (CSV, JSON), on a thread alongside (a large CSV file), or on its own (a workbook, YAML).
    sha256: table.stats.digest?.sha256 ?? (hashing === null ? await sha256OfFile(path) : await hashing),
  };
}

/**
 * The per-row loop shared by whole files and parts: read a deal, reject duplicates, count,
 * and hand usable deals on.
 */
function rowReader(context: {
  table: Table;
  mapping: ColumnMapping;
  decisions: FormatDecisions;
  config: DealInputOptions['config'];
  sink: DealSink;
  seenIds: IdIndex;
  fileIndex: number;
  earlierFiles: readonly FileSummary[];
  idScope?: string | undefined;
  asOf?: DayNumber | undefined;
}) {
  const { table, mapping, sink, seenIds, fileIndex, earlierFiles } = context;
  const scopeColumn = context.idScope === undefined ? -1 : table.header.indexOf(context.idScope);
  const idKey = (id: string, cells: readonly string[]): string => (scopeColumn === -1 ? id : `${cells[scopeColumn] ?? ''}\u0000${id}`);
  const readDeal = createDealReader({ file: table.file, headers: table.header, mapping, formats: context.decisions.snapshot(), decisions: context.decisions, config: context.config, asOf: context.asOf });
  const idColumn = mapping.fields.id === undefined ? null : (table.header[mapping.fields.id] ?? null);
  const counts = { rowsRead: 0, rowsRejected: 0 };
  let rowHasError = false;
  const onFinding = (found: Finding): void => {
    if (found.severity === 'error') rowHasError = true;
    sink.finding(found);
  };
  const idColumnIndex = mapping.fields.id ?? -1;
  const ids: string[] = [];
  const handle = (rows: readonly RawRow[]): void => {
    if (idColumnIndex !== -1) {
      ids.length = 0;
      for (const { cells } of rows) ids.push(idKey(cells[idColumnIndex] ?? '', cells));
      seenIds.warm(ids);
    }
    for (const { row, cells } of rows) {
      counts.rowsRead += 1;
      rowHasError = false;
      const deal = readDeal(cells, row, onFinding);
      if (deal !== null && idColumn !== null) {
        const firstSeen = seenIds.firstSeenOrAdd(idKey(deal.id, cells), fileIndex * ROW_SPAN + row);
        if (firstSeen !== -1) {
          const where = `${earlierFiles[Math.floor(firstSeen / ROW_SPAN)]?.file ?? table.file} row ${firstSeen % ROW_SPAN}`;
          onFinding(finding('duplicate-id', { file: table.file, row, column: idColumn }, deal.id, `expected a unique id; first seen at ${where}`));
        }
      }
      if (rowHasError || deal === null) {
        counts.rowsRejected += 1;
        if (sink.rejected !== undefined && idColumnIndex !== -1) {
          const id = (cells[idColumnIndex] ?? '').trim();
          if (id !== '') sink.rejected(id, cells);
        }
      } else {
        sink.deal(deal);
      }
    }
  };
  return { handle, counts };
}

/** How a part of one CSV file is read in a worker thread: its bytes, and what the first part decided. */
export interface DealPart {
  readonly path: string;
  readonly range: ByteRange;
  /** null for the first part (it reads the header); the file's header for the others. */
  readonly header: readonly string[] | null;
  readonly last: boolean;
  readonly delimiter: string;
  /** The file's line break, as its one pass reads it. */
  readonly newline: Newline;
  readonly mapping: ColumnMapping;
  readonly formats: ColumnFormats;
}

export interface DealPartSummary {
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly blankLines: number;
  readonly footerRows: number;
  /** Records in the part (header and blank lines included): the next part's row offset. */
  readonly records: number;
  /** The formats as the part ends: what its rows decided (partsAgree checks the parts against one pass). */
  readonly formats: ColumnFormats;
  /** The table of the part's ids (IdIndex.table) and how many it holds, to find an id in two parts. */
  readonly idTable: Float64Array;
  readonly idCount: number;
}

/**
 * Reads one part of a CSV file with the mapping and formats the whole file's first rows
 * decided. Rows are numbered within the part. Throws a DealmathError where the part cannot be
 * read as it stands (for example when it begins inside a quoted field); the caller then reads
 * the file in one pass instead.
 */
export async function readDealPart(part: DealPart, options: DealInputOptions, sink: DealSink): Promise<DealPartSummary> {
  // A part never guesses an encoding: bytes that are not UTF-8 fail it, and one pass decides for the whole file.
  const table = await openTable(part.path, { delimiter: part.delimiter, encoding: options.config.encoding ?? 'utf-8', part: { range: part.range, header: part.header, last: part.last, newline: part.newline } });
  if (part.header !== null && table.header.length !== part.header.length) throw new DealmathError('malformed-input', 'a part of the file does not match its header', { file: table.file });
  table.stats.idColumn = part.mapping.fields.id ?? -1;
  options.onFile?.({ file: table.file, header: table.header, mapping: part.mapping });
  const batches = table.batches[Symbol.asyncIterator]();
  const first = await batches.next();
  const firstRows = first.done ? [] : first.value;
  const seenIds = new IdIndex(expectedRows(part.range.end - part.range.start, firstRows));
  const decisions = new FormatDecisions(part.formats);
  const rows = rowReader({ table, mapping: part.mapping, decisions, config: options.config, sink, seenIds, fileIndex: 0, earlierFiles: [], asOf: options.asOf });
  rows.handle(firstRows);
  for (;;) {
    const next = await batches.next();
    if (next.done) break;
    rows.handle(next.value);
  }
  return {
    rowsRead: rows.counts.rowsRead,
    rowsRejected: rows.counts.rowsRejected,
    blankLines: table.stats.blankLines,
    footerRows: table.stats.footerRows,
    records: table.stats.records ?? 0,
    formats: decisions.snapshot(),
    idTable: seenIds.table(),
    idCount: seenIds.size,
  };
}
