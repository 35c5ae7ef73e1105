/**
 * The library is usable on its own: the package entry exports the folds and readers, and
 * imports nothing from the CLI (DESIGN.md "Layout": imports go one way).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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
    expect(result.unitWinRate).toEqual({ value: 0.5, reason: null });
    expect(result.valueWinRate.value).toBe(0.3);
  });

  it('exports the n/a shape and its catalogue', () => {
    expect(dealmath.naReason('no-closed-deals')).toEqual({ code: 'no-closed-deals', message: 'no closed deals in window' });
    expect(dealmath.known(1)).toEqual({ value: 1, reason: null });
    expect(Object.keys(dealmath.NA_REASONS)).toContain('no-quota');
  });

  it('runs the forecast from the package entry alone', () => {
    const asOf = dealmath.parseIsoDay('2026-11-20') as number;
    const period = dealmath.periodContaining(asOf, 'quarter');
    const deal = (id: string, status: dealmath.DealStatus, amount: number, close: string, probability: number | null, forecastCategory: string | null): dealmath.Deal => ({
      id, name: null, account: null, owner: 'Ann', stage: null, status, amount, currency: null, created: null, close: dealmath.parseIsoDay(close),
      cycleDays: null, probability, forecastCategory, lastActivity: null, stageEntered: null, lostStage: null, type: null,
      dimensions: {}, source: { file: 'test', row: 2 },
    });
    const categoryOf = dealmath.forecastCategoryOf(dealmath.DEFAULT_FORECAST_CATEGORIES);
    const state = dealmath.runFold(dealmath.forecastFold({ asOf, period, categoryOf }), [
      deal('W', 'won', 20, '2026-10-02', 1, 'Closed'),
      deal('A', 'open', 100, '2026-12-01', 0.5, 'Commit'),
      deal('B', 'open', 50, '2026-12-01', 0.5, 'Best Case'),
    ]);
    const result = dealmath.finishForecast(state, {
      by: 'owner', reps: [{ owner: 'Ann', quota: 120, team: null }], methods: ['crm'], simulationMethod: 'crm', runs: 1000, seed: 1,
      stageConversion: { code: 'needs-history', message: 'n/a' }, categoryReason: { code: 'needs-snapshots', message: 'n/a' },
    });
    // METRICS.md "Forecast" worked example shifted by closed 20: totals 20, 70, 120, 170; P10 20, P90 170.
    expect(result.total.commit.value).toBe(120);
    expect(result.total.expected.crm.value).toBe(95);
    expect(result.total.simulation.p10.value).toBe(20);
    expect(result.total.simulation.p90.value).toBe(170);
    expect(result.total.attainment.commit.value).toBe(1);
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

  it('joins accounts and computes retention and concentration from the package entry alone (issue 17)', () => {
    const join = dealmath.joinAccounts([{ id: 'ACC-7', name: 'Initech' }], ['ACC-7', 'INITECH, Inc.']);
    expect(join.matches.map((match) => match.rule)).toEqual(['id', 'normalized-name']);
    const entry = (account: string, previous: number, current: number) => ({ account, name: null, previous, current, owner: null, group: null });
    // METRICS.md "Retention and concentration": GRR 140/200, NRR 160/200
    const result = dealmath.retention([entry('X', 100, 120), entry('Y', 50, 0), entry('Z', 50, 40), entry('W', 0, 30)]);
    expect([result.total.grr.value, result.total.nrr.value]).toEqual([0.7, 0.8]);
    expect(dealmath.concentration([{ account: 'A', revenue: 1 }]).hhi.value).toBe(1);
  });

  it('writes a metric as SQL from the package entry alone (issue 20)', () => {
    const asOf = dealmath.parseIsoDay('2026-11-20') as number;
    const sql = dealmath.metricSql({
      metric: 'winrate', dialect: 'snowflake', table: { name: 'analytics.deals', columns: { id: 'ID', stage: 'STAGE', amount: 'AMOUNT', close: 'CLOSE_DATE' } },
      config: dealmath.DEFAULT_CONFIG, asOf, scope: { asOf, window: null, basis: 'close' }, open: { kind: 'exclude' }, minSample: 30, by: [],
    });
    expect(sql).toContain('FROM "analytics"."deals"');
    expect(dealmath.SQL_METRICS).toEqual(['winrate', 'velocity', 'pareto', 'coverage', 'retention', 'funnel', 'movement']);
  });

  it('keeps the import direction: cli -> report, io, validate -> metrics -> model', () => {
    const src = join(ROOT, 'src');
    const allowed: Record<string, string[]> = {
      model: ['model'],
      metrics: ['model', 'metrics'],
      validate: ['model', 'metrics', 'validate'],
      io: ['model', 'io'],
      sql: ['model', 'metrics', 'sql'],
      engine: ['model', 'metrics', 'validate', 'io', 'sql', 'engine'],
      report: ['model', 'metrics', 'validate', 'engine', 'report'],
      cli: ['model', 'metrics', 'validate', 'io', 'sql', 'engine', 'report', 'cli'],
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

  it('has no import circle, counting type-only and dynamic imports (a module never needs itself to load)', () => {
    const src = join(ROOT, 'src');
    const graph = new Map<string, string[]>();
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      const specs = [...text.matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)'/gms), ...text.matchAll(/import\('(\.[^']+)'\)/g)].map((match) => match[1] ?? '');
      graph.set(file, specs.map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts'))));
    }
    // Depth-first search: an edge back to a module still on the stack closes a circle.
    const onStack = new Set<string>();
    const done = new Set<string>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      onStack.add(file);
      for (const next of graph.get(file) ?? []) {
        if (onStack.has(next)) circles.push([...path.slice(path.indexOf(next)), next].map((entry) => relative(src, entry)).join(' -> '));
        else if (!done.has(next) && graph.has(next)) visit(next, [...path, next]);
      }
      onStack.delete(file);
      done.add(file);
    };
    for (const file of graph.keys()) if (!done.has(file)) visit(file, [file]);
    expect(circles).toEqual([]);
  });
});
