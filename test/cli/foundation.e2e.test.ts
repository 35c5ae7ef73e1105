/**
 * End-to-end runs of the built CLI: inspect, validate, and bad input. Exit codes and the
 * one-line messages are the contract (README "Exit codes"). Through main() in this process
 * (test/cli/inProcess.ts), except what only the binary shows: stdin, a closed pipe, --version.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, dealmath, linesFile, tempDir } from './helpers.js';
import { run } from './inProcess.js';

const cli = (name: string): string => join(FIXTURES, 'cli', name);

describe('dealmath inspect', () => {
  it('describes columns, stages and what the file can feed', async () => {
    const result = await run(['inspect', cli('four-deals.csv'), '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.schemaVersion).toBe(2);
    expect(doc.command).toBe('inspect');
    const [file] = doc.files;
    expect(file.rowsRead).toBe(4);
    expect(file.delimiter).toBe(',');
    expect(file.preset).toBe('generic');
    expect(file.columns.map((c: { field: string }) => c.field)).toEqual(['id', 'name', 'account', 'owner', 'stage', 'amount', 'created', 'close']);
    expect(file.statuses).toEqual({ won: 2, lost: 1, open: 1 });
    expect(file.stages).toContainEqual({ stage: 'Closed Won', count: 2, status: 'won' });
    const winrate = file.commands.find((c: { command: string }) => c.command === 'winrate');
    expect(winrate.ok).toBe(true);
    const funnel = file.commands.find((c: { command: string }) => c.command === 'funnel');
    expect(funnel.ok).toBe(false);
  });

  it('prints a table by default, with no colour codes when NO_COLOR is set', async () => {
    const result = await run(['inspect', cli('four-deals.csv')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Maps to');
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours only when forced, and never in JSON', async () => {
    const forced = await run(['inspect', cli('four-deals.csv')], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\u001b\[/);
    const json = await run(['inspect', cli('four-deals.csv'), '--json'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(json.stdout).not.toMatch(/\u001b\[/);
    const noColor = await run(['inspect', cli('four-deals.csv'), '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(noColor.stdout).not.toMatch(/\u001b\[/);
  });

  it('reads stdin with -', () => {
    const result = dealmath(['inspect', '-', '--json'], { input: 'id,stage\nx,Won\ny,Lost\n' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).files[0].file).toBe('stdin');
  });

  it('reads YAML on stdin as YAML, a list or a mapping of deals, as it reads a .yaml file', () => {
    // Was read as CSV: 2 rows of columns named "- {deal_id: Y1" and so on, exit 0.
    const flow = '# an export\n- {deal_id: Y1, owner: Ann, stage: Closed Won, amount: 100, close: 2026-02-01}\n- {deal_id: Y2, owner: Ann, stage: Closed Lost, amount: 30, close: 2026-03-01}\n- {deal_id: Y3, owner: Bob, stage: Open, amount: 40, close: 2026-12-01}\n';
    const block = 'deals:\n  - deal_id: Y1\n    stage: Closed Won\n    amount: 100\n    close: 2026-02-01\n  - deal_id: Y2\n    stage: Closed Lost\n    amount: 30\n    close: 2026-03-01\n';
    for (const [input, won, lost] of [[flow, 1, 1], [block, 1, 1]] as const) {
      const result = dealmath(['winrate', '-', '--as-of', '2026-11-20', '--json'], { input });
      expect(result.code, result.stderr).toBe(0);
      const doc = JSON.parse(result.stdout);
      expect([doc.rowsRead - doc.rowsRejected, doc.total.won, doc.total.lost]).toEqual([input === flow ? 3 : 2, won, lost]);
    }
  });
});

describe('dealmath validate', () => {
  it('exits 0 on clean data', async () => {
    const result = await run(['validate', cli('four-deals.csv'), '--as-of', '2026-11-20', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ command: 'validate', asOf: '2026-11-20', rowsRead: 4, rowsUsed: 4, rowsRejected: 0, errors: 0, warnings: 0, integrityScore: { value: 1 } });
  });

  it('lists every finding with file, row, column, value and rule, and exits 1 on errors', async () => {
    const result = await run(['validate', cli('messy.csv'), '--as-of', '2026-11-20', '--json']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    const file = cli('messy.csv');
    const brief = doc.findings.map((f: { rule: string; row: number; column: string; value: string }) => [f.rule, f.row, f.column, f.value]);
    expect(brief).toEqual([
      ['bad-amount', 3, 'amount', 'abc'],
      ['duplicate-id', 4, 'deal_id', 'A'],
      // Open by its stage alone at 100% past its close date: maybe a won label dealmath does not know.
      ['unclear-stage', 5, 'stage', 'Proposal'],
      ['past-due', 5, 'close', '2026-10-15'],
      ['stale', 5, 'last_activity', '2026-06-01'],
      ['probability-open-100', 5, 'probability', '100%'],
      ['negative-amount', 6, 'amount', '-300'],
      ['close-before-created', 7, 'close', '2026-02-15'],
    ]);
    expect(doc.findings.every((f: { file: string }) => f.file === file)).toBe(true);
    // rows read = used + rejected + filtered (METRICS.md "Validation")
    expect(doc).toMatchObject({ rowsRead: 7, rowsUsed: 3, rowsRejected: 4, rowsFiltered: 0, errors: 4, warnings: 4 });
    // open pipeline: C 40,000 flagged, F 9,000 clean -> 9,000 / 49,000 (hand-computed)
    expect(doc.integrityScore.value).toBeCloseTo(9000 / 49000, 12);
  });

  it('exits 1 on warnings only with --strict', async () => {
    const dir = tempDir();
    const path = join(dir, 'warn.csv');
    writeFileSync(path, 'deal_id,stage,amount,close\nA,Proposal,100,2026-01-01\n');
    expect((await run(['validate', path, '--as-of', '2026-11-20'])).code).toBe(0);
    expect((await run(['validate', path, '--as-of', '2026-11-20', '--strict'])).code).toBe(1);
  });

  it('flags a stage not in the config', async () => {
    const dir = tempDir();
    const path = join(dir, 'stages.csv');
    writeFileSync(path, 'deal_id,stage,amount\nA,Proposal,100\nB,Discovery,100\n');
    const result = await run(['validate', path, '--config', cli('stages.yaml'), '--json']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.findings).toEqual([
      expect.objectContaining({ rule: 'unknown-stage', row: 3, column: 'stage', value: 'Discovery', severity: 'error' }),
    ]);
  });
});

describe('validate --history', () => {
  it('lists the history rows the history reader rejects (the funnel says they were left out and sends the reader here)', async () => {
    const dir = tempDir();
    const config = linesFile(dir, 'dealmath.yaml', ['stages: [Discovery, Proposal, Closed Won, Closed Lost]', 'won: [Closed Won]', 'lost: [Closed Lost]']);
    const deals = linesFile(dir, 'deals.csv', ['id,stage,amount,created,close', 'B1,Proposal,100,2026-01-01,2026-06-30', 'B2,Closed Won,50,2026-01-01,2026-03-01']);
    const history = linesFile(dir, 'history.csv', ['deal_id,stage,entered', 'B1,Discovery,2026-01-01', 'B1,Legal Review,2026-02-01', 'B2,Closed Won,2026-03-01']);
    const result = await run(['validate', deals, '--history', history, '--config', config, '--as-of', '2026-04-15', '--json']);
    const found = (JSON.parse(result.stdout).findings as { file: string; row: number; rule: string; value: string }[]).filter((entry) => entry.file.endsWith('history.csv'));
    expect(found.map((entry) => [entry.row, entry.rule, entry.value])).toEqual([[3, 'unknown-stage', 'Legal Review']]);
  });
});

describe('bad input gets one line and exit 2', () => {
  const oneLine = (stderr: string): string => {
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    return lines[0] ?? '';
  };

  it('missing file', async () => {
    const result = await run(['validate', 'no-such-file.csv']);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toBe('dealmath: no-such-file.csv: no such file');
  });

  it('malformed CSV names the file and row', async () => {
    const result = await run(['validate', cli('unclosed-quote.csv')]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/unclosed-quote\.csv, row \d+: a quoted field is never closed/);
  });

  it('empty file and header-only file', async () => {
    const empty = await run(['validate', cli('empty.csv')]);
    expect(empty.code).toBe(2);
    expect(oneLine(empty.stderr)).toMatch(/empty\.csv: the file is empty/);
    // A header with no rows yields no usable row: data refused (METRICS.md "Validation": exit 1).
    const headerOnly = await run(['validate', cli('header-only.csv')]);
    expect(headerOnly.code).toBe(1);
    expect(oneLine(headerOnly.stderr)).toMatch(/header-only\.csv: the file has a header but no data rows/);
  });

  it('an empty JSON or YAML list of deals is refused as data with no usable row (exit 1); as a side input it cannot run (exit 2)', async () => {
    const dir = tempDir();
    for (const name of ['deals.json', 'deals.yaml']) {
      writeFileSync(join(dir, name), '[]\n');
      const result = await run(['winrate', join(dir, name), '--as-of', '2026-11-20']);
      expect([name, result.code, oneLine(result.stderr)]).toEqual([name, 1, `dealmath: ${join(dir, name)}: the list of records is empty; expected deals`]);
      expect(result.stdout).toBe('');
    }
    writeFileSync(join(dir, 'reps.json'), '[]\n');
    const reps = await run(['coverage', cli('four-deals.csv'), '--reps', join(dir, 'reps.json'), '--as-of', '2026-11-20']);
    expect([reps.code, oneLine(reps.stderr)]).toEqual([2, `dealmath: ${join(dir, 'reps.json')}: the list of records is empty`]);
  });

  it('unknown column in --map', async () => {
    const result = await run(['validate', cli('four-deals.csv'), '--map', 'amount=Deal Value']);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/four-deals\.csv, column "Deal Value": column "Deal Value" mapped to amount is not in the file/);
  });

  it('invalid config: wrong type and unknown key', async () => {
    const wrongType = await run(['validate', cli('four-deals.csv'), '--config', cli('wrong-type.yaml')]);
    expect(wrongType.code).toBe(2);
    expect(oneLine(wrongType.stderr)).toMatch(/wrong-type\.yaml: thresholds\.minSample: expected number, got "ten"/);
    const unknownKey = await run(['validate', cli('four-deals.csv'), '--config', cli('unknown-key.yaml')]);
    expect(unknownKey.code).toBe(2);
    expect(oneLine(unknownKey.stderr)).toMatch(/unknown-key\.yaml: unknown key stagez/);
  });

  it('unknown option is a usage error', async () => {
    const result = await run(['validate', cli('four-deals.csv'), '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
  });

  it('--out is not written when the run fails', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.json');
    const result = await run(['validate', cli('unclosed-quote.csv'), '--out', out]);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('--out', () => {
  it('writes the file atomically and prints nothing on stdout', async () => {
    const dir = tempDir();
    const out = join(dir, 'validate.json');
    const result = await run(['validate', cli('four-deals.csv'), '--as-of', '2026-11-20', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['validate.json']);
  });
});

describe('a closed pipe', () => {
  it('ends quietly when the reader stops early (dealmath report --help | head -1)', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('./helpers.js');
    const child = spawn(process.execPath, [BIN, 'report', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read one chunk, then close our end, as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it('goes on when stderr is closed (... 2>&1 >out | head): the answer on stdout, the run\'s own exit code (before: exit 1, an unhandled EPIPE)', async () => {
    const { spawn, execFileSync } = await import('node:child_process');
    const { closeSync, constants, openSync } = await import('node:fs');
    const { BIN, SOURCE_DATE_EPOCH } = await import('./helpers.js');
    // stderr is a FIFO whose only reader is closed before the process starts: every write to it
    // fails with EPIPE, whenever it comes (a pipe read and then closed would race the writes).
    const closedPipe = (): number => {
      const fifo = join(tempDir(), 'stderr');
      execFileSync('mkfifo', [fifo]);
      const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      const writer = openSync(fifo, constants.O_WRONLY);
      closeSync(reader);
      return writer;
    };
    const runWithClosedStderr = async (args: readonly string[]): Promise<{ code: number | null; stdout: string }> => {
      const stderr = closedPipe();
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', stderr],
        // As dealmath() in helpers.ts runs it, so that the two runs print the same bytes.
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '80', SOURCE_DATE_EPOCH },
      });
      closeSync(stderr);
      let stdout = '';
      // Piped (stdio[1]): never null here; the types cannot tell with a descriptor in stdio.
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
      return { code, stdout };
    };
    const cases: [string[], number][] = [
      // 0: the small-sample note goes to stderr, the table to stdout.
      [['winrate', cli('four-deals.csv'), '--as-of', '2026-11-20'], 0],
      // 1: more rows rejected than --max-rejected 0, said on stderr.
      [['winrate', cli('messy.csv'), '--as-of', '2026-11-20', '--max-rejected', '0'], 1],
      // 2: a malformed file, said on stderr.
      [['validate', cli('unclosed-quote.csv')], 2],
    ];
    for (const [args, expected] of cases) {
      // Each writes to stderr (so the closed pipe is met), and exits with the code it has with stderr open.
      const open = dealmath(args);
      expect(open.stderr, args.join(' ')).not.toBe('');
      expect(open.code, args.join(' ')).toBe(expected);
      const closed = await runWithClosedStderr(args);
      expect(closed.code, args.join(' ')).toBe(expected);
      expect(closed.stdout, args.join(' ')).toBe(open.stdout);
    }
  });
});

describe('help and usage', () => {
  it('--help and --version exit 0 and list the exit codes; no command at all is a usage error (2)', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect(help.stdout).toMatch(/2 {2}could not run/);
    expect((await run(['winrate', '--help'])).stdout).toContain('Exit codes:');
    // The binary answers --version alone from package.json (so these run through it); the program answers it among other flags: the same line.
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const args of [['--version'], ['-V'], ['--version', '--help']]) {
      const result = dealmath(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toBe(`${version}\n`);
    }
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: dealmath');
  });
});
