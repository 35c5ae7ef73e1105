/**
 * `__proto__`, `constructor` and `prototype` as column names and as YAML/JSON keys, read in-process
 * (test/fixtures/hostile/proto-columns.csv, proto-keys.yaml, proto-config.yaml): they stay ordinary
 * keys with their values, and no object anywhere gains a property through its prototype.
 * Outcome chosen: kept as dimensions (own properties), never merged into a prototype; as config
 * keys they are unknown keys (a bad-config error).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/io/loadConfig.js';
import { readDeals } from '../../src/io/readDeals.js';
import { openTable, parseStructured } from '../../src/io/table.js';
import { groupedFold } from '../../src/metrics/fold.js';
import { winRateFold } from '../../src/metrics/winRate.js';
import { DEFAULT_CONFIG } from '../../src/model/config.js';
import { DealmathError } from '../../src/model/errors.js';
import type { Deal } from '../../src/model/types.js';
import { FIXTURES } from '../cli/helpers.js';

const hostile = (name: string): string => join(FIXTURES, 'hostile', name);
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

afterEach(() => {
  // Nothing was added to Object.prototype (or replaced on it).
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

async function dealsOf(path: string): Promise<Deal[]> {
  const deals: Deal[] = [];
  await readDeals([path], { config: DEFAULT_CONFIG }, { deal: (deal) => deals.push(deal), finding: () => undefined });
  return deals;
}

describe('prototype keys stay ordinary keys', () => {
  it('proto-columns.csv: the header and cells through openTable', async () => {
    const table = await openTable(hostile('proto-columns.csv'));
    expect(table.header).toEqual(['deal_id', '__proto__', 'constructor', 'prototype', 'stage', 'amount']);
    const rows: string[][] = [];
    for await (const batch of table.batches) for (const raw of batch) rows.push([...raw.cells]);
    expect(rows[0]).toEqual(['P1', 'polluted', 'c1', 'p1', 'Closed Won', '100']);
  });

  it('proto-columns.csv: dimensions of the deals are own properties', async () => {
    const deals = await dealsOf(hostile('proto-columns.csv'));
    expect(deals.map((deal) => deal.id)).toEqual(['P1', 'P2', 'P3']);
    const first = deals[0] as Deal;
    expect(Object.keys(first.dimensions)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(Object.hasOwn(first.dimensions, '__proto__')).toBe(true);
    expect(first.dimensions.__proto__).toBe('polluted');
    expect(first.dimensions.constructor).toBe('c1');
    expect(first.dimensions.prototype).toBe('p1');
  });

  it('proto-columns.csv: grouping by __proto__ in a fold', async () => {
    const deals = await dealsOf(hostile('proto-columns.csv'));
    const fold = groupedFold(winRateFold({ scope: { asOf: 20_600, window: null, basis: 'close' }, open: { kind: 'exclude' }, minSample: 1 }), ['__proto__'], (deal) => [deal.dimensions.__proto__ ?? '']);
    let state = fold.init();
    for (const deal of deals) state = fold.add(state, deal);
    const result = fold.finish(state);
    // hand-computed: "clean" holds P3 (won); "polluted" holds P1 (won) and P2 (lost).
    expect(result.groups.map((group) => [group.key.__proto__, group.result.won, group.result.lost])).toEqual([
      ['clean', 1, 0],
      ['polluted', 1, 1],
    ]);
    expect(Object.hasOwn(result.groups[0]?.key ?? {}, '__proto__')).toBe(true);
  });

  it('proto-keys.yaml: YAML record keys through openTable and readDeals', async () => {
    const table = await openTable(hostile('proto-keys.yaml'));
    expect(table.header).toEqual(['deal_id', '__proto__', 'constructor', 'prototype', 'stage', 'amount']);
    const deals = await dealsOf(hostile('proto-keys.yaml'));
    expect(deals.map((deal) => [deal.id, deal.dimensions.__proto__, deal.dimensions.constructor, deal.dimensions.prototype])).toEqual([
      ['Y1', 'polluted', 'c1', 'p1'],
      ['Y2', 'plain', 'c2', 'p2'],
    ]);
  });

  it('__proto__ as a YAML and a JSON key is an own property of the parsed document', () => {
    const yaml = parseStructured('inline.yaml', 'yaml', '__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\n') as Record<string, unknown>;
    expect(Object.keys(yaml)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(yaml)).toBe(Object.prototype);
    const json = parseStructured('inline.json', 'json', '{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
  });

  it('proto-config.yaml: refused as unknown config keys', async () => {
    const error = await loadConfig(hostile('proto-config.yaml')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DealmathError);
    expect((error as DealmathError).code).toBe('bad-config');
    expect((error as DealmathError).message).toMatch(/unknown key __proto__, constructor/);
  });
});
