/**
 * Bytes to text: opens a file or stdin, detects the encoding from its BOM (UTF-8, UTF-16LE/BE),
 * else reads UTF-8, or Windows-1252 when the bytes are not UTF-8 and nothing before them was
 * (said on stderr and by inspect); `--encoding` chooses. Decodes strictly so invalid bytes are an
 * error with a byte offset, never U+FFFD in a number. Binary files are refused by what they are.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { Worker } from 'node:worker_threads';
import type { InputEncoding } from '../model/config.js';
import { DealmathError } from '../model/errors.js';

/** How a text was decoded; `windows-1252 (guessed)`: not UTF-8, and read as Windows-1252 without being told. */
export type Encoding = 'utf-8' | 'utf-8 with BOM' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'windows-1252 (guessed)' | 'latin1';

/** True when dealmath guessed the encoding rather than read it from a BOM or `--encoding` (say so). */
export function isGuessedEncoding(encoding: Encoding): boolean {
  return encoding === 'windows-1252 (guessed)';
}

/** The name a path or `-` is shown by in messages. */
export function displayName(path: string): string {
  return path === '-' ? 'stdin' : path;
}

/** The SHA-256 of the bytes of a file, set (lowercase hex) once every byte has been read. */
export interface ByteDigest {
  sha256: string | null;
}

/**
 * Opens a path (or `-` for stdin) as a stream of byte chunks; a missing or unreadable file is a
 * DealmathError. `range`: bytes [start, end) only, for a part of a file read in a worker thread.
 * `digest`: hashed as the bytes go by (the reader reads every byte anyway; about 0.2 ms per MB),
 * and set when the last chunk has been read.
 */
export async function openBytes(path: string, range?: ByteRange, digest?: ByteDigest): Promise<AsyncIterable<Uint8Array>> {
  const bytes = await openRawBytes(path, range);
  return digest === undefined ? bytes : hashed(bytes, digest);
}

async function* hashed(bytes: AsyncIterable<Uint8Array>, digest: ByteDigest): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  for await (const chunk of bytes) {
    hash.update(chunk);
    yield chunk;
  }
  digest.sha256 = hash.digest('hex');
}

/**
 * What sha256OnThread's thread runs: Node's own modules only, so it starts in a few
 * milliseconds and a few megabytes, without loading dealmath.
 */
