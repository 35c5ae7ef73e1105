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
      cycleDays: null, probability: null, forecastCategory: null, lastActivity: null, stageEntered: null, lostStage: null, type: null,
      dimensions: {}, source: { file: 'test', row: 2 },
    });
    // METRICS.md "Win rates": A 20,000 won; B 10,000 won; C 40,000 lost; D 30,000 lost -> Wu 50%, Wv 30%
    const result = dealmath.runFold(dealmath.winRateFold({ scope, open: { kind: 'exclude' }, minSample: 30 }), [
      deal('A', 'won', 20000), deal('B', 'won', 10000), deal('C', 'lost', 40000), deal('D', 'lost', 30000),
    ]);
    expect(result.unitWinRate).toBe(0.5);
    expect(result.valueWinRate).toBe(0.3);
  });

  it('joins accounts and computes retention and concentration from the package entry alone (issue 17)', () => {
    const join = dealmath.joinAccounts([{ id: 'ACC-7', name: 'Initech' }], ['ACC-7', 'INITECH, Inc.']);
    expect(join.matches.map((match) => match.rule)).toEqual(['id', 'normalized-name']);
    const entry = (account: string, previous: number, current: number) => ({ account, name: null, previous, current, owner: null, group: null });
    // METRICS.md "Retention and concentration": GRR 140/200, NRR 160/200
    const result = dealmath.retention([entry('X', 100, 120), entry('Y', 50, 0), entry('Z', 50, 40), entry('W', 0, 30)]);
    expect([result.total.grr.value, result.total.nrr.value]).toEqual([0.7, 0.8]);
    expect(dealmath.concentration([{ account: 'A', revenue: 1 }]).hhi.value).toBe(1);
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
