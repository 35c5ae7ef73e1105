/**
 * pareto, scorecard and quadrant end to end: the METRICS.md Pareto example, reps with no deals,
 * a measure by count with ties, a hand-built portfolio with explicit thresholds, the chart only
 * where asked, and the JSON shapes on the examples.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, FIXTURES, dealmath } from './helpers.js';

const who = (name: string): string => join(FIXTURES, 'who', name);
const examples = ['--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20'];
const json = (args: string[]) => {
  const result = dealmath([...args, '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

describe('dealmath pareto', () => {
  it('METRICS.md: 20% of reps producing 80% gives k = 2 of 10 and uplift x4.0', () => {
    // R01 and R02 won 40,000 each, eight others 2,500 each: total 100,000 (hand-built fixture).
    const doc = json(['pareto', who('ten-reps.csv'), '--as-of', '2026-11-20']);
    expect(doc).toMatchObject({ command: 'pareto', by: 'owner', measure: 'won', threshold: 0.8, entities: 10, k: 2, share: 0.2, topShare: 0.8 });
    expect(doc.top).toEqual(['R01', 'R02']);
    expect(doc.uplift.multiplier).toBeCloseTo(4, 12);
    // Gini = sum |xi - xj| / (2 n^2 mean) = 32 x 37,500 / (2 x 100 x 10,000) = 0.6 (hand-computed)
    expect(doc.gini).toBeCloseTo(0.6, 12);
    expect(doc.curve[0]).toEqual({ rank: 1, key: 'R01', value: 40000, cumulativeShare: 0.4 });
    expect(doc.profile.top.unitWinRate).toBe(0.5);
    expect(doc.rowsRead).toBe(doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered);
  });

  it('reps with no deals count in N with --reps', () => {
    // reps.csv lists R01..R12: N = 12, uplift = 12 x 40,000 / 100,000 = 4.8
    const doc = json(['pareto', who('ten-reps.csv'), '--as-of', '2026-11-20', '--reps', who('reps.csv')]);
    expect(doc.entities).toBe(12);
    expect(doc.k).toBe(2);
    expect(doc.uplift.multiplier).toBeCloseTo(4.8, 12);
    expect(doc.curve.map((point: { key: string }) => point.key).slice(-2)).toEqual(['R11', 'R12']);
  });

  it('--measure count: every rep won one deal, so 8 of 10 reach 80% (ties broken by key)', () => {
    const doc = json(['pareto', who('ten-reps.csv'), '--as-of', '2026-11-20', '--measure', 'count']);
    expect(doc).toMatchObject({ measure: 'count', entities: 10, k: 8, topShare: 0.8 });
    expect(doc.gini).toBe(0);
    expect(doc.uplift.multiplier).toBeCloseTo(1, 12);
  });

  it('draws the curve with --chart, never in JSON or CSV', () => {
    const chart = dealmath(['pareto', who('ten-reps.csv'), '--as-of', '2026-11-20', '--chart']);
    expect(chart.stdout).toContain('█ top 2 of 10');
    expect(chart.stdout).not.toMatch(/\u001b\[/);
    expect(dealmath(['pareto', who('ten-reps.csv'), '--as-of', '2026-11-20']).stdout).not.toContain('█ top');
    expect(dealmath(['pareto', who('ten-reps.csv'), '--as-of', '2026-11-20', '--chart', '--format', 'csv']).stdout).not.toContain('█');
    expect(dealmath(['pareto', who('ten-reps.csv'), '--as-of', '2026-11-20', '--chart', '--json']).stdout).not.toContain('█');
  });

  it('on the examples by account, with the JSON shape of the issue', () => {
    const doc = json(['pareto', join(EXAMPLES, 'deals.csv'), ...examples, '--by', 'account']);
    for (const key of ['by', 'measure', 'threshold', 'entities', 'k', 'share', 'topShare', 'gini', 'uplift', 'top', 'curve', 'profile']) expect(doc).toHaveProperty(key);
    expect(doc.by).toBe('account');
    expect(doc.profile.top.mix.map((mix: { dimension: string }) => mix.dimension)).toEqual(['segment', 'region', 'product']);
  });
});

describe('dealmath scorecard', () => {
  it('ranks reps within the peer group and flags small samples (examples)', () => {
    const doc = json(['scorecard', join(EXAMPLES, 'deals.csv'), ...examples, '--period', '2025', '--reps', join(EXAMPLES, 'reps.csv')]);
    expect(doc.command).toBe('scorecard');
    expect(doc.reps).toHaveLength(15);
    const rep = doc.reps[0];
    for (const key of ['key', 'deals', 'averageWonAmount', 'winRate', 'cycleDays', 'velocity', 'percentiles', 'composite', 'smallSample']) expect(rep).toHaveProperty(key);
    expect(Object.keys(rep.percentiles)).toEqual(['deals', 'value', 'winRate', 'cycle']);
    const peers = doc.reps.filter((entry: { smallSample: boolean }) => !entry.smallSample);
    expect(peers.length).toBe(doc.peerGroup);
    // Reps who joined in 2026 worked no deals in 2025: listed, flagged, nothing ranked.
    expect(doc.reps.find((entry: { key: string }) => entry.key === 'Olivia Brown')).toMatchObject({ deals: 0, smallSample: true, composite: null });
  });
});

describe('dealmath quadrant', () => {
  it('places a hand-built 10-account portfolio by explicit thresholds (at the threshold is high)', () => {
    const doc = json(['quadrant', who('portfolio.csv'), '--config', who('thresholds.yaml'), '--as-of', '2026-11-20']);
    const letters = Object.fromEntries(doc.accounts.map((account: { id: string; quadrant: string }) => [account.id, account.quadrant]));
    expect(letters).toEqual({ A1: 'A', A2: 'A', A3: 'A', B1: 'B', B2: 'B', C1: 'C', C2: 'C', D1: 'D', D2: 'D', D3: 'D' });
    expect(doc.thresholds).toEqual({ current: 100000, future: 200000 });
    expect(doc.quadrants.A).toEqual({ count: 3, current: 1250000, future: 1500000 });
    expect(doc.accounts.find((account: { id: string }) => account.id === 'C1')).toMatchObject({ action: 'protect current revenue', gap: -450000 });
  });

  it('takes current revenue from won deals with --deals and scores the future with the config model (examples)', () => {
    const doc = json(['quadrant', join(EXAMPLES, 'accounts.csv'), ...examples]);
    expect(doc.accounts).toHaveLength(120);
    const counts = ['A', 'B', 'C', 'D'].map((letter) => doc.quadrants[letter].count);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(120);
    const fromDeals = json(['quadrant', who('portfolio.csv'), '--as-of', '2026-11-20', '--deals', who('ten-reps.csv')]);
    expect(fromDeals.deals).toMatchObject({ rowsRead: 20 });
  });

  it('stops with one line when future revenue has no source', () => {
    const result = dealmath(['quadrant', join(EXAMPLES, 'accounts.csv'), '--as-of', '2026-11-20']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('dealmath: future revenue is unknown: the accounts need a future_revenue column, or the config a scoring model (quadrant.future.model)');
  });
});
