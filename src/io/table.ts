/**
 * A table source: a header and a stream of data rows with their spreadsheet row numbers
 * (header = row 1). CSV streams through papaparse (csvRecords.ts); YAML and JSON lists of records are
 * read whole (they are small by nature) and look the same to the caller.
 */
import { parseDocument } from 'yaml';
import { DealmathError } from '../model/errors.js';
import { csvRecords } from './csvRecords.js';
import { decodeText, displayName, openBytes, readWholeText, type ByteRange, type Encoding } from './textInput.js';

/** Limits that keep hostile input bounded (README "Limits"). */
export const LIMITS = {
  /** Characters in one CSV record. */
  maxRecordChars: 4 * 1024 * 1024,
  /** Columns in a header. */
  maxColumns: 2000,
  /** Size of a YAML or JSON file read whole. */
  maxDocumentBytes: 64 * 1024 * 1024,
  /** YAML aliases resolved in one document (an alias bomb expands exponentially). */
  maxYamlAliases: 1000,
  /** Rows after a blank line at the end of a file that may be a report footer. */
  maxFooterRows: 50,
} as const;

export interface RawRow {
  /** 1-based spreadsheet row; the header is row 1. */
  readonly row: number;
  readonly cells: readonly string[];
}

export interface TableStats {
  blankLines: number;
  footerRows: number;
  /** Records read, header and blank lines included; set once the rows are exhausted (a part's row offset). */
  records?: number;
}

export interface Table {
  /** The name shown in messages (the path as given, or "stdin"). */
  readonly file: string;
  readonly format: 'csv' | 'yaml' | 'json';
  readonly encoding: Encoding;
  readonly delimiter: string | null;
  readonly header: readonly string[];
  /** Data rows in batches; iterate once. */
  readonly batches: AsyncIterable<readonly RawRow[]>;
  /** Filled in while iterating; complete once `batches` is exhausted. */
  readonly stats: TableStats;
}

