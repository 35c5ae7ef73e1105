/**
 * pareto, scorecard and quadrant end to end through the built command line (its main, in the test process) (run `npm run build`
 * first): the METRICS.md Pareto example, reps with no deals, a measure by count, ties at the
 * threshold, hand-built scorecard and portfolios with known answers, the terminal charts only
 * where asked, and each command on the examples in table and JSON form.
 *
 * Fixtures (test/fixtures/who/):
 * - ten-reps.csv: R01 and R02 win 40,000 each, R03..R10 2,500 each (total 100,000); every rep
 *   also lost one 1,000 deal. R01, R02 are Enterprise, the others SMB.
 * - reps.csv: R01..R12 (R11 and R12 have no deals).
 * - scorecard.csv: P1..P4 with 5 closed deals each, Q1 with 2 (see the scorecard test).
 * - portfolio.csv + thresholds.yaml: 10 accounts around C 100,000 and F 200,000.
 * - accounts-future.csv + account-deals.csv: C from won deals, F from future_revenue.
 * - scored.csv + scoring.yaml: F from a two-element scoring model.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, FIXTURES, linesFile, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const who = (name: string): string => join(FIXTURES, 'who', name);
const AS_OF = ['--as-of', '2026-11-20'];
const examples = ['--config', join(EXAMPLES, 'dealmath.yaml'), ...AS_OF];

async function json(args: readonly string[], env: Record<string, string> = {}) {
  const result = await run([...args, '--json'], { env });
  expect(result.stderr).not.toMatch(/^dealmath: /m);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

/** The JSON header: every analysis document starts with it. */
const HEADER_KEYS = ['schemaVersion', 'command', 'asOf', 'window', 'rowsRead', 'rowsUsed', 'rowsRejected', 'rowsFiltered', 'warnings'];

function widthOf(line: string): number {
  return [...line].length;
}

