/**
 * Reading a file in parts gives what one pass gives: for a cut after every newline of a small
 * file with quoted line breaks, either both parts read cleanly and their deals, in order, are
 * the one-pass deals, or the cut fell inside a quoted field and the first part refuses (so the
 * caller reads in one pass). Also the binary with 1 and 2 workers gives identical JSON.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/model/config.js';
import { mapColumns } from '../../src/model/mapping.js';
import { readDealPart, readDeals } from '../../src/io/readDeals.js';
import type { Deal } from '../../src/model/types.js';
import { EXAMPLES, tempDir } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

const CSV = [
  'deal_id,name,owner,stage,amount,created,close',
  'A,"Alpha, ""the big one""",Ann,Closed Won,100,2026-01-01,2026-02-01',
  'B,"Beta',
  'second line',
  'third line",Bob,Closed Lost,200,2026-01-02,2026-02-02',
  'C,Gamma,Ann,Proposal,300,2026-01-03,2026-12-01',
  '',
  'D,"Delta',
  '",Cat,Closed Won,400,2026-01-04,2026-03-01',
  'E,Epsilon,Bob,Closed Lost,,2026-01-05,2026-03-02',
  'F,"Zeta ""quoted""',
  'and broken",Ann,Closed Won,600,2026-01-06,2026-03-03',
  '',
].join('\n');

const config = parseConfig({ stages: ['Proposal', 'Closed Won', 'Closed Lost'] });
const brief = (deal: Deal) => [deal.id, deal.name, deal.owner, deal.status, deal.amount, deal.created, deal.close];

/** Byte offsets where a record starts (outside quotes), computed independently by a quote scan. */
function recordStarts(text: string): Set<number> {
  const starts = new Set<number>([0]);
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '"') quoted = !quoted;
    else if (text[index] === '\n' && !quoted) starts.add(index + 1);
  }
  return starts;
}

