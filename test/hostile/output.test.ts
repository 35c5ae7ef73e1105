/**
 * No data loss, no injection through the CLI's own lines (issue 8):
 * - every command's JSON accounts for every row (rowsRead = rowsUsed + rowsRejected + rowsFiltered)
 *   and stderr summarises the rejected rows by reason (test/fixtures/hostile/mixed.csv);
 * - `--out` replaces its file whole or not at all: an error leaves an earlier file as it was and no
 *   temporary `.NAME.*.tmp` beside it (Ctrl-C: signal.test.ts);
 * - input files are never modified;
 * - error lines on stderr carry no terminal escapes from the data.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, linkSync, openSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputError } from '../../src/io/writeOutput.js';
import { DealmathError } from '../../src/model/errors.js';
import { BIN, FIXTURES, tempDir } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

const hostile = (name: string): string => join(FIXTURES, 'hostile', name);
const MIXED = hostile('mixed.csv');
const STAGES = hostile('mixed-stages.yaml');
const AS_OF = ['--as-of', '2026-06-30'];
const WINDOW = ['--from', '2026-01-01', '--to', '2026-06-30'];

// mixed.csv, hand-read: A2 amount NaN (bad-amount), A3 created 2026-02-30 (bad-date), A4 amount -5
// (negative-amount), the second A1 (duplicate-id): 4 of 8 rows rejected. Of the other four, A5
// closed 2025-02-01 (outside 2026-01-01..2026-06-30); A1, A8 closed in it; A7 is open.
const REJECTED_LINE = '4 of 8 rows rejected (1 bad-amount, 1 bad-date, 1 duplicate-id, 1 negative-amount); run "dealmath validate" for the list';

describe('every command accounts for every row', () => {
  const cases: [string, string[], { rowsUsed: number; rowsFiltered: number }][] = [
    // validate filters nothing: 4 usable rows.
    ['validate', ['validate', MIXED, '--config', STAGES, ...AS_OF], { rowsUsed: 4, rowsFiltered: 0 }],
    // A5 outside the window; A1, A8 closed in it, A7 open at the as-of date.
    ['winrate', ['winrate', MIXED, '--config', STAGES, ...AS_OF, ...WINDOW], { rowsUsed: 3, rowsFiltered: 1 }],
    ['velocity', ['velocity', MIXED, '--config', STAGES, ...AS_OF, ...WINDOW], { rowsUsed: 3, rowsFiltered: 1 }],
    ['funnel', ['funnel', MIXED, '--config', STAGES, ...AS_OF, ...WINDOW], { rowsUsed: 3, rowsFiltered: 1 }],
    ['pareto', ['pareto', MIXED, '--config', STAGES, ...AS_OF, ...WINDOW], { rowsUsed: 3, rowsFiltered: 1 }],
    ['scorecard', ['scorecard', MIXED, '--config', STAGES, ...AS_OF, ...WINDOW], { rowsUsed: 3, rowsFiltered: 1 }],
    // Coverage of 2026-Q2: rates from 2025-04-01..2026-03-31 (A1, A8); A5 (2025-02) and A7 (open,
    // closing 2026-12, outside the period) are filtered.
    ['coverage', ['coverage', MIXED, '--config', STAGES, ...AS_OF, '--target', '1000'], { rowsUsed: 2, rowsFiltered: 2 }],
    // PVF and the report read all closed deals of the history: nothing filtered.
    ['pvf', ['pvf', MIXED, '--config', STAGES, ...AS_OF, '--target', '1000', '--assume-equal-dwell'], { rowsUsed: 4, rowsFiltered: 0 }],
    ['report', ['report', MIXED, '--config', STAGES, ...AS_OF], { rowsUsed: 4, rowsFiltered: 0 }],
  ];

  for (const [command, args, expected] of cases) {
    it(command, async () => {
      const result = await run([...args, '--json']);
      expect(result.code).toBe(command === 'validate' ? 1 : 0);
      const doc = JSON.parse(result.stdout);
      expect({ rowsRead: doc.rowsRead, rowsUsed: doc.rowsUsed, rowsRejected: doc.rowsRejected, rowsFiltered: doc.rowsFiltered }).toEqual({ rowsRead: 8, rowsRejected: 4, ...expected });
      expect(doc.rowsRead).toBe(doc.rowsUsed + doc.rowsRejected + doc.rowsFiltered);
      // validate lists the findings themselves; every other command summarises them on stderr.
      if (command !== 'validate') expect(result.stderr.split('\n')).toContain(`dealmath ${command}: ${REJECTED_LINE}`);
    });
  }

  // Accounts: Globex's current revenue "abc" (bad-amount) and Initech's future revenue -10
  // (negative-amount) are rejected: 2 of 4. Deals as in winrate, with the quadrant's own window.
  it('quadrant (accounts and deals)', async () => {
    const result = await run(['quadrant', hostile('mixed-accounts.csv'), '--deals', MIXED, '--config', STAGES, ...AS_OF, '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect({ rowsRead: doc.rowsRead, rowsUsed: doc.rowsUsed, rowsRejected: doc.rowsRejected, rowsFiltered: doc.rowsFiltered }).toEqual({ rowsRead: 4, rowsUsed: 2, rowsRejected: 2, rowsFiltered: 0 });
    expect(doc.deals.rowsRead).toBe(doc.deals.rowsUsed + doc.deals.rowsRejected + doc.deals.rowsFiltered);
    expect(doc.deals).toMatchObject({ rowsRead: 8, rowsRejected: 4 });
    const lines = result.stderr.split('\n');
    expect(lines).toContain(`dealmath quadrant: ${REJECTED_LINE}`);
    expect(lines.some((line) => line.startsWith('dealmath quadrant: 2 of 4 account rows rejected (1 bad-amount, 1 negative-amount)'))).toBe(true);
  });

    // Outcome: inspect accounts for rows at the top level too, as every other command does.
  it('inspect (top-level accounting)', async () => {
    const doc = JSON.parse((await run(['inspect', MIXED, '--config', STAGES, '--json'])).stdout);
    expect(doc.files[0]).toMatchObject({ rowsRead: 8, rowsRejected: 4 });
    expect({ rowsRead: doc.rowsRead, rowsUsed: doc.rowsUsed, rowsRejected: doc.rowsRejected, rowsFiltered: doc.rowsFiltered }).toEqual({ rowsRead: 8, rowsUsed: 4, rowsRejected: 4, rowsFiltered: 0 });
  });
});

describe('--out replaces its file whole or not at all', () => {
  // Outcome: the read fails (exit 2); the earlier report is byte for byte as it was; no temporary file.
  it('an error leaves an earlier file untouched and no temporary file', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    writeFileSync(out, 'the earlier report\n');
    const result = await run(['winrate', hostile('nul-bytes.csv'), '--out', out]);
    expect(result.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('the earlier report\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  // Outcome: validate's exit 1 (errors found) is a result, not a failure: the findings file is written whole.
  it('validate with findings writes the whole document', async () => {
    const dir = tempDir();
    const out = join(dir, 'findings.json');
    const result = await run(['validate', MIXED, '--config', STAGES, ...AS_OF, '--json', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.findings.map((found: { rule: string; row: number }) => [found.rule, found.row])).toEqual([
      ['bad-amount', 3],
      ['bad-date', 4],
      ['negative-amount', 5],
      ['duplicate-id', 7],
    ]);
    expect(readdirSync(dir)).toEqual(['findings.json']);
  });

  // Outcome: a folder that does not exist: exit 2, one line naming the file; nothing created.
  it('an unwritable destination is one clear error', async () => {
    const dir = tempDir();
    const out = join(dir, 'missing', 'report.json');
    const result = await run(['winrate', MIXED, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(`dealmath: --out ${out}: the folder it goes in does not exist (ENOENT)`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('input files are never modified', () => {
  it('by any command, with or without --out', async () => {
    const inputs = [MIXED, STAGES, hostile('mixed-accounts.csv'), hostile('formula-cells.csv')];
    const fingerprint = (): string[] => inputs.map((path) => `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${statSync(path).mtimeMs}`);
    const before = fingerprint();
    const dir = tempDir();
    await run(['validate', MIXED, '--config', STAGES, '--out', join(dir, 'a.json')]);
    await run(['winrate', MIXED, hostile('formula-cells.csv'), '--format', 'csv', '--out', join(dir, 'b.csv')]);
    await run(['report', MIXED, '--config', STAGES, ...AS_OF, '--out', join(dir, 'c.html')]);
    await run(['quadrant', hostile('mixed-accounts.csv'), '--deals', MIXED, ...AS_OF]);
    expect(fingerprint()).toEqual(before);
  });
});

describe('error lines carry no terminal escapes from the data', () => {
    // Outcome: error messages quote headers and cells from the data, so escapes and control
  // characters are removed before they reach stderr.
  it('a bad mapping quoting a hostile header', async () => {
    const dir = tempDir();
    const path = join(dir, 'escape-header.csv');
    writeFileSync(path, 'deal\u001b[31m_id,own\u001b]0;pwned\u0007er,stage\nA,B,Closed Won\n');
    const result = await run(['winrate', path, '--map', 'amount=nothing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the header has: deal_id, owner, stage');
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

// Issue 18: --out never destroys anything. Before: `--out deals.csv` replaced the export with the
// report (exit 0), a symlink, FIFO or device became a regular file, a mode-600 report came back
// 644, and a file as a parent or a 241-character name was an "internal error".
describe('--out never destroys anything (issue 18)', () => {
  const EXAMPLES = join(FIXTURES, '..', '..', 'examples');
  /** A folder with a copy of the example deals and config; returns its path. */
  const workspace = (): string => {
    const dir = tempDir();
    writeFileSync(join(dir, 'deals.csv'), readFileSync(join(EXAMPLES, 'deals.csv')));
    writeFileSync(join(dir, 'dealmath.yaml'), readFileSync(join(EXAMPLES, 'dealmath.yaml')));
    writeFileSync(join(dir, 'reps.csv'), readFileSync(join(EXAMPLES, 'reps.csv')));
    writeFileSync(join(dir, 'history.csv'), readFileSync(join(EXAMPLES, 'history.csv')));
    return dir;
  };
  const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
  const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';
  const ASKED = ['--as-of', '2026-11-20'];

  it.each([
    ['the deals file itself', ['winrate', 'deals.csv', '--json', '--out', 'deals.csv'], 'deals.csv', 'deals.csv'],
    ['the config found in the folder', ['winrate', 'deals.csv', '--json', '--out', 'dealmath.yaml'], 'dealmath.yaml', null],
    ['a symbolic link to the deals', ['winrate', 'deals.csv', '--out', 'link.md'], 'deals.csv', 'deals.csv'],
    ['a hard link to the deals', ['winrate', 'deals.csv', '--out', 'hard.md'], 'deals.csv', 'deals.csv'],
    ['the --reps file', ['coverage', 'deals.csv', '--reps', 'reps.csv', '--json', '--out', 'reps.csv'], 'reps.csv', 'reps.csv'],
    ['a reps file the report config names', ['report', '--json', '--out', 'reps-link.json', ...ASKED], 'reps.csv', null],
    ['a --history file (repeatable option), through a link', ['funnel', 'deals.csv', '--history', 'history.csv', '--out', 'history-link.json'], 'history.csv', 'history.csv'],
  ])('refuses %s before reading: exit 2, nothing touched', async (_what, args, protectedFile, named) => {
    const dir = workspace();
    symlinkSync('deals.csv', join(dir, 'link.md'));
    linkSync(join(dir, 'deals.csv'), join(dir, 'hard.md'));
    symlinkSync('reps.csv', join(dir, 'reps-link.json'));
    symlinkSync('history.csv', join(dir, 'history-link.json'));
    const before = digest(join(dir, protectedFile));
    const listing = readdirSync(dir).sort();
    const result = await run([...args], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const out = args[args.indexOf('--out') + 1] as string;
    expect(lastLine(result.stderr)).toMatch(new RegExp(`^dealmath: --out ${out.replace('.', '\\.')}: is the input file .*${named ?? ''}; dealmath never writes over a file it reads \\(choose another name\\)$`));
    expect(digest(join(dir, protectedFile))).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  // A snapshot folder or `DATE=FILE` was not looked into: `forecast --snapshot snapshots --out
  // snapshots/pipeline-2026-10-05.csv` replaced the snapshot with the forecast table (exit 0).
  it.each([
    ['a file of a --snapshot folder', ['forecast', 'deals.csv', '--snapshot', 'snapshots', '--out', 'snapshots/pipeline-2026-10-05.csv'], 'pipeline-2026-10-05.csv'],
    ['a file of the folder movement reads', ['movement', 'snapshots', '--out', 'snapshots/pipeline-2026-10-12.csv'], 'pipeline-2026-10-12.csv'],
    ['the FILE of --snapshot DATE=FILE', ['validate', 'deals.csv', '--snapshot', '2026-10-05=snapshots/pipeline-2026-10-05.csv', '--snapshot', '2026-10-12=snapshots/pipeline-2026-10-12.csv', '--out', 'snapshots/pipeline-2026-10-12.csv'], 'pipeline-2026-10-12.csv'],
    ['the FILE of movement --snapshot DATE=FILE', ['movement', '--snapshot', '2026-10-05=snapshots/pipeline-2026-10-05.csv', '--snapshot', '2026-10-12=snapshots/pipeline-2026-10-12.csv', '--out', 'snapshots/pipeline-2026-10-05.csv'], 'pipeline-2026-10-05.csv'],
  ])('refuses %s before reading: exit 2, nothing touched', async (_what, args, snapshot) => {
    const dir = workspace();
    mkdirSync(join(dir, 'snapshots'));
    for (const name of ['pipeline-2026-10-05.csv', 'pipeline-2026-10-12.csv']) {
      writeFileSync(join(dir, 'snapshots', name), readFileSync(join(EXAMPLES, 'snapshots', name)));
    }
    const protectedFile = join(dir, 'snapshots', snapshot);
    const before = digest(protectedFile);
    const result = await run([...args, ...ASKED], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const out = args[args.indexOf('--out') + 1] as string;
    expect(lastLine(result.stderr)).toBe(`dealmath: --out ${out}: is the input file snapshots/${snapshot}; dealmath never writes over a file it reads (choose another name)`);
    expect(digest(protectedFile)).toBe(before);
    expect(readdirSync(join(dir, 'snapshots')).sort()).toEqual(['pipeline-2026-10-05.csv', 'pipeline-2026-10-12.csv']);
  });

  // `dealmath winrate - --out deals.csv < deals.csv` replaced the deals with the result (exit 0):
  // a file on standard input is a file the run reads. Only a process has its stdin redirected.
  it.each([
    ['named -', ['winrate', '-', '--out', 'deals.csv']],
    ['no file given (stdin read)', ['winrate', '--out', 'deals.csv']],
  ])('refuses the file standard input is redirected from, %s: exit 2, nothing touched', (_what, args) => {
    const dir = workspace();
    const before = digest(join(dir, 'deals.csv'));
    const stdin = openSync(join(dir, 'deals.csv'), 'r');
    try {
      const result = spawnSync(process.execPath, [BIN, ...args, ...ASKED], { cwd: dir, stdio: [stdin, 'pipe', 'pipe'], encoding: 'utf8' });
      expect([result.status, result.stdout, result.stderr]).toEqual([2, '', 'dealmath: --out deals.csv: is the file on standard input, which the run reads; dealmath never writes over a file it reads (choose another name)\n']);
    } finally {
      closeSync(stdin);
    }
    expect(digest(join(dir, 'deals.csv'))).toBe(before);
  });

  it('refuses inspect --write-config and --out naming one file (the config was written, then replaced by the report)', async () => {
    const dir = workspace();
    const listing = readdirSync(dir).sort();
    const result = await run(['inspect', 'deals.csv', '--out', 'guess.yaml', '--write-config', './guess.yaml'], { cwd: dir });
    expect([result.code, result.stdout, lastLine(result.stderr)]).toEqual([2, '', 'dealmath: --out guess.yaml: is also the --write-config file; give them different names']);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  it('writes over a file in a snapshot folder that is no snapshot (no date in its name): the run does not read it', async () => {
    const dir = workspace();
    mkdirSync(join(dir, 'snapshots'));
    for (const name of ['pipeline-2026-10-05.csv', 'pipeline-2026-10-12.csv']) {
      writeFileSync(join(dir, 'snapshots', name), readFileSync(join(EXAMPLES, 'snapshots', name)));
    }
    writeFileSync(join(dir, 'snapshots', 'movement.json'), 'old\n');
    const result = await run(['movement', 'snapshots', '--out', 'snapshots/movement.json', ...ASKED], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'snapshots', 'movement.json'), 'utf8')).command).toBe('movement');
  });

  it('writes through a symbolic link to the file it points to, as cp does', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'real.json'), 'old\n');
    symlinkSync('real.json', join(dir, 'latest.json'));
    const result = await run(['winrate', 'deals.csv', '--out', 'latest.json', ...ASKED], { cwd: dir });
    expect(result.code).toBe(0);
    expect(lstatSync(join(dir, 'latest.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')).command).toBe('winrate');
  });

  it('keeps the mode of the file it replaces, and gives a new file 0666 less the umask', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'private.json'), 'old\n');
    chmodSync(join(dir, 'private.json'), 0o600);
    expect((await run(['winrate', 'deals.csv', '--out', 'private.json', ...ASKED], { cwd: dir })).code).toBe(0);
    expect(statSync(join(dir, 'private.json')).mode & 0o777).toBe(0o600);
    expect((await run(['winrate', 'deals.csv', '--out', 'new.json', ...ASKED], { cwd: dir })).code).toBe(0);
    // The child inherits this process's umask.
    const umask = process.umask();
    expect(statSync(join(dir, 'new.json')).mode & 0o777).toBe(0o666 & ~umask);
  });

  it('a legal 250-character name works (the temporary name stays within 255 bytes)', async () => {
    const dir = workspace();
    const name = `${'a'.repeat(245)}.json`;
    const result = await run(['winrate', 'deals.csv', '--out', name, ...ASKED], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, name), 'utf8')).command).toBe('winrate');
    expect(readdirSync(dir).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['a FIFO', 'pipe.json', 'is a FIFO'],
    ['a folder', 'folder', 'is a folder (EISDIR)'],
    ['a character device', '/dev/null', 'is a character device'],
    ['a name under a file', 'deals.csv/report.json', 'a parent is not a folder (ENOTDIR)'],
    ['a name in a missing folder', 'missing/report.json', 'the folder it goes in does not exist (ENOENT)'],
    ['a name over 255 bytes', `${'b'.repeat(256)}.json`, 'the name is too long (ENAMETOOLONG)'],
    ['a symbolic link to nothing', 'dangling.json', 'is a symbolic link to a file that does not exist (ENOENT)'],
    ['an empty name', '', 'needs a file name (or - for stdout)'],
    ['a name ending in /', 'newdir/', 'names a folder (it ends in /); give a file name (EISDIR)'],
  ])('refuses %s by name, in one line, exit 2, before reading', async (_what, out, reason) => {
    const dir = workspace();
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    mkdirSync(join(dir, 'folder'));
    symlinkSync('nowhere.json', join(dir, 'dangling.json'));
    const listing = readdirSync(dir).sort();
    const result = await run(['winrate', 'deals.csv', '--out', out, ...ASKED], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(out === '' ? `dealmath: --out ${reason}\n` : `dealmath: --out ${out}: ${reason}\n`);
    expect(lstatSync(join(dir, 'pipe.json')).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  it('- means stdout', async () => {
    const dir = workspace();
    const result = await run(['winrate', 'deals.csv', '--json', '--out', '-', ...ASKED], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).command).toBe('winrate');
  });
});

// Issue 13: `winrate FILE --out w.html` was "internal error ... please report it".
describe('--out with a format the command cannot write', () => {
  it.each([
    ['winrate', '--out', 'w.html', 'HTML is for `dealmath report`; choose .json, .csv, .md or a table'],
    ['validate', '--out', 'v.htm', 'HTML is for `dealmath report`; choose .json, .csv, .md or a table'],
    ['inspect', '--out', 'i.csv', 'CSV is not available for this command; choose .json, .md or a table'],
  ])('%s %s %s: one usage line, exit 2, nothing written', async (command, flag, out, reason) => {
    const dir = tempDir();
    const result = await run([command, MIXED, '--config', STAGES, flag, join(dir, out)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`dealmath: --out ${join(dir, out)}: ${reason}\n`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

// Errors this test machine cannot provoke for real (it may run as root; no full or read-only
// disk at hand) are worded by the same function as those above: the reason in words, the code.
describe('--out failures are worded with their errno code', () => {
  it.each([
    ['EACCES', 'permission denied'],
    ['ENOSPC', 'no space left on the device'],
    ['EROFS', 'the file system is read-only'],
    ['EISDIR', 'is a folder'],
    ['ENAMETOOLONG', 'the name is too long'],
    ['EWHATEVER', 'cannot write the output'],
  ])('%s', (code, words) => {
    const error = outputError('out/report.json', code);
    expect(error).toBeInstanceOf(DealmathError);
    expect(error.message).toBe(`--out out/report.json: ${words} (${code})`);
  });
});
