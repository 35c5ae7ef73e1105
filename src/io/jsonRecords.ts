/**
 * The records of a JSON list (`[{...}, ...]`, or a mapping holding one list: `{"deals": [...]}`)
 * from a stream of text chunks, in batches, without holding the document.
 *
 * A small scanner finds where each record starts and ends (it follows strings and brackets,
 * nothing else); the records of a chunk are then parsed together by JSON.parse, which checks
 * the syntax. Why not a streaming JSON parser from npm: @streamparser/json (well kept, and its
 * `parseNumber` keeps a number's text) took 3.3 s to tokenize 64 MiB of tiny records, more than
 * dealmath takes for 1M CSV deals end to end; JSON.parse on each chunk's records is native.
 *
 * Numbers with 16 or more digits (record ids exported as numbers, beyond 2^53) are kept as the
 * text they are written as, so distinct ids never collapse into one double.
 */
import { DealmathError } from '../model/errors.js';

export interface JsonRecordLimits {
  /** Characters in one record. */
  readonly maxRecordChars: number;
  /** Brackets open at once inside a record. */
  readonly maxDepth: number;
}

export type JsonRecord = Record<string, unknown>;

/** Digits in a row from which a number may not survive a double (2^53 has 16). */
const LONG_NUMBER_DIGITS = 16;

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;

function isJsonWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Yields the records of a JSON list in batches (one per chunk that completes any). */
export async function* jsonRecords(text: AsyncIterable<string>, file: string, limits: JsonRecordLimits): AsyncGenerator<JsonRecord[]> {
  const scanner = new RecordScanner(file, limits, false);
  for await (const chunk of text) {
    const batch = scanner.add(chunk);
    if (batch.length > 0) yield batch;
  }
  scanner.end();
}

/**
 * Yields the keys of each record of a JSON list, as the scanner reads them (in batches), without
 * parsing the records: what a first pass over the file needs to know its columns. A key is the
 * text between its quotes (decoded when it has an escape); duplicates and array-index keys are
 * left for the caller to order as Object.keys would (objectKeyOrder). The list's structure is
 * checked as jsonRecords checks it; a record that is not valid JSON is left for jsonRecords to
 * refuse. `winrate` on 64 MiB of tiny records (1.3M): 3.47 s parsing them in both passes, 2.81 s
 * with this first pass.
 */
export async function* jsonRecordKeys(text: AsyncIterable<string>, file: string, limits: JsonRecordLimits): AsyncGenerator<string[][]> {
  const scanner = new RecordScanner(file, limits, true);
  for await (const chunk of text) {
    const batch = scanner.addKeys(chunk);
    if (batch.length > 0) yield batch;
  }
  scanner.end();
}

/**
 * Keys as Object.keys gives them for a record whose members are written in this order: array
 * indexes first, by value, then the other keys in order of first appearance.
 */
export function objectKeyOrder(keys: readonly string[]): string[] {
  const indexes = new Set<string>();
  const names = new Set<string>();
  for (const key of keys) (isArrayIndex(key) ? indexes : names).add(key);
  return [...[...indexes].sort((a, b) => Number(a) - Number(b)), ...names];
}

/** A canonical whole number below 2^32 - 1: a key JavaScript orders first, by value. */
function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/** Where the scanner is in the document, outside the records themselves. */
const enum Place {
  /** Before the document's first character. */
  Start,
  /** Inside a top-level mapping, looking for its list. */
  Wrapper,
  /** Inside the list, before a record (or its end). */
  BeforeRecord,
  /** Inside the list, after a record: a comma or the list's end. */
  AfterRecord,
  /** Inside a record. */
  Record,
  /** The list is over (the wrapper may still be open). */
  AfterList,
  /** The document is over: only whitespace may follow. */
  End,
}

class RecordScanner {
  private place = Place.Start;
  /** Text carried from the last chunk: the record (or wrapper string) under way, from its first character. */
  private carry = '';
  /** Where scanning resumes in carry + the next chunk. */
  private resumeAt = 0;
  /** Where the record under way starts in the text being scanned, or -1. */
  private recordStart = -1;
  /** Where the wrapper's string under way starts, or -1 (kept whole so escapes are seen). */
  private stringStart = -1;
  /** Brackets open inside the current record (its own brace included). */
  private depth = 0;
  private inString = false;
  /** Brackets open in the wrapper mapping around the list (1 = directly inside it). */
  private wrapperDepth = 0;
  private wrapped = false;
  private listsFound = 0;
  private digitRun = 0;
  /** The record under way has a number of LONG_NUMBER_DIGITS digits or more. */
  private recordHasLongNumber = false;
  /** Records yielded so far: the next one is record recordsSeen + 1 (row recordsSeen + 2). */
  private recordsSeen = 0;
  /** Keys only: the next string directly inside the record is a key (after its brace or a comma). */
  private expectKey = false;
  /** Keys only: where the key under way starts (after its quote) in the text being scanned, or -1. */
  private keyStart = -1;
  /** Keys only: the keys of the record under way, and of the records this chunk completed. */
  private recordKeys: string[] = [];
  private keyLists: string[][] = [];

