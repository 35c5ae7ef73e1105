/**
 * Fold states packed as numbers (src/metrics/packedState.ts): what is written reads back the
 * same, whole numbers as small integers (the hidden classes of merged states depend on it), -0
 * as -0, and each codec covers every field of its state.
 */
import { describe, expect, it } from 'vitest';
import { NumberReader, NumberWriter } from '../../src/metrics/packedState.js';
import { velocityFold } from '../../src/metrics/velocity.js';
import { winRateFold } from '../../src/metrics/winRate.js';
import type { Fold } from '../../src/metrics/fold.js';
import type { Deal } from '../../src/model/types.js';

describe('NumberWriter and NumberReader', () => {
  it('read back every number as written, past the first buffer size', () => {
    const values = [0, -0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 0.1, 1e300, -5e-324, Number.MAX_SAFE_INTEGER];
    const out = new NumberWriter();
    for (let round = 0; round < 300; round += 1) for (const value of values) out.number(value);
    const input = new NumberReader(out.finish());
    for (let round = 0; round < 300; round += 1) for (const value of values) expect(Object.is(input.number(), value)).toBe(true);
    expect(input.done).toBe(true);
    expect(() => input.number()).toThrow(RangeError);
  });

  it('reads sums back as their partials, and adds them into a sum exactly', () => {
    const out = new NumberWriter();
    out.sum([]);
    out.sum([1e-17, 1]);
    out.sum([0.1]);
    const input = new NumberReader(out.finish());
    expect(input.sum()).toEqual([]);
    expect(input.sum()).toEqual([1e-17, 1]);
    // 0.2 + 0.1 as partials: 0.30000000000000004 is their rounded sum, the partials keep the rest.
    const target = [0.2];
    input.addSumTo(target);
    expect(target).toEqual([-2.7755575615628914e-17, 0.30000000000000004]);
    expect(input.done).toBe(true);
  });
});

describe('the codecs', () => {
  const BASE_DAY = 20_400;
  const deal = (status: Deal['status'], amount: number | null, created: number | null): Deal => ({
    id: 'D', name: null, account: null, owner: 'Ann', stage: null, status, amount, currency: null, created, close: created === null ? null : created + 30,
    cycleDays: null, probability: null, forecastCategory: null, lastActivity: null, stageEntered: null, lostStage: null, type: null, dimensions: {}, source: { file: 'test', row: 2 },
  });

  type Row = readonly [Deal['status'], number | null, number | null];

  /** Folds the rows, writes the state and reads it back: the same state, every number read. */
  function expectRoundTrip<State>(fold: Fold<Deal, State, unknown>, rows: readonly Row[]): void {
    const codec = fold.codec;
    if (codec === undefined) throw new Error('the fold has no codec');
    let state = fold.init();
    for (const [status, amount, created] of rows) state = fold.add(state, deal(status, amount, created));
    const out = new NumberWriter();
    codec.write(state, out);
    const input = new NumberReader(out.finish());
    expect(codec.read(input)).toEqual(state);
    expect(input.done).toBe(true);
  }

  const scope = { asOf: BASE_DAY + 400, window: null, basis: 'close' } as const;

  it('win rate: a state read back equals it, open-age buckets included', () => {
    expectRoundTrip(winRateFold({ scope, open: { kind: 'age-out', days: 90 }, minSample: 5 }), [['won', 1200.5, BASE_DAY], ['lost', 300, BASE_DAY + 10], ['open', 0.1, BASE_DAY + 20], ['open', null, null], ['open', 7, BASE_DAY + 20]]);
  });

  it('velocity: a state read back equals it', () => {
    expectRoundTrip(velocityFold({ scope, n: 'open' }), [['won', 1200.5, BASE_DAY], ['won', 0.1, BASE_DAY + 3], ['lost', 300, BASE_DAY + 10], ['open', 7, BASE_DAY + 20]]);
  });
});
