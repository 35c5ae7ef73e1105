/**
 * A table source: a header and a stream of data rows with their spreadsheet row numbers
 * (header = row 1). CSV streams through papaparse (csvRecords.ts), JSON through a record scanner
 * (jsonRecords.ts); a YAML list of records is read whole (within a limit). All look the same to the caller.
 */
import { parseDocument, visit, type Document } from 'yaml';
import type { InputEncoding } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import { csvRecords } from './csvRecords.js';
import { jsonRecordKeys, jsonRecords, objectKeyOrder, type JsonRecord } from './jsonRecords.js';
import { decodeText, displayName, documentTooLarge, openBytes, readWholeText, type ByteDigest, type ByteRange, type DecodedText, type Encoding } from './textInput.js';

/** Limits that keep hostile input bounded (README "Limits"). */
export const LIMITS = {
  /** Characters in one CSV record. */
  maxRecordChars: 4 * 1024 * 1024,
  /** Columns in a header. */
  maxColumns: 2000,
  /** Size of JSON on stdin, which is held to be read twice (a JSON file is streamed, at any size). */
  maxDocumentBytes: 64 * 1024 * 1024,
  /** Brackets open at once in a JSON document (records hold single values; this bounds the scanner and JSON.parse). */
  maxJsonDepth: 64,
  /**
   * Size of a YAML file read whole. Lower than JSON's: the yaml library's document tree takes about
   * 90 bytes of memory per byte of YAML (8 MiB: ~4 s, ~700 MB; 64 MiB would exhaust the heap).
   */
  maxYamlBytes: 8 * 1024 * 1024,
  /** YAML aliases resolved in one document (an alias bomb expands exponentially). */
  maxYamlAliases: 1000,
  /** Rows after a blank line at the end of a file that may be a report footer. */
  maxFooterRows: 50,
  /**
   * Size of an .xlsx workbook, read whole: a sheet of 100,000 deals (8 MiB) took about 3.7 s and
   * 205 MB; past this, CSV streams in bounded memory.
   */
  maxWorkbookBytes: 16 * 1024 * 1024,
} as const;

export interface RawRow {
  /** 1-based spreadsheet row; the header is row 1. */
  readonly row: number;
  readonly cells: readonly string[];
}

export interface TableStats {
  blankLines: number;
  footerRows: number;
  /** The footer rows left out, as read (at most LIMITS.maxFooterRows), for validate to list. */
  footers?: RawRow[];
  /**
   * The column that holds a deal's id, set by the reader once the header is mapped and before the
   * rows are read (-1: none): a row with a value there is data, never a report footer.
   */
  idColumn?: number;
  /** Records read, header and blank lines included; set once the rows are exhausted (a part's row offset). */
  records?: number;
  /** The file's SHA-256, hashed while its bytes stream (a whole CSV or JSON file; not a part). */
  digest?: ByteDigest;
}

export interface Table {
  /** The name shown in messages (the path as given, or "stdin"). */
  readonly file: string;
  readonly format: 'csv' | 'yaml' | 'json' | 'xlsx' | 'parquet';
  readonly encoding: Encoding;
  readonly delimiter: string | null;
  /** A CSV file's line break (one per file, decided from its first bytes); null for YAML and JSON. */
  readonly newline: Newline | null;
  readonly header: readonly string[];
  /** Data rows in batches; iterate once. */
  readonly batches: AsyncIterable<readonly RawRow[]>;
  /** Filled in while iterating; complete once `batches` is exhausted. */
  readonly stats: TableStats;
}

