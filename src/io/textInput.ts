/**
 * Bytes to text: opens a file or stdin, detects the encoding from its BOM (UTF-8, UTF-16LE),
 * and decodes strictly so invalid bytes are an error with a byte offset, never U+FFFD in a number.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DealmathError } from '../model/errors.js';

export type Encoding = 'utf-8' | 'utf-8 with BOM' | 'utf-16le';

/** The name a path or `-` is shown by in messages. */
export function displayName(path: string): string {
  return path === '-' ? 'stdin' : path;
}

/** Opens a path (or `-` for stdin) as a stream of byte chunks; a missing or unreadable file is a DealmathError. */
/** `range`: bytes [start, end) only, for a part of a file read in a worker thread. */
export async function openBytes(path: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array>> {
  if (path === '-') return process.stdin;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new DealmathError('unreadable', 'is a directory, expected a file', { file: path });
  } catch (error) {
    if (error instanceof DealmathError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DealmathError('file-not-found', 'no such file', { file: path });
    throw new DealmathError('unreadable', `cannot read (${code ?? 'unknown error'})`, { file: path });
  }
  if (range !== undefined) {
    if (range.end <= range.start) return (async function* empty() {})();
    return createReadStream(path, { highWaterMark: 256 * 1024, start: range.start, end: range.end - 1 });
  }
  return createReadStream(path, { highWaterMark: 256 * 1024 });
}

export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface DecodedText {
  readonly encoding: Encoding;
  readonly chunks: AsyncGenerator<string>;
}

/**
 * Decodes byte chunks to text chunks. The first chunk decides the encoding; a NUL byte in
 * UTF-8 text means the file is binary (or UTF-16 without a BOM) and is an error.
 */
export async function decodeText(file: string, bytes: AsyncIterable<Uint8Array>): Promise<DecodedText> {
  const iterator = bytes[Symbol.asyncIterator]();
  let first = await nextChunk(iterator, file);
  // A BOM can straddle two tiny chunks (stdin); gather at least 4 bytes when there are more.
  while (first !== null && first.length < 4) {
    const more = await nextChunk(iterator, file);
    if (more === null) break;
    first = concat(first, more);
  }
  let encoding: Encoding = 'utf-8';
  let skip = 0;
  if (first !== null && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
    encoding = 'utf-8 with BOM';
    skip = 3;
  } else if (first !== null && first[0] === 0xff && first[1] === 0xfe) {
    encoding = 'utf-16le';
    skip = 2;
  } else if (first !== null && first[0] === 0xfe && first[1] === 0xff) {
    throw new DealmathError('malformed-input', 'the file is UTF-16 big-endian; save it as UTF-8 (or UTF-16LE)', { file });
  }
  const decoder = new TextDecoder(encoding === 'utf-16le' ? 'utf-16le' : 'utf-8', { fatal: true, ignoreBOM: true });
  const firstChunk = first;
  async function* chunks(): AsyncGenerator<string> {
    let offset = 0;
    // The last (up to) 3 bytes decoded: a character they began may end in the next chunk.
    let previous: Uint8Array = new Uint8Array(0);
    const decode = (chunk: Uint8Array, stream: boolean, base = offset): string => {
      try {
        const text = decoder.decode(chunk, { stream });
        previous = chunk.length >= 3 ? chunk.subarray(chunk.length - 3) : concat(previous, chunk).slice(-3);
        return text;
      } catch {
        const at = encoding === 'utf-16le' ? base : invalidUtf8Offset(previous, chunk, base);
        throw new DealmathError('malformed-input', `invalid ${encoding === 'utf-16le' ? 'UTF-16' : 'UTF-8'} bytes at byte ${at}; save the file as UTF-8`, { file });
      }
    };
    // UTF-16 code units decoded so far: in UTF-16LE, unit i starts at byte skip + 2i.
    let unitsDecoded = 0;
    const checked = (text: string, chunk: Uint8Array, chunkStart: number): string => {
      const nul = text.indexOf('\0');
      if (nul !== -1) {
        // UTF-8 writes U+0000 only as the byte 0, so the chunk's own bytes place it (a character cut by the chunk boundary cannot shift it).
        const at = encoding === 'utf-16le' ? skip + 2 * (unitsDecoded + nul) : chunkStart + chunk.indexOf(0);
        throw new DealmathError('malformed-input', `NUL byte at byte ${at}: the file looks binary or is UTF-16 without a BOM; expected UTF-8 text`, { file });
      }
      unitsDecoded += text.length;
      return text;
    };
    if (firstChunk !== null) {
      const text = checked(decode(firstChunk.subarray(skip), true, skip), firstChunk, 0);
      offset += firstChunk.length;
      if (text !== '') yield text;
    }
    for (;;) {
      const chunk = await nextChunk(iterator, file);
      if (chunk === null) break;
      const text = checked(decode(chunk, true), chunk, offset);
      offset += chunk.length;
      if (text !== '') yield text;
    }
    const tail = checked(decode(new Uint8Array(0), false), new Uint8Array(0), offset);
    if (tail !== '') yield tail;
  }
  return { encoding, chunks: chunks() };
}

/**
 * File offset of the first invalid UTF-8 byte in `chunk` (which starts at byte `base`; empty at the
 * end of the input). A sequence that `previous` (the last bytes before `chunk`) left unfinished is
 * rescanned with it, so a character cut by the chunk boundary is neither blamed on the next chunk's
 * first byte nor placed past the end when the input stops inside it (error path only).
 */
function invalidUtf8Offset(previous: Uint8Array, chunk: Uint8Array, base: number): number {
  let carried = 0;
  for (let back = 1; back <= 3 && back <= previous.length; back += 1) {
    const byte = previous[previous.length - back] as number;
    if ((byte & 0xc0) !== 0x80) {
      // A lead byte: carried when its sequence is longer than what the chunk still had of it.
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      if (length > back) carried = back;
      break;
    }
  }
  const bytes = carried === 0 ? chunk : concat(previous.subarray(previous.length - carried), chunk);
  return base - carried + firstInvalidUtf8(bytes);
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (error path only). */
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
export async function readWholeText(path: string, maxBytes: number, kind: 'YAML' | 'JSON' | 'YAML/JSON' = 'YAML/JSON'): Promise<string> {
  const file = displayName(path);
  const { chunks } = await decodeText(file, await openBytes(path));
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
