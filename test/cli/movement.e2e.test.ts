/** `dealmath movement` end to end: the METRICS worked example through the real binary, the three ways to date snapshots, and the refusals. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { run } from './inProcess.js';

const HEADER = 'Id,Name,Owner,Stage,Amount,Created,Close Date';
// METRICS.md "Pipeline movement (snapshots)" worked example, window 2026-Q4.
const S0 = [HEADER, 'D1,One,Ann,Proposal,100,2026-09-01,2026-11-15', 'D2,Two,Ann,Proposal,50,2026-09-01,2026-11-20', 'D3,Three,Bo,Discovery,30,2026-09-01,2027-01-15', 'D4,Four,Bo,Proposal,20,2026-09-01,2026-12-01'];
const S1 = [HEADER, 'D1,One,Ann,Proposal,120,2026-09-01,2026-11-15', 'D2,Two,Ann,Closed Won,50,2026-09-01,2026-10-10', 'D3,Three,Bo,Discovery,30,2026-09-01,2026-12-15', 'D4,Four,Bo,Proposal,20,2026-09-01,2027-02-01', 'D5,Five,Ann,Discovery,40,2026-10-10,2026-12-10'];

function write(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

// METRICS.md worked example: start 170, created 40, pulled in 30, increased 20, pushed out 20, won 50, end 190.
const WORKED = { start: 170, created: 40, pulledIn: 30, reopened: 0, increased: 20, decreased: 0, pushedOut: 20, won: 50, lost: 0, removed: 0, end: 190 };

describe('dealmath movement', () => {
  it('gives the worked example from files dated by name, with slippage and deals', async () => {
    const dir = tempDir();
    const a = write(dir, 'pipeline-2026-10-05.csv', S0);
    const b = write(dir, 'pipeline-2026-10-12.csv', S1);
    const result = await run(['movement', b, a, '--deals', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.command).toBe('movement');
    expect(json.window).toEqual({ rolling: false, from: '2026-10-01', to: '2026-12-31', label: '2026-Q4' });
    expect(json.snapshots.map((s: { date: string; rows: number }) => [s.date, s.rows])).toEqual([['2026-10-05', 4], ['2026-10-12', 5]]);
    expect(json.total).toMatchObject(WORKED);
    expect(json.deals.map((deal: { id: string; bucket: string }) => [deal.id, deal.bucket])).toEqual([['D1', 'increased'], ['D2', 'won'], ['D3', 'pulledIn'], ['D4', 'pushedOut'], ['D5', 'created']]);
    expect(json.slippage).toMatchObject({ dealsPushed: 1, pushes: 1, daysSlipped: 62, valuePushed: 20 });
    expect(json.slippage.byDeal).toEqual([{ id: 'D4', owner: 'Bo', pushes: 1, daysSlipped: 62, value: 20, close: '2027-02-01' }]);
    expect(json.rowsRead).toBe(json.rowsUsed + json.rowsRejected + json.rowsFiltered);
  });

  it('reads --snapshot DATE=FILE, groups --by owner and gives each step', async () => {
    const dir = tempDir();
    const a = write(dir, 'a.csv', S0);
    const b = write(dir, 'b.csv', S1);
    const c = write(dir, 'c.csv', S1.map((line) => line.replace('D1,One,Ann,Proposal,120', 'D1,One,Ann,Proposal,90')));
    const result = await run(['movement', '--snapshot', `2026-10-05=${a}`, '--snapshot', `2026-10-12=${b}`, '--snapshot', `2026-10-19=${c}`, '--by', 'owner', '--steps', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    // First to last: D1 went 100 -> 90 (decreased 10); the rest as in the worked example. End 190 - 30 = 160.
    expect(json.total).toMatchObject({ ...WORKED, increased: 0, decreased: 10, end: 160 });
    expect(json.groups.map((group: { key: { owner: string }; start: number; end: number }) => [group.key.owner, group.start, group.end])).toEqual([['Ann', 150, 130], ['Bo', 20, 30]]);
    expect(json.steps.map((step: { from: string; total: { increased: number; decreased: number } }) => [step.from, step.total.increased, step.total.decreased])).toEqual([['2026-10-05', 20, 0], ['2026-10-12', 0, 30]]);
  });

  it('reads one file with a Snapshot Date column, rows grouped by date', async () => {
    const dir = tempDir();
    const lines = [`Snapshot Date,${HEADER}`, ...S0.slice(1).map((line) => `2026-10-05,${line}`), ...S1.slice(1).map((line) => `2026-10-12,${line}`)];
    const file = write(dir, 'history.csv', lines);
    const result = await run(['movement', file, '--json']);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout);
    expect(json.total).toMatchObject(WORKED);
    expect(json.snapshots.map((s: { date: string; rowsRead: number }) => [s.date, s.rowsRead])).toEqual([['2026-10-05', 4], ['2026-10-12', 5]]);
  });

  it('takes --rolling: all open pipeline, whatever its close date', async () => {
    const dir = tempDir();
    const result = await run(['movement', write(dir, 'p-2026-10-05.csv', S0), write(dir, 'p-2026-10-12.csv', S1), '--rolling', '--json']);
    const json = JSON.parse(result.stdout);
    // Hand-computed: start 200 (all four open); D1 +20, D2 won -50, D3 and D4 stay open (unchanged), D5 created +40; end 210.
    expect(json.total).toMatchObject({ start: 200, increased: 20, won: 50, created: 40, pulledIn: 0, pushedOut: 0, end: 210 });
  });

  it('counts rejected rows per snapshot', async () => {
    const dir = tempDir();
    const bad = [...S1, 'D6,Six,Ann,Proposal,lots,2026-10-10,2026-12-10'];
    const result = await run(['movement', write(dir, 'p-2026-10-05.csv', S0), write(dir, 'p-2026-10-12.csv', bad), '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.snapshots[1]).toMatchObject({ rowsRead: 6, rowsRejected: 1, rows: 5 });
    expect(result.stderr).toContain('1 of 6 rows of the 2026-10-12 snapshot rejected');
  });

  describe('answers as the data stood on the as-of date (METRICS.md "Point in time")', () => {
    // A third snapshot, taken 2027-01-11, after the as-of date 2026-10-19: D1 pushed to 2027-03-01.
    const S2 = S1.map((line) => line.replace('D1,One,Ann,Proposal,120,2026-09-01,2026-11-15', 'D1,One,Ann,Proposal,120,2026-09-01,2027-03-01'));
    const LEFT_OUT = '1 snapshot dated after the as-of date 2026-10-19 left out (2027-01-11): not taken yet on that day';

    it('leaves out dated files taken after it, says so once, and refuses when fewer than two remain', async () => {
      const dir = tempDir();
      const files = [write(dir, 'pipeline-2026-10-05.csv', S0), write(dir, 'pipeline-2026-10-19.csv', S1), write(dir, 'pipeline-2027-01-11.csv', S2)];
      const result = await run(['movement', ...files, '--as-of', '2026-10-19', '--json']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(`dealmath movement: ${LEFT_OUT}\n`);
      const json = JSON.parse(result.stdout);
      expect(json.warnings).toEqual([LEFT_OUT]);
      expect(json.snapshots.map((s: { date: string }) => s.date)).toEqual(['2026-10-05', '2026-10-19']);
      // The default window is the period of the last snapshot on or before the as-of date (2026-Q4, not 2027-Q1),
      // and the figures are the worked example's; slippage sees D4's push (62 days), not D1's of 2027-01-11.
      expect(json.window.label).toBe('2026-Q4');
      expect(json.total).toMatchObject(WORKED);
      expect(json.slippage).toMatchObject({ dealsPushed: 1, pushes: 1, daysSlipped: 62, valuePushed: 20 });
      expect(json.rowsRead).toBe(9);
      const early = await run(['movement', ...files, '--as-of', '2026-10-10']);
      expect(early.code).toBe(2);
      expect(early.stderr).toContain('one snapshot dated on or before the as-of date 2026-10-10 (2026-10-05=');
      expect(early.stderr).toContain('2 dated after it left out (not taken yet on that day); two or more dated snapshots of the pipeline are needed');
      // Every snapshot on or before the as-of date: no note.
      const all = await run(['movement', ...files, '--as-of', '2027-01-11', '--json']);
      expect(all.stderr).toBe('');
      expect(JSON.parse(all.stdout).snapshots).toHaveLength(3);
    });

    it('skips the rows of later snapshots in one file with a Snapshot Date column', async () => {
      const dir = tempDir();
      const lines = [`Snapshot Date,${HEADER}`, ...S0.slice(1).map((line) => `2026-10-05,${line}`), ...S1.slice(1).map((line) => `2026-10-19,${line}`), ...S2.slice(1).map((line) => `2027-01-11,${line}`)];
      const file = write(dir, 'history.csv', lines);
      const result = await run(['movement', file, '--as-of', '2026-10-19', '--json']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(`dealmath movement: ${LEFT_OUT}\n`);
      const json = JSON.parse(result.stdout);
      expect(json.window.label).toBe('2026-Q4');
      expect(json.total).toMatchObject(WORKED);
      // 4 + 5 rows of the two snapshots read; the 5 rows of 2027-01-11 are not counted, as a later file is not read.
      expect(json.snapshots.map((s: { date: string; rowsRead: number }) => [s.date, s.rowsRead])).toEqual([['2026-10-05', 4], ['2026-10-19', 5]]);
      expect([json.rowsRead, json.rowsUsed]).toEqual([9, 9]);
      const early = await run(['movement', file, '--as-of', '2026-10-10']);
      expect(early.code).toBe(2);
      expect(early.stderr).toContain('the file holds one snapshot dated on or before the as-of date 2026-10-10 (2026-10-05), 2 dated after it left out');
    });
  });

  it('keeps figures exact to the cent, and prints Start and End to the cent as the other lines', async () => {
    const dir = tempDir();
    const before = write(dir, 'p-2026-10-05.csv', [HEADER, 'C1,One,Ann,Proposal,100.10,2026-09-01,2026-11-15', 'C2,Two,Ann,Proposal,50.20,2026-09-01,2026-11-20', 'C3,Three,Bo,Proposal,30.30,2026-09-01,2026-11-20', 'C4,Four,Bo,Proposal,80,2026-09-01,2026-11-20']);
    const after = write(dir, 'p-2026-10-12.csv', [HEADER, 'C1,One,Ann,Proposal,100.10,2026-09-01,2026-11-15', 'C2,Two,Ann,Proposal,50.20,2026-09-01,2026-11-20', 'C3,Three,Bo,Closed Lost,30.30,2026-09-01,2026-10-09', 'C4,Four,Bo,Proposal,60.05,2026-09-01,2026-11-20']);
    const json = JSON.parse((await run(['movement', before, after, '--json'])).stdout);
    // Hand computation: start 100.10 + 50.20 + 30.30 + 80 = 260.60; C3 lost 30.30; C4 80 -> 60.05
    // decreased 19.95 (not 19.950000000000003); end 100.10 + 50.20 + 60.05 = 210.35 = 260.60 - 19.95 - 30.30.
    expect(json.total).toMatchObject({ start: 260.6, decreased: 19.95, lost: 30.3, end: 210.35 });
    const table = await run(['movement', before, after, '--format', 'table']);
    expect(table.code).toBe(0);
    const line = (label: string): string => table.stdout.split('\n').find((text) => text.startsWith(`│ ${label} `)) ?? '';
    expect([line('Start'), line('Decreased'), line('Lost'), line('Created'), line('End')].map((text) => text.split('│')[2]?.trim())).toEqual(['260.60', '-19.95', '-30.30', '0.00', '210.35']);
    const markdown = await run(['movement', before, after, '--format', 'md']);
    expect(markdown.stdout).toContain('| Start | 260.60 | 4 |');
    expect(markdown.stdout).toContain('| **End** | **210.35** | **3** |');
    const csv = await run(['movement', before, after, '--format', 'csv']);
    expect(csv.stdout.split('\r\n').slice(0, 7)).toEqual(['Movement,Value,Deals', 'Start,260.6,4', 'Created,0,0', 'Pulled in,0,0', 'Reopened,0,0', 'Increased,0,0', 'Decreased,-19.95,1']);
  });

  it('books a deal whose row a snapshot rejected as unreadable, never as removed or created', async () => {
    const dir = tempDir();
    // The worked example, with D1's row in the later snapshot and D2's in the earlier one unreadable (amount 12O, 5O: letter O).
    const before = write(dir, 'p-2026-10-05.csv', S0.map((line) => line.replace('D2,Two,Ann,Proposal,50,', 'D2,Two,Ann,Proposal,5O,')));
    const after = write(dir, 'p-2026-10-12.csv', [...S1.map((line) => line.replace('D1,One,Ann,Proposal,120,', 'D1,One,Ann,Proposal,12O,').replace('D2,Two,Ann,Closed Won,50,2026-09-01,2026-10-10', 'D2,Two,Ann,Proposal,50,2026-09-01,2026-11-20')), 'D5,Five again,Ann,Discovery,x,2026-10-10,2026-12-10']);
    const result = await run(['movement', before, after, '--deals', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    // Hand computation: start = D1 100 + D4 20 = 120 (D2's row rejected, D3 outside); D1 unreadable at end -100 (not removed);
    // D2 unreadable at start +50 (open 50 in the window at the end, not created); D3 pulled in +30; D4 pushed out -20;
    // D5 created +40 (its second row, a duplicate id with a bad amount, is rejected but the first is usable);
    // end = D2 50 + D3 30 + D5 40 = 120 = 120 - 100 + 50 + 30 - 20 + 40.
    expect(json.total).toMatchObject({ start: 120, created: 40, pulledIn: 30, unreadableAtStart: 50, pushedOut: 20, removed: 0, unreadableAtEnd: 100, end: 120 });
    expect(json.total.counts).toMatchObject({ start: 2, created: 1, unreadableAtStart: 1, removed: 0, unreadableAtEnd: 1, end: 3 });
    expect(json.deals.map((deal: { id: string; bucket: string; change: number; stateBefore: string; stateAfter: string }) => [deal.id, deal.bucket, deal.change, deal.stateBefore, deal.stateAfter])).toEqual([
      ['D1', 'unreadableAtEnd', -100, 'A', 'U'],
      ['D2', 'unreadableAtStart', 50, 'U', 'A'],
      ['D3', 'pulledIn', 30, 'B', 'A'],
      ['D4', 'pushedOut', -20, 'A', 'B'],
      ['D5', 'created', 40, 'X', 'A'],
    ]);
    const table = await run(['movement', before, after]);
    expect(table.stdout).toMatch(/│ Unreadable at start │ +50 │ +1 │/);
    expect(table.stdout).toMatch(/│ Unreadable at end +│ +-100 │ +1 │/);
    expect((await run(['movement', before, after, '--format', 'md'])).stdout).toContain('- 2 deals in the window with their rows rejected in the other snapshot: booked as unreadable, not as created or removed');
    // The same snapshots in one file with a Snapshot Date column: a rejected row belongs to the snapshot its own date names.
    const dated = (date: string, file: string): string[] => readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((line) => `${date},${line}`);
    const single = write(dir, 'history.csv', [`Snapshot Date,${HEADER}`, ...dated('2026-10-05', before), ...dated('2026-10-12', after)]);
    expect(JSON.parse((await run(['movement', single, '--json'])).stdout).total).toEqual(json.total);
    // Without rejected rows the unreadable lines are not shown (their JSON figures are 0).
    expect((await run(['movement', write(dir, 'q-2026-10-05.csv', S0), write(dir, 'q-2026-10-12.csv', S1)])).stdout).not.toContain('Unreadable');
  });

  it('refuses two snapshots of one date, a snapshot without a date, and files without ids', async () => {
    const dir = tempDir();
    const a = write(dir, 'p-2026-10-05.csv', S0);
    const twin = write(dir, 'q-2026-10-05.csv', S1);
    const undated = write(dir, 'pipeline.csv', S1);
    const same = await run(['movement', a, twin]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/two snapshots dated 2026-10-05/);
    const noDate = await run(['movement', a, undated]);
    expect(noDate.code).toBe(2);
    expect(noDate.stderr).toMatch(/pipeline\.csv.*snapshot without a date/);
    const noIds = await run(['movement', write(dir, 'n-2026-10-05.csv', S0.map((line) => line.slice(line.indexOf(',') + 1))), write(dir, 'n-2026-10-12.csv', S1.map((line) => line.slice(line.indexOf(',') + 1)))]);
    expect(noIds.code).toBe(2);
    expect(noIds.stderr).toMatch(/no id column \(row-number ids cannot be joined\)/);
    expect(noIds.stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
  });
});

describe('movement with amounts converted by a rate', () => {
  it('gives each deal its amount rounded to the cent once: per-deal lines and slippage add up', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'dealmath.yaml'), 'stages: [Proposal, Closed Won, Closed Lost]\nwon: [Closed Won]\nlost: [Closed Lost]\ncurrency: { base: USD, rates: { EUR: 1.08 } }\n');
    writeFileSync(join(dir, 'pipeline-2026-10-05.csv'), 'id,owner,stage,amount,currency,close\nF1,Ann,Proposal,1.1,EUR,2026-11-15\nF2,Ann,Proposal,4.35,EUR,2026-11-15\n');
    writeFileSync(join(dir, 'pipeline-2026-11-02.csv'), 'id,owner,stage,amount,currency,close\nF1,Ann,Proposal,1.1,EUR,2027-02-15\nF2,Ann,Proposal,4.35,EUR,2026-12-15\n');
    const result = await run(['movement', join(dir, 'pipeline-2026-10-05.csv'), join(dir, 'pipeline-2026-11-02.csv'), '--config', join(dir, 'dealmath.yaml'), '--as-of', '2026-11-20', '--json', '--deals']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    // hand-computed: F1 1.1 x 1.08 = 1.188 -> 1.19 (was 1.1880000000000002); F2 4.35 x 1.08 = 4.698 -> 4.70.
    // F1 pushed out of 2026-Q4 (-1.19), F2 stays in it; both pushed: 1.19 + 4.70 = 5.89.
    const byId = Object.fromEntries(doc.deals.map((deal: { id: string; amountBefore: number }) => [deal.id, deal.amountBefore]));
    expect(byId).toEqual({ F1: 1.19, F2: 4.7 });
    expect(doc.total.pushedOut).toBe(1.19);
    expect(doc.slippage.valuePushed).toBe(5.89);
  });
});

describe('rejected rows of one file with a snapshot-date column', () => {
  it('count to the snapshot their own date names, also before a snapshot left out as after the as-of date', async () => {
    const dir = tempDir();
    const file = join(dir, 'pipeline.csv');
    writeFileSync(
      file,
      [
        'snapshot_date,deal_id,owner,stage,amount,close',
        '2026-10-05,K1,Ann,Proposal,100,2026-11-15',
        '2026-10-05,K2,Ann,Proposal,5O,2026-11-15',
        '2026-11-02,K1,Ann,Proposal,110,2026-11-15',
        '2026-11-02,K2,Ann,Proposal,5O,2026-11-15',
        '2026-12-07,K1,Ann,Proposal,110,2026-11-15',
      ].join('\n') + '\n',
    );
    const result = await run(['movement', file, '--as-of', '2026-11-20', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    // Each K2 row (amount "5O") is its own date's: 2 read and 1 rejected in each snapshot; the
    // 2026-12-07 row is left out, counted nowhere. Was 1 + 2 rows and 0 + 1 rejected: the first
    // went with the next snapshot's row, the second vanished before the left-out one.
    expect(doc.snapshots.map((snapshot: { date: string; rowsRead: number; rowsRejected: number }) => [snapshot.date, snapshot.rowsRead, snapshot.rowsRejected])).toEqual([
      ['2026-10-05', 2, 1],
      ['2026-11-02', 2, 1],
    ]);
    expect([doc.rowsRead, doc.rowsUsed, doc.rowsRejected, doc.rowsFiltered]).toEqual([4, 2, 2, 0]);
  });
});
