/**
 * Stage commands end to end: funnel from a long history and from HubSpot's wide columns, the
 * refusal without stage information, PVF with and without --assume-equal-dwell, and the
 * stalled rule with row numbers.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, FIXTURES } from './helpers.js';
import { run } from './inProcess.js';

const history = (name: string): string => join(FIXTURES, 'history', name);
const base = ['--config', history('stages.yaml'), '--as-of', '2026-11-20'];

describe('dealmath funnel', () => {
  it('reads reach and conversion from a long history (hand-computed in test/metrics/funnel.test.ts)', async () => {
    const result = await run(['funnel', history('deals.csv'), ...base, '--history', history('history.csv'), '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.historySource).toBe('history');
    expect(doc.stages.map((stage: { stage: string; reached: number }) => [stage.stage, stage.reached])).toEqual([['Qualify', 6], ['Proposal', 5], ['Negotiation', 3]]);
    expect(doc.stages[0].winConversion.value).toBe(0.4);
  });

  it('stops without stage information, naming what would make it possible', async () => {
    const result = await run(['funnel', history('deals.csv'), ...base]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dealmath: stage conversion cannot be known: .*--history FILE .* or a lost_stage column in the deals file\n$/);
  });

  it('the examples funnel has every open stage', async () => {
    const doc = JSON.parse((await run(['funnel', join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--history', join(EXAMPLES, 'history.csv'), '--json'])).stdout);
    expect(doc.stages.map((stage: { stage: string }) => stage.stage)).toEqual(['Qualification', 'Discovery', 'Proposal', 'Negotiation']);
    expect(doc.rowsRead).toBe(2000);
  });
});

describe('dealmath pvf', () => {
  it('labels --assume-equal-dwell in the output, and refuses without dwell otherwise', async () => {
    const refused = await run(['pvf', history('deals.csv'), ...base, '--target', '100000']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/stage conversion cannot be known|time in stage is unknown/);
    const lostStage = join(EXAMPLES, 'deals.csv');
    const assumed = await run(['pvf', lostStage, '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--target', '4000000', '--assume-equal-dwell']);
    expect(assumed.code).toBe(0);
    expect(assumed.stdout).toContain('ASSUMPTION (--assume-equal-dwell)');
    const json = JSON.parse((await run(['pvf', lostStage, '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--target', '4000000', '--assume-equal-dwell', '--json'])).stdout);
    expect(json.equalDwellAssumed).toBe(true);
    const dwell = json.stages.map((stage: { dwellDays: { value: number } }) => stage.dwellDays.value);
    expect(new Set(dwell).size).toBe(1);
    const noFlag = await run(['pvf', lostStage, '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--target', '4000000']);
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toContain('--assume-equal-dwell');
  });

  it('gives per-stage pvf with the JSON shape of the issue', async () => {
    const doc = JSON.parse((await run(['pvf', join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--history', join(EXAMPLES, 'history.csv'), '--reps', join(EXAMPLES, 'reps.csv'), '--json'])).stdout);
    expect(Object.keys(doc.stages[0])).toEqual(expect.arrayContaining(['stage', 'reached', 'conversion', 'valueConversion', 'dwellDays', 'requiredMultiple', 'pvf', 'requiredValue', 'openValue', 'ratio', 'status']));
    expect(Object.keys(doc.total)).toEqual(expect.arrayContaining(['pvf', 'requiredValue', 'openValue']));
    // pvf_s = (dwell / 91.3125) / value conversion, per stage (METRICS.md); the total is their sum.
    for (const stage of doc.stages) expect(stage.pvf.value).toBeCloseTo(stage.dwellDays.value / 91.3125 / stage.valueConversion.value, 12);
    expect(doc.total.pvf.value).toBeCloseTo(doc.stages.reduce((sum: number, stage: { pvf: { value: number } }) => sum + stage.pvf.value, 0), 12);
  });
});

describe('validate --history: stalled', () => {
  it('flags an open deal in its stage for more than 2x the stage average dwell, at its row', async () => {
    // D5 entered Proposal on 2026-05-01: 203 days by 2026-11-20; closed deals spent 21, 21 and 23 days there.
    const result = await run(['validate', history('deals.csv'), ...base, '--history', history('history.csv'), '--json']);
    const doc = JSON.parse(result.stdout);
    const stalled = doc.findings.filter((found: { rule: string }) => found.rule === 'stalled');
    expect(stalled).toEqual([expect.objectContaining({ row: 6, column: 'stage', value: 'Proposal', severity: 'warning' })]);
  });
});
