/**
 * jsonRecordKeys reads each record's keys from the text without parsing it; ordered as
 * Object.keys orders them (objectKeyOrder), they must be Object.keys of JSON.parse of the record,
 * whatever the keys (escapes, quotes, brackets, array indexes, duplicates, __proto__), the
 * values (nested mappings and lists, whose keys are not the record's) and where the chunks cut.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonRecordKeys, objectKeyOrder } from '../../src/io/jsonRecords.js';

const LIMITS = { maxRecordChars: 1 << 20, maxDepth: 64 };

const key = fc.oneof(
  fc.constantFrom('id', 'amount', 'stage', '__proto__', 'constructor', '0', '1', '10', '007', '4294967294', '4294967295', '-1', 'a"b', 'a\\b', 'x,y', 'c:d', '{', '[', 'é', ''),
  fc.string({ maxLength: 6 }),
);
const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('mapping')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  mapping: fc.array(fc.tuple(key, tie('value')), { maxLength: 3 }),
}));

/** A record's text with its members in this order (duplicates kept), and escapes written out at random. */
function recordText(members: readonly (readonly [string, unknown])[], escaped: boolean): string {
  const text = (item: unknown): string => {
    if (Array.isArray(item) && item.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string')) {
      return `{${(item as [string, unknown][]).map(([name, inner]) => `${keyJson(name)}:${text(inner)}`).join(',')}}`;
    }
    if (Array.isArray(item)) return `[${item.map(text).join(', ')}]`;
    return JSON.stringify(item);
  };
  const keyJson = (name: string): string => (escaped ? JSON.stringify(name).replace(/[a-z]/g, (letter) => `\\u00${letter.charCodeAt(0).toString(16)}`) : JSON.stringify(name));
  return `{ ${members.map(([name, inner]) => `${keyJson(name)} : ${text(inner)}`).join(' ,\n')} }`;
}

async function keysOf(document: string, cuts: readonly number[]): Promise<string[][]> {
  const positions = [...new Set(cuts.map((cut) => cut % (document.length + 1)))].sort((a, b) => a - b);
  async function* chunks(): AsyncGenerator<string> {
    let from = 0;
    for (const position of [...positions, document.length]) {
      if (position > from) yield document.slice(from, position);
      from = position;
    }
  }
  const lists: string[][] = [];
  for await (const batch of jsonRecordKeys(chunks(), 'records.json', LIMITS)) lists.push(...batch);
  return lists;
}

describe('jsonRecordKeys', () => {
  it('gives the keys JSON.parse gives, for any records cut anywhere (random documents)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.tuple(key, value), { maxLength: 6 }), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), async (records, escaped, wrapped, cuts) => {
        const list = `[\n${records.map((members) => recordText(members, escaped)).join(',\n')}\n]`;
        const document = wrapped ? `{"note": "a [list] {here}", "deals": ${list}}` : list;
        const parsed = JSON.parse(list) as Record<string, unknown>[];
        const lists = await keysOf(document, cuts);
        expect(lists.map(objectKeyOrder)).toEqual(parsed.map((record) => Object.keys(record)));
      }),
      { numRuns: 300 },
    );
  });

  it('orders keys as Object.keys does (worked example)', () => {
    // Object.keys(JSON.parse('{"b":1,"10":2,"a":3,"2":4,"b":5,"007":6}')) in Node: 2, 10, b, a, 007.
    expect(objectKeyOrder(['b', '10', 'a', '2', 'b', '007'])).toEqual(['2', '10', 'b', 'a', '007']);
  });
});
