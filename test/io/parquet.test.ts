/**
 * Parquet with the default engine (issue 20): a .parquet file goes through the same reader as a
 * CSV file (column mapping, validation, rejected rows named by row number), so its answer is the
 * CSV's; the Parquet reader (hyparquet) is loaded only when a Parquet file is read. The Parquet
 * copies are written by DuckDB (a development dependency here) from examples/deals.csv.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withoutInputs, EXAMPLES, tempDir, dealmath } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';
import { parquetCellText } from '../../src/io/parquet.js';

const CONFIG = join(EXAMPLES, 'dealmath.yaml');
const DEALS = join(EXAMPLES, 'deals.csv');
const common = ['--config', CONFIG, '--as-of', '2026-11-20', '--format', 'json'];
let typed = '';
let text = '';
let bad = '';

beforeAll(async () => {
  const dir = tempDir();
  typed = join(dir, 'deals.parquet');
  text = join(dir, 'deals-text.parquet');
  bad = join(dir, 'bad.parquet');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const csv = (types: string): string => `read_csv('${DEALS}', header = true${types})`;
  // Typed columns (DATE, DOUBLE) as a warehouse export carries them, small row groups so the file has several.
  await connection.run(`COPY (SELECT * FROM ${csv(", types = {'amount': 'DOUBLE', 'probability': 'DOUBLE', 'created': 'DATE', 'close': 'DATE', 'last_activity': 'DATE', 'stage_entered': 'DATE'}")}) TO '${typed}' (FORMAT parquet, ROW_GROUP_SIZE 700)`);
  // Every column as text, as the CSV has it.
  await connection.run(`COPY (SELECT * FROM ${csv(', all_varchar = true')}) TO '${text}' (FORMAT parquet)`);
  // Record 3 with an amount that is no number.
  await connection.run(`COPY (SELECT * REPLACE (CASE WHEN deal_id = 'D-00003' THEN 'lots' ELSE amount END AS amount) FROM ${csv(', all_varchar = true')} LIMIT 10) TO '${bad}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}, 60_000);

describe('Parquet with the default engine', () => {
  const cases: readonly (readonly string[])[] = [
    ['winrate', '--by', 'owner'],
    ['winrate', '--open', 'age-out', '--by', 'segment', '--period', '2026'],
    ['velocity', '--by', 'region'],
    ['pareto', '--by', 'account'],
    ['forecast'],
  ];
  for (const [command, ...args] of cases) {
    it(`${command} ${args.join(' ')}: the Parquet answer is the CSV answer`, async () => {
      const fromCsv = await run([command as string, DEALS, ...common, ...args]);
      expect(fromCsv.code, fromCsv.stderr).toBe(0);
      for (const file of [typed, text]) {
        const fromParquet = await run([command as string, file, ...common, ...args]);
        expect(fromParquet.code, fromParquet.stderr).toBe(0);
        expect(withoutInputs(fromParquet.stdout)).toBe(withoutInputs(fromCsv.stdout));
      }
    });
  }

  it('the table view is the CSV one', async () => {
    const args = ['--config', CONFIG, '--as-of', '2026-11-20', '--by', 'segment'];
    expect(withoutInputs((await run(['winrate', typed, ...args])).stdout)).toBe(withoutInputs((await run(['winrate', DEALS, ...args])).stdout));
  });

  it('a bad cell is a rejected row named by its record number, every row accounted for', async () => {
    const result = await run(['winrate', bad, ...common]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { rowsRead: number; rowsUsed: number; rowsRejected: number; rowsFiltered: number };
    expect(json.rowsRead).toBe(10);
    expect(json.rowsRejected).toBe(1);
    expect(json.rowsUsed + json.rowsRejected + json.rowsFiltered).toBe(json.rowsRead);
    const validate = await run(['validate', bad, '--config', CONFIG, '--as-of', '2026-11-20'], { env: { COLUMNS: '250' } }); // wide: a long temporary path turns the table into records at 80
    // Row 3: the file's third record (a Parquet file has no header line).
    expect(validate.stdout).toMatch(/bad\.parquet\s*│\s*3\s*│\s*amount\s*│\s*error\s*│\s*bad-amount/);
    expect(validate.stdout).toMatch(/bad-amount\s*│\s*lots\s*│/);
  });

  it('not a Parquet file: one line saying so, exit 1 or 2, no stack trace', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const fake = join(dir, 'fake.parquet');
    writeFileSync(fake, 'deal_id,amount\nD-1,100\n');
    const result = await run(['winrate', fake, ...common]);
    expect(result.code).toBeGreaterThan(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/fake\.parquet.*not a readable Parquet file/);
  });

  it('a normal run never loads the Parquet reader (a module hook records every resolve)', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(hooks, `export async function resolve(specifier, context, next) {\n  if (/parquet/i.test(specifier)) process.stderr.write('LOADED ' + specifier + '\\n');\n  return next(specifier, context);\n}\n`);
    const register = join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
    const env = { NODE_OPTIONS: `--import ${register}` };
    // A module hook needs a process of its own: these two spawn the binary.
    const normal = dealmath(['winrate', DEALS, ...common, '--by', 'owner'], { env });
    expect(normal.code, normal.stderr).toBe(0);
    expect(normal.stderr).not.toContain('LOADED');
    // The hook does see it when a Parquet file is read, so the check above can fail.
    expect(dealmath(['winrate', typed, ...common], { env }).stderr).toContain('LOADED');
  });

  it('cells as the CSV reader expects them', () => {
    expect(parquetCellText(null)).toBe('');
    expect(parquetCellText(12345678901234567890n)).toBe('12345678901234567890');
    expect(parquetCellText(0.1)).toBe('0.1');
    expect(parquetCellText(true)).toBe('true');
    expect(parquetCellText(new Date(Date.UTC(2026, 10, 20)))).toBe('2026-11-20');
    expect(parquetCellText(new Date(Date.UTC(2026, 10, 20, 9, 30)))).toBe('2026-11-20T09:30:00.000Z');
    expect(parquetCellText(['a', 1n])).toBe('["a","1"]');
  });
});
