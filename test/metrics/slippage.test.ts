import { describe, expect, it } from 'vitest';
import { dayFromParts } from '../../src/model/calendar.js';
import { runFold } from '../../src/metrics/fold.js';
import { slippageFold } from '../../src/metrics/slippage.js';
import type { DealPair, SnapshotDeal } from '../../src/metrics/movement.js';

const day = (month: number, date: number): number => dayFromParts(2026, month, date) as number;
const open = (amount: number, close: number, owner = 'Ann'): SnapshotDeal => ({ status: 'open', amount, close, stage: null, owner });

describe('slippageFold', () => {
  it('counts pushes, days slipped, pushed deals and value per rep and in total', () => {
    // Hand-computed: D1 pushed twice (Nov 1 -> Nov 15 -> Dec 1: 14 + 16 = 30 days), value 120 at its last push;
    // D2 pulled in (not a push); D3 (Bo) pushed once by 10 days, value 40; D4 won in the second step (open in the first pair only, not pushed).
    const steps: DealPair[][] = [
      [
        { id: 'D1', before: open(100, day(11, 1)), after: open(100, day(11, 15)) },
        { id: 'D2', before: open(50, day(12, 1)), after: open(50, day(11, 20)) },
        { id: 'D3', before: open(40, day(10, 20), 'Bo'), after: open(40, day(10, 30), 'Bo') },
        { id: 'D4', before: open(10, day(10, 20), 'Bo'), after: open(10, day(10, 20), 'Bo') },
      ],
      [
        { id: 'D1', before: open(100, day(11, 15)), after: open(120, day(12, 1)) },
        { id: 'D2', before: open(50, day(11, 20)), after: open(50, day(11, 20)) },
        { id: 'D4', before: open(10, day(10, 20), 'Bo'), after: { status: 'won', amount: 10, close: day(10, 25), stage: null, owner: 'Bo' } },
        { id: 'D5', before: null, after: open(70, day(12, 1)) },
      ],
    ];
    const result = runFold(slippageFold(), steps.flat());
    expect(result.total).toEqual({ deals: 4, dealsPushed: 2, shareOfDealsPushed: { value: 0.5, reason: null }, valuePushed: 160, pushes: 3, daysSlipped: 40 });
    expect(result.byRep).toEqual([
      { owner: 'Ann', deals: 2, dealsPushed: 1, shareOfDealsPushed: { value: 0.5, reason: null }, valuePushed: 120, pushes: 2, daysSlipped: 30 },
      { owner: 'Bo', deals: 2, dealsPushed: 1, shareOfDealsPushed: { value: 0.5, reason: null }, valuePushed: 40, pushes: 1, daysSlipped: 10 },
    ]);
    expect(result.byDeal.map((deal) => [deal.id, deal.pushes, deal.daysSlipped, deal.value])).toEqual([
      ['D1', 2, 30, 120],
      ['D3', 1, 10, 40],
    ]);
  });

  it('gives the same result when the reader numbers its deals (index), merged in parts too', () => {
    const numbers: Record<string, number> = { D1: 0, D2: 1, D3: 2, D4: 3, D5: 4 };
    const pairs: DealPair[] = [
      { id: 'D1', before: open(100, day(11, 1)), after: open(100, day(11, 15)) },
      { id: 'D3', before: open(40, day(10, 20), 'Bo'), after: open(40, day(10, 30), 'Bo') },
      { id: 'D2', before: open(50, day(12, 1)), after: open(50, day(11, 20)) },
      { id: 'D1', before: open(100, day(11, 15)), after: open(120, day(12, 1)) },
      { id: 'D3', before: open(40, day(10, 30), 'Bo'), after: open(45, day(11, 9), 'Cy') },
    ];
    const numbered = pairs.map((pair) => ({ ...pair, index: numbers[pair.id] as number }));
    const fold = slippageFold();
    const byId = runFold(fold, pairs);
    expect(runFold(fold, numbered)).toEqual(byId);
    let a = fold.init();
    for (const pair of numbered.slice(0, 3)) a = fold.add(a, pair);
    let b = fold.init();
    for (const pair of numbered.slice(3)) b = fold.add(b, pair);
    expect(fold.finish(fold.merge(a, b))).toEqual(byId);
    // D3's rep is its owner in the last pair it was open in (Cy), pushed twice: 10 + 10 days.
    expect(byId.byDeal.find((deal) => deal.id === 'D3')).toMatchObject({ owner: 'Cy', pushes: 2, daysSlipped: 20, value: 45 });
  });

  it('merges parts to the same result as one run', () => {
    const fold = slippageFold();
    const pairs: DealPair[] = [
      { id: 'D1', before: open(100, day(11, 1)), after: open(100, day(11, 15)) },
      { id: 'D1', before: open(100, day(11, 15)), after: open(90, day(11, 25)) },
    ];
    let a = fold.init();
    a = fold.add(a, pairs[0] as DealPair);
    let b = fold.init();
    b = fold.add(b, pairs[1] as DealPair);
    expect(fold.finish(fold.merge(a, b))).toEqual(runFold(fold, pairs));
  });

  it('says n/a with no deal open in two snapshots', () => {
    const result = runFold(slippageFold(), [{ id: 'D1', before: null, after: open(1, day(11, 1)) }]);
    expect(result.total.shareOfDealsPushed).toEqual({ value: null, reason: { code: 'no-deal-open-twice', message: 'n/a: no deal was open in two consecutive snapshots' } });
  });
});