describe('dealmath pareto', () => {
  it('METRICS.md: 20% of reps producing 80% gives k = 2 of 10 and uplift x4.0', async () => {
    const doc = await json(['pareto', who('ten-reps.csv'), ...AS_OF]);
    // METRICS.md "Pareto / top performers": k = 2 of N = 10, share 0.2, top share 0.8, multiplier 4.0
    expect(doc).toMatchObject({ command: 'pareto', by: 'owner', measure: 'won', threshold: 0.8, entities: 10, k: { value: 2 }, share: { value: 0.2 }, topShare: { value: 0.8 }, total: 100000 });
    expect(doc.top).toEqual(['R01', 'R02']);
    expect(doc.uplift.multiplier.value).toBeCloseTo(4, 12);
    // hand-computed: Gini = sum |xi - xj| / (2 n^2 mean) = 2 x 2 x 8 x 37,500 / (2 x 100 x 10,000) = 0.6
    expect(doc.gini.value).toBeCloseTo(0.6, 12);
    expect(doc.curve[0]).toEqual({ rank: 1, key: 'R01', value: 40000, cumulativeShare: 0.4 });
    expect(doc.curve[1]).toEqual({ rank: 2, key: 'R02', value: 40000, cumulativeShare: 0.8 });
    // hand-computed profile: the top two won 2 of 4 closed deals, 40,000 each; all Enterprise.
    expect(doc.profile.top).toMatchObject({ entities: 2, measurePerEntity: { value: 40000 }, deals: 4, dealsPerEntity: { value: 2 }, unitWinRate: { value: 0.5 }, averageWonAmount: { value: 40000 } });
    expect(doc.profile.top.mix).toEqual([{ dimension: 'segment', values: [{ value: 'Enterprise', count: 4, share: 1 }] }]);
    expect(doc.profile.rest).toMatchObject({ entities: 8, measurePerEntity: { value: 2500 }, unitWinRate: { value: 0.5 }, averageWonAmount: { value: 2500 } });
    expect(doc.profile.rest.mix[0].values).toEqual([{ value: 'SMB', count: 16, share: 1 }]);
    expect(doc.rowsRead).toBe(doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered);
  });

  it('counts reps from --reps with no deals in N, and refuses --reps with another entity', async () => {
    // reps.csv adds R11 and R12: N = 12; hand-computed uplift = 12 x (80,000 / 2) / 100,000 = 4.8
    const doc = await json(['pareto', who('ten-reps.csv'), ...AS_OF, '--reps', who('reps.csv')]);
    expect(doc.entities).toBe(12);
    expect(doc.k.value).toBe(2);
    expect(doc.uplift.multiplier.value).toBeCloseTo(4.8, 12);
    expect(doc.curve.slice(-2)).toEqual([
      { rank: 11, key: 'R11', value: 0, cumulativeShare: 1 },
      { rank: 12, key: 'R12', value: 0, cumulativeShare: 1 },
    ]);
    // hand-computed: Gini over 12 with two zeros = 2 x (2 x 10 x 37,500 + 2 x 2 x 40,000 + 8 x 2 x 2,500) / (2 x 144 x 8,333.33) = 0.6667
    expect(doc.gini.value).toBeCloseTo(2 / 3, 12);
    const refused = await run(['pareto', who('ten-reps.csv'), ...AS_OF, '--by', 'account', '--reps', who('reps.csv')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--reps adds reps with no deals to N (--by owner) or gives the deals a team or manager (--by team, --by manager); got --by account');
  });

  it('--measure count: every rep won one deal, so 8 of 10 reach 80%', async () => {
    const doc = await json(['pareto', who('ten-reps.csv'), ...AS_OF, '--measure', 'count']);
    // hand-computed: 10 equal counts; 8 x 1 / 10 = 0.8 reaches the threshold; Gini 0; multiplier 10 x (8 / 8) / 10 = 1
    expect(doc).toMatchObject({ measure: 'count', entities: 10, k: { value: 8 }, topShare: { value: 0.8 }, total: 10, gini: { value: 0 } });
    expect(doc.top).toEqual(['R01', 'R02', 'R03', 'R04', 'R05', 'R06', 'R07', 'R08']);
    expect(doc.uplift.multiplier.value).toBeCloseTo(1, 12);
  });

  it('ties at the threshold: k stays the smallest group, tied entities stay in the rest, ranked by name', async () => {
    const args = ['pareto', who('ten-reps.csv'), ...AS_OF, '--threshold', '0.85'];
    const doc = await json(args);
    // hand-computed: 40,000 + 40,000 + 2,500 + 2,500 = 85,000 = 85% exactly at rank 4;
    // R05..R10 have the same 2,500 as R04 (6 ties); multiplier = 10 x (85,000 / 4) / 100,000 = 2.125
    expect(doc).toMatchObject({ k: { value: 4 }, share: { value: 0.4 }, topShare: { value: 0.85 }, tiesAtCutoff: 6 });
    expect(doc.top).toEqual(['R01', 'R02', 'R03', 'R04']);
    expect(doc.uplift.multiplier.value).toBeCloseTo(2.125, 12);
    const table = await run(args, { env: { COLUMNS: '200' } });
    expect(table.stdout).toContain('4 of 10 owner values (40.0%) produce 85.0% of the won amount (threshold 85.0%; total 100,000)');
    expect(table.stdout).toContain('6 more owner values tie with the last of the top group and stay in the rest');
  });

  it('reads the entity and profile columns per file, whatever each file calls them', async () => {
    const dir = tempDir();
    const [header, ...rows] = readFileSync(who('ten-reps.csv'), 'utf8').trim().split('\n');
    expect(header).toBe('deal_id,owner,stage,amount,created,close,segment');
    // The second file spells the owner and segment headers differently and orders columns otherwise.
    const first = join(dir, 'first.csv');
    const second = join(dir, 'second.csv');
    writeFileSync(first, [header as string, ...rows.slice(0, 10)].join('\n'));
    writeFileSync(second, ['Segment,deal_id,Owner,stage,amount,created,close', ...rows.slice(10).map(moveSegmentFirst)].join('\n'));
    const split = await json(['pareto', first, second, ...AS_OF]);
    const whole = await json(['pareto', who('ten-reps.csv'), ...AS_OF]);
    expect(split.curve).toEqual(whole.curve);
    expect(split.profile).toEqual(whole.profile);
  });

  it('gives the same document read in parts by worker threads as in one pass', async () => {
    const args = ['pareto', join(EXAMPLES, 'deals.csv'), ...examples, '--by', 'account'];
    const parallel = await json(args, { DEALMATH_WORKERS: '3', DEALMATH_PARALLEL_MIN_BYTES: '0' });
    const onePass = await json(args, { DEALMATH_WORKERS: '1' });
    expect(parallel.entities).toBeGreaterThan(0);
    expect(parallel).toEqual(onePass);
  });

  it('draws the cumulative curve with --chart (NO_COLOR: no escape codes, 80 columns), never in JSON or CSV', async () => {
    const chart = await run(['pareto', who('ten-reps.csv'), ...AS_OF, '--chart']);
    expect(chart.code).toBe(0);
    expect(chart.stdout).not.toMatch(/\u001b\[/);
    const lines = chart.stdout.split('\n');
    const start = lines.findIndex((line) => line.startsWith(' 100% ┤'));
    // Read off the fixture: rank 1 at 40% fills 6 of 16 rows, rank 2 at 80% 13 rows, ranks 3..10
    // climb from 82.5% to 100%; top group █, rest ▒, the 80% threshold dotted.
    expect(lines.slice(start, start + 20)).toEqual([
      ' 100% ┤                                                        ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │                                          ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │                     ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '  80% ┤┄┄┄┄┄┄┄██████┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄▒▒▒▒▒▒┄',
      '  75% ┤       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '  50% ┤       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │       ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '  25% ┤██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '      │██████ ██████ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒ ▒▒▒▒▒▒',
      '   0% └──────────────────────────────────────────────────────────────────────',
      '       1                                                                   10',
      '       █ top 2 of 10  ▒ rest  ┄┄ 80% threshold   cumulative share by rank',
      '',
    ]);
    expect(Math.max(...lines.slice(start, start + 20).map(widthOf))).toBeLessThanOrEqual(80);

    // Not a terminal and no --chart: tables only.
    expect((await run(['pareto', who('ten-reps.csv'), ...AS_OF])).stdout).not.toContain('┤');
    const csv = (await run(['pareto', who('ten-reps.csv'), ...AS_OF, '--chart', '--format', 'csv'])).stdout;
    expect(csv).not.toMatch(/[█▒┤]/);
    // CSV: the ranking, every entity, raw shares, and the total row.
    expect(csv.split('\r\n').slice(0, 3)).toEqual(['#,owner,won amount,Cumulative share,Group', '1,R01,40000,0.4,top', '2,R02,40000,0.8,top']);
    expect(csv.split('\r\n').slice(-2)).toEqual([',Total (10),100000,1,', '']);
    expect((await run(['pareto', who('ten-reps.csv'), ...AS_OF, '--chart', '--json'])).stdout).not.toMatch(/[█▒┤]/);
  });

  it('on the examples, by rep as a table and by account as JSON with the shape of the issue', async () => {
    const table = await run(['pareto', join(EXAMPLES, 'deals.csv'), ...examples], { env: { COLUMNS: '200' } });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Pareto by owner');
    expect(table.stdout).toMatch(/^\d+ of 15 owner values \(\d+\.\d%\) produce \d+\.\d% of the won amount/m);
    expect(table.stdout).toContain('Top group against the rest');
    expect(table.stdout).toContain('Mix: share of deals by value');

    const doc = await json(['pareto', join(EXAMPLES, 'deals.csv'), ...examples, '--by', 'account']);
    for (const key of [...HEADER_KEYS, 'by', 'measure', 'threshold', 'entities', 'k', 'share', 'topShare', 'gini', 'uplift', 'top', 'curve', 'profile']) expect(doc).toHaveProperty(key);
    expect(doc).toMatchObject({ command: 'pareto', by: 'account', measure: 'won', threshold: 0.8 });
    expect(doc.uplift).toHaveProperty('multiplier');
    expect(Object.keys(doc.curve[0])).toEqual(['rank', 'key', 'value', 'cumulativeShare']);
    expect(doc.top).toEqual(doc.curve.slice(0, doc.k.value).map((point: { key: string }) => point.key));
    expect(doc.curve).toHaveLength(doc.entities);
    expect(Object.keys(doc.profile)).toEqual(['top', 'rest']);
    for (const key of ['measurePerEntity', 'unitWinRate', 'averageWonAmount', 'averageCycleDays', 'dealsPerEntity', 'mix']) expect(doc.profile.top).toHaveProperty(key);
    expect(doc.profile.top.mix.map((mix: { dimension: string }) => mix.dimension)).toEqual(['segment', 'region', 'product']);
  });
});

function moveSegmentFirst(line: string): string {
  const cells = line.split(',');
  return [cells[6], ...cells.slice(0, 6)].join(',');
}

describe('dealmath scorecard', () => {
  it('ranks a hand-built team: ties share a rank, a shorter cycle ranks higher, a small sample is flagged', async () => {
    const doc = await json(['scorecard', who('scorecard.csv'), ...AS_OF, '--min-sample', '5']);
    expect(doc).toMatchObject({ command: 'scorecard', minSample: 5, peerGroup: 4 });
    const byKey = Object.fromEntries(doc.reps.map((rep: { key: string }) => [rep.key, rep]));
    // Peers P1..P4 (5 closed each). Win rates 0.2, 0.4, 0.4, 0.6; average won 10k, 20k, 20k, 40k;
    // cycles 30, 60, 60, 90 days; deals 5 each. Percentile = (worse + 0.5 x equal) / 4, hand-computed:
    // 0.2 -> 0.5/4 = 0.125; 0.4 -> (1 + 0.5 x 2)/4 = 0.5; 0.6 -> 3.5/4 = 0.875; deals all tie -> 0.5.
    expect(byKey.P1.percentiles).toMatchObject({ deals: { value: 0.5 }, value: { value: 0.125 }, winRate: { value: 0.125 }, cycle: { value: 0.875 } });
    expect(byKey.P2.percentiles).toMatchObject({ deals: { value: 0.5 }, value: { value: 0.5 }, winRate: { value: 0.5 }, cycle: { value: 0.5 } });
    expect(byKey.P3.percentiles).toMatchObject({ deals: { value: 0.5 }, value: { value: 0.5 }, winRate: { value: 0.5 }, cycle: { value: 0.5 } });
    expect(byKey.P4.percentiles).toMatchObject({ deals: { value: 0.5 }, value: { value: 0.875 }, winRate: { value: 0.875 }, cycle: { value: 0.125 } });
    // composite = mean of the four: P1 (0.5 + 0.125 + 0.125 + 0.875) / 4 = 0.40625; P4 (0.5 + 0.875 + 0.875 + 0.125) / 4 = 0.59375
    expect(byKey.P1.composite.value).toBeCloseTo(0.40625, 12);
    expect(byKey.P4.composite.value).toBeCloseTo(0.59375, 12);
    // velocity = deals x average won x win rate / cycle: P4 5 x 40,000 x 0.6 / 90 = 1,333.33
    expect(byKey.P4).toMatchObject({ deals: 5, averageWonAmount: { value: 40000 }, winRate: { value: 0.6 }, cycleDays: { value: 90 }, smallSample: false });
    expect(byKey.P4.velocity.value).toBeCloseTo(1333.3333, 3);
    // Q1: 2 of 2 won in 10 days: placed against the peers (beats all on win rate and cycle), flagged, not a peer.
    expect(byKey.Q1).toMatchObject({ deals: 2, winRate: { value: 1 }, smallSample: true, percentiles: { deals: { value: 0 }, value: { value: 0 }, winRate: { value: 1 }, cycle: { value: 1 } }, composite: { value: 0.5 } });
    // Peers first by composite, ties by name; the flagged rep last.
    expect(doc.reps.map((rep: { key: string }) => rep.key)).toEqual(['P4', 'P2', 'P3', 'P1', 'Q1']);
    // Team (hand-computed over all 22 deals): 10 won of 22 closed, average won 220,000 / 10 = 22,000,
    // cycle 560 / 10 = 56 days, velocity 22 x 22,000 x (10 / 22) / 56 = 3,928.57
    expect(doc.team).toMatchObject({ deals: 22, closed: 22, averageWonAmount: { value: 22000 }, cycleDays: { value: 56 } });
    expect(doc.team.winRate.value).toBeCloseTo(10 / 22, 12);
    expect(doc.team.velocity.value).toBeCloseTo(3928.5714, 3);
    expect(doc.warnings).toEqual(['1 of 5 reps have fewer than 5 closed deals: listed, flagged, and left out of the peer group (--min-sample sets the bar)']);

    const table = await run(['scorecard', who('scorecard.csv'), ...AS_OF, '--min-sample', '5'], { env: { COLUMNS: '200' } });
    expect(table.stdout).toContain('│ P1   │     5 │  10,000 │    20.0% │       30.0 │          333 │   50.0% │   12.5% │  12.5% │   87.5% │     40.6% │              │');
    expect(table.stdout).toContain('│ Q1   │     2 │   5,000 │   100.0% │       10.0 │        1,000 │    0.0% │    0.0% │ 100.0% │  100.0% │     50.0% │ small sample │');
    expect(table.stdout).toContain('│ Team │    22 │  22,000 │    45.5% │       56.0 │        3,929 │         │         │        │         │           │              │');
  });

  it('without a peer group, lists every rep with no percentiles and says why', async () => {
    const doc = await json(['scorecard', who('scorecard.csv'), ...AS_OF, '--min-sample', '30']);
    expect(doc.peerGroup).toBe(0);
    expect(doc.reps[0].composite.reason).toEqual({ code: 'small-peer-group', message: 'no rep has 30 or more closed deals in the window' });
    expect(doc.reps.every((rep: { composite: { value: unknown }; smallSample: boolean }) => rep.composite.value === null && rep.smallSample)).toBe(true);
  });

  it('on the examples, as a table and as JSON with the shape of the issue', async () => {
    const args = ['scorecard', join(EXAMPLES, 'deals.csv'), ...examples, '--period', '2025', '--reps', join(EXAMPLES, 'reps.csv')];
    const table = await run(args);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Rep scorecard');
    expect(table.stdout).toMatch(/^│ Team +│ +595 │/m);
    expect(table.stderr).toContain('reps have fewer than 30 closed deals');

    const doc = await json(args);
    for (const key of HEADER_KEYS) expect(doc).toHaveProperty(key);
    expect(doc.command).toBe('scorecard');
    expect(doc.reps).toHaveLength(15);
    for (const rep of doc.reps) {
      for (const key of ['key', 'deals', 'averageWonAmount', 'winRate', 'cycleDays', 'velocity', 'percentiles', 'composite', 'smallSample']) expect(rep).toHaveProperty(key);
      expect(Object.keys(rep.percentiles)).toEqual(['deals', 'value', 'winRate', 'cycle']);
    }
    const peers = doc.reps.filter((entry: { smallSample: boolean }) => !entry.smallSample);
    expect(peers.length).toBe(doc.peerGroup);
    // Reps who joined in 2026 worked no deals in 2025: listed from the reps file, flagged, nothing ranked.
    expect(doc.reps.find((entry: { key: string }) => entry.key === 'Olivia Brown')).toMatchObject({ deals: 0, smallSample: true, composite: { value: null } });
  });
});

describe('dealmath quadrant', () => {
  it('places a hand-built 10-account portfolio by explicit thresholds (at the threshold is high)', async () => {
    const doc = await json(['quadrant', who('portfolio.csv'), '--config', who('thresholds.yaml'), ...AS_OF]);
    const letters = Object.fromEntries(doc.accounts.map((account: { id: string; quadrant: { value: string } }) => [account.id, account.quadrant.value]));
    // thresholds.yaml: C >= 100,000 and F >= 200,000 are high; A2 sits on both lines, B2 and D3 one below C, C2 one below F.
    expect(letters).toEqual({ A1: 'A', A2: 'A', A3: 'A', B1: 'B', B2: 'B', C1: 'C', C2: 'C', D1: 'D', D2: 'D', D3: 'D' });
    expect(doc.thresholds).toEqual({ current: { value: 100000, reason: null }, future: { value: 200000, reason: null } });
    // hand-computed: A = A1 + A2 + A3: C 150,000 + 100,000 + 1,000,000; F 300,000 + 200,000 + 1,000,000
    expect(doc.quadrants.A).toEqual({ count: 3, current: 1250000, future: 1500000 });
    expect(doc.quadrants.D).toEqual({ count: 3, current: 149999, future: 299999 });
    // C1 Echo: gap = F - C = 50,000 - 500,000
    expect(doc.accounts.find((account: { id: string }) => account.id === 'C1')).toMatchObject({ name: 'Echo', action: 'protect current revenue', gap: { value: -450000 } });
    expect(doc).toMatchObject({ rowsRead: 10, rowsUsed: 10, rowsRejected: 0, deals: null, placed: 10, unplaced: 0 });
  });

  it('takes current revenue from won deals of the 365 days before the as-of date with --deals (median thresholds)', async () => {
    const doc = await json(['quadrant', who('accounts-future.csv'), ...AS_OF, '--deals', who('account-deals.csv')]);
    const byId = Object.fromEntries(doc.accounts.map((account: { id: string }) => [account.id, account]));
    // hand-computed: K1 = 60,000 + 7,000 (won 2025-11-21, the first of the 365 days); the 5,000 won
    // 2025-11-20 is out. K2 "Lima" = 30,000, filed under its name in lower case. K3 lost, K4 open: 0.
    expect([byId.K1.current.value, byId.K2.current.value, byId.K3.current.value, byId.K4.current.value]).toEqual([67000, 30000, 0, 0]);
    // Median of C [0, 0, 30,000, 67,000] = 15,000; of F [10,000, 50,000, 80,000, 100,000] = 65,000.
    expect(doc.thresholds).toMatchObject({ current: { value: 15000 }, future: { value: 65000 } });
    expect([byId.K1.quadrant.value, byId.K2.quadrant.value, byId.K3.quadrant.value, byId.K4.quadrant.value]).toEqual(['A', 'C', 'D', 'B']);
    expect(byId.K4).toMatchObject({ action: 'develop: put in the sales plan', gap: { value: 80000 } });
    // 7 deal rows: 5 won used (the fold keeps those in its 365 days), a lost and an open one filtered.
    expect(doc.deals).toEqual({ rowsRead: 7, rowsUsed: 5, rowsRejected: 0, rowsFiltered: 2 });
    expect(doc.currentRevenue).toEqual({ from: '2025-11-21', to: '2026-11-20', wonWithoutAccount: 0, wonWithoutAmount: 0 });
    // The account join lists a match made by normalised name (here: case only).
    expect(doc.warnings).toEqual([
      '1,000 won from 1 account not in the accounts file ("Unknown Co") is left out of current revenue',
      'deals filed under "lima" are joined to account K2 "Lima" by normalised name',
    ]);
    expect(doc).toMatchObject({ rowsRead: 4, rowsUsed: 4 });
  });

  it('scores future revenue with the config model (weights divided by their sum; levels in money)', async () => {
    const doc = await json(['quadrant', who('scored.csv'), '--config', who('scoring.yaml'), ...AS_OF]);
    // hand-computed: F = (3 x growth + 1 x fit) / 4. S1 High/Low (300,000 + 20,000) / 4 = 80,000;
    // S2 Medium/Medium (150,000 + 40,000) / 4 = 47,500 (at the threshold: high); S3 Low/High 80,000 / 4 = 20,000.
    expect(doc.accounts.map((account: { id: string; future: { value: number | null }; quadrant: { value: string | null } }) => [account.id, account.future.value, account.quadrant.value])).toEqual([
      ['S1', 80000, 'A'],
      ['S2', 47500, 'B'],
      ['S3', 20000, 'C'],
      ['S4', null, null],
    ]);
    expect(doc.accounts[3].quadrant.reason.code).toBe('unreadable-elements');
    expect(doc.accounts[3].quadrant.reason.message).toContain('fit');
    expect(doc.accounts[0].gap.value).toBe(-20000);
    expect(doc).toMatchObject({ placed: 3, unplaced: 1, thresholds: { current: { value: 50000 }, future: { value: 47500 } } });
    expect(doc.quadrants.D).toEqual({ count: 0, current: 0, future: 0 });
  });

  it('stops with one line when a revenue has no source', async () => {
    const noFuture = await run(['quadrant', join(EXAMPLES, 'accounts.csv'), ...AS_OF]);
    expect(noFuture.code).toBe(2);
    expect(noFuture.stdout).toBe('');
    expect(noFuture.stderr).toBe('dealmath: future revenue is unknown: the accounts need a future_revenue column, or the config a scoring model (quadrant.future.model)\n');
    const noCurrent = await run(['quadrant', who('accounts-future.csv'), ...AS_OF]);
    expect(noCurrent.code).toBe(2);
    expect(noCurrent.stderr).toBe('dealmath: current revenue is unknown: the accounts need a current_revenue column (or quadrant.current.column in the config), or give the deals with --deals\n');
  });

  it('says so when --deals is given but the config names the current-revenue column', async () => {
    const doc = await json(['quadrant', join(EXAMPLES, 'accounts.csv'), ...examples, '--deals', join(EXAMPLES, 'deals.csv')]);
    expect(doc.deals).toBeNull();
    expect(doc.warnings).toEqual(['--deals is not used: current revenue comes from the column "current_revenue" (quadrant.current.column in the config)']);
  });

  it('lists rejected account rows as findings and places the rest', async () => {
    const dir = tempDir();
    const path = join(dir, 'accounts.csv');
    writeFileSync(path, 'account_id,name,current_revenue,future_revenue\nA1,Alpha,100,200\n,Nameless,5,5\nA1,Again,1,1\nB1,Beta,oops,9\n');
    const doc = await json(['quadrant', path, ...AS_OF]);
    expect(doc).toMatchObject({ rowsRead: 4, rowsUsed: 1, rowsRejected: 3 });
    expect(doc.findings.map((found: { rule: string; row: number; column: string }) => [found.rule, found.row, found.column])).toEqual([
      ['missing-id', 3, 'account_id'],
      ['duplicate-id', 4, 'account_id'],
      ['bad-amount', 5, 'current_revenue'],
    ]);
    expect(doc.warnings[0]).toBe('3 of 4 account rows rejected (1 bad-amount, 1 duplicate-id, 1 missing-id); the JSON findings list them');
  });

  it('draws the scatter with account labels with --chart, never in JSON or CSV', async () => {
    const args = ['quadrant', who('portfolio.csv'), '--config', who('thresholds.yaml'), ...AS_OF];
    const chart = await run([...args, '--chart']);
    expect(chart.code).toBe(0);
    expect(chart.stdout).not.toMatch(/\u001b\[/);
    const lines = chart.stdout.split('\n');
    const start = lines.findIndex((line) => line.includes('┤'));
    const end = lines.findIndex((line) => line.includes('→ current'));
    expect(end - start).toBe(23);
    expect(Math.max(...lines.slice(start, end + 1).map(widthOf))).toBeLessThanOrEqual(80);
    // Juliet (1M, 1M) is the top-right point; the thresholds cross at 100k / 200k.
    expect(lines).toContain('        │        │                                                     Juliet ●');
    expect(lines).toContain('   200k ┤────────┼──────────────────────────────────────────────────────────────');
    expect(lines).toContain('         → current  ↑ future  A 3 B 2 C 2 D 3  (4 unlabelled)');
    expect(lines.some((line) => /● Echo$/.test(line))).toBe(true);

    expect((await run(args)).stdout).not.toContain('●');
    expect((await run([...args, '--chart', '--json'])).stdout).not.toContain('●');
    const csv = (await run([...args, '--chart', '--format', 'csv'])).stdout;
    expect(csv).not.toContain('●');
    // CSV: every account, by quadrant then future revenue.
    expect(csv.split('\r\n').slice(0, 4)).toEqual(['Q,Id,Name,Current,Future,Gap F - C', 'A,A3,Juliet,1000000,1000000,0', 'A,A1,Alpha,150000,300000,150000', 'A,A2,Bravo,100000,200000,100000']);
    expect(csv.split('\r\n')).toHaveLength(12);
  });

  it('on the examples, as a table and as JSON with the shape of the issue', async () => {
    const table = await run(['quadrant', join(EXAMPLES, 'accounts.csv'), ...examples], { env: { COLUMNS: '200' } });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("current revenue C from the column current_revenue; future revenue F from the config's scoring model");
    expect(table.stdout).toMatch(/^│ Total +│ +│ +120 │/m);

    const doc = await json(['quadrant', join(EXAMPLES, 'accounts.csv'), ...examples]);
    for (const key of [...HEADER_KEYS, 'deals', 'accounts', 'quadrants', 'thresholds']) expect(doc).toHaveProperty(key);
    expect(doc).toMatchObject({ command: 'quadrant', rowsRead: 120, rowsUsed: 120, rowsRejected: 0 });
    expect(doc.accounts).toHaveLength(120);
    for (const key of ['id', 'name', 'current', 'future', 'quadrant', 'action', 'gap']) expect(doc.accounts[0]).toHaveProperty(key);
    expect(Object.keys(doc.quadrants)).toEqual(['A', 'B', 'C', 'D']);
    for (const letter of ['A', 'B', 'C', 'D']) expect(Object.keys(doc.quadrants[letter])).toEqual(['count', 'current', 'future']);
    const counts = ['A', 'B', 'C', 'D'].map((letter) => doc.quadrants[letter].count);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(doc.placed);
    expect(Object.keys(doc.thresholds)).toEqual(['current', 'future']);
  });
});

describe('small-sample warnings with --min-sample 1', () => {
  it('say "1 deal", not "1 deals"', async () => {
    // Bob's deal is open: his win rate rests on 0 closed deals, and he has 0 closed deals.
    const deals = linesFile(tempDir(), 'one-open.csv', ['id,owner,stage,amount,created,close', 'A1,Ann,Closed Won,100,2026-01-01,2026-02-01', 'B1,Bob,Proposal,50,2026-01-01,2026-12-01']);
    const winrate = await run(['winrate', deals, '--by', 'owner', '--min-sample', '1', '--as-of', '2026-11-20', '--json']);
    expect(JSON.parse(winrate.stdout).warnings).toContain('1 of 3 rates rest on fewer than 1 deal (flagged "small sample"; --min-sample sets the bar)');
    const scorecard = await run(['scorecard', deals, '--min-sample', '1', '--as-of', '2026-11-20', '--json']);
    expect(JSON.parse(scorecard.stdout).warnings).toContain('1 of 2 reps have fewer than 1 closed deal: listed, flagged, and left out of the peer group (--min-sample sets the bar)');
  });
});
