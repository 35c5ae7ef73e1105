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
    expect(result.unitWinRate).toEqual({ value: 0.5, reason: null });
    expect(result.valueWinRate.value).toBe(0.3);
  });

  it('exports the n/a shape and its catalogue', () => {
    expect(dealmath.naReason('no-closed-deals')).toEqual({ code: 'no-closed-deals', message: 'no closed deals in window' });
    expect(dealmath.known(1)).toEqual({ value: 1, reason: null });
    expect(Object.keys(dealmath.NA_REASONS)).toContain('no-quota');
  });

  it('keeps the import direction: cli -> report, io, validate -> metrics -> model', () => {
    const src = join(ROOT, 'src');
    const allowed: Record<string, string[]> = {
      model: ['model'],
      metrics: ['model', 'metrics'],
      validate: ['model', 'metrics', 'validate'],
      io: ['model', 'io'],
      engine: ['model', 'metrics', 'validate', 'io', 'engine'],
      report: ['model', 'metrics', 'validate', 'engine', 'report'],
      cli: ['model', 'metrics', 'validate', 'io', 'engine', 'report', 'cli'],
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
