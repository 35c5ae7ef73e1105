/**
 * The core metric commands end to end on hand-built files: JSON shape, the METRICS.md worked
 * examples through the built command line (its main, in the test process), window edges, and row accounting.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const cli = (name: string): string => join(FIXTURES, 'cli', name);
const json = async (args: string[]) => {
  const result = await run([...args, '--json']);
  expect(result.stderr.split('\n').filter((line) => /error/.test(line))).toEqual([]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

describe('dealmath winrate', () => {
  // METRICS.md "Win rates" worked example: A 20,000 won; B 10,000 won; C 40,000 open; D 30,000 lost.
  it('C open, exclude: Wu = 2/3, Wv = 30,000/60,000', async () => {
    const doc = await json(['winrate', cli('four-deals.csv'), '--as-of', '2026-11-20']);
    expect(doc).toMatchObject({ schemaVersion: 2, command: 'winrate', asOf: '2026-11-20', window: null, rowsRead: 4, rowsUsed: 4, rowsRejected: 0, rowsFiltered: 0 });
    expect(doc.open).toEqual({ policy: 'exclude', ageOutDays: null });
    expect(doc.total.unitWinRate.value).toBeCloseTo(2 / 3, 12);
    expect(doc.total.valueWinRate.value).toBe(0.5);
    expect(doc.total).toMatchObject({ won: 2, lost: 1, n: 3, wonValue: 30000, lostValue: 30000, smallSample: true });
    expect(Array.isArray(doc.warnings)).toBe(true);
  });

  it('C open, include: Wu = 2/4, Wv = 30,000/100,000', async () => {
    const doc = await json(['winrate', cli('four-deals.csv'), '--as-of', '2026-11-20', '--open', 'include']);
    expect(doc.total.unitWinRate.value).toBe(0.5);
    expect(doc.total.valueWinRate.value).toBe(0.3);
    expect(doc.total.n).toBe(4);
  });

  it('groups by owner, sorted, each with its own interval', async () => {
    const doc = await json(['winrate', cli('four-deals.csv'), '--as-of', '2026-11-20', '--by', 'owner']);
    expect(doc.groups.map((group: { key: object }) => group.key)).toEqual([{ owner: 'Ann' }, { owner: 'Bob' }]);
    // Ann: 1 won of 1 closed; Bob: 1 won, 1 lost (hand-computed)
    expect(doc.groups[0]).toMatchObject({ won: 1, lost: 0, n: 1, unitWinRate: { value: 1 } });
    expect(doc.groups[1]).toMatchObject({ won: 1, lost: 1, n: 2, unitWinRate: { value: 0.5 } });
    expect(doc.groups[1].interval.low).toBeGreaterThan(0);
  });

  it('a deal closing on --to is inside the window; one closing the next day is not', async () => {
    const doc = await json(['winrate', cli('window-edges.csv'), '--as-of', '2026-11-20', '--from', '2026-07-01', '--to', '2026-09-30']);
    // W1 (closes 09-30), L1 (07-01), L2 (07-02) are in; W2 (10-01) is out; O1 open is in the snapshot,
    // O2 (created after the as-of date) is not.
    expect(doc.total).toMatchObject({ won: 1, lost: 2, n: 3 });
    expect(doc).toMatchObject({ rowsRead: 6, rowsUsed: 4, rowsFiltered: 2, rowsRejected: 0 });
    expect(doc.window).toEqual({ from: '2026-07-01', to: '2026-09-30', label: '2026-07-01..2026-09-30', basis: 'close' });
  });

  it('basis created puts deals in the window by their created date', async () => {
    const doc = await json(['winrate', cli('window-edges.csv'), '--as-of', '2026-11-20', '--period', '2026-06', '--basis', 'created']);
    // created in June 2026: W1, W2, L1, L2 (06-30 is the last day) -> 2 won of 4
    expect(doc.total).toMatchObject({ won: 2, lost: 2, n: 4 });
  });

  it('--where filters and counts the filtered rows', async () => {
    const doc = await json(['winrate', cli('four-deals.csv'), '--as-of', '2026-11-20', '--where', 'owner=Bob']);
    expect(doc.total).toMatchObject({ won: 1, lost: 1 });
    expect(doc).toMatchObject({ rowsRead: 4, rowsUsed: 2, rowsFiltered: 2 });
  });

  it('--where takes a value with a comma quoted or escaped (was: split at the comma, nothing matched)', async () => {
    const file = join(tempDir(), 'acme.csv');
    writeFileSync(file, ['deal_id,owner,account,stage,amount,created,close', 'A1,Ann,"Acme, Inc.",Closed Won,100,2026-01-05,2026-02-05', 'A2,Ann,"Acme, Inc.",Closed Lost,50,2026-01-05,2026-02-07', 'A3,Bob,Inc.,Closed Won,70,2026-01-05,2026-02-09', ''].join('\n'));
    for (const condition of ['account="Acme, Inc."', 'account=Acme\\, Inc.', 'account="Acme, Inc.",Nobody']) {
      const doc = await json(['winrate', file, '--as-of', '2026-11-20', '--where', condition]);
      // A1 won, A2 lost: the two "Acme, Inc." rows; A3 (account "Inc.") filtered.
      expect(doc, condition).toMatchObject({ rowsUsed: 2, rowsFiltered: 1, total: { won: 1, lost: 1 } });
    }
    const unclosed = await run(['winrate', file, '--where', 'account="Acme, Inc.']);
    expect(unclosed.code).toBe(2);
    expect(unclosed.stderr).toBe('dealmath: --where "account=\"Acme, Inc.": a quoted value is never closed; expected "..." around a value with commas\n');
  });

  it('an unknown --by column is a usage error naming the choices', async () => {
    const result = await run(['winrate', cli('four-deals.csv'), '--by', 'segment']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no column "segment" to group or filter by; choose one of: owner, account, stage, status/);
  });

  it('prints n/a, never NaN, when there are no closed deals', async () => {
    const result = await run(['winrate', cli('four-deals.csv'), '--as-of', '2026-11-20', '--period', '2025-Q1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('n/a');
    expect(result.stdout).not.toMatch(/NaN|Infinity/);
    const doc = await json(['winrate', cli('four-deals.csv'), '--as-of', '2026-11-20', '--period', '2025-Q1']);
    expect(doc.total.unitWinRate.value).toBeNull();
    expect(doc.total.unitWinRate.reason?.message).toBe('no closed deals in window');
  });
});

describe('dealmath velocity', () => {
  it('N x A x W / L on the four-deal example, with the METRICS.md what-if', async () => {
    const doc = await json(['velocity', cli('four-deals.csv'), '--as-of', '2026-11-20', '--what-if', 'n=+10%,value=+10%,win=+10%,cycle=-10%']);
    // hand-computed: N = 1 open (C); A = (20,000 + 10,000) / 2 = 15,000; W = 2/3;
    // L = ((2026-02-04 - 2026-01-05) + (2026-03-01 - 2026-01-10)) / 2 = (30 + 50) / 2 = 40 days
    expect(doc.total).toMatchObject({ deals: 1, averageWonAmount: { value: 15000 }, cycleDays: { value: 40 } });
    expect(doc.total.winRate.value).toBeCloseTo(2 / 3, 12);
    expect(doc.total.perDay.value).toBeCloseTo(250, 9); // 1 x 15,000 x 2/3 / 40
    expect(doc.total.perMonth.value).toBeCloseTo(7609.375, 6); // 250 x 30.4375
    expect(doc.total.perQuarter.value).toBeCloseTo(22828.125, 6); // 250 x 91.3125
    // METRICS.md: x1.4789 (+47.9%) = 1.1^3 / 0.9
    expect(doc.whatIf.multiplier).toBeCloseTo(1.331 / 0.9, 12);
    expect(doc.whatIf.perDay.value).toBeCloseTo(250 * (1.331 / 0.9), 9);
  });

  it('a malformed --what-if is a usage error', async () => {
    const result = await run(['velocity', cli('four-deals.csv'), '--what-if', 'speed=+10%']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--what-if "speed=\+10%": expected LEVER=\+10%/);
  });
});

describe('dealmath coverage', () => {
  it('team target: required multiple, pipeline, deals, coverage and prospects', async () => {
    const doc = await json(['coverage', cli('four-deals.csv'), '--as-of', '2026-11-20', '--target', '100k', '--prospect-rate', '0.1']);
    // Rates from closed deals 2025-10-01..2026-09-30: A, B won, D lost -> Wu 2/3, Wv 30,000/60,000 = 0.5, A 15,000.
    // R = 100,000 (nothing won in 2026-Q4). requiredMultiple 1.5; requiredPipeline 100,000 / 0.5 = 200,000;
    // requiredDeals ceil(100,000 / (15,000 x 2/3)) = 10; open in Q4: none (C closes 2026-12-15: inside) -> 40,000;
    // coverage 0.4; gap 160,000; prospects ceil((10 - 1) / 0.1) = 90.
    expect(doc.period).toEqual({ from: '2026-10-01', to: '2026-12-31', label: '2026-Q4' });
    expect(doc.total).toMatchObject({ target: { value: 100000 }, wonToDate: 0, remaining: { value: 100000 }, requiredPipeline: { value: 200000 }, requiredDeals: { value: 10 }, openPipeline: 40000, coverage: { value: 0.4 }, gap: { value: 160000 }, prospectsNeeded: { value: 90 } });
    expect(doc.total.requiredMultiple.value).toBeCloseTo(1.5, 12);
    expect(doc.rowsRead).toBe(doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered);
  });

  it('needs exactly one of --target and --reps', async () => {
    const result = await run(['coverage', cli('four-deals.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/give a target/);
  });
});