  constructor(
    private readonly file: string,
    private readonly limits: JsonRecordLimits,
    private readonly keysOnly: boolean,
  ) {}

  add(chunk: string): JsonRecord[] {
    const { text, spans, hasLongNumber } = this.scan(chunk);
    if (spans.length === 0) return [];
    const records = this.parse(text, spans, hasLongNumber);
    this.recordsSeen += records.length;
    return records;
  }

  /** The keys of the records a chunk completes (a scanner made keys-only). */
  addKeys(chunk: string): string[][] {
    this.scan(chunk);
    const lists = this.keyLists;
    this.keyLists = [];
    this.recordsSeen += lists.length;
    return lists;
  }

  /** Scans a chunk: the text scanned and the spans (start, end pairs) of the records it completes. */
  private scan(chunk: string): { text: string; spans: number[]; hasLongNumber: boolean } {
    const text = this.carry === '' ? chunk : this.carry + chunk;
    const length = text.length;
    const spans: number[] = [];
    let batchHasLongNumber = false;
    let at = this.resumeAt;
    while (at < length) {
      if (this.inString) {
        const quote = text.indexOf('"', at);
        if (quote === -1) {
          at = length;
          break;
        }
        let backslashes = 0;
        while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
        at = quote + 1;
        if (backslashes % 2 === 0) {
          this.inString = false;
          this.stringStart = -1;
          if (this.keyStart !== -1) {
            this.recordKeys.push(keyText(text.slice(this.keyStart, quote)));
            this.keyStart = -1;
            this.expectKey = false;
          }
        }
        continue;
      }
      const code = text.charCodeAt(at);
      if (this.place === Place.Record) {
        if (isDigit(code)) {
          this.digitRun += 1;
          if (this.digitRun >= LONG_NUMBER_DIGITS) this.recordHasLongNumber = true;
        } else {
          this.digitRun = 0;
          if (code === QUOTE) {
            this.inString = true;
            if (this.expectKey && this.depth === 1) this.keyStart = at + 1;
          } else if (code === COMMA) {
            if (this.keysOnly && this.depth === 1) this.expectKey = true;
          } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
            this.depth += 1;
            if (this.depth > this.limits.maxDepth) throw this.limit(`record ${this.recordsSeen + spans.length / 2 + 1} is nested more than ${this.limits.maxDepth} levels deep, the limit`);
          } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
            this.depth -= 1;
            if (this.depth === 0) {
              if (at + 1 - this.recordStart > this.limits.maxRecordChars) throw this.tooLong(this.recordsSeen + spans.length / 2 + 1);
              spans.push(this.recordStart, at + 1);
              if (this.recordHasLongNumber) batchHasLongNumber = true;
              if (this.keysOnly) {
                this.keyLists.push(this.recordKeys);
                this.recordKeys = [];
              }
              this.recordStart = -1;
              this.place = Place.AfterRecord;
            }
          }
        }
        at += 1;
        continue;
      }
      at += 1;
      if (isJsonWhitespace(code)) continue;
      const records = this.recordsSeen + spans.length / 2;
      switch (this.place) {
        case Place.Start:
          if (code === OPEN_BRACKET) this.place = Place.BeforeRecord;
          else if (code === OPEN_BRACE) {
            this.place = Place.Wrapper;
            this.wrapped = true;
            this.wrapperDepth = 1;
          } else throw this.structure(`expected a list of records (or a mapping holding one list), found ${describe(text, at - 1)}`);
          break;
        case Place.Wrapper:
        case Place.AfterList:
          this.wrapper(code, at - 1);
          break;
        case Place.BeforeRecord:
          if (code === OPEN_BRACE) {
            this.place = Place.Record;
            this.recordStart = at - 1;
            this.depth = 1;
            this.digitRun = 0;
            this.recordHasLongNumber = false;
            this.expectKey = this.keysOnly;
          } else if (code === CLOSE_BRACKET && records === 0) throw new DealmathError('no-records', 'the list of records is empty', { file: this.file });
          else throw this.notARecord(records + 1);
          break;
        case Place.AfterRecord:
          if (code === COMMA) this.place = Place.BeforeRecord;
          else if (code === CLOSE_BRACKET) this.place = this.wrapped ? Place.AfterList : Place.End;
          else throw this.malformed(`expected , or ] after record ${records}, found ${describe(text, at - 1)}`);
          break;
        default:
          throw this.malformed(`unexpected ${describe(text, at - 1)} after the end of the document`);
      }
    }
    // Carry the record (or wrapper string) under way; everything before it is consumed.
    const keepFrom = this.recordStart !== -1 ? this.recordStart : this.stringStart !== -1 ? this.stringStart : length;
    if (length - keepFrom > this.limits.maxRecordChars) throw this.tooLong(this.recordsSeen + spans.length / 2 + 1);
    this.carry = keepFrom === length ? '' : text.slice(keepFrom);
    this.resumeAt = length - keepFrom;
    if (this.recordStart !== -1) this.recordStart -= keepFrom;
    if (this.stringStart !== -1) this.stringStart -= keepFrom;
    if (this.keyStart !== -1) this.keyStart -= keepFrom;
    return { text, spans, hasLongNumber: batchHasLongNumber };
  }

  end(): void {
    if (this.place === Place.End) return;
    if (this.place === Place.Start) throw new DealmathError('empty-input', 'the file is empty; expected a list of records', { file: this.file });
    throw this.malformed('the document ends before its list is closed');
  }

  /** One character of the wrapper mapping, outside the list. */
  private wrapper(code: number, at: number): void {
    if (code === QUOTE) {
      this.inString = true;
      this.stringStart = at;
    } else if (code === OPEN_BRACKET && this.wrapperDepth === 1) {
      this.listsFound += 1;
      if (this.listsFound > 1) throw this.structure('expected a mapping holding one list of records, found a mapping with more than one list');
      this.place = Place.BeforeRecord;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      this.wrapperDepth += 1;
      if (this.wrapperDepth > this.limits.maxDepth) throw this.limit(`the document is nested more than ${this.limits.maxDepth} levels deep, the limit`);
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      this.wrapperDepth -= 1;
      if (this.wrapperDepth === 0) {
        if (this.listsFound === 0) throw this.structure('expected a list of records (or a mapping holding one list), found a mapping without a list');
        this.place = Place.End;
      }
    }
  }

  /** The records at `spans` (start, end pairs), separated in `text` by commas and whitespace only. */
  private parse(text: string, spans: readonly number[], hasLongNumber: boolean): JsonRecord[] {
    let body = text.slice(spans[0] as number, spans[spans.length - 1] as number);
    if (hasLongNumber) body = longNumbersAsText(body);
    try {
      return JSON.parse(`[${body}]`) as JsonRecord[];
    } catch {
      // Find the record at fault, to name it.
      for (let index = 0; index < spans.length; index += 2) {
        const record = text.slice(spans[index] as number, spans[index + 1] as number);
        try {
          JSON.parse(hasLongNumber ? longNumbersAsText(record) : record);
        } catch (error) {
          const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
          const number = this.recordsSeen + index / 2 + 1;
          throw new DealmathError('malformed-input', `not valid JSON (record ${number}: ${reason})`, { file: this.file, row: number + 1 });
        }
      }
      throw this.malformed('not valid JSON');
    }
  }

  private notARecord(number: number): DealmathError {
    return new DealmathError('malformed-input', `record ${number} is not a mapping of field to value`, { file: this.file, row: number + 1 });
  }

  /** Valid JSON, but not a list of records. */
  private structure(message: string): DealmathError {
    return new DealmathError('malformed-input', message, { file: this.file });
  }

  private malformed(message: string): DealmathError {
    return new DealmathError('malformed-input', message.startsWith('not valid JSON') ? message : `not valid JSON (${message})`, { file: this.file });
  }

  private tooLong(number: number): DealmathError {
    return this.limit(`record ${number} is longer than ${this.limits.maxRecordChars} characters, the limit per record`);
  }

  private limit(message: string): DealmathError {
    return new DealmathError('limit-exceeded', message, { file: this.file });
  }
}

/**
 * A key's text between its quotes, decoded when it has an escape. Text JSON cannot decode is kept
 * as it is: the record is not valid JSON, and jsonRecords refuses it when it reaches it.
 */
function keyText(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** The next few characters, to show where the scanner stopped. */
function describe(text: string, at: number): string {
  return JSON.stringify(text.slice(at, at + 12));
}

/** Strings, or numbers (a number's integer digits, then its fraction digits). */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?(\d+)(?:\.(\d+))?(?:[eE][+-]?\d+)?/g;

/**
 * JSON text with every number of 16 or more integer or fraction digits written as a string of its
 * own text: a double would not give it back as written (an id beyond 2^53; 0.000...05 would come
 * back as 5e-324, which no CSV amount is written as).
 */
export function longNumbersAsText(json: string): string {
  return json.replace(TOKEN, (token: string, digits: string | undefined, fraction: string | undefined) =>
    (digits !== undefined && digits.length >= LONG_NUMBER_DIGITS) || (fraction !== undefined && fraction.length >= LONG_NUMBER_DIGITS) ? `"${token}"` : token,
  );
}
