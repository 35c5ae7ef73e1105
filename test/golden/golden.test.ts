/**
 * Golden outputs: every command of examples/README.md, in every format, byte for byte, held
 * from before the engine refactor (issue 14). A change here must be one the change names (a
 * fix, a schema version): refresh with `UPDATE_GOLDEN=1 npx vitest run test/golden` and read
 * the diff before committing it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, EXAMPLES, ROOT, SOURCE_DATE_EPOCH } from '../cli/helpers.js';
import { run as runInProcess } from '../cli/inProcess.js';

const GOLDEN = join(ROOT, 'test/golden/examples');
const UPDATE = (process.env.UPDATE_GOLDEN ?? '') !== '';

const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
const commands = (/```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '')
  .split('\n')
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter((line) => line.startsWith('dealmath '))
  .map((line) => line.slice('dealmath '.length).split(/\s+/).filter((arg) => arg !== '--format' && arg !== 'md'));

const FORMATS = ['table', 'json', 'csv', 'md'] as const;

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
}

const cases: Case[] = [];
commands.forEach((args) => {
  // Named by the command line itself (not its place in the list), so adding a command renames nothing.
  const slug = args.filter((arg) => !arg.startsWith('--as-of') && !/^\d{4}-\d\d-\d\d$/.test(arg)).join('_').replace(/[^A-Za-z0-9_=.,+-]+/g, '').replace(/\.csv/g, '');
  const formats = args[0] === 'report' ? [...FORMATS, 'html' as const] : FORMATS;
  for (const format of formats) cases.push({ name: `${slug}.${format}`, args: [...args, '--format', format] });
});
// The same run read in parts (worker threads) must give the same bytes as one pass.
for (const command of ['winrate deals.csv --by owner', 'report --format json', 'pareto deals.csv --by account --format json']) {
  cases.push({ name: `parts-${command.split(' ')[0]}.txt`, args: [...command.split(' '), '--as-of', '2026-11-20'], env: { DEALMATH_PARALLEL_MIN_BYTES: '0', DEALMATH_WORKERS: '2' } });
}

const transcript = (args: readonly string[], code: number | null, stdout: string, stderr: string): string => `$ dealmath ${args.join(' ')}\n# exit ${code}\n# stderr\n${stderr}# stdout\n${stdout}`;

/**
 * The command in this process (the same main as the binary; the suite's time is in process
 * starts), or, for the runs read in parts, through the real binary: worker threads, as a user
 * gets them.
 */
async function run(args: readonly string[], env?: Record<string, string>): Promise<string> {
  if (env === undefined) {
    const result = await runInProcess(args, { cwd: EXAMPLES });
    return transcript(args, result.code, result.stdout, result.stderr);
  }
  return spawned(args, env);
}

function spawned(args: readonly string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: EXAMPLES,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '80', SOURCE_DATE_EPOCH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve(transcript(args, code, stdout, stderr)));
  });
}

describe('golden outputs on examples/ (issue 14: byte-identical across the refactor)', () => {
  it('covers every command in examples/README.md', () => {
    expect(commands.length).toBeGreaterThanOrEqual(15);
  });

  it('every command, every format, matches its golden file', async () => {
    // Two at a time: the spawned runs use the second core while commands run in this process.
    const outputs = new Map<string, string>();
    const queue = [...cases];
    await Promise.all(
      [0, 1].map(async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) outputs.set(next.name, await run(next.args, next.env));
      }),
    );
    if (UPDATE) mkdirSync(GOLDEN, { recursive: true });
    const differing: string[] = [];
    for (const { name } of cases) {
      const file = join(GOLDEN, name);
      const actual = outputs.get(name) as string;
      if (UPDATE) writeFileSync(file, actual);
      else if (!existsSync(file) || readFileSync(file, 'utf8') !== actual) differing.push(name);
    }
    if (differing.length > 0) {
      const first = differing[0] as string;
      expect.soft(outputs.get(first)).toBe(existsSync(join(GOLDEN, first)) ? readFileSync(join(GOLDEN, first), 'utf8') : '(no golden file)');
    }
    expect(differing).toEqual([]);
  }, 240_000);
});
