/**
 * Runs the built CLI (dist/bundle/main.js, what bin/dealmath.js runs) inside the test process:
 * the same `main` with the same arguments, environment and working directory as `dealmath()`
 * in helpers.ts, without starting a Node process per command. For tests of what a command
 * prints; what only a real process shows (signals, stdin, exit on a closed pipe, start-up)
 * keeps spawning the binary.
 */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { BIN, ROOT, SOURCE_DATE_EPOCH, type CliResult } from './helpers.js';

type Main = (argv: readonly string[], terminal: object) => Promise<number>;

let loaded: Promise<Main> | null = null;

function loadMain(): Promise<Main> {
  loaded ??= import(pathToFileURL(join(ROOT, 'dist/bundle/main.js')).href).then((module: { main: Main }) => module.main);
  return loaded;
}

/** A stream that keeps what is written to it. */
class Collected extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer | string, encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Commands run one at a time: the working directory is the process's, so two commands
 * in flight would read each other's files.
 */
let queue: Promise<unknown> = Promise.resolve();

export function run(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const next = queue.then(() => runNow(args, options));
  queue = next.catch(() => undefined);
  return next;
}

async function runNow(args: readonly string[], options: { cwd?: string; env?: Record<string, string> }): Promise<CliResult> {
  const main = await loadMain();
  const stdout = new Collected();
  const stderr = new Collected();
  const cwd = options.cwd ?? ROOT;
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '80', SOURCE_DATE_EPOCH, ...options.env };
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main([process.execPath, BIN, ...args], { stdout, stderr, env, cwd, stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false, now: new Date() });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    process.chdir(previous);
  }
}
