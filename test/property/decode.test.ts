/**
 * Properties (fast-check) of decodeText (src/io/textInput.ts) however the bytes arrive in chunks
 * (a pipe may cut anywhere, even inside a character): valid UTF-8 and UTF-16LE text decodes to
 * itself; an invalid UTF-8 sequence and a NUL byte are reported at their exact byte offset, which
 * the test knows from how it built the bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/io/textInput.js';
import { DealmathError } from '../../src/model/errors.js';

const text = fc.string({ unit: fc.constantFrom('a', 'Z', ',', '\n', '"', 'é', '€', '𝄞', '🚀', 'ß', '中'), maxLength: 200 });
/** Cut points as fractions of the length, so any length gets a few. */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

async function* chunked(bytes: Uint8Array, fractions: readonly number[]): AsyncGenerator<Uint8Array> {
  const positions = [...new Set(fractions.map((fraction) => Math.floor(fraction * bytes.length)))].sort((a, b) => a - b);
  let start = 0;
  for (const position of [...positions, bytes.length]) {
    if (position > start) yield bytes.subarray(start, position);
    start = position;
  }
}

async function decodeAll(bytes: Uint8Array, fractions: readonly number[], forced?: 'utf-8'): Promise<{ encoding: string; text: string }> {
  const decoded = await decodeText('property.csv', chunked(bytes, fractions), forced);
  let out = '';
  for await (const chunk of decoded.chunks) out += chunk;
  return { encoding: decoded.encoding, text: out };
}

/** The error decoding `bytes` gives; `forced` UTF-8 makes no Windows-1252 guess. */
async function errorOf(bytes: Uint8Array, fractions: readonly number[], forced?: 'utf-8'): Promise<string> {
  const error = await decodeAll(bytes, fractions, forced).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DealmathError);
  return (error as DealmathError).message;
}

describe('decodeText', () => {
  it('valid UTF-8 (with or without a BOM) and UTF-16LE with a BOM decode to the text', async () => {
    await fc.assert(
      fc.asyncProperty(text.filter((value) => !value.includes('\0')), fc.constantFrom('utf-8', 'utf-8 with BOM', 'utf-16le'), cuts, async (value, encoding, fractions) => {
        const bytes = encoding === 'utf-16le' ? Buffer.from(`\uFEFF${value}`, 'utf16le') : Buffer.from(`${encoding === 'utf-8' ? '' : '\uFEFF'}${value}`, 'utf8');
        // An empty UTF-8 text has no BOM to find, so its encoding reads as plain UTF-8.
        const decoded = await decodeAll(bytes, fractions);
        expect(decoded.text).toBe(value);
        if (bytes.length > 0) expect(decoded.encoding).toBe(encoding);
      }),
      { numRuns: 500 },
    );
  });

  const invalidSequences: readonly (readonly number[])[] = [
    [0xff], // never valid
    [0x80], // a continuation byte with no lead
    [0xc0, 0x80], // overlong NUL
    [0xc3, 0x28], // a lead byte followed by ASCII
    [0xe0, 0x80, 0x80], // overlong 3-byte form
    [0xed, 0xa0, 0x80], // a UTF-16 surrogate
    [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
    [0xf5, 0x80, 0x80, 0x80], // never a lead
  ];

  it('an invalid UTF-8 sequence is reported at its byte offset', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(...invalidSequences), text, cuts, async (before, bad, after, fractions) => {
        // The prefix must not start like a UTF-16 or UTF-8 BOM and must hold no NUL (another error).
        const prefix = Buffer.from(`x${before.replace(/\0/g, '')}`, 'utf8');
        const bytes = Buffer.concat([prefix, Buffer.from(bad), Buffer.from(after.replace(/\0/g, ''), 'utf8')]);
        expect(await errorOf(bytes, fractions, 'utf-8')).toBe(`property.csv: invalid UTF-8 bytes at byte ${prefix.length}; save the file as UTF-8 (or pass --encoding windows-1252)`);
      }),
      { numRuns: 500 },
    );
  });

  it('bytes that are not UTF-8 after ASCII only are read as Windows-1252, however chunked; after UTF-8 text they are an error', async () => {
    const ascii = fc.string({ unit: fc.constantFrom('a', 'Z', ',', '\n', '"'), maxLength: 200 });
    // Windows-1252 ü, ÿ, € and "A": 0xFC and 0xFF never start a UTF-8 sequence, and 0x80 only continues one, so no mix of them is valid UTF-8.
    const windowsBytes = fc.array(fc.constantFrom(0xfc, 0xff, 0x80, 0x41), { minLength: 1, maxLength: 20 }).filter((bytes) => bytes.some((byte) => byte > 0x7f));
    await fc.assert(
      fc.asyncProperty(ascii, windowsBytes, cuts, async (before, tail, fractions) => {
        const bytes = Buffer.concat([Buffer.from(`x${before}`, 'latin1'), Buffer.from(tail)]);
        const decoded = await decodeAll(bytes, fractions);
        // The oracle: the platform's own Windows-1252 decoder on the whole input.
        expect(decoded).toEqual({ encoding: 'windows-1252 (guessed)', text: new TextDecoder('windows-1252').decode(bytes) });
        const afterUtf8 = Buffer.concat([Buffer.from(`xé${before}`, 'utf8'), Buffer.from(tail)]);
        await expect(decodeAll(afterUtf8, fractions)).rejects.toThrow(/invalid UTF-8 bytes at byte \d+; save the file as UTF-8/);
      }),
      { numRuns: 300 },
    );
  });

  it('a character cut off by the end of the input is reported at its first byte', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('é', '€', '🚀'), cuts, async (before, last, fractions) => {
        const prefix = Buffer.from(`x${before.replace(/\0/g, '')}`, 'utf8');
        const whole = Buffer.from(last, 'utf8');
        const bytes = Buffer.concat([prefix, whole.subarray(0, whole.length - 1)]);
        expect(await errorOf(bytes, fractions, 'utf-8')).toBe(`property.csv: invalid UTF-8 bytes at byte ${prefix.length}; save the file as UTF-8 (or pass --encoding windows-1252)`);
      }),
      { numRuns: 300 },
    );
  });

  it('a NUL byte is reported at its byte offset, in UTF-8 and in UTF-16LE', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, fc.constantFrom('utf-8', 'utf-16le'), cuts, async (before, after, encoding, fractions) => {
        const prefix = encoding === 'utf-8' ? Buffer.from(`xxxx${before.replace(/\0/g, '')}`, 'utf8') : Buffer.from(`\uFEFFxxxx${before.replace(/\0/g, '')}`, 'utf16le');
        const nul = encoding === 'utf-8' ? Buffer.from([0]) : Buffer.from([0, 0]);
        const bytes = Buffer.concat([prefix, nul, Buffer.from(after, encoding === 'utf-8' ? 'utf8' : 'utf16le')]);
        expect(await errorOf(bytes, fractions)).toBe(`property.csv: NUL byte at byte ${prefix.length}: the file looks binary or is UTF-16 without a BOM; expected UTF-8 text`);
      }),
      { numRuns: 500 },
    );
  });
});
