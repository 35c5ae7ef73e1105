/**
 * Properties (fast-check) of decodeText (src/io/textInput.ts) however the bytes arrive in chunks
 * (a pipe may cut anywhere, even inside a character): valid UTF-8 and UTF-16LE text decodes to
 * itself, Windows-1252 to its own characters; an invalid UTF-8 sequence, a NUL byte and a byte
 * Windows-1252 leaves undefined are reported at their exact byte offset, which
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

async function decodeAll(bytes: Uint8Array, fractions: readonly number[], forced?: 'utf-8' | 'windows-1252' | 'latin1'): Promise<{ encoding: string; text: string }> {
  const decoded = await decodeText('property.csv', chunked(bytes, fractions), forced);
  let out = '';
  for await (const chunk of decoded.chunks) out += chunk;
  return { encoding: decoded.encoding, text: out };
}

/** The error decoding `bytes` gives; `forced` UTF-8 makes no Windows-1252 guess. */
async function errorOf(bytes: Uint8Array, fractions: readonly number[], forced?: 'utf-8' | 'windows-1252'): Promise<string> {
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
    // Windows-1252 ü, ÿ, €, ’, Ÿ and "A": 0xFC and 0xFF never start a UTF-8 sequence, and 0x80-0xBF only continue one, so no mix of them is valid UTF-8.
    // The characters are Windows-1252's (Unicode's mapping file MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT), written out: Node's
    // TextDecoder('windows-1252') reads 0x80-0x9F as Latin-1's C1 controls, so it cannot be the oracle.
    const windows1252: Readonly<Record<number, string>> = { 0xfc: 'ü', 0xff: 'ÿ', 0x80: '€', 0x92: '’', 0x9f: 'Ÿ', 0x41: 'A' };
    const windowsBytes = fc.array(fc.constantFrom(0xfc, 0xff, 0x80, 0x92, 0x9f, 0x41), { minLength: 1, maxLength: 20 }).filter((bytes) => bytes.some((byte) => byte > 0x7f));
    await fc.assert(
      fc.asyncProperty(ascii, windowsBytes, cuts, async (before, tail, fractions) => {
        const bytes = Buffer.concat([Buffer.from(`x${before}`, 'latin1'), Buffer.from(tail)]);
        const decoded = await decodeAll(bytes, fractions);
        // ASCII reads as itself; the tail through the table above.
        expect(decoded).toEqual({ encoding: 'windows-1252 (guessed)', text: `x${before}${tail.map((byte) => windows1252[byte]).join('')}` });
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

describe('decodeText: Windows-1252', () => {
  // Unicode's mapping file for the code page (MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT), bytes 0x80-0x9F in order without
  // the five it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D); Latin-1 has C1 controls U+0080-U+009F there.
  const HIGH_BYTES = [0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f];
  const HIGH_CHARACTERS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

  it('reads 0x80-0x9F as Windows-1252 characters, told or guessed, however chunked; Latin-1 keeps its C1 controls', async () => {
    expect(HIGH_BYTES).toHaveLength(27);
    // 0xE9 é, 0xFC ü, 0xC6 Æ: Latin-1 and Windows-1252 agree from 0xA0 on.
    const bytes = Buffer.concat([Buffer.from('x,'), Buffer.from(HIGH_BYTES), Buffer.from([0x2c, 0xe9, 0xfc, 0xc6, 0x0a])]);
    const expected = `x,${HIGH_CHARACTERS},éüÆ\n`;
    for (const fractions of [[], [0.1, 0.5], [0.3, 0.31, 0.32, 0.9]]) {
      expect(await decodeAll(bytes, fractions, 'windows-1252')).toEqual({ encoding: 'windows-1252', text: expected });
      expect(await decodeAll(bytes, fractions)).toEqual({ encoding: 'windows-1252 (guessed)', text: expected });
    }
    const latin1 = await decodeAll(Buffer.from([0x80, 0x92, 0xe9]), [], 'latin1');
    expect(latin1).toEqual({ encoding: 'latin1', text: '\u0080\u0092é' });
  });

  it('refuses a byte Windows-1252 leaves undefined at its byte offset, told or guessed, also past the first chunks', async () => {
    for (const undefinedByte of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
      // 300,000 ASCII bytes (several 96 KiB chunks of a file), "é" as 0xE9, then the byte: it is byte 300,001.
      const bytes = Buffer.concat([Buffer.alloc(300_000, 'a'), Buffer.from([0xe9, undefinedByte, 0x0a])]);
      const hex = undefinedByte.toString(16).toUpperCase();
      const cuts = [0.1, 0.4, 0.7];
      expect(await errorOf(bytes, cuts, 'windows-1252')).toBe(`property.csv: byte 300001 (0x${hex}) is not a Windows-1252 character; save the file as UTF-8, or pass --encoding latin1 if it is Latin-1`);
      expect(await errorOf(bytes, cuts)).toBe('property.csv: byte 300001 is neither UTF-8 nor Windows-1252; save the file as UTF-8 or pass --encoding');
    }
  });
});
