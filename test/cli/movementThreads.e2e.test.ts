/**
 * `dealmath movement` with snapshot files read ahead on worker threads (engine/snapshotFiles.ts)
 * gives the answer of reading them all on the main thread, byte for byte: the same deals joined in
 * the same order, the same rows rejected and filtered, the same refusals. Spawns the real binary:
 * the threads run the built worker. DEALMATH_PARALLEL_MIN_BYTES=0 lets the threads read the small
 * example snapshots; DEALMATH_DEBUG_PARALLEL says how many files the threads read, so that a
 * comparison of two main-thread runs cannot pass for one.
 */
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, dealmath, tempDir } from './helpers.js';

const CONFIG = join(EXAMPLES, 'dealmath.yaml');
const threads = (count: number) => ({ DEALMATH_WORKERS: String(count), DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_DEBUG_PARALLEL: '1' });
const readAhead = (stderr: string): number => Number(/snapshots: (\d+) of \d+ files read on worker threads/.exec(stderr)?.[1] ?? -1);

describe('movement with snapshot files read on worker threads', () => {
  it.each([
    ['--json', '--steps', '--deals'],
    ['--by', 'owner', '--where', 'stage!=Discovery', '--rolling', '--format', 'md'],
  ])('gives the one-thread answer for %s ...', (...flags) => {
    const args = ['movement', join(EXAMPLES, 'snapshots'), '--config', CONFIG, ...flags];
    const one = dealmath(args, { env: threads(1) });
    const three = dealmath(args, { env: threads(3) });
    expect(one.code).toBe(0);
    expect(readAhead(one.stderr)).toBe(0);
    // 21 files, two threads: the main thread reads one file in five (21 = 4 x 5 + 1), the threads the other 17.
    expect(readAhead(three.stderr)).toBe(17);
    expect(three.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
  });

  it('counts rejected and filtered rows of the files the threads read as the main thread does', () => {
    const dir = tempDir();
    const names = readdirSync(join(EXAMPLES, 'snapshots')).slice(0, 4);
    for (const name of names) copyFileSync(join(EXAMPLES, 'snapshots', name), join(dir, name));
    // A bad amount, a bad date and a duplicate id in the second and third snapshots (read on a thread).
    const header = 'deal_id,owner,stage,amount,currency,close,probability,forecast_category,segment';
    writeFileSync(join(dir, names[1] as string), `${header}\nX-1,Ann,Proposal,12x,USD,2026-12-09,50,Best Case,SMB\nX-2,Ann,Proposal,100,USD,2026-13-40,50,Best Case,SMB\nX-3,Bo,Proposal,100,USD,2026-12-09,50,Best Case,SMB\nX-3,Bo,Proposal,100,USD,2026-12-09,50,Best Case,SMB\n`);
    const args = ['movement', dir, '--config', CONFIG, '--where', 'segment!=SMB', '--json'];
    const one = dealmath(args, { env: threads(1) });
    const two = dealmath(args, { env: threads(2) });
    expect(readAhead(two.stderr)).toBe(3);
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
    const snapshot = JSON.parse(two.stdout).snapshots[1];
    expect(snapshot).toMatchObject({ rowsRead: 4, rowsRejected: 3 });
  });

  it('books a deal whose row a thread rejected as unreadable, as the main thread does', () => {
    const dir = tempDir();
    const names = readdirSync(join(EXAMPLES, 'snapshots')).slice(0, 3);
    for (const name of names) copyFileSync(join(EXAMPLES, 'snapshots', name), join(dir, name));
    // D-00017 is open at 12,100 USD in the three snapshots; its row in the second (read on a thread) gets the amount 121O0.
    const second = join(dir, names[1] as string);
    writeFileSync(second, readFileSync(second, 'utf8').replace('D-00017,Tom Becker,Proposal,12100,', 'D-00017,Tom Becker,Proposal,121O0,'));
    const args = ['movement', dir, '--config', CONFIG, '--rolling', '--steps', '--json'];
    const one = dealmath(args, { env: threads(1) });
    const two = dealmath(args, { env: threads(2) });
    expect(readAhead(two.stderr)).toBe(2);
    expect(two.stdout).toBe(one.stdout);
    const steps = JSON.parse(two.stdout).steps as { total: { unreadableAtStart: number; unreadableAtEnd: number; removed: number; created: number; counts: Record<string, number> } }[];
    // Unreadable at the end of the first step (12,100 out, not removed), at the start of the second (12,100 back in, not created).
    expect(steps.map((step) => [step.total.unreadableAtEnd, step.total.counts.unreadableAtEnd, step.total.unreadableAtStart, step.total.counts.unreadableAtStart])).toEqual([
      [12100, 1, 0, 0],
      [0, 0, 12100, 1],
    ]);
  });

  it('refuses a broken file with the main thread message, whichever thread met it first', () => {
    const dir = tempDir();
    const names = readdirSync(join(EXAMPLES, 'snapshots')).slice(0, 4);
    for (const name of names) copyFileSync(join(EXAMPLES, 'snapshots', name), join(dir, name));
    writeFileSync(join(dir, names[2] as string), 'owner,stage,amount,close\nAnn,Proposal,100,2026-12-09\n');
    const args = ['movement', dir, '--config', CONFIG];
    const one = dealmath(args, { env: threads(1) });
    const two = dealmath(args, { env: threads(2) });
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/no id column/);
    expect(two.code).toBe(one.code);
    expect(two.stderr.replace(/^snapshots: .*\n/m, '')).toBe(one.stderr.replace(/^snapshots: .*\n/m, ''));
    expect(two.stdout).toBe('');
  });
});