describe('reading a file in parts', () => {
  if (!config.ok) throw new Error(config.message);
  const dir = tempDir();
  const path = join(dir, 'quoted.csv');
  writeFileSync(path, CSV);
  const options = { config: config.config };

  it('equals one pass for every cut after a newline, or refuses a cut inside a quoted field', async () => {
    const whole: Deal[] = [];
    const summary = await readDeals([path], options, { deal: (deal) => whole.push(deal), finding: () => undefined });
    expect(whole.map((deal) => deal.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    const header = CSV.slice(0, CSV.indexOf('\n')).split(',');
    const mapping = mapColumns(header);
    const formats = summary.files[0]!.formats;
    const starts = recordStarts(CSV);
    let refused = 0;
    let merged = 0;
    for (let cut = CSV.indexOf('\n') + 1; cut < CSV.length; cut += 1) {
      if (CSV[cut - 1] !== '\n') continue;
      const base = { path, delimiter: ',', newline: '\n' as const, mapping, formats };
      const first: Deal[] = [];
      const second: Deal[] = [];
      let firstPart;
      try {
        firstPart = await readDealPart({ ...base, range: { start: 0, end: cut }, header: null, last: false }, options, { deal: (deal) => first.push(deal), finding: () => undefined });
      } catch {
        // Only a cut inside a quoted field may be refused.
        expect(starts.has(cut)).toBe(false);
        refused += 1;
        continue;
      }
      expect(starts.has(cut)).toBe(true);
      const secondPart = await readDealPart({ ...base, range: { start: cut, end: CSV.length }, header, last: true }, options, { deal: (deal) => second.push(deal), finding: () => undefined });
      expect([...first, ...second].map(brief)).toEqual(whole.map(brief));
      expect(firstPart.rowsRead + secondPart.rowsRead).toBe(summary.rowsRead);
      // Rows of the second part are numbered within it; the records before it give the offset.
      expect(second.map((deal) => deal.source.row + firstPart.records)).toEqual(whole.slice(first.length).map((deal) => deal.source.row));
      merged += 1;
    }
    // The file has cuts of both kinds.
    expect(refused).toBeGreaterThan(0);
    expect(merged).toBeGreaterThan(3);
  });

  it('the report, with history, accounts and reps, gives identical JSON with 1, 2 and 3 workers', async () => {
    // The stalled rule's pre-pass runs once; worker threads get its averages as data.
    const args = ['report', '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--json'];
    const one = await run(args, { env: { DEALMATH_WORKERS: '1' } });
    expect(one.code).toBe(0);
    for (const workers of ['2', '3']) {
      const parallel = await run(args, { env: { DEALMATH_WORKERS: workers, DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_DEBUG_PARALLEL: '1' } });
      expect(parallel.code).toBe(0);
      expect(parallel.stderr).toMatch(new RegExp(`part ${Number(workers) - 1} done`));
      expect(JSON.parse(parallel.stdout)).toEqual(JSON.parse(one.stdout));
    }
  });

  it.each([
    ['winrate by owner', ['winrate', '--by', 'owner']],
    ['velocity with a comparison and a what-if', ['velocity', '--period', '2026-Q3', '--compare', '2026-Q2', '--what-if', 'win=+10%']],
    ['coverage per rep with the stalled rule', ['coverage', '--reps', join(EXAMPLES, 'reps.csv'), '--history', join(EXAMPLES, 'history.csv')]],
  ])('%s gives identical JSON with 1 and 2 workers', async (_what, command) => {
    const args = [...command, join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--json'];
    const one = await run(args, { env: { DEALMATH_WORKERS: '1' } });
    const two = await run(args, { env: { DEALMATH_WORKERS: '2', DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_DEBUG_PARALLEL: '1' } });
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    // It did read in two parts.
    expect(two.stderr).toMatch(/part 1 done/);
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
  });

  it('threads started before the command loads do not hold up a command that fails before reading', async () => {
    const started = Date.now();
    const failed = await run(['winrate', join(EXAMPLES, 'deals.csv'), '--config', join(dir, 'no-such.yaml'), '--json'], {
      env: { DEALMATH_WORKERS: '3', DEALMATH_PARALLEL_MIN_BYTES: '0' },
    });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^dealmath: .*no-such\.yaml/);
    expect(failed.stdout).toBe('');
    // Exits as soon as it has said so, not when a waiting thread is timed out (60 s).
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('decides date order from exactly the first 5,000 rows, in one pass and in parts alike', async () => {
    // Rows 1-5000 hold only dates that read the same either way round or not at all (03/04/2026);
    // the deciding 13/04/2026 is row `decidingRow`. Within the first 5,000 it decides day first;
    // after them it comes too late, and the column is ambiguous.
    const fileWith = (decidingRow: number): string => {
      const rows = ['deal_id,owner,stage,amount,created,close'];
      for (let n = 1; n <= 5200; n += 1) rows.push(`D${n},Ann,Closed Won,100,03/04/2026,${n === decidingRow ? '13/04/2026' : '05/05/2026'}`);
      const path = join(dir, `order-${decidingRow}.csv`);
      writeFileSync(path, `${rows.join('\n')}\n`);
      return path;
    };
    const parallelEnv = { DEALMATH_WORKERS: '2', DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_DEBUG_PARALLEL: '1' };
    const decided = ['winrate', fileWith(5000), '--json'];
    const one = await run(decided, { env: { DEALMATH_WORKERS: '1' } });
    const two = await run(decided, { env: parallelEnv });
    expect(one.code).toBe(0);
    expect(two.stderr).toMatch(/part 1 done/);
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
    // Day first: 03/04/2026 is 3 April, 13/04/2026 is 13 April.
    expect(JSON.parse(one.stdout).rowsRejected).toBe(0);

    const late = ['winrate', fileWith(5001), '--json'];
    const oneLate = await run(late, { env: { DEALMATH_WORKERS: '1' } });
    const twoLate = await run(late, { env: parallelEnv });
    expect(oneLate.code).toBe(2);
    expect(oneLate.stderr).toMatch(/dates like 03\/04\/2026 could be M\/D\/YYYY or D\/M\/YYYY and no value decides it; pass --date-order dmy, mdy or ymd \(config dateOrder\)/);
    expect(twoLate.code).toBe(2);
    expect(twoLate.stderr.split('\n').filter((line) => line.startsWith('dealmath'))).toEqual(oneLate.stderr.split('\n').filter((line) => line.startsWith('dealmath')));
  });

  it('--map to a column the file lacks is one line on any file size (was an internal error read in parts)', async () => {
    for (const env of [{ DEALMATH_WORKERS: '1' }, { DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_WORKERS: '2' }]) {
      const result = await run(['winrate', join(EXAMPLES, 'deals.csv'), '--map', 'amount=Nope', '--as-of', '2026-11-20'], { env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^dealmath: .*deals\.csv, column "Nope": column "Nope" mapped to amount is not in the file/);
    }
  });

  it('falls back to one pass when an id appears in two parts', async () => {
    const dupPath = join(dir, 'dup.csv');
    const rows = ['deal_id,owner,stage,amount', ...Array.from({ length: 200 }, (_, index) => `D${index},Ann,Closed Won,${index}`), 'D3,Bob,Closed Lost,5'];
    writeFileSync(dupPath, `${rows.join('\n')}\n`);
    const args = ['winrate', dupPath, '--json'];
    const one = JSON.parse((await run(args, { env: { DEALMATH_WORKERS: '1' } })).stdout);
    const parallel = await run(args, { env: { DEALMATH_WORKERS: '2', DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_DEBUG_PARALLEL: '1' } });
    expect(parallel.stderr).toMatch(/part 1 done/);
    const two = JSON.parse(parallel.stdout);
    // D3 appears in both parts: the later row is rejected, as in one pass.
    expect(two).toEqual(one);
    expect(two.rowsRejected).toBe(1);
    expect(two.total.lost).toBe(0);
    expect(parallel.stderr).toMatch(/an id is in two parts: reading in one pass/);
  });

  it('reads in one pass when nearly every row has a group of its own and the states do not pack, in parts otherwise (same answer)', async () => {
    const path = join(dir, 'many-groups.csv');
    const config = join(dir, 'many-groups.yaml');
    // 1,200 deals: a different account on every row, six owners; lost deals say where (for funnel).
    const rows = ['deal_id,owner,account,stage,amount,lost_stage', ...Array.from({ length: 1200 }, (_, index) => `D${index},Rep ${index % 6},Account ${index},${index % 3 === 0 ? 'Closed Lost,' : 'Closed Won,'}${100 + index},${index % 3 === 0 ? 'Qualification' : ''}`)];
    writeFileSync(path, `${rows.join('\n')}\n`);
    writeFileSync(config, 'stages: [Qualification, Closed Won, Closed Lost]\n');
    const parts = { DEALMATH_WORKERS: '2', DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_DEBUG_PARALLEL: '1' };
    // Funnel's and pareto's states are copied as objects; win rate's and velocity's pack (metrics/packedState.ts).
    const cases: readonly (readonly [string, string, boolean])[] = [
      ['funnel', 'account', false],
      ['pareto', 'account', false],
      ['pareto', 'owner', true],
      ['winrate', 'owner,account', true],
      ['velocity', 'account', true],
    ];
    for (const [command, by, inParts] of cases) {
      const args = [command, path, '--by', by, '--config', config, '--as-of', '2026-11-20', '--json'];
      const one = await run(args, { env: { DEALMATH_WORKERS: '1' } });
      const two = await run(args, { env: parts });
      expect(two.stdout).toBe(one.stdout);
      if (inParts) expect(two.stderr).toMatch(/part 1 done/);
      else expect(two.stderr).toMatch(/100% of the sample rows have a group of their own: reading in one pass/);
    }
  });

  it('reads in one pass when a step holds a large stage history (each thread would get a copy), in parts with a small one (same answer)', async () => {
    const path = join(dir, 'staged.csv');
    const config = join(dir, 'staged.yaml');
    const small = join(dir, 'history-small.csv');
    const large = join(dir, 'history-large.csv');
    const rows = ['deal_id,owner,stage,amount,created,close', ...Array.from({ length: 1200 }, (_, index) => `D${index},Rep ${index % 6},${['Qualification', 'Proposal', 'Closed Won', 'Closed Lost'][index % 4]},${100 + index},2026-01-05,2026-06-30`)];
    writeFileSync(path, `${rows.join('\n')}\n`);
    writeFileSync(config, 'stages: [Qualification, Proposal, Closed Won, Closed Lost]\n');
    const entries = (count: number) => ['deal_id,stage,entered', ...Array.from({ length: count }, (_, index) => `D${index % 1200},${index % 2 === 0 ? 'Qualification' : 'Proposal'},2026-0${1 + (index % 5)}-1${index % 10}`)];
    writeFileSync(small, `${entries(2400).join('\n')}\n`);
    // One more row than MAX_SHARED_ENTRIES (src/engine/parts.ts).
    writeFileSync(large, `${entries(100_001).join('\n')}\n`);
    const parts = { DEALMATH_WORKERS: '2', DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_DEBUG_PARALLEL: '1' };
    const args = (history: string) => ['funnel', path, '--history', history, '--config', config, '--as-of', '2026-11-20', '--json'];
    const one = await run(args(small), { env: { DEALMATH_WORKERS: '1' } });
    const two = await run(args(small), { env: parts });
    expect(one.code, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toMatch(/part 1 done/);
    const held = await run(args(large), { env: parts });
    expect(held.code, held.stderr).toBe(0);
    expect(held.stderr).toMatch(/the steps hold 100001 rows of a stage history, which each thread would be sent a copy of: reading in one pass/);
    expect(held.stderr).not.toMatch(/part 1 done/);
  });

  it('rejects an id repeated within one part there, without falling back', async () => {
    const path = join(dir, 'dup-within.csv');
    // D3 again as the fourth data row: both rows are in the first part whatever the cut.
    const rows = ['deal_id,owner,stage,amount', 'D1,Ann,Closed Won,1', 'D2,Ann,Closed Won,2', 'D3,Ann,Closed Won,3', 'D3,Bob,Closed Lost,5'];
    for (let index = 4; index < 200; index += 1) rows.push(`D${index},Ann,Closed Won,${index}`);
    writeFileSync(path, `${rows.join('\n')}\n`);
    const args = ['winrate', path, '--json'];
    const one = JSON.parse((await run(args, { env: { DEALMATH_WORKERS: '1' } })).stdout);
    const parallel = await run(args, { env: { DEALMATH_WORKERS: '2', DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_DEBUG_PARALLEL: '1' } });
    expect(parallel.stderr).toMatch(/part 1 done/);
    expect(parallel.stderr).not.toMatch(/reading in one pass/);
    const two = JSON.parse(parallel.stdout);
    expect(two).toEqual(one);
    expect(two.rowsRejected).toBe(1);
    expect(two.total.lost).toBe(0);
  });
});


// Issue 18: DEALMATH_WORKERS=16 on a 50 KB file used 420 MB (a thread each). Measured on the
// examples (400 KB), DEALMATH_WORKERS=16 DEALMATH_PARALLEL_MIN_BYTES=1000: 8 parts and 477 MB
// before, 2 parts (the cores) and 106 MB after.
describe('the number of parts is capped by the cores and by the input size', () => {
  const args = ['winrate', join(EXAMPLES, 'deals.csv'), '--config', join(EXAMPLES, 'dealmath.yaml'), '--as-of', '2026-11-20', '--json'];
  const partsRead = (stderr: string): number => [...stderr.matchAll(/^part (\d+) done/gm)].length;

  it('DEALMATH_WORKERS=16 reads in at most as many parts as there are cores', async () => {
    const cores = availableParallelism();
    const result = await run(args, { env: { DEALMATH_WORKERS: '16', DEALMATH_PARALLEL_MIN_BYTES: '1000', DEALMATH_DEBUG_PARALLEL: '1' } });
    expect(result.code).toBe(0);
    // 400,056 bytes in parts of at least 1,000 bytes: the cores are the cap.
    expect(partsRead(result.stderr)).toBe(cores >= 2 ? cores : 0);
  });

  it('a part is never smaller than the smallest file read in parts (up to 8 MiB)', async () => {
    // 400,056 bytes / 250,000 = 1 part: read in one pass, whatever DEALMATH_WORKERS asks.
    const result = await run(args, { env: { DEALMATH_WORKERS: '16', DEALMATH_PARALLEL_MIN_BYTES: '250000', DEALMATH_DEBUG_PARALLEL: '1' } });
    expect(result.code).toBe(0);
    expect(partsRead(result.stderr)).toBe(0);
  });
});
