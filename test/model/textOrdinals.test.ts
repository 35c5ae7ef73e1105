import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextOrdinals } from '../../src/model/textOrdinals.js';

describe('TextOrdinals', () => {
  it('numbers texts in the order first seen and finds them again', () => {
    const ordinals = new TextOrdinals();
    expect(ordinals.ordinalOrAdd('D-1')).toBe(0);
    expect(ordinals.ordinalOrAdd('D-2')).toBe(1);
    expect(ordinals.ordinalOrAdd('D-1')).toBe(0);
    expect(ordinals.ordinalOf('D-2')).toBe(1);
    expect(ordinals.ordinalOf('D-3')).toBe(-1);
    expect(ordinals.ordinalOf('')).toBe(-1);
    expect(ordinals.texts).toEqual(['D-1', 'D-2']);
    expect(ordinals.size).toBe(2);
  });

  it('stores the kept copy of a new text and compares by content', () => {
    const ordinals = new TextOrdinals();
    const kept: string[] = [];
    ordinals.ordinalOrAdd('0065e00000AbCdEfGH', (text) => {
      kept.push(text);
      return `${text}`;
    });
    ordinals.ordinalOrAdd(['0065e00000', 'AbCdEfGH'].join(''), (text) => {
      kept.push(text);
      return text;
    });
    expect(kept).toEqual(['0065e00000AbCdEfGH']);
    expect(ordinals.ordinalOf('0065e00000AbCdEfGH')).toBe(0);
  });

  it('agrees with a Map for any texts, through many growths', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6, unit: 'binary' }), { maxLength: 3000 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 50 }), (texts, probes) => {
        const ordinals = new TextOrdinals(1);
        const expected = new Map<string, number>();
        for (const text of texts) {
          if (!expected.has(text)) expected.set(text, expected.size);
          expect(ordinals.ordinalOrAdd(text)).toBe(expected.get(text));
        }
        for (const text of [...texts, ...probes]) expect(ordinals.ordinalOf(text)).toBe(expected.get(text) ?? -1);
        expect(ordinals.texts).toEqual([...expected.keys()]);
      }),
      { numRuns: 200 },
    );
  });

  it('holds a hundred thousand ids', () => {
    const ordinals = new TextOrdinals();
    for (let index = 0; index < 100_000; index += 1) ordinals.ordinalOrAdd(`D-${index}`);
    expect(ordinals.size).toBe(100_000);
    expect(ordinals.ordinalOf('D-99999')).toBe(99_999);
    expect(ordinals.ordinalOf('D-100000')).toBe(-1);
  });
});
