/**
 * The library is usable on its own: the package entry exports the folds and readers, and
 * imports nothing from the CLI (DESIGN.md "Layout": imports go one way).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as dealmath from '../../src/index.js';
import { ROOT } from '../cli/helpers.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/^import[^;]*?from '([^']+)'/gms)].map((match) => match[1] ?? '');

describe('public API', () => {
  it('runs a metric fold from the package entry alone', () => {
    const scope = { asOf: dealmath.parseIsoDay('2026-11-20') as number, window: null, basis: 'close' as const };
    const deal = (id: string, status: dealmath.DealStatus, amount: number): dealmath.Deal => ({
      id, name: null, account: null, owner: null, stage: null, status, amount, currency: null, created: null, close: null,
      cycleDays: null, probability: null, forecastCategory: null, lastActivity: null, stageEntered: null, lostStage: null,
      dimensions: {}, source: { file: 'test', row: 2 },
    });
    // METRICS.md "Win rates": A 20,000 won; B 10,000 won; C 40,000 lost; D 30,000 lost -> Wu 50%, Wv 30%
    const result = dealmath.runFold(dealmath.winRateFold({ scope, open: { kind: 'exclude' }, minSample: 30 }), [
      deal('A', 'won', 20000), deal('B', 'won', 10000), deal('C', 'lost', 40000), deal('D', 'lost', 30000),
    ]);
    expect(result.unitWinRate).toBe(0.5);
    expect(result.valueWinRate).toBe(0.3);
  });

  it('folds snapshot pairs into the movement waterfall from the package entry alone', () => {
    const day = (text: string): number => dealmath.parseIsoDay(text) as number;
    const window: dealmath.MovementWindow = { kind: 'window', window: { from: day('2026-10-01'), to: day('2026-12-31'), label: '2026-Q4' } };
    const open = (amount: number, close: string): dealmath.SnapshotDeal => ({ status: 'open', amount, close: day(close), stage: null, owner: null });
    // METRICS.md "Pipeline movement (snapshots)" worked example: start 170, end 190.
    const result = dealmath.runFold(dealmath.movementFold({ window }), [
      { id: 'D1', before: open(100, '2026-11-15'), after: open(120, '2026-11-15') },
      { id: 'D2', before: open(50, '2026-11-20'), after: { status: 'won', amount: 50, close: day('2026-10-10'), stage: null, owner: null } },
      { id: 'D3', before: open(30, '2027-01-15'), after: open(30, '2026-12-15') },
      { id: 'D4', before: open(20, '2026-12-01'), after: open(20, '2027-02-01') },
      { id: 'D5', before: null, after: open(40, '2026-12-10') },
    ]);
    expect(result.total.start).toBe(170);
    expect(result.total.end).toBe(190);
    expect(typeof dealmath.readSnapshots).toBe('function');
    expect(typeof dealmath.slippageFold).toBe('function');
  });

  it('keeps the import direction: cli -> report, io, validate -> metrics -> model', () => {
    const src = join(ROOT, 'src');
    const allowed: Record<string, string[]> = {
      model: ['model'],
      metrics: ['model', 'metrics'],
      validate: ['model', 'metrics', 'validate'],
      io: ['model', 'io'],
      report: ['model', 'metrics', 'report'],
      cli: ['model', 'metrics', 'validate', 'io', 'report', 'cli'],
    };
    const violations: string[] = [];
    for (const file of sourceFiles(src)) {
      const layer = relative(src, file).split('/')[0] ?? '';
      if (layer === 'index.ts') {
        expect(importsOf(file).some((spec) => spec.includes('/cli/'))).toBe(false);
        continue;
      }
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) {
          if (layer === 'metrics' || layer === 'model') {
            if (!['zod'].includes(spec) || layer === 'metrics') violations.push(`${relative(src, file)} imports package ${spec}`);
          }
          continue;
        }
        const target = relative(src, join(file, '..', spec)).split('/')[0] ?? '';
        if (!(allowed[layer] ?? []).includes(target)) violations.push(`${relative(src, file)} imports ${target}/`);
      }
    }
    expect(violations).toEqual([]);
  });
});
