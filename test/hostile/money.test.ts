/**
 * Issue 18, money: a currency written in the amount cell that contradicts the row's currency
 * column is a row error (`currency-conflict`), never summed in the column's currency. Through the
 * real binary.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

function write(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

type Brief = [string, number, string | null, string | null];

async function validate(path: string): Promise<{ code: number; rowsUsed: number; rowsRejected: number; findings: Brief[] }> {
  const result = await run(['validate', path, '--json', '--as-of', '2026-11-20']);
  const doc = JSON.parse(result.stdout) as { rowsRead: number; rowsUsed: number; rowsRejected: number; rowsFiltered: number; findings: { rule: string; row: number; column: string | null; value: string | null }[] };
  expect(doc.rowsRead).toBe(doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered);
  return { code: result.code, rowsUsed: doc.rowsUsed, rowsRejected: doc.rowsRejected, findings: doc.findings.map((found): Brief => [found.rule, found.row, found.column, found.value]) };
}

describe('currency in the amount cell against the currency column', () => {
  // Rows 2-4 once counted as 100 USD each (wonValue 400 with row 5).
  const csv = [
    'id,stage,amount,currency,close',
    'A,Closed Won,€100,USD,2026-01-05',
    'B,Closed Won,JPY 100,USD,2026-01-05',
    'C,Closed Won,C$100,USD,2026-01-05',
    'D,Closed Won,USD 100,USD,2026-01-05',
    'E,Closed Won,$100,CAD,2026-01-05',
    'F,Closed Won,¥100,CNY,2026-01-05',
    'G,Closed Won,100,EUR,2026-01-05',
    '',
  ].join('\n');

  it('"€100", "JPY 100" and "C$100" in USD rows are currency-conflict errors on the amount cell; agreeing or bare symbols pass', async () => {
    const { code, rowsUsed, rowsRejected, findings } = await validate(write('conflict.csv', csv));
    expect(findings.filter(([rule]) => rule === 'currency-conflict')).toEqual([
      ['currency-conflict', 2, 'amount', '€100'],
      ['currency-conflict', 3, 'amount', 'JPY 100'],
      ['currency-conflict', 4, 'amount', 'C$100'],
    ]);
    expect([code, rowsUsed, rowsRejected]).toEqual([1, 4, 3]);
  });

  it('winrate sums only the rows whose currencies agree', async () => {
    const path = write('usd.csv', csv.split('\n').slice(0, 5).join('\n') + '\n');
    const result = await run(['winrate', path, '--json', '--as-of', '2026-11-20']);
    expect(JSON.parse(result.stdout).total).toMatchObject({ won: 1, wonValue: 100 });
  });
});

describe('money summed exactly', () => {
  // 3,000 won deals with amounts of four decimals (a seeded generator): plain += gives totals that
  // differ in the last digits by row order; the exact sum does not.
  function amounts(): number[] {
    let seed = 18;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    return Array.from({ length: 3000 }, () => Math.round(next() * 1e8) / 1e4);
  }
  const naive = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0);

  function csvOf(values: readonly number[], order: readonly number[]): string {
    const lines = ['id,stage,amount,close'];
    for (const index of order) lines.push(`D-${index},${index % 3 === 0 ? 'Closed Lost' : 'Closed Won'},${(values[index] as number).toFixed(4)},2026-01-05`);
    return `${lines.join('\n')}\n`;
  }

  it('winrate totals are identical bit for bit in file order, reversed, shuffled and read in parts', async () => {
    const values = amounts();
    const forward = values.map((_, index) => index);
    const reversed = [...forward].reverse();
    const shuffled = forward.map((index) => (index * 7919) % values.length);
    // The data tells orders apart: plain summation of the won amounts differs between them.
    const won = (order: readonly number[]): number[] => order.filter((index) => index % 3 !== 0).map((index) => values[index] as number);
    expect(new Set([naive(won(forward)), naive(won(reversed)), naive(won(shuffled))]).size).toBeGreaterThan(1);

    const totals: { wonValue: number; lostValue: number }[] = [];
    for (const order of [forward, reversed, shuffled]) {
      const path = write('exact.csv', csvOf(values, order));
      totals.push(JSON.parse((await run(['winrate', path, '--json', '--as-of', '2026-11-20'])).stdout).total);
    }
    const parts = await run(['winrate', write('exact.csv', csvOf(values, forward)), '--json', '--as-of', '2026-11-20'], { env: { DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_WORKERS: '2' } });
    totals.push(JSON.parse(parts.stdout).total);
    for (const total of totals.slice(1)) {
      expect([total.wonValue, total.lostValue]).toEqual([totals[0]?.wonValue, totals[0]?.lostValue]);
    }
  });

  /** The same won deals of five reps, in file order and reversed. */
  function repFiles(): [string, string] {
    const values = amounts();
    const forward = values.map((_, index) => index);
    return [forward, [...forward].reverse()].map((order) => {
      const lines = ['id,owner,stage,amount,created,close'];
      for (const index of order) lines.push(`D-${index},Rep ${index % 5},Closed Won,${(values[index] as number).toFixed(4)},2025-11-05,2026-01-05`);
      return write('reps.csv', `${lines.join('\n')}\n`);
    }) as [string, string];
  }

  it('pareto totals and curves are identical bit for bit in file order and reversed', async () => {
    const runs: { total: unknown; curve: unknown }[] = [];
    for (const path of repFiles()) {
      const doc = JSON.parse((await run(['pareto', path, '--by', 'owner', '--json', '--as-of', '2026-11-20', '--period', '2026'])).stdout);
      runs.push({ total: doc.total, curve: doc.curve });
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it('scorecard average won amounts are identical bit for bit in file order and reversed', async () => {
    const runs: unknown[][] = [];
    for (const path of repFiles()) runs.push(JSON.parse((await run(['scorecard', path, '--json', '--as-of', '2026-11-20', '--period', '2026'])).stdout).reps);
    expect(runs[0]?.length).toBe(5);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('funnel stage values are identical bit for bit in file order and reversed', async () => {
    const values = amounts();
    const forward = values.map((_, index) => index);
    const config = write('dealmath.yaml', 'stages: [Discovery, Proposal, Closed Won, Closed Lost]\n');
    const stages = ['Discovery', 'Proposal', 'Closed Won', 'Closed Lost'];
    const runs: unknown[][] = [];
    for (const order of [forward, [...forward].reverse()]) {
      const lines = ['id,owner,stage,amount,created,close,lost_stage'];
      for (const index of order) {
        const stage = stages[index % 4] as string;
        lines.push(`D-${index},Rep ${index % 5},${stage},${(values[index] as number).toFixed(4)},2025-11-05,2026-12-20,${stage === 'Closed Lost' ? 'Proposal' : ''}`);
      }
      const result = await run(['funnel', write('funnel.csv', `${lines.join('\n')}\n`), '--config', config, '--json', '--as-of', '2026-11-20']);
      runs.push(JSON.parse(result.stdout).stages);
    }
    expect(runs[0]?.length).toBe(2);
    expect(runs[1]).toEqual(runs[0]);
  });
});
