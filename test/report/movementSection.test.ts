import { describe, expect, it } from 'vitest';
import { dayFromParts } from '../../src/model/calendar.js';
import { runFold, groupedFold } from '../../src/metrics/fold.js';
import { movementFold, type DealPair, type SnapshotDeal } from '../../src/metrics/movement.js';
import { slippageFold } from '../../src/metrics/slippage.js';
import { waterfallChart } from '../../src/report/charts/waterfallChart.js';
import { movementSections } from '../../src/report/sections/movement.js';

const day = (month: number, date: number, year = 2026): number => dayFromParts(year, month, date) as number;
const open = (amount: number, close: number): SnapshotDeal => ({ status: 'open', amount, close, stage: 'Proposal', owner: 'Ann' });
// METRICS.md "Pipeline movement (snapshots)" worked example.
const pairs: DealPair[] = [
  { id: 'D1', before: open(100, day(11, 15)), after: open(120, day(11, 15)) },
  { id: 'D2', before: open(50, day(11, 20)), after: { status: 'won', amount: 50, close: day(10, 10), stage: 'Closed Won', owner: 'Ann' } },
  { id: 'D3', before: open(30, day(1, 15, 2027)), after: open(30, day(12, 15)) },
  { id: 'D4', before: open(20, day(12, 1)), after: open(20, day(2, 1, 2027)) },
  { id: 'D5', before: null, after: open(40, day(12, 10)) },
];

describe('movementSections', () => {
  const window = { kind: 'window' as const, window: { from: day(10, 1), to: day(12, 31), label: '2026-Q4' } };
  const span = runFold(groupedFold(movementFold({ window, keepDeals: true }), [], () => []), pairs);
  const slippage = runFold(slippageFold(), pairs);

  it('shows the waterfall with signed values, the deals and slippage', () => {
    const sections = movementSections({ span, steps: null, slippage, dimensions: [], firstDate: day(10, 5), lastDate: day(10, 12), showDeals: true });
    expect(sections.map((section) => section.title)).toEqual(['Waterfall', 'Deals', 'Slippage']);
    const waterfall = sections[0]?.tables[0];
    // Signs from the identity: start 170, +40 created, +30 pulled in, +20 increased, -20 pushed out, -50 won; end 190.
    expect(waterfall?.rows.map((row) => [row.line, row.value])).toEqual([
      ['Start', 170], ['Created', 40], ['Pulled in', 30], ['Reopened', 0], ['Increased', 20], ['Decreased', 0], ['Pushed out', -20], ['Won', -50], ['Lost', 0], ['Removed', 0],
    ]);
    expect(waterfall?.total).toEqual({ line: 'End', value: 190, deals: 3 });
    expect(sections[0]?.svg?.()).toMatch(/^<svg [^>]*aria-label="Pipeline waterfall"/);
    // Seven non-zero lines: start, created, pulled in, increased, pushed out, won, end.
    expect(sections[0]?.svg?.().match(/<rect /g)).toHaveLength(7);
    expect(sections[1]?.tables[0]?.rows.map((row) => [row.id, row.bucket, row.pushes])).toEqual([['D1', 'increased', 0], ['D2', 'won', 0], ['D3', 'pulled in', 0], ['D4', 'pushed out', 1], ['D5', 'created', 0]]);
    expect(sections[2]?.tables[0]?.total).toMatchObject({ owner: 'Total', deals: 3, pushed: 1, pushes: 1, days: 62, value: 20 });
  });

  it('lists the top slipped deals without --deals', () => {
    const sections = movementSections({ span, steps: null, slippage, dimensions: [], firstDate: day(10, 5), lastDate: day(10, 12), showDeals: false });
    expect(sections.map((section) => section.title)).toEqual(['Waterfall', 'Slippage']);
    expect(sections[1]?.tables[1]?.rows).toEqual([{ id: 'D4', owner: 'Ann', pushes: 1, days: 62, value: 20, close: '2027-02-01' }]);
  });
});

describe('waterfallChart', () => {
  it('floats each step from the running total', () => {
    // Width 40: labels 7 + values 4 + 4 separators leave 25 columns for 0..150; 100 -> 17 columns, 50 -> 8.
    const chart = waterfallChart(
      [
        { label: 'Start', value: 100, total: true },
        { label: 'Created', value: 50 },
        { label: 'Won', value: -100 },
        { label: 'End', value: 50, total: true },
      ],
      { width: 40, format: String },
    );
    expect(chart.split('\n')).toEqual([
      'Start    █████████████████           100',
      'Created                   ▓▓▓▓▓▓▓▓   +50',
      'Won              ░░░░░░░░░░░░░░░░░  -100',
      'End      ████████                     50',
    ]);
  });

  it('keeps a small step at the top inside the width (it rounded one column past the edge)', () => {
    // Width 30: labels 5 + values 4 + 4 separators leave 17 columns for 0..1000; the +1 step
    // from 999 starts at column round(16.98) = 17, the edge: drawn one column wide just inside it.
    const chart = waterfallChart(
      [
        { label: 'Start', value: 999, total: true },
        { label: 'Inc', value: 1 },
        { label: 'End', value: 1000, total: true },
      ],
      { width: 30, format: String },
    );
    expect(chart.split('\n').map((line) => line.length)).toEqual([30, 30, 30]);
    expect(chart.split('\n')[1]).toBe(`Inc${' '.repeat(20)}▓${' '.repeat(4)}+1`);
  });
});