const HASH_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
try {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(256 * 1024);
  const fd = openSync(workerData, 'r');
  for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
  closeSync(fd);
  parentPort.postMessage(hash.digest('hex'));
} catch {
  parentPort.postMessage(null);
}
`;

/**
 * sha256OfFile on a thread of its own, for a file read in parts: hashed on the main thread, its
 * bytes were read twice there (the part's and the whole file's), and the parts waited on the
 * main thread's (winrate on 1M deals: the main thread 2.2 s of CPU, the worker 1.65). Whatever
 * goes wrong on the thread, the file is hashed here instead, with this thread's errors.
 */
export function sha256OnThread(path: string): Promise<string | null> {
  if (path === '-') return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    let settled = false;
    const onThisThread = (): void => {
      if (settled) return;
      settled = true;
      void sha256OfFile(path).then(resolve, reject);
    };
    let thread: Worker;
    try {
      thread = new Worker(HASH_THREAD, { eval: true, workerData: path, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 } });
    } catch {
      onThisThread();
      return;
    }
    thread.once('message', (sha256: string | null) => {
      void thread.terminate();
      if (sha256 === null) onThisThread();
      else if (!settled) {
        settled = true;
        resolve(sha256);
      }
    });
    // An error, or an exit with no answer (out of its small heap): hashed here instead.
    thread.once('error', onThisThread);
    thread.once('exit', onThisThread);
  });
}

/** The SHA-256 of a whole file, read on its own (a file read in parts, or a workbook); null for stdin. */
export async function sha256OfFile(path: string): Promise<string | null> {
  if (path === '-') return null;
  const digest: ByteDigest = { sha256: null };
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for await (const _chunk of await openBytes(path, undefined, digest));
  return digest.sha256;
}

async function openRawBytes(path: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array>> {
  if (path === '-') return process.stdin;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new DealmathError('unreadable', 'is a directory, expected a file', { file: path });
    if (range !== undefined && range.end <= range.start) return (async function* empty() {})();
    // Pipes and devices (`<(...)`, /dev/stdin) cannot be read at an offset: stream them.
    if (!info.isFile()) return createReadStream(path, { highWaterMark: CHUNK_BYTES });
    return readAhead(path, range?.start ?? 0, range?.end ?? Number.POSITIVE_INFINITY, range !== undefined);
  } catch (error) {
    throw openError(path, error);
  }
}

/** A file system error as the one-line error dealmath gives for it. */
function openError(path: string, error: unknown): DealmathError {
  if (error instanceof DealmathError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DealmathError('file-not-found', 'no such file', { file: path });
  return new DealmathError('unreadable', `cannot read (${code ?? 'unknown error'})`, { file: path });
}

/**
 * 96 KiB chunks: the text the parser gets (a chunk and the record carried over) stays below V8's
 * 128 KB limit for ordinary objects. Past it, a string is a large object that V8 frees only at a
 * full collection, and its cells keep it alive: on 1M deals 128 KiB chunks took 14% longer and
 * 256 KiB ones peaked 50 MB higher. 32 KiB took 5% longer, 64 KiB 2% (README "Performance").
 */
const CHUNK_BYTES = 96 * 1024;
/** Reads kept in flight: a read stream asks for the next chunk only when one is consumed, and on 1M deals the parser sat idle 130 ms waiting. */
const READS_AHEAD = 4;

/**
 * Bytes [start, end) of a regular file in chunks, with the next reads already under way; or, for
 * a part of a file read in parts (`inPlace`), each read on this thread. Every core is reading a
 * part then, and a read handed to the thread pool waits for one: winrate on 1M deals in two
 * parts 1.72 s to 1.62 s, the report 6.54 s to 6.40 s. In one pass a core is free for the pool,
 * its reads overlap the parsing, and reading here gained nothing (2.32 s both ways).
 */
async function* readAhead(path: string, start: number, end: number, inPlace: boolean): AsyncGenerator<Uint8Array> {
  // Opened at the first read, not before: a reader that is made and then never read (an error
  // between opening and reading) holds no descriptor for the garbage collector to close.
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw openError(path, error);
  }
  let position = start;
  if (inPlace) {
    try {
      while (position < end) {
        const size = Math.min(CHUNK_BYTES, end - position);
        const buffer = Buffer.allocUnsafe(size);
        const bytesRead = readSync(handle.fd, buffer, 0, size, position);
        position += size;
        if (bytesRead > 0) yield buffer.subarray(0, bytesRead);
        // A short read is the end of the file.
        if (bytesRead < size) return;
      }
    } finally {
      await handle.close();
    }
    return;
  }
  const pending: Promise<{ chunk: Uint8Array; short: boolean }>[] = [];
  const issue = (): void => {
    if (position >= end) return;
    const size = Math.min(CHUNK_BYTES, end - position);
    const buffer = Buffer.allocUnsafe(size);
    pending.push(handle.read(buffer, 0, size, position).then(({ bytesRead }) => ({ chunk: buffer.subarray(0, bytesRead), short: bytesRead < size })));
    position += size;
  };
  try {
    for (let count = 0; count < READS_AHEAD; count += 1) issue();
    for (;;) {
      const next = pending.shift();
      if (next === undefined) return;
      const { chunk, short } = await next;
      if (chunk.length > 0) yield chunk;
      // A short read is the end of the file; the reads issued past it come back empty.
      if (short) return;
      issue();
    }
  } finally {
    await Promise.allSettled(pending);
    await handle.close();
  }
}

export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface DecodedText {
  /** Final once the chunks are read: a file may turn out not to be UTF-8 past its first chunk. */
  readonly encoding: Encoding;
  readonly chunks: AsyncGenerator<string>;
}

/**
 * Decodes byte chunks to text chunks. The first chunk decides the encoding (its BOM), unless
 * `forced`; a NUL byte in UTF-8 text means the file is binary (or UTF-16 without a BOM) and is an
 * error. A file whose first bytes say it is a gzip, zip, PDF or old Excel file is refused by name.
 */
export async function decodeText(file: string, bytes: AsyncIterable<Uint8Array>, forced?: InputEncoding): Promise<DecodedText> {
  const iterator = bytes[Symbol.asyncIterator]();
  let first = await nextChunk(iterator, file);
  // A BOM or a file signature can straddle tiny chunks (stdin); gather at least 8 bytes when there are more.
  while (first !== null && first.length < 8) {
    const more = await nextChunk(iterator, file);
    if (more === null) break;
    first = concat(first, more);
  }
  if (first !== null) {
    try {
      refuseBinary(file, first);
    } catch (error) {
      // Refused by its first bytes: closed now, not by the garbage collector.
      await iterator.return?.();
      throw error;
    }
  }
  const bom = first === null ? null : byteOrderMark(first);
  const skip = bom === null || (forced !== undefined && forced !== bom.encoding) ? 0 : bom.length;
  const encoding: Encoding = forced ?? bom?.encoding ?? 'utf-8';
  const firstChunk = first;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return { encoding, chunks: utf16Chunks(file, firstChunk, skip, iterator, encoding) };
  if (encoding === 'windows-1252' || encoding === 'latin1') return { encoding, chunks: singleByteChunks(file, firstChunk, iterator, encoding) };
  const detected: { encoding: Encoding } = { encoding: bom?.encoding === 'utf-8' ? 'utf-8 with BOM' : 'utf-8' };
  const chunks = utf8Chunks(file, firstChunk, skip, iterator, forced === undefined && bom === null, detected);
  return {
    get encoding() {
      return detected.encoding;
    },
    chunks,
  };
}

function byteOrderMark(bytes: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** File signatures of what people save by mistake instead of CSV, and what to do instead. */
const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly says: string }[] = [
  { bytes: [0x1f, 0x8b], says: 'this is a gzip file; decompress it first (gunzip), then read the CSV inside' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], says: 'this is a zip file, not a CSV; unzip it, or name an Excel workbook .xlsx' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], says: 'this is a PDF file; export the report as CSV or .xlsx instead' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], says: 'this is an old Excel (.xls) workbook; save it as .xlsx or CSV' },
  { bytes: [0x50, 0x41, 0x52, 0x31], says: 'this is a Parquet file; name it .parquet to read it as one' },
];

/** The error for a binary file recognised by its first bytes, or nothing. */
export function binaryFileError(file: string, first: Uint8Array): DealmathError | null {
  for (const signature of SIGNATURES) {
    if (signature.bytes.every((byte, index) => first[index] === byte)) return new DealmathError('malformed-input', signature.says, { file });
  }
  return null;
}

function refuseBinary(file: string, first: Uint8Array): void {
  const error = binaryFileError(file, first);
  if (error !== null) throw error;
}

/**
 * Windows-1252's characters for the bytes 0x80-0x9F, where Latin-1 has C1 controls; `\0` marks
 * the five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) it leaves undefined. Node's TextDecoder cannot be
 * used: with Node's ICU it reads 'windows-1252' as Latin-1, 0x80 as U+0080 rather than €.
 */
const WINDOWS_1252_HIGH = '€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ';
const C1_CONTROL = /[\u0080-\u009f]/;
const C1_CONTROLS = /[\u0080-\u009f]/g;
const UNDEFINED_IN_WINDOWS_1252 = /[\u0081\u008d\u008f\u0090\u009d]/;

/**
 * Windows-1252 bytes (checked for NUL) to text: read as Latin-1 (one character a byte, native),
 * then the few characters of 0x80-0x9F mapped through the table; a chunk without them (most of
 * an export) is only scanned once more. A byte Windows-1252 leaves undefined is an error; the
 * Latin-1 text has one character a byte, so where it is found is its byte offset in the chunk.
 */
function windows1252Text(file: string, buffer: Buffer, offset: number, guessed: boolean): string {
  const latin1 = buffer.toString('latin1');
  if (!C1_CONTROL.test(latin1)) return latin1;
  const undefinedAt = latin1.search(UNDEFINED_IN_WINDOWS_1252);
  if (undefinedAt !== -1) {
    const at = offset + undefinedAt;
    // Guessed, the file is neither; told, it may be Latin-1, which has a character for every byte.
    const message = guessed
      ? `byte ${at} is neither UTF-8 nor Windows-1252; save the file as UTF-8 or pass --encoding`
      : `byte ${at} (0x${(buffer[undefinedAt] as number).toString(16).toUpperCase()}) is not a Windows-1252 character; save the file as UTF-8, or pass --encoding latin1 if it is Latin-1`;
    throw new DealmathError('malformed-input', message, { file });
  }
  return latin1.replace(C1_CONTROLS, (control) => WINDOWS_1252_HIGH[control.charCodeAt(0) - 0x80] as string);
}

/** Windows-1252 or Latin-1 bytes to text: every byte is a character, so nothing is invalid but NUL (and Windows-1252's five undefined bytes). */
async function* singleByteChunks(file: string, firstChunk: Uint8Array | null, iterator: AsyncIterator<Uint8Array>, encoding: 'windows-1252' | 'latin1'): AsyncGenerator<string> {
  // Latin-1 proper (ISO-8859-1) maps 0x80-0x9F to C1 controls, as Buffer's 'latin1' does.
  let offset = 0;
  const decode = (chunk: Uint8Array): string => {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const nul = buffer.indexOf(0);
    if (nul !== -1) throw nulByte(file, offset + nul);
    const text = encoding === 'latin1' ? buffer.toString('latin1') : windows1252Text(file, buffer, offset, false);
    offset += chunk.length;
    return text;
  };
  try {
    if (firstChunk !== null) {
      const text = decode(firstChunk);
      if (text !== '') yield text;
    }
    for (;;) {
      const chunk = await nextChunk(iterator, file);
      if (chunk === null) break;
      const text = decode(chunk);
      if (text !== '') yield text;
    }
  } finally {
    await iterator.return?.();
  }
}

/**
 * UTF-8 bytes to text. Each chunk is cut after its last complete character (the rest waits for the
 * next chunk), checked with the native `isUtf8` and decoded with `toString`: about twice as fast as a
 * streaming fatal TextDecoder on a 190 MB export, with the same strictness.
 */
async function* utf8Chunks(
  file: string,
  firstChunk: Uint8Array | null,
  skip: number,
  iterator: AsyncIterator<Uint8Array>,
  mayGuess: boolean,
  detected: { encoding: Encoding },
): AsyncGenerator<string> {
  // Bytes of a character cut by the end of the previous chunk, and the file offset they start at.
  let pending: Uint8Array = new Uint8Array(0);
  let pendingStart = skip;
  // True once a byte above 0x7F was read as UTF-8: from then on the file cannot be re-read as Windows-1252.
  let nonAsciiRead = false;
  // Set when the text turned out not to be UTF-8 and nothing before was: the rest is Windows-1252.
  let windows1252 = false;
  const decode = (chunk: Uint8Array, final: boolean): string => {
    if (windows1252) return decodeWindows1252(chunk);
    const bytes = pending.length === 0 ? chunk : concat(pending, chunk);
    const start = pendingStart;
    const end = final ? bytes.length : completeCharactersEnd(bytes);
    const body = bytes.subarray(0, end);
    pending = bytes.slice(end);
    pendingStart = start + end;
    const buffer = Buffer.from(body.buffer, body.byteOffset, body.length);
    if (!isUtf8(buffer)) {
      const invalidAt = firstInvalidUtf8(body);
      // ASCII up to here reads the same in both: the file is Windows-1252 (Excel's "CSV" on Windows).
      if (mayGuess && !nonAsciiRead && !hasNonAscii(body, invalidAt)) {
        windows1252 = true;
        detected.encoding = 'windows-1252 (guessed)';
        pending = new Uint8Array(0);
        // Offsets count on from where these bytes start (ASCII chunks may have been read before).
        windowsOffset = start;
        return decodeWindows1252(bytes);
      }
      throw new DealmathError('malformed-input', `invalid UTF-8 bytes at byte ${start + invalidAt}; save the file as UTF-8 (or pass --encoding windows-1252)`, { file });
    }
    // UTF-8 writes U+0000 only as the byte 0.
    const nul = buffer.indexOf(0);
    if (nul !== -1) throw nulByte(file, start + nul);
    const text = buffer.toString('utf8');
    // Valid UTF-8 decodes to fewer UTF-16 units than bytes exactly when it holds a non-ASCII character.
    if (text.length !== buffer.length) nonAsciiRead = true;
    return text;
  };
  let windowsOffset = pendingStart;
  const decodeWindows1252 = (chunk: Uint8Array): string => {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const nul = buffer.indexOf(0);
    if (nul !== -1) throw nulByte(file, windowsOffset + nul);
    // A byte Windows-1252 leaves undefined: the guess was wrong, and the file is neither.
    const text = windows1252Text(file, buffer, windowsOffset, true);
    windowsOffset += chunk.length;
    return text;
  };
  try {
    if (firstChunk !== null) {
      const text = decode(firstChunk.subarray(skip), false);
      if (text !== '') yield text;
    }
    for (;;) {
      const chunk = await nextChunk(iterator, file);
      if (chunk === null) break;
      const text = decode(chunk, false);
      if (text !== '') yield text;
    }
    const tail = decode(new Uint8Array(0), true);
    if (tail !== '') yield tail;
  } finally {
    // Stopped early or not, the file is closed.
    await iterator.return?.();
  }
}

/** True when a byte before `end` is above 0x7F. */
function hasNonAscii(bytes: Uint8Array, end: number): boolean {
  for (let index = 0; index < end; index += 1) if ((bytes[index] as number) > 0x7f) return true;
  return false;
}

/** Where the last complete UTF-8 character of `bytes` ends: a lead byte near the end whose sequence runs past it is cut off. */
function completeCharactersEnd(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back += 1) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

function nulByte(file: string, at: number): DealmathError {
  return new DealmathError('malformed-input', `NUL byte at byte ${at}: the file looks binary or is UTF-16 without a BOM; expected UTF-8 text`, { file });
}

/** UTF-16 bytes to text, through a strict streaming TextDecoder (UTF-16 exports are rare and small). */
async function* utf16Chunks(file: string, firstChunk: Uint8Array | null, skip: number, iterator: AsyncIterator<Uint8Array>, encoding: 'utf-16le' | 'utf-16be'): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  let offset = 0;
  // UTF-16 code units decoded so far: unit i starts at byte skip + 2i.
  let unitsDecoded = 0;
  const decode = (chunk: Uint8Array, stream: boolean, base: number): string => {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream });
    } catch {
      throw new DealmathError('malformed-input', `invalid UTF-16 bytes at byte ${base}; save the file as UTF-8`, { file });
    }
    const nul = text.indexOf('\0');
    if (nul !== -1) throw nulByte(file, skip + 2 * (unitsDecoded + nul));
    unitsDecoded += text.length;
    return text;
  };
  try {
    if (firstChunk !== null) {
      const text = decode(firstChunk.subarray(skip), true, skip);
      offset += firstChunk.length;
      if (text !== '') yield text;
    }
    for (;;) {
      const chunk = await nextChunk(iterator, file);
      if (chunk === null) break;
      const text = decode(chunk, true, offset);
      offset += chunk.length;
      if (text !== '') yield text;
    }
    const tail = decode(new Uint8Array(0), false, offset);
    if (tail !== '') yield tail;
  } finally {
    // Stopped early or not, the file is closed.
    await iterator.return?.();
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence, or where the input ends inside a character (error path only). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index] as number;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0;
    if (length === 0) return index;
    for (let next = 1; next < length; next += 1) {
      const continuation = bytes[index + next];
      if (continuation === undefined) return index; // cut at the end: the input ends inside a character
      // The second byte's range also rules out overlong forms, surrogates and code points past U+10FFFF (as TextDecoder does).
      const low = next > 1 ? 0x80 : byte === 0xe0 ? 0xa0 : byte === 0xf0 ? 0x90 : 0x80;
      const high = next > 1 ? 0xbf : byte === 0xed ? 0x9f : byte === 0xf4 ? 0x8f : 0xbf;
      if (continuation < low || continuation > high) return index;
    }
    index += length;
  }
  return index;
}

async function nextChunk(iterator: AsyncIterator<Uint8Array>, file: string): Promise<Uint8Array | null> {
  try {
    const result = await iterator.next();
    if (result.done) return null;
    const value: unknown = result.value;
    return typeof value === 'string' ? new TextEncoder().encode(value) : (value as Uint8Array);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DealmathError('unreadable', `cannot read (${code ?? String(error)})`, { file });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/** Reads a whole small file (config, YAML/JSON records) as text, with the same decoding rules; `kind` names it in the limit's message. */
export async function readWholeText(path: string, maxBytes: number, kind: 'YAML' | 'JSON' | 'YAML/JSON' = 'YAML/JSON', encoding?: InputEncoding): Promise<string> {
  const file = displayName(path);
  const { chunks } = await decodeText(file, await openBytes(path), encoding);
  let text = '';
  for await (const chunk of chunks) {
    text += chunk;
    if (text.length > maxBytes) throw documentTooLarge(file, maxBytes, kind);
  }
  return text;
}

/** The error for a YAML or JSON document over its size limit (LIMITS in table.ts). */
export function documentTooLarge(file: string, maxBytes: number, kind: string): DealmathError {
  return new DealmathError('limit-exceeded', `larger than ${Math.round(maxBytes / 1_048_576)} MiB, the limit for ${kind} input; use CSV for large data`, { file });
}
