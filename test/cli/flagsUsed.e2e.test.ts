/**
 * A flag a command accepts does something, or is refused (exit 2) or said to be unused: never
 * silently ignored. Each case here was once accepted and dropped.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const DEALS = join(EXAMPLES, 'deals.csv');
const CONFIG = join(EXAMPLES, 'dealmath.yaml');
const AS_OF = ['--config', CONFIG, '--as-of', '2026-11-20'];

describe('--min-sample only where the output flags small samples', () => {
  it.each(['velocity', 'pareto', 'pvf', 'forecast', 'retention'])('%s refuses it as an unknown option (exit 2)', async (command) => {
    const result = await run([command, DEALS, ...AS_OF, '--min-sample', '5000']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`dealmath ${command}: unknown option '--min-sample'`);
    expect(result.stdout).toBe('');
  });

  it('winrate still flags rates below it', async () => {
    const result = await run(['winrate', DEALS, ...AS_OF, '--min-sample', '5000', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toEqual(['1 of 1 rates rest on fewer than 5,000 deals (flagged "small sample"; --min-sample sets the bar)']);
  });
});

describe('inspect: --max-rejected is honoured, --as-of is not offered', () => {
  const MESSY = join(EXAMPLES, 'deals-messy.csv');
  const REFUSAL = '7 of 30 rows rejected, more than --max-rejected 0 (1 bad-amount, 1 bad-date, 1 close-before-created); amounts look like "TBD"; expected amounts such as 20000, 20,000.50 or 20.000,50 (map another column with --map amount=HEADER)';

  it('prints its findings, then exits 1 with the line every command refuses with', async () => {
    const result = await run(['inspect', MESSY, '--config', CONFIG, '--max-rejected', '0', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ command: 'inspect', rowsRead: 30, rowsRejected: 7 });
    expect(result.stderr).toBe(`dealmath inspect: ${REFUSAL}\n`);
    const winrate = await run(['winrate', MESSY, ...AS_OF, '--max-rejected', '0']);
    expect(winrate.code).toBe(1);
    expect(winrate.stderr).toBe(`dealmath: ${REFUSAL}\n`);
  });

  it('exits 0 within the limit, a count or a share', async () => {
    expect((await run(['inspect', MESSY, '--config', CONFIG, '--max-rejected', '7'])).code).toBe(0);
    expect((await run(['inspect', MESSY, '--config', CONFIG, '--max-rejected', '25%'])).code).toBe(0);
    expect((await run(['inspect', MESSY, '--config', CONFIG, '--max-rejected', '20%'])).code).toBe(1);
  });

  it('refuses --as-of, which nothing it reports depends on (exit 2)', async () => {
    const result = await run(['inspect', DEALS, '--as-of', '2020-01-01']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe("dealmath inspect: unknown option '--as-of'");
  });
});

describe('movement and forecast --backtest hold their snapshots to --max-rejected', () => {
  // The examples' snapshots, one amount of the last one unreadable.
  const dir = tempDir();
  cpSync(join(EXAMPLES, 'snapshots'), dir, { recursive: true });
  const last = join(dir, 'pipeline-2026-11-16.csv');
  writeFileSync(last, readFileSync(last, 'utf8').replace(/^(D-00017,Tom Becker,Proposal,)12100,/m, '$1TBD,'));
  const REFUSAL = 'dealmath: 1 of 16,027 rows rejected, more than --max-rejected 0 (1 bad-amount); amounts look like "TBD"; expected amounts such as 20000, 20,000.50 or 20.000,50 (map another column with --map amount=HEADER)\n';

  it.each([[['movement', dir]], [['movement', dir, '--rolling']], [['movement', dir, '--steps']], [['forecast', '--backtest', dir]]])('%j exits 1 with the refusal, writing nothing', async (args) => {
    const result = await run([...args, ...AS_OF, '--max-rejected', '0', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(REFUSAL);
    expect(result.stdout).toBe('');
  });

  it('exits 0 within the limit', async () => {
    const result = await run(['movement', dir, ...AS_OF, '--max-rejected', '1', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rowsRead: 16_027, rowsRejected: 1 });
  });
});

describe('sql refuses a flag its metric does not use', () => {
  it.each([
    [['winrate', '--n', 'closed'], '--n applies to sql velocity only, not winrate'],
    [['winrate', '--threshold', '0.5'], '--threshold applies to sql pareto only, not winrate'],
    [['winrate', '--measure', 'count'], '--measure applies to sql pareto only, not winrate'],
    [['winrate', '--target', '5000'], '--target applies to sql coverage only, not winrate'],
    [['winrate', '--compare', '2025'], '--compare applies to sql retention only, not winrate'],
    [['winrate', '--rolling'], '--rolling applies to sql movement only, not winrate'],
    [['winrate', '--history-table', 'h'], '--history-table applies to sql funnel only, not winrate'],
    [['velocity', '--period', 'this-quarter', '--compare', 'last-quarter'], '--compare applies to sql retention only, not velocity'],
    [['velocity', '--min-sample', '5'], '--min-sample applies to sql winrate, funnel only, not velocity'],
    [['coverage', '--target', '5000', '--by', 'owner'], '--by applies to sql winrate, velocity, pareto, retention, funnel, movement only, not coverage'],
    [['retention', '--period', '2026', '--basis', 'created'], '--basis applies to sql winrate, velocity, pareto, funnel only, not retention'],
  ])('sql %j: exit 2, one line', async (args, line) => {
    const result = await run(['sql', ...args, ...AS_OF]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`dealmath: ${line}\n`);
    expect(result.stdout).toBe('');
  });

  it('does not offer --max-rejected: it reads a sample\'s header, no row to reject (was accepted and ignored)', async () => {
    const result = await run(['sql', 'winrate', '--max-rejected', '0', ...AS_OF]);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toContain("unknown option '--max-rejected'");
    expect((await run(['sql', '--help'])).stdout).not.toContain('--max-rejected <');
  });

  it('tags each such flag with its metrics in --help', async () => {
    const help = (await run(['sql', '--help'])).stdout;
    expect(help).toMatch(/--compare <period> +retention: the previous period/);
    expect(help).toMatch(/--min-sample <n> +winrate, funnel: closed deals below which/);
  });

  it('takes the flags its metric uses', async () => {
    const result = await run(['sql', 'winrate', '--open', 'include', '--min-sample', '5', '--basis', 'created', '--by', 'owner', ...AS_OF]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
