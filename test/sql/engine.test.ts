/**
 * `--engine duckdb` (issue 20): the same output as the default engine, through the generated
 * SQL in embedded DuckDB; Parquet input natively; the optional package never loaded by a normal
 * run, and its absence a one-line error naming the install command.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dealmath, withoutInputs, EXAMPLES, ROOT, tempDir } from '../cli/helpers.js';

const CONFIG = join(EXAMPLES, 'dealmath.yaml');
const DEALS = join(EXAMPLES, 'deals.csv');
const common = ['--config', CONFIG, '--as-of', '2026-11-20', '--format', 'json'];
let parquet = '';

beforeAll(async () => {
  // The examples converted to Parquet with typed columns, as a warehouse export would carry them.
  const dir = tempDir();
  parquet = join(dir, 'deals.parquet');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT * FROM read_csv('${DEALS}', header = true, types = {'amount': 'DOUBLE', 'probability': 'DOUBLE', 'created': 'DATE', 'close': 'DATE'})) TO '${parquet}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}, 60_000);

describe('--engine duckdb', () => {
  const cases: readonly (readonly string[])[] = [
    ['--by', 'owner'],
    ['--by', 'segment', '--by', 'region', '--period', '2026-Q3'],
    ['--open', 'age-out', '--by', 'owner'],
    ['--open', 'include', '--basis', 'created', '--period', '2026', '--where', 'segment=SMB'],
    ['--from', '2030-01-01', '--to', '2030-03-31'],
  ];
  for (const args of cases) {
    it(`winrate ${args.join(' ')}: the same JSON as the default engine`, () => {
      const folds = dealmath(['winrate', DEALS, ...common, ...args]);
      const duckdb = dealmath(['winrate', DEALS, ...common, ...args, '--engine', 'duckdb']);
      expect(duckdb.code, duckdb.stderr).toBe(0);
      expect(duckdb.stdout).toBe(folds.stdout);
    });
  }

  const velocityCases: readonly (readonly string[])[] = [
    [],
    ['--by', 'segment'],
    ['--n', 'closed', '--period', 'last-year', '--by', 'owner'],
    ['--period', '2026-Q4', '--basis', 'created', '--by', 'owner', '--where', 'region=EMEA'],
    ['--from', '2030-01-01', '--to', '2030-03-31'],
  ];
  for (const args of velocityCases) {
    it(`velocity ${args.join(' ')}: the same JSON as the default engine`, () => {
      const folds = dealmath(['velocity', DEALS, ...common, ...args]);
      const duckdb = dealmath(['velocity', DEALS, ...common, ...args, '--engine', 'duckdb']);
      expect(duckdb.code, duckdb.stderr).toBe(0);
      expect(duckdb.stdout).toBe(folds.stdout);
    });
  }

  const paretoCases: readonly (readonly string[])[] = [
    [],
    ['--by', 'account'],
    ['--by', 'product', '--measure', 'count', '--period', '2026', '--threshold', '0.5'],
    ['--profile', 'segment,region', '--where', 'region=EMEA', '--basis', 'created', '--period', '2026'],
    ['--reps', join(EXAMPLES, 'reps.csv')],
    ['--from', '2030-01-01', '--to', '2030-03-31'],
  ];
  for (const args of paretoCases) {
    it(`pareto ${args.join(' ')}: the same JSON as the default engine`, () => {
      const folds = dealmath(['pareto', DEALS, ...common, ...args]);
      const duckdb = dealmath(['pareto', DEALS, ...common, ...args, '--engine', 'duckdb']);
      expect(duckdb.code, duckdb.stderr).toBe(0);
      expect(duckdb.stdout).toBe(folds.stdout);
    });
  }

  it('pareto: the table view, from Parquet too, and the default engine\'s one-line errors', () => {
    const args = ['pareto', DEALS, '--config', CONFIG, '--as-of', '2026-11-20', '--by', 'account'];
    expect(dealmath([...args, '--engine', 'duckdb']).stdout).toBe(dealmath(args).stdout);
    const fromParquet = dealmath(['pareto', parquet, ...common, '--by', 'owner', '--engine', 'duckdb']);
    expect(withoutInputs(fromParquet.stdout)).toBe(withoutInputs(dealmath(['pareto', DEALS, ...common, '--by', 'owner']).stdout));
    for (const wrong of [['--by', 'nosuch'], ['--measure', 'probability'], ['--measure', 'nosuch']]) {
      const folds = dealmath(['pareto', DEALS, ...common, ...wrong]);
      const duckdb = dealmath(['pareto', DEALS, ...common, ...wrong, '--engine', 'duckdb']);
      expect([duckdb.code, duckdb.stderr]).toEqual([folds.code, folds.stderr]);
      expect(duckdb.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  const retentionCases: readonly (readonly string[])[] = [
    ['--period', '2026'],
    ['--period', '2026', '--compare', '2025', '--accounts', join(EXAMPLES, 'accounts.csv')],
    ['--period', '2026', '--by', 'segment'],
    ['--period', '2026-Q3', '--compare', '2025-Q3', '--by', 'owner', '--where', 'region=EMEA'],
    ['--period', '2031', '--compare', '2030'],
  ];
  for (const args of retentionCases) {
    it(`retention ${args.join(' ')}: the same JSON as the default engine`, () => {
      const folds = dealmath(['retention', DEALS, ...common, ...args]);
      const duckdb = dealmath(['retention', DEALS, ...common, ...args, '--engine', 'duckdb']);
      expect(duckdb.code, duckdb.stderr).toBe(0);
      expect(duckdb.stdout).toBe(folds.stdout);
    });
  }

  it('retention: the table view is the default engine\'s; --every is the default engine\'s only', () => {
    const args = ['retention', DEALS, '--config', CONFIG, '--as-of', '2026-11-20', '--period', '2026', '--by', 'region'];
    expect(dealmath([...args, '--engine', 'duckdb']).stdout).toBe(dealmath(args).stdout);
    const series = dealmath([...args, '--every', 'quarter', '--engine', 'duckdb']);
    expect([series.code, series.stderr.trim()]).toEqual([2, 'dealmath: --every runs on the default engine only; leave out --engine duckdb']);
  });

  it('a cell DuckDB cannot cast (examples/deals-messy.csv; a text column as the pareto measure): one line naming the file, exit 2', () => {
    const messy = dealmath(['winrate', join(EXAMPLES, 'deals-messy.csv'), ...common, '--engine', 'duckdb']);
    expect(messy.code).toBe(2);
    expect(messy.stderr.trim().split('\n')).toHaveLength(1);
    expect(messy.stderr).toMatch(/^dealmath: .*deals-messy\.csv: --engine duckdb takes the input as valid and could not read it \(Conversion Error: .*\); check it with dealmath validate, or leave out --engine duckdb/);
    const text = dealmath(['pareto', DEALS, ...common, '--measure', 'segment', '--engine', 'duckdb']);
    expect([text.code, text.stderr.trim().split('\n').length]).toEqual([2, 1]);
  });

  it('winrate --by a column the file lacks: the default engine\'s line, not an SQL error', () => {
    const folds = dealmath(['winrate', DEALS, ...common, '--by', 'nosuch']);
    const duckdb = dealmath(['winrate', DEALS, ...common, '--by', 'nosuch', '--engine', 'duckdb']);
    expect([duckdb.code, duckdb.stderr]).toEqual([2, folds.stderr]);
  });

  it('velocity: the table view, from Parquet too, is the default engine\'s', () => {
    const args = ['velocity', DEALS, '--config', CONFIG, '--as-of', '2026-11-20', '--by', 'owner', '--what-if', 'win=+10%'];
    expect(dealmath([...args, '--engine', 'duckdb']).stdout).toBe(dealmath(args).stdout);
    const fromParquet = dealmath(['velocity', parquet, ...common, '--by', 'owner', '--engine', 'duckdb']);
    expect(withoutInputs(fromParquet.stdout)).toBe(withoutInputs(dealmath(['velocity', DEALS, ...common, '--by', 'owner']).stdout));
  });

  it('velocity --compare is the default engine\'s only: one line saying so', () => {
    const result = dealmath(['velocity', DEALS, ...common, '--period', '2026-Q3', '--compare', '2026-Q2', '--engine', 'duckdb']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('dealmath: --compare is not run by --engine duckdb; use the default engine');
  });

  it('winrate deals.parquet --by owner equals the CSV answer', () => {
    const csv = dealmath(['winrate', DEALS, ...common, '--by', 'owner']);
    const fromParquet = dealmath(['winrate', parquet, ...common, '--by', 'owner', '--engine', 'duckdb']);
    expect(fromParquet.code, fromParquet.stderr).toBe(0);
    expect(withoutInputs(fromParquet.stdout)).toBe(withoutInputs(csv.stdout));
  });

  it('the table view is the default engine\'s too', () => {
    const args = ['winrate', DEALS, '--config', CONFIG, '--as-of', '2026-11-20', '--by', 'segment'];
    expect(dealmath([...args, '--engine', 'duckdb']).stdout).toBe(dealmath(args).stdout);
  });

  it('without @duckdb/node-api: one line naming the install command, exit 2', () => {
    for (const command of ['winrate', 'velocity', 'pareto', 'retention']) {
      const result = dealmath([command, DEALS, ...common, '--engine', 'duckdb'], { env: { DEALMATH_DUCKDB_MODULE: 'dealmath-no-such-duckdb' } });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual(['dealmath: --engine duckdb needs the optional package @duckdb/node-api, which is not installed; install it with: npm install @duckdb/node-api']);
    }
  });

  it('a normal run never loads DuckDB (a module hook records every resolve)', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(hooks, `export async function resolve(specifier, context, next) {\n  if (specifier.includes('@duckdb')) process.stderr.write('LOADED ' + specifier + '\\n');\n  return next(specifier, context);\n}\n`);
    const register = join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
    const normal = dealmath(['winrate', DEALS, ...common, '--by', 'owner'], { env: { NODE_OPTIONS: `--import ${register}` } });
    expect(normal.code, normal.stderr).toBe(0);
    expect(normal.stderr).not.toContain('LOADED');
    // The hook does see it when asked for, so the check above can fail.
    const asked = dealmath(['winrate', DEALS, ...common, '--engine', 'duckdb'], { env: { NODE_OPTIONS: `--import ${register}` } });
    expect(asked.stderr).toContain('LOADED @duckdb/node-api');
    expect(ROOT).toBeTruthy();
  });

  it('DuckDB is an optional dependency, PGlite a development one, and neither in dependencies', async () => {
    const manifest = (await import('../../package.json', { with: { type: 'json' } })).default as { dependencies: Record<string, string>; optionalDependencies?: Record<string, string>; devDependencies: Record<string, string> };
    expect(manifest.optionalDependencies?.['@duckdb/node-api']).toBeDefined();
    expect(manifest.devDependencies['@electric-sql/pglite']).toBeDefined();
    expect(Object.keys(manifest.dependencies)).not.toContain('@duckdb/node-api');
  });
});