export interface OpenTableOptions {
  /** Force a delimiter; detected from the header line otherwise. */
  readonly delimiter?: string | undefined;
  /** Force a text encoding; detected otherwise (textInput.ts). */
  readonly encoding?: InputEncoding | undefined;
  /** The sheet of an .xlsx workbook to read (default: the first). */
  readonly sheet?: string | undefined;
  /**
   * Read one part of a CSV file (worker threads): its byte range, and for a part after the
   * first the header it has none of (rows are then numbered from 1 within the part). Only
   * the last part holds back a report footer.
   */
  readonly part?: { readonly range: ByteRange; readonly header: readonly string[] | null; readonly last: boolean; readonly newline?: Newline | undefined } | undefined;
  /**
   * Hash a whole CSV file's bytes as they stream (`stats.digest`): asked by a reader that reports
   * the digest and has no other thread to hash on. Side inputs are hashed for provenance on their
   * own, so hashing them here too was work thrown away (70 ms for 100 MB of stage history).
   */
  readonly hash?: boolean | undefined;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;
/** Rows per batch of a YAML or JSON table. */
const RECORD_BATCH = 1000;
/** Most rows in one CSV batch (a caller may spread a batch into arguments, which overflows the stack past ~100,000). */
const ROW_BATCH = 16_384;

/**
 * True when stdin's first line that says anything (not blank, not a `#` comment, not the `---`
 * document marker) is YAML's: a list item (`- ...`), or a mapping key with no delimiter on the
 * line (`deals:`, `id: D-1`). A CSV header is neither; read as CSV, YAML was taken as columns
 * named `- {deal_id: Y1` and so on.
 */
function looksLikeYaml(firstText: string): boolean {
  for (const line of firstText.split(/\r\n?|\n/)) {
    const text = line.trim();
    if (text === '' || text.startsWith('#') || text === '---') continue;
    return text === '-' || text.startsWith('- ') || (/^[^\s,;\t|"'][^,;\t|]*:(\s|$)/.test(text) && !/[,;\t|]/.test(text));
  }
  return false;
}

/** Opens a CSV, YAML or JSON file (or `-` for stdin, CSV/JSON/YAML by content) as a Table. */
export async function openTable(path: string, options: OpenTableOptions = {}): Promise<Table> {
  const file = displayName(path);
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return yamlTable(file, await readWholeText(path, LIMITS.maxYamlBytes, 'YAML', options.encoding));
  if (lower.endsWith('.json')) {
    // Read twice (keys, then rows): the second reading hashes the bytes.
    const digest: ByteDigest = { sha256: null };
    let readings = 0;
    return jsonTable(file, async () => (await decodeText(file, await openBytes(path, undefined, (readings += 1) === 2 ? digest : undefined), options.encoding)).chunks, digest);
  }
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return workbookTable(path, file, options.sheet);
  if (lower.endsWith('.parquet')) return parquetTable(path, file);
  if (options.sheet !== undefined) throw new DealmathError('usage', '--sheet is for .xlsx workbooks', { file });
  return csvTable(path, file, options);
}

/** The first sheet (or `sheet`) of a workbook as a Table: its first non-blank row is the header, as in CSV. */
async function workbookTable(path: string, file: string, sheet: string | undefined): Promise<Table> {
  const { readWorkbookSheet } = await import('./workbook.js');
  const { rows } = await readWorkbookSheet(path, file, sheet, LIMITS.maxWorkbookBytes);
  const headerIndex = rows.findIndex((record) => !isBlankRecord(record));
  const headerRecord = rows[headerIndex];
  if (headerRecord === undefined) throw new DealmathError('empty-input', `the sheet is empty; expected a header row and data rows`, { file });
  if (headerRecord.length > LIMITS.maxColumns) {
    throw new DealmathError('limit-exceeded', `the header has ${headerRecord.length} columns; at most ${LIMITS.maxColumns} are read`, { file, row: headerIndex + 1 });
  }
  const header = cleanHeader(headerRecord);
  // A sheet's rows are as wide as its widest: cells past the header that are empty are not data.
  const data = rows.slice(headerIndex + 1).map((record) => fitToWidth(record, header.length));
  const stats: TableStats = { blankLines: headerIndex, footerRows: 0 };
  async function* none(): AsyncGenerator<string[][]> {}
  return { file, format: 'xlsx', encoding: 'utf-8', delimiter: null, newline: null, header, batches: csvBatches(data, none(), headerIndex + 1, header.length, stats, true), stats };
}

/**
 * A Parquet file as a Table: its columns are the header, its records the rows (numbered from 1,
 * the file's first record), streamed one row group at a time (io/parquet.ts, loaded only here).
 * Parquet has no report footers: every record is data (`last` false keeps none back).
 */
async function parquetTable(path: string, file: string): Promise<Table> {
  const { openParquet } = await import('./parquet.js');
  const { header, batches } = await openParquet(path, file, ROW_BATCH);
  if (header.length > LIMITS.maxColumns) {
    throw new DealmathError('limit-exceeded', `the file has ${header.length} columns; at most ${LIMITS.maxColumns} are read`, { file });
  }
  const stats: TableStats = { blankLines: 0, footerRows: 0 };
  return { file, format: 'parquet', encoding: 'utf-8', delimiter: null, newline: null, header: cleanHeader([...header]), batches: csvBatches([], batches, 0, header.length, stats, false), stats };
}

/** A sheet row as wide as the header: padded with empty cells, or trimmed of empty trailing ones. */
function fitToWidth(record: readonly string[], width: number): string[] {
  if (record.length === width) return record as string[];
  if (record.length < width) return [...record, ...Array<string>(width - record.length).fill('')];
  return record.slice(width).every((cell) => cell.trim() === '') ? record.slice(0, width) : (record as string[]);
}

async function csvTable(path: string, file: string, options: OpenTableOptions): Promise<Table> {
  const part = options.part;
  // A whole file is hashed as it streams when asked; a part's bytes are only some of the file's.
  const digest: ByteDigest | undefined = part === undefined && options.hash === true ? { sha256: null } : undefined;
  const decoded = await decodeText(file, await openBytes(path, part?.range, digest), options.encoding);
  try {
    return await csvTableOf(path, file, options, decoded, digest);
  } catch (error) {
    // Refused before its rows (its header, a limit): the file is closed now, not by the collector.
    await decoded.chunks.return(undefined);
    throw error;
  }
}

async function csvTableOf(path: string, file: string, options: OpenTableOptions, decoded: DecodedText, digest: ByteDigest | undefined): Promise<Table> {
  const part = options.part;
  const chunks = decoded.chunks;
  const first = await chunks.next();
  const firstText = first.done ? '' : first.value;
  if (path === '-' && /^\s*[[{]/.test(firstText)) {
    let text = firstText;
    for await (const chunk of chunks) {
      text += chunk;
      if (text.length > LIMITS.maxDocumentBytes) throw documentTooLarge(file, LIMITS.maxDocumentBytes, 'JSON');
    }
    // stdin is read once: its text is held (within the limit) and walked twice.
    const whole = text;
    return jsonTable(file, async () => slices(whole), digest);
  }
  if (path === '-' && looksLikeYaml(firstText)) {
    let text = firstText;
    for await (const chunk of chunks) {
      text += chunk;
      if (text.length > LIMITS.maxYamlBytes) throw documentTooLarge(file, LIMITS.maxYamlBytes, 'YAML');
    }
    // Its bytes were hashed as they were read, as a CSV's on stdin are.
    const table = yamlTable(file, text);
    return digest === undefined ? table : { ...table, stats: { ...table.stats, digest } };
  }
  const delimiter = options.delimiter ?? detectDelimiter(firstText.replace(/^\s*[\r\n]+/, ''));
  // A record longer than the limit is refused before the parser buffers it whole.
  // A part goes by the file's line break: its own first bytes may end otherwise (mixed endings).
  const newline = part?.newline ?? guessNewline(firstText);
  const guard = new RecordLengthGuard(delimiter, newline, LIMITS.maxRecordChars);
  const checkRecordLength = (chunk: string): void => {
    if (guard.add(chunk)) return;
    throw new DealmathError(
      'limit-exceeded',
      guard.inQuotedField
        ? `a quoted field runs on for more than ${LIMITS.maxRecordChars} characters, the limit per row; a quote is probably never closed`
        : `a line is longer than ${LIMITS.maxRecordChars} characters, the limit per row`,
      { file },
    );
  };
  // papaparse 5 lets whitespace sit between a closing quote and the delimiter or line break, but
  // only sees it within one chunk: a chunk ending in `"\r` whose `\n` starts the next chunk (or in
  // `" ` before a delimiter) is taken for a malformed quote. A chunk's trailing whitespace (a line
  // feed aside) is held back and sent with the next chunk.
  let held = '';
  function* withTailHeld(chunk: string): Generator<string> {
    const joined = held === '' ? chunk : held + chunk;
    let keep = 0;
    while (keep < joined.length && keep <= MAX_HELD_TAIL) {
      const code = joined.charCodeAt(joined.length - 1 - keep);
      if (code === LINE_FEED || !isWhitespace(code)) break;
      keep += 1;
    }
    held = keep > 0 && keep <= MAX_HELD_TAIL ? joined.slice(joined.length - keep) : '';
    const body = held === '' ? joined : joined.slice(0, joined.length - keep);
    if (body !== '') yield body;
  }
  async function* text(): AsyncGenerator<string> {
    try {
      if (firstText !== '') {
        checkRecordLength(firstText);
        yield* withTailHeld(firstText);
      }
      for await (const chunk of chunks) {
        checkRecordLength(chunk);
        yield* withTailHeld(chunk);
      }
      if (held !== '') yield held;
    } finally {
      // A reader that stops early (a sample of the first rows) closes the file.
      await chunks.return(undefined);
    }
  }
  const batches = csvRecords(text(), { file, delimiter, newline })[Symbol.asyncIterator]();
  if (part !== undefined && part.header !== null) {
    const stats: TableStats = { blankLines: 0, footerRows: 0 };
    return { file, format: 'csv', get encoding() { return decoded.encoding; }, delimiter, newline, header: part.header, batches: closing(csvBatches([], batches, 0, part.header.length, stats, part.last), chunks), stats };
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
  const stats: TableStats = { blankLines: row - 1, footerRows: 0, ...(digest === undefined ? {} : { digest }) };
  // The encoding is read when asked: a file may prove not to be UTF-8 past its first chunk.
  return { file, format: 'csv', get encoding() { return decoded.encoding; }, delimiter, newline, header, batches: closing(csvBatches(rest, batches, row, header.length, stats, part?.last ?? true), chunks), stats };
}

/**
 * Closes a table that will not be read (refused for its header or first rows): its file is
 * closed now, not by the garbage collector.
 */
export async function closeTable(table: Table): Promise<void> {
  await table.batches[Symbol.asyncIterator]().return?.(undefined);
}

/**
 * `rows`, whose return() also closes `source`: a generator never started ignores return() (its
 * finally never ran), so a table refused before its first row would leave its file open for the
 * garbage collector (Node warns, DEP0137).
 */
function closing<T>(rows: AsyncGenerator<T>, source: AsyncGenerator<unknown>): AsyncGenerator<T> {
  const close = async (): Promise<void> => {
    await source.return(undefined);
  };
  return {
    next: () => rows.next(),
    async return(value) {
      try {
        return await rows.return(value);
      } finally {
        await close();
      }
    },
    async throw(error) {
      try {
        return await rows.throw(error);
      } finally {
        await close();
      }
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    [Symbol.asyncDispose]: async () => {
      await rows.return(undefined);
      await close();
    },
  } as AsyncGenerator<T>;
}

export type Newline = '\n' | '\r\n' | '\r';


/**
 * The line break papaparse will use, guessed as papaparse 5 guesses it from its first chunk:
 * quoted text removed, `\n` unless a CR comes first; then `\r\n` when at least half the CRs are
 * followed by a line feed, else `\r` (a classic-Mac file).
 */
export function guessNewline(text: string): Newline {
  const sample = text.slice(0, 1024 * 1024).replace(/"[^]*?"/g, '');
  const byReturn = sample.split('\r');
  const byFeed = sample.split('\n');
  if (byReturn.length === 1 || (byFeed.length > 1 && (byFeed[0] as string).length < (byReturn[0] as string).length)) return '\n';
  let followedByFeed = 0;
  for (const part of byReturn) if (part.charCodeAt(0) === LINE_FEED) followedByFeed += 1;
  return followedByFeed >= byReturn.length / 2 ? '\r\n' : '\r';
}

/** Chunks longer than this are measured in slices (file and stdin chunks are far smaller). */
const GUARD_SLICE = 1024 * 1024;

/**
 * Measures the CSV record that runs on across text chunks, so one longer than the limit is
 * refused before papaparse buffers it: papaparse keeps an unfinished record and parses it again
 * with every chunk, so a quote left open near the top of a large file would cost time quadratic
 * in the file and memory of its size. A record's length is its characters up to its line break.
 * Quotes are followed the way papaparse reads them: a quote opens a field only at the field's
 * start; inside one, `""` is a literal quote, and a quote closes the field when whitespace and then
 * a delimiter or the line break follow. A record that starts and ends within one slice is shorter
 * than the slice (at most 1 MiB), so only the record running across slices needs counting: the
 * work is a search for quotes and line breaks, nothing per character.
 */
export class RecordLengthGuard {
  /** True while the text read so far ends inside a quoted field. */
  inQuotedField = false;
  /** A quote ended the last slice inside a quoted field: the next slice's first character decides. */
  private quoteAtEnd = false;
  /** The last slice ended in the CR of a CRLF outside quotes: a slice starting with LF ends the record there. */
  private returnAtEnd = false;
  /** Characters of the record still open at the end of the text seen so far. */
  private openRecordChars = 0;
  /** The previous slice's last character: whether a quote at a slice's start begins a field. */
  private previous: string;
  private readonly delimiterEnd: string;
  private readonly delimiterStart: string;
  private readonly newlineEnd: string;

  constructor(
    delimiter: string,
    private readonly newline: Newline,
    private readonly limit: number,
  ) {
    this.delimiterEnd = delimiter.charAt(delimiter.length - 1);
    this.delimiterStart = delimiter.charAt(0);
    this.newlineEnd = newline.charAt(newline.length - 1);
    this.previous = this.newlineEnd;
  }

  /** Takes the next chunk of text; false when a record is now longer than the limit. */
  add(chunk: string): boolean {
    if (chunk.length <= GUARD_SLICE) return this.addSlice(chunk);
    for (let start = 0; start < chunk.length; start += GUARD_SLICE) {
      if (!this.addSlice(chunk.slice(start, start + GUARD_SLICE))) return false;
    }
    return true;
  }

  private addSlice(slice: string): boolean {
    const length = slice.length;
    if (length === 0) return true;
    // Where this slice's own characters start counting (after the LF of a CRLF cut in two).
    let start = 0;
    if (this.returnAtEnd) {
      this.returnAtEnd = false;
      if (slice.charCodeAt(0) === LINE_FEED) {
        if (this.openRecordChars - 1 > this.limit) return false;
        this.openRecordChars = 0;
        start = 1;
      }
    }
    let position = start;
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      if (slice.charCodeAt(0) === QUOTE) position = 1;
      else if (this.closesField(slice, 0)) this.inQuotedField = false;
    }
    let firstBreak = -1;
    let lastBreak = -1;
    // The next line break at or after the scan position; -2 until searched, -1 when there is none.
    let nextBreak = -2;
    while (position < length) {
      const quote = slice.indexOf('"', position);
      if (this.inQuotedField) {
        if (quote === -1) break;
        if (quote === length - 1) {
          this.quoteAtEnd = true;
          break;
        }
        if (slice.charCodeAt(quote + 1) === QUOTE) {
          position = quote + 2;
          continue;
        }
        if (this.closesField(slice, quote + 1)) this.inQuotedField = false;
        position = quote + 1;
        continue;
      }
      const end = quote === -1 ? length : quote;
      if (nextBreak !== -1 && nextBreak < position) nextBreak = slice.indexOf(this.newline, position);
      if (nextBreak !== -1 && nextBreak < end) {
        if (firstBreak === -1) firstBreak = nextBreak;
        lastBreak = slice.lastIndexOf(this.newline, end - 1);
      }
      if (quote === -1) break;
      const before = quote === 0 ? this.previous : slice.charAt(quote - 1);
      if (before === this.delimiterEnd || before === this.newlineEnd) this.inQuotedField = true;
      position = quote + 1;
    }
    this.previous = slice.charAt(length - 1);
    this.returnAtEnd = this.newline === '\r\n' && !this.inQuotedField && slice.charCodeAt(length - 1) === CARRIAGE_RETURN;
    if (firstBreak === -1) {
      this.openRecordChars += length - start;
      // A CR that may begin the line break is not the record's (yet).
      return this.openRecordChars - (this.returnAtEnd ? 1 : 0) <= this.limit;
    }
    if (this.openRecordChars + firstBreak - start > this.limit) return false;
    this.openRecordChars = length - lastBreak - this.newline.length;
    return true;
  }

  /** Whether a quote before `index` closes its field: whitespace, then a delimiter, the line break or the slice's end. */
  private closesField(slice: string, index: number): boolean {
    for (let at = index; at < slice.length; at += 1) {
      if (slice.charAt(at) === this.delimiterStart || slice.startsWith(this.newline, at)) return true;
      if (!isWhitespace(slice.charCodeAt(at))) return false;
    }
    return true;
  }
}

const QUOTE = 34;
const CARRIAGE_RETURN = 13;
const LINE_FEED = 10;

/** What String.prototype.trim removes (papaparse's test for whitespace after a closing quote). */
function isWhitespace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** What report footers start with (Salesforce, HubSpot and spreadsheet exports). */
const FOOTER_LABEL = /^(?:grand\s+totals?|sub-?totals?|totals?|sum|count|average|confidential|copyright|©|generated|exported|report|filtered by|gesamt|summe|total général)\b/i;

/** Longest run of trailing whitespace held back from one chunk to the next. */
const MAX_HELD_TAIL = 1024;

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
  try {
    let row = headerRow;
    // Rows after a blank line are held back: at the end of the file they may be a report footer.
    let held: RawRow[] | null = null;
    let heldBlankLines = 0;
    let records: string[][] | null = first;
    while (records !== null) {
      let out: RawRow[] = [];
      for (const record of records) {
        row += 1;
        if (isBlankRecord(record)) {
          if (held === null) held = [];
          heldBlankLines += 1;
          continue;
        }
        const current: RawRow = { row, cells: record };
        if (held !== null) {
          if (looksLikeFooter(record, width, stats.idColumn ?? -1) && held.length < LIMITS.maxFooterRows) {
            held.push(current);
            continue;
          }
          for (const earlier of held) out.push(earlier);
          stats.blankLines += heldBlankLines;
          held = null;
          heldBlankLines = 0;
        }
        out.push(current);
        // A chunk of very short rows holds 100,000s of them: batches stay small enough to spread.
        if (out.length >= ROW_BATCH) {
          yield out;
          out = [];
        }
      }
      if (out.length > 0) yield out;
      const next = await batches.next();
      records = next.done ? null : next.value;
    }
    if (held !== null) {
      // A part that is not the file's last has no footer: the rows it held are data.
      if (last) {
        stats.footerRows += held.length;
        stats.footers = held;
      } else yield held;
      stats.blankLines += heldBlankLines;
    }
    stats.records = row;
  } finally {
    // Stopped early or not, the parser and the file under it are closed.
    await batches.return?.();
  }
}

/**
 * A report footer row ("Grand Totals (15 records)", "Copyright ..."): ragged, or at most two filled
 * cells, and nothing in the id column but a footer's label (`Total`): a row with an id is a deal,
 * however sparse, and is read (and rejected with findings if it must be), never dropped.
 */
function looksLikeFooter(cells: readonly string[], width: number, idColumn: number): boolean {
  if (idColumn !== -1) {
    const id = (cells[idColumn] ?? '').trim();
    if (id !== '' && !FOOTER_LABEL.test(id)) return false;
  }
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

/** Text in slices the size of a file's chunks, for the JSON scanner (so no batch is the whole text). */
async function* slices(text: string): AsyncGenerator<string> {
  for (let start = 0; start < text.length; start += JSON_SLICE_CHARS) yield text.slice(start, start + JSON_SLICE_CHARS);
}
const JSON_SLICE_CHARS = 96 * 1024;

/**
 * A JSON list of records as a Table, streamed: the text is read twice, once for the header (the
 * keys in order of first appearance, and any syntax error before a row is used), once for the rows.
 * Memory holds one chunk's records at a time.
 */
async function jsonTable(file: string, text: () => Promise<AsyncIterable<string>>, digest?: ByteDigest): Promise<Table> {
  const limits = { maxRecordChars: LIMITS.maxRecordChars, maxDepth: LIMITS.maxJsonDepth };
  // First pass: the columns are every key of every record, so the file is scanned for its keys
  // (without parsing the records) before its rows are read.
  const keys = new KeyOrder(file);
  for await (const lists of jsonRecordKeys(await text(), file, limits)) {
    for (let index = 0; index < lists.length; index += 1) keys.add(lists[index] as string[]);
  }
  const header = keys.header;
  async function* batches(): AsyncGenerator<RawRow[]> {
    let row = 1;
    for await (const records of jsonRecords(await text(), file, limits)) {
      const out: RawRow[] = [];
      for (const record of records) {
        row += 1;
        out.push({ row, cells: recordCells(record, header, file, row) });
      }
      yield out;
    }
  }
  return { file, format: 'json', encoding: 'utf-8', delimiter: null, newline: null, header: cleanHeader(header), batches: batches(), stats: { blankLines: 0, footerRows: 0, ...(digest === undefined ? {} : { digest }) } };
}

/** The keys of records in order of first appearance, at most LIMITS.maxColumns of them. */
class KeyOrder {
  readonly header: string[] = [];
  private readonly seen = new Set<string>();
  /** The last record's keys, when every record so far had the same (the common case: checked in one pass, no Set lookups). */
  private lastKeys: string[] = [];

  constructor(private readonly file: string) {}

  /** A record's keys: as Object.keys gives them, or as written (ordered here as Object.keys would). */
  add(keys: string[]): void {
    if (sameKeys(keys, this.lastKeys)) return;
    this.lastKeys = keys;
    for (const key of objectKeyOrder(keys)) {
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.header.push(key);
      if (this.header.length > LIMITS.maxColumns) {
        throw new DealmathError('limit-exceeded', `the records have more than ${LIMITS.maxColumns} distinct keys`, { file: this.file });
      }
    }
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

function recordCells(record: JsonRecord, header: readonly string[], file: string, row: number): string[] {
  return header.map((key) => scalarText(Object.hasOwn(record, key) ? record[key] : undefined, file, row, key));
}

/**
 * A YAML list of records as a Table: header = keys in order of first appearance. The text is
 * held (within LIMITS.maxYamlBytes) and its records too, but not the whole document tree (see yamlRecords).
 */
function yamlTable(file: string, text: string): Table {
  // YAML breaks lines at CR, LF or CRLF; the yaml library only at LF, so a file saved with CR
  // line ends read as one long line (and parsing it twice ran V8's regex compiler out of memory).
  const records = yamlRecords(file, text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
  const keys = new KeyOrder(file);
  for (const record of records) keys.add(Object.keys(record));
  const header = keys.header;
  // Small batches, as for CSV (see ROW_BATCH); rows are made batch by batch.
  async function* batches(): AsyncGenerator<RawRow[]> {
    for (let start = 0; start < records.length; start += RECORD_BATCH) {
      const out: RawRow[] = [];
      const end = Math.min(records.length, start + RECORD_BATCH);
      // Row numbers count records from 2, as if the list were a sheet with a header.
      for (let index = start; index < end; index += 1) out.push({ row: index + 2, cells: recordCells(records[index] as JsonRecord, header, file, index + 2) });
      yield out;
    }
  }
  return { file, format: 'yaml', encoding: 'utf-8', delimiter: null, newline: null, header: cleanHeader(header), batches: batches(), stats: { blankLines: 0, footerRows: 0 } };
}

/** Characters of YAML parsed at a time when a file is a plain top-level list (a document tree takes ~90 bytes a byte). */
const YAML_GROUP_CHARS = 256 * 1024;

/**
 * The records of a YAML list. A file that is a plain top-level block list (every line at column 0
 * is an item's `- `, a comment or blank) is parsed in groups of items of about YAML_GROUP_CHARS:
 * 8 MiB of tiny records took 1.1 GB as one document tree. Anything else (a mapping holding the
 * list, directives, several documents), or a group that does not parse on its own (an alias to
 * an anchor in an earlier group, an error to word with its line), is parsed whole.
 */
function yamlRecords(file: string, text: string): Record<string, unknown>[] {
  const whole = (): Record<string, unknown>[] => parseRecordList(file, parseStructured(file, 'yaml', text, { keepNumberText: true }));
  const groups = topLevelItemGroups(text, YAML_GROUP_CHARS);
  if (groups === null || groups.length < 2) return whole();
  const records: unknown[] = [];
  for (const group of groups) {
    let items: unknown;
    try {
      items = parseStructured(file, 'yaml', group, { keepNumberText: true });
    } catch {
      return whole();
    }
    if (!Array.isArray(items)) return whole();
    for (const item of items) records.push(item);
  }
  return parseRecordList(file, records);
}

/**
 * A top-level YAML block list cut into pieces of whole items, each about `size` characters, or
 * null when some line at column 0 is not an item, a comment or blank (the cut could split a value).
 */
export function topLevelItemGroups(text: string, size: number): string[] | null {
  const groups: string[] = [];
  let groupStart = 0;
  let sawItem = false;
  for (let lineStart = 0; lineStart < text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const first = text.charCodeAt(lineStart);
    if (first === DASH && (lineEnd === lineStart + 1 || isYamlSpace(text.charCodeAt(lineStart + 1)))) {
      if (sawItem && lineStart - groupStart >= size) {
        groups.push(text.slice(groupStart, lineStart));
        groupStart = lineStart;
      }
      sawItem = true;
    } else if (!(first === HASH || isYamlSpace(first) || lineEnd === lineStart || (first === CARRIAGE_RETURN && lineEnd === lineStart + 1))) {
      return null;
    }
    lineStart = lineEnd + 1;
  }
  if (!sawItem) return null;
  groups.push(text.slice(groupStart));
  return groups;
}

const DASH = 45;
const HASH = 35;

/** A space or tab after `-` makes it an item; an indented line belongs to the item above. */
function isYamlSpace(code: number): boolean {
  return code === 32 || code === 9 || code === CARRIAGE_RETURN;
}

/** Parses a YAML/JSON document with bounded aliases and depth; a mapping with a list value is unwrapped (`deals: [...]`). */
export function parseStructured(file: string, format: 'yaml' | 'json', text: string, options: { keepNumberText?: boolean } = {}): unknown {
  try {
    if (format === 'json') return JSON.parse(text) as unknown;
    const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    if (document.errors.length > 0) {
      const error = document.errors[0];
      if (/call stack/i.test(error?.message ?? '')) throw new RangeError('nesting');
      const line = error?.linePos?.[0]?.line;
      throw new DealmathError('malformed-input', `not valid YAML (${(error?.message ?? '').split('\n')[0]})`, { file, row: line });
    }
    if (options.keepNumberText === true) numbersBeyondDoublesAsText(document);
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

/**
 * Numbers a double does not hold as written become the text they are written as: integers beyond
 * 2^53 (19-digit record ids would collapse into one), `.nan` and `.inf` (a finding shows them as in the file).
 */
function numbersBeyondDoublesAsText(document: Document): void {
  visit(document, {
    Scalar(_key, node) {
      const value = node.value;
      if (typeof value !== 'number' || node.source === undefined) return;
      if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) node.value = node.source;
    },
  });
}

function parseRecordList(file: string, parsed: unknown): Record<string, unknown>[] {
  let document = parsed;
  if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
    const lists = Object.values(document).filter(Array.isArray);
    if (lists.length === 1) document = lists[0];
  }
  if (!Array.isArray(document)) {
    throw new DealmathError('malformed-input', `expected a list of records (or a mapping holding one list), found ${document === null ? 'nothing' : typeof document}`, { file });
  }
  if (document.length === 0) throw new DealmathError('no-records', 'the list of records is empty', { file });
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
