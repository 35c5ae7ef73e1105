/**
 * The worked examples of METRICS.md run through the generated SQL on DuckDB and Postgres
 * (PGlite): expected values are the literals of METRICS.md, not recomputed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config.js';
import { parseIsoDay } from '../../src/model/calendar.js';
import { winRateSql } from '../../src/sql/winRate.js';
import { paretoSql } from '../../src/sql/pareto.js';
import { movementSql } from '../../src/sql/movement.js';
import { retentionSql } from '../../src/sql/retention.js';
import { duckdbEngine, postgresEngine, type Engine } from './engines.js';

const asOf = parseIsoDay('2026-11-20') as number;
const scope = { asOf, window: null, basis: 'close' as const };
const table = { name: 'deals', columns: { id: 'id', stage: 'stage', amount: 'amount', owner: 'owner', created: 'created', close: 'close' } };
const engines: Engine[] = [];

async function load(engine: Engine, rows: readonly (readonly [string, string, number, string])[]): Promise<void> {
  await engine.run('DROP TABLE IF EXISTS deals');
  await engine.run('CREATE TABLE deals (id VARCHAR(20), stage VARCHAR(40), amount DOUBLE PRECISION, owner VARCHAR(40), created DATE, close DATE)');
  const values = rows.map(([id, stage, amount, owner]) => `('${id}', '${stage}', ${amount}, '${owner}', DATE '2026-01-01', ${stage === 'Open' ? 'DATE \'2026-12-31\'' : 'DATE \'2026-03-01\''})`);
  await engine.run(`INSERT INTO deals VALUES ${values.join(', ')}`);
}

beforeAll(async () => {
  engines.push(await duckdbEngine(), await postgresEngine());
}, 60_000);
afterAll(async () => {
  for (const engine of engines) await engine.close();
});

describe('METRICS.md worked examples as SQL', () => {
  it('win rates: A 20,000 won; B 10,000 won; C 40,000 open; D 30,000 lost', async () => {
    for (const engine of engines) {
      await load(engine, [['A', 'Closed Won', 20000, 'x'], ['B', 'Closed Won', 10000, 'x'], ['C', 'Open', 40000, 'x'], ['D', 'Closed Lost', 30000, 'x']]);
      const run = async (kind: 'exclude' | 'include') => (await engine.run(winRateSql({ dialect: engine.name, table, config: DEFAULT_CONFIG, asOf, scope, open: { kind }, minSample: 30, by: [] })))[0];
      // METRICS.md "Win rates": C open, exclude: Wu = 2/3 = 66.7%, Wv = 30,000/60,000 = 50%
      const exclude = await run('exclude');
      expect(exclude?.unit_win_rate).toBeCloseTo(2 / 3, 12);
      expect(exclude?.value_win_rate).toBe(0.5);
      // include: Wu = 2/4 = 50%, Wv = 30,000/100,000 = 30%
      const include = await run('include');
      expect(include?.unit_win_rate).toBe(0.5);
      expect(include?.value_win_rate).toBe(0.3);
    }
  });

  it('retention: X 100 -> 120, Y 50 -> 0, Z 50 -> 40, W 0 -> 30, in total and per group', async () => {
    const previous = { from: parseIsoDay('2025-01-01') as number, to: parseIsoDay('2025-12-31') as number, label: '2025' };
    const current = { from: parseIsoDay('2026-01-01') as number, to: parseIsoDay('2026-11-20') as number, label: '2026 YTD' };
    const retentionTable = { name: 'won_deals', columns: { id: 'id', stage: 'stage', amount: 'amount', account: 'account', owner: 'owner', close: 'close' }, dimensions: ['segment'] };
    for (const engine of engines) {
      await engine.run('DROP TABLE IF EXISTS won_deals');
      await engine.run('CREATE TABLE won_deals (id VARCHAR(20), stage VARCHAR(40), amount DOUBLE PRECISION, account VARCHAR(20), owner VARCHAR(20), segment VARCHAR(20), close DATE)');
      // X and Y in segment A, Z and W in segment B (each account's won deals in one segment).
      await engine.run(`INSERT INTO won_deals VALUES ('1', 'Closed Won', 100, 'X', 'o', 'A', DATE '2025-05-01'), ('2', 'Closed Won', 120, 'X', 'o', 'A', DATE '2026-05-01'),
        ('3', 'Closed Won', 50, 'Y', 'o', 'A', DATE '2025-05-01'), ('4', 'Closed Won', 50, 'Z', 'o', 'B', DATE '2025-05-01'), ('5', 'Closed Won', 40, 'Z', 'o', 'B', DATE '2026-05-01'),
        ('6', 'Closed Won', 30, 'W', 'o', 'B', DATE '2026-05-01')`);
      const rows = await engine.run(retentionSql({ dialect: engine.name, table: retentionTable, config: DEFAULT_CONFIG, asOf, previous, current, by: ['segment'] }));
      const [total, a, b] = rows;
      // METRICS.md "Retention and concentration": GRR 140/200 = 70%, NRR 160/200 = 80%, logo retention 2/3, churned Y, new 30.
      expect([total?.level, total?.grr, total?.nrr, total?.logo_retention, total?.churned, total?.new_account_revenue]).toEqual([0, 0.7, 0.8, 2 / 3, 1, 30]);
      // The same definitions over each group's accounts: A (X, Y) GRR 100/150, NRR 120/150, logos 1/2; B (Z, W) GRR = NRR = 40/50, logos 1/1, new 30.
      expect([a?.segment, a?.grr, a?.nrr, a?.logo_retention, a?.new_account_revenue]).toEqual(['A', 100 / 150, 120 / 150, 0.5, 0]);
      expect([b?.segment, b?.grr, b?.nrr, b?.logo_retention, b?.new_account_revenue]).toEqual(['B', 0.8, 0.8, 1, 30]);
    }
  });

  it('pareto: 20% of reps produce 80%, the uplift multiplier is 4.0', async () => {
    for (const engine of engines) {
      // Five reps: one has 80 of 100 (METRICS.md "Pareto / top performers": multiplier 4.0).
      await load(engine, [['A', 'Closed Won', 80, 'r1'], ['B', 'Closed Won', 5, 'r2'], ['C', 'Closed Won', 5, 'r3'], ['D', 'Closed Won', 5, 'r4'], ['E', 'Closed Won', 5, 'r5']]);
      const [row] = await engine.run(paretoSql({ dialect: engine.name, table, config: DEFAULT_CONFIG, asOf, scope, by: 'owner', measure: 'won', threshold: 0.8 }));
      expect(row?.k).toBe(1);
      expect(row?.share).toBe(0.2);
      expect(row?.multiplier).toBe(4);
    }
  });

  it('movement: start 170, increased 20, won 50, pulled in 30, pushed out 20, created 40, end 190', async () => {
    // METRICS.md "Pipeline movement (snapshots)", worked example (window = the quarter).
    const inQuarter = "DATE '2026-11-15'";
    const nextQuarter = "DATE '2027-02-15'";
    const snapshots = {
      s0: [['D1', 'Proposal', 100, inQuarter], ['D2', 'Proposal', 50, inQuarter], ['D4', 'Proposal', 20, inQuarter], ['D3', 'Proposal', 30, nextQuarter]],
      s1: [['D1', 'Proposal', 120, inQuarter], ['D2', 'Closed Won', 50, inQuarter], ['D3', 'Proposal', 30, inQuarter], ['D4', 'Proposal', 20, nextQuarter], ['D5', 'Proposal', 40, inQuarter]],
    } as const;
    const window = { kind: 'window' as const, window: { from: parseIsoDay('2026-10-01') as number, to: parseIsoDay('2026-12-31') as number, label: '2026-Q4' } };
    for (const engine of engines) {
      for (const [name, rows] of Object.entries(snapshots)) {
        await engine.run(`DROP TABLE IF EXISTS ${name}`);
        await engine.run(`CREATE TABLE ${name} (id VARCHAR(20), stage VARCHAR(40), amount DOUBLE PRECISION, close DATE)`);
        await engine.run(`INSERT INTO ${name} VALUES ${rows.map(([id, stage, amount, close]) => `('${id}', '${stage}', ${amount}, ${close})`).join(', ')}`);
      }
      const movementTable = { name: 's0', columns: { id: 'id', stage: 'stage', amount: 'amount', close: 'close' } };
      const rows = await engine.run(movementSql({ dialect: engine.name, table: movementTable, config: DEFAULT_CONFIG, asOf, fromTable: 's0', toTable: 's1', window }));
      const amount = Object.fromEntries(rows.map((row) => [row.category as string, row.amount]));
      expect(amount).toEqual({ start: 170, created: 40, pulled_in: 30, reopened: 0, increased: 20, decreased: 0, pushed_out: 20, won: 50, lost: 0, removed: 0, end: 190, unchanged: 0, outside: 0 });
      const deals = Object.fromEntries(rows.map((row) => [row.category as string, row.deals]));
      // Every deal in one bucket: D1 increased, D2 won, D3 pulled in, D4 pushed out, D5 created.
      expect(deals).toMatchObject({ start: 3, increased: 1, won: 1, pulled_in: 1, pushed_out: 1, created: 1, end: 3, unchanged: 0, outside: 0 });
    }
  });
});
