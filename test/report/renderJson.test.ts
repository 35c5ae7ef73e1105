/** renderJson: the document as JSON, never NaN or Infinity, Maps and Sets as plain JSON. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeOutput } from '../../src/io/writeOutput.js';
import { jsonChunks, renderJson } from '../../src/report/renderers/json.js';

describe('renderJson', () => {
  it('writes the document indented, with -0 as 0', () => {
    expect(renderJson({ a: 1, b: [-0, null, 'x'] })).toBe('{\n  "a": 1,\n  "b": [\n    0,\n    null,\n    "x"\n  ]\n}\n');
  });

  it('refuses NaN and Infinity anywhere, naming the key (JSON.stringify alone would print null)', () => {
    expect(() => renderJson({ groups: [{ rate: Number.NaN }] })).toThrow('non-finite number at "rate"');
    expect(() => renderJson({ total: { value: Number.POSITIVE_INFINITY } })).toThrow('non-finite number at "value"');
    expect(() => renderJson([1, 2, Number.NEGATIVE_INFINITY])).toThrow('non-finite number at "2"');
  });

  it('writes Maps as objects and Sets as lists, without changing the document', () => {
    const document = { byRule: new Map([['duplicate-id', 2]]), names: new Set(['b', 'a']), nested: [{ counts: new Map([['x', 1]]) }] };
    expect(JSON.parse(renderJson(document))).toEqual({ byRule: { 'duplicate-id': 2 }, names: ['b', 'a'], nested: [{ counts: { x: 1 } }] });
    expect(document.byRule).toBeInstanceOf(Map);
    expect(document.nested[0]?.counts).toBeInstanceOf(Map);
  });

  it('keeps the guards in the rows of a long list, written row by row without a replacer where none is needed', () => {
    const rows = Array.from({ length: 300 }, (_, index) => ({ id: index, value: index === 150 ? -0 : index / 2, tags: index === 7 ? new Set(['a']) : ['b'] }));
    const text = renderJson({ rows });
    expect(JSON.parse(text).rows[7].tags).toEqual(['a']);
    expect(text).toContain('"value": 0,');
    expect(text).not.toContain('-0');
    rows[299] = { id: 299, value: Number.NaN, tags: ['b'] };
    expect(() => renderJson({ rows })).toThrow('non-finite number at "value"');
  });

  it('refuses a non-finite number inside a Map', () => {
    expect(() => renderJson({ byRule: new Map([['x', Number.NaN]]) })).toThrow('non-finite number at "x"');
  });

  it('is JSON.stringify(document, null, 2) exactly, for any document, in pieces that join to it', () => {
    // Finite numbers only (the guard refuses the others); -0 is printed 0 by both once replaced.
    const leaf = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('tree'), { maxLength: 5 }),
      object: fc.dictionary(fc.string(), tie('tree'), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), tree, { maxKeys: 6 }), (document) => {
        const pieces = [...jsonChunks(document)];
        expect(pieces.join('')).toBe(`${JSON.stringify(document, null, 2)}\n`);
        expect(renderJson(document)).toBe(pieces.join(''));
      }),
      { numRuns: 500 },
    );
  });

  it('writes long lists (split in pieces, at any depth, beside Maps, -0 and undefined) as JSON.stringify does', () => {
    const row = fc.record({ id: fc.integer(), name: fc.string(), value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null), fc.constant(undefined)), tags: fc.array(fc.string(), { maxLength: 3 }), nested: fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.constant([]), fc.constant({}))) });
    const list = fc.array(fc.oneof({ weight: 8, arbitrary: row }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer() }), { minLength: 250, maxLength: 700 });
    fc.assert(
      fc.property(list, list, fc.integer({ min: 0, max: 699 }), (outer, inner, mapAt) => {
        const document = { groups: outer, section: { rows: inner, deeper: { rows: inner.slice(0, 260) } }, top: inner };
        expect(renderJson(document)).toBe(`${JSON.stringify(document, null, 2)}\n`);
        // A Map in one row sends its piece through the replacer: the same text as a plain object.
        const withMap = inner.map((item, index) => (index === mapAt ? { counts: new Map([['x', 1]]) } : item));
        const plain = inner.map((item, index) => (index === mapAt ? { counts: { x: 1 } } : item));
        expect(renderJson({ section: { rows: withMap } })).toBe(`${JSON.stringify({ section: { rows: plain } }, null, 2)}\n`);
      }),
      { numRuns: 25 },
    );
  });

  it('comes in pieces: a document of many groups is never one string until written', () => {
    const document = { command: 'winrate', groups: Array.from({ length: 1000 }, (_, index) => ({ key: { account: `A${index}` }, won: index })) };
    const pieces = [...jsonChunks(document)];
    const whole = pieces.join('').length;
    // 1,000 groups in pieces of 64: many pieces, none near the whole document.
    expect(pieces.length).toBeGreaterThanOrEqual(16);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(whole / 3);
  });

  it('writes pieces of any size and any characters in order, across its megabyte batches, to a stream and to --out', async () => {
    // Accents, a character of three UTF-8 bytes, a surrogate pair (four), pieces from 0 to 1.2 M
    // characters: the bytes must be the UTF-8 of the pieces joined.
    const alphabet = ['a', 'é', '€', '😀', '\n'];
    const pieces = Array.from({ length: 400 }, (_, index) => alphabet[index % alphabet.length]?.repeat((index * 7919) % 9000) ?? '');
    pieces.splice(200, 0, 'x'.repeat(1_200_000), '', '€'.repeat(400_000));
    const expected = Buffer.from(pieces.join(''), 'utf8');
    const stream = new PassThrough();
    const received: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk));
    await writeOutput(pieces, undefined, stream);
    expect(Buffer.concat(received).equals(expected)).toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), 'pieces-')), 'out.txt');
    await writeOutput(pieces.values(), out);
    expect(readFileSync(out).equals(expected)).toBe(true);
  });

  it('writes the pieces in order to a stream and to --out, whole', async () => {
    const document = { groups: Array.from({ length: 30_000 }, (_, index) => ({ key: { account: `Account ${index}` }, rate: index / 7 })) };
    const expected = `${JSON.stringify(document, null, 2)}\n`;
    const stream = new PassThrough();
    const received: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk));
    await writeOutput(jsonChunks(document), undefined, stream);
    expect(Buffer.concat(received).toString('utf8')).toBe(expected);
    const out = join(mkdtempSync(join(tmpdir(), 'json-')), 'out.json');
    await writeOutput(jsonChunks(document), out);
    expect(readFileSync(out, 'utf8')).toBe(expected);
  });
});