export interface OpenTableOptions {
  /** Force a delimiter; detected from the header line otherwise. */
  readonly delimiter?: string | undefined;
  /**
   * Read one part of a CSV file (worker threads): its byte range, and for a part after the
   * first the header it has none of (rows are then numbered from 1 within the part). Only
   * the last part holds back a report footer.
   */
  readonly part?: { readonly range: ByteRange; readonly header: readonly string[] | null; readonly last: boolean } | undefined;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Opens a CSV, YAML or JSON file (or `-` for stdin, CSV/JSON/YAML by content) as a Table. */
export async function openTable(path: string, options: OpenTableOptions = {}): Promise<Table> {
  const file = displayName(path);
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return recordsTable(file, 'yaml', await readWholeText(path, LIMITS.maxDocumentBytes));
  if (lower.endsWith('.json')) return recordsTable(file, 'json', await readWholeText(path, LIMITS.maxDocumentBytes));
  return csvTable(path, file, options);
}

async function csvTable(path: string, file: string, options: OpenTableOptions): Promise<Table> {
  const part = options.part;
  const { encoding, chunks } = await decodeText(file, await openBytes(path, part?.range));
  const first = await chunks.next();
  const firstText = first.done ? '' : first.value;
  if (path === '-' && /^\s*[[{]/.test(firstText)) {
    let text = firstText;
    for await (const chunk of chunks) text += chunk;
    return recordsTable(file, 'json', text);
  }
  const delimiter = options.delimiter ?? detectDelimiter(firstText.replace(/^\s*[\r\n]+/, ''));
  // A line longer than the record limit is refused before the parser buffers it whole.
  let sinceNewline = 0;
  const checkLineLength = (chunk: string): void => {
    const firstNewline = chunk.indexOf('\n');
    if (firstNewline === -1) {
      sinceNewline += chunk.length;
    } else {
      const tooLong = sinceNewline + firstNewline > LIMITS.maxRecordChars || (chunk.length > LIMITS.maxRecordChars && longestLine(chunk) > LIMITS.maxRecordChars);
      sinceNewline = tooLong ? Infinity : chunk.length - chunk.lastIndexOf('\n') - 1;
    }
    if (sinceNewline > LIMITS.maxRecordChars) {
      throw new DealmathError('limit-exceeded', `a line is longer than ${LIMITS.maxRecordChars} characters, the limit per row`, { file });
    }
  };
  async function* text(): AsyncGenerator<string> {
    if (firstText !== '') {
      checkLineLength(firstText);
      yield firstText;
    }
    for await (const chunk of chunks) {
      checkLineLength(chunk);
      yield chunk;
    }
  }
  const batches = csvRecords(text(), { file, delimiter })[Symbol.asyncIterator]();
  if (part !== undefined && part.header !== null) {
    const stats: TableStats = { blankLines: 0, footerRows: 0 };
    return { file, format: 'csv', encoding, delimiter, header: part.header, batches: csvBatches([], batches, 0, part.header.length, stats, part.last), stats };
  }
  // Blank lines before the header are skipped; the header is the first line with content.
  let row = 0;
  let headerRecord: string[] | null = null;
  let rest: string[][] = [];
  while (headerRecord === null) {
    const next = await batches.next();
    if (next.done) break;
    const records = next.value;
    for (let index = 0; index < records.length; index += 1) {
      row += 1;
      const record = records[index] as string[];
      if (!isBlankRecord(record)) {
        headerRecord = record;
        rest = records.slice(index + 1);
        break;
      }
    }
  }
  if (headerRecord === null) {
    throw new DealmathError('empty-input', 'the file is empty; expected a header row and data rows', { file });
  }
  if (headerRecord.length > LIMITS.maxColumns) {
    throw new DealmathError('limit-exceeded', `the header has ${headerRecord.length} columns; at most ${LIMITS.maxColumns} are read`, { file, row });
  }
  const header = cleanHeader(headerRecord);
  const stats: TableStats = { blankLines: row - 1, footerRows: 0 };
  return { file, format: 'csv', encoding, delimiter, header, batches: csvBatches(rest, batches, row, header.length, stats, part?.last ?? true), stats };
}

function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (;;) {
    const index = text.indexOf('\n', start);
    if (index === -1) return Math.max(longest, text.length - start);
    longest = Math.max(longest, index - start);
    start = index + 1;
  }
}

/** A blank line, or a row of empty cells (how a spreadsheet saves an empty row). */
function isBlankRecord(record: readonly string[]): boolean {
  for (const cell of record) if (cell.trim() !== '') return false;
  return true;
}

/** Data rows with their row numbers, in the parser's batches; blank lines and footers counted apart. */
async function* csvBatches(
  first: string[][],
  batches: AsyncIterator<string[][]>,
  headerRow: number,
  width: number,
  stats: TableStats,
  last: boolean,
): AsyncGenerator<RawRow[]> {
  let row = headerRow;
  // Rows after a blank line are held back: at the end of the file they may be a report footer.
  let held: RawRow[] | null = null;
  let heldBlankLines = 0;
  let records: string[][] | null = first;
  while (records !== null) {
    const out: RawRow[] = [];
    for (const record of records) {
      row += 1;
      if (isBlankRecord(record)) {
        if (held === null) held = [];
        heldBlankLines += 1;
        continue;
      }
      const current: RawRow = { row, cells: record };
      if (held !== null) {
        if (looksLikeFooter(record, width) && held.length < LIMITS.maxFooterRows) {
          held.push(current);
          continue;
        }
        for (const earlier of held) out.push(earlier);
        stats.blankLines += heldBlankLines;
        held = null;
        heldBlankLines = 0;
      }
      out.push(current);
    }
    if (out.length > 0) yield out;
    const next = await batches.next();
    records = next.done ? null : next.value;
  }
  if (held !== null) {
    // A part that is not the file's last has no footer: the rows it held are data.
    if (last) stats.footerRows += held.length;
    else yield held;
    stats.blankLines += heldBlankLines;
  }
  stats.records = row;
}

/** A report footer row ("Grand Totals (15 records)", "Copyright ..."): ragged, or at most two filled cells. */
function looksLikeFooter(cells: readonly string[], width: number): boolean {
  if (cells.length !== width) return true;
  let filled = 0;
  for (const cell of cells) if (cell.trim() !== '') filled += 1;
  return filled <= 2 && width > 3;
}

/** Picks the delimiter that occurs most often, outside quotes, in the header line. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = counts.get(delimiter) ?? 0;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/** Trims headers, names empty ones `column N`, and suffixes repeats (`Amount (2)`) so every column has a key. */
function cleanHeader(record: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return record.map((raw, index) => {
    const base = raw.replace(/^\uFEFF/, '').trim() || `column ${index + 1}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/** A YAML or JSON list of records as a Table: header = keys in order of first appearance. */
export function recordsTable(file: string, format: 'yaml' | 'json', text: string): Table {
  const records = parseRecordList(file, format, text);
  const header: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        header.push(key);
        if (header.length > LIMITS.maxColumns) {
          throw new DealmathError('limit-exceeded', `the records have more than ${LIMITS.maxColumns} distinct keys`, { file });
        }
      }
    }
  }
  const rows: RawRow[] = records.map((record, index) => ({
    // Row numbers count records from 2, as if the list were a sheet with a header.
    row: index + 2,
    cells: header.map((key) => scalarText(Object.hasOwn(record, key) ? record[key] : undefined, file, index + 2, key)),
  }));
  async function* batches(): AsyncGenerator<RawRow[]> {
    if (rows.length > 0) yield rows;
  }
  return { file, format, encoding: 'utf-8', delimiter: null, header: cleanHeader(header), batches: batches(), stats: { blankLines: 0, footerRows: 0 } };
}

/** Parses a YAML/JSON document with bounded aliases and depth; a mapping with a list value is unwrapped (`deals: [...]`). */
export function parseStructured(file: string, format: 'yaml' | 'json', text: string): unknown {
  try {
    if (format === 'json') return JSON.parse(text) as unknown;
    const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    if (document.errors.length > 0) {
      const error = document.errors[0];
      if (/call stack/i.test(error?.message ?? '')) throw new RangeError('nesting');
      const line = error?.linePos?.[0]?.line;
      throw new DealmathError('malformed-input', `not valid YAML (${(error?.message ?? '').split('\n')[0]})`, { file, row: line });
    }
    return document.toJS({ maxAliasCount: LIMITS.maxYamlAliases });
  } catch (error) {
    if (error instanceof DealmathError) throw error;
    if (error instanceof RangeError || /call stack/i.test(error instanceof Error ? error.message : '')) {
      throw new DealmathError('limit-exceeded', 'the document is nested too deeply to read', { file });
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (/alias/i.test(message ?? '')) {
      throw new DealmathError('limit-exceeded', `too many YAML aliases (at most ${LIMITS.maxYamlAliases}); the document expands too far to read`, { file });
    }
    throw new DealmathError('malformed-input', `not valid ${format.toUpperCase()} (${message})`, { file });
  }
}

function parseRecordList(file: string, format: 'yaml' | 'json', text: string): Record<string, unknown>[] {
  let document = parseStructured(file, format, text);
  if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
    const lists = Object.values(document).filter(Array.isArray);
    if (lists.length === 1) document = lists[0];
  }
  if (!Array.isArray(document)) {
    throw new DealmathError('malformed-input', `expected a list of records (or a mapping holding one list), found ${document === null ? 'nothing' : typeof document}`, { file });
  }
  if (document.length === 0) throw new DealmathError('empty-input', 'the list of records is empty', { file });
  return document.map((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new DealmathError('malformed-input', `record ${index + 1} is not a mapping of field to value`, { file, row: index + 2 });
    }
    return item as Record<string, unknown>;
  });
}

function scalarText(value: unknown, file: string, row: number, key: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  throw new DealmathError('malformed-input', 'expected a single value, found a nested list or mapping', { file, row, column: key });
}
