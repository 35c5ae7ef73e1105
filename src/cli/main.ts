/**
 * The CLI entry: builds the program, runs it, and turns every error into one line on stderr
 * and a documented exit code. The only place that catches DealmathError.
 */
import { CommanderError } from 'commander';
import { DealmathError, EXIT_CANNOT_RUN, exitCodeOf } from '../model/errors.js';
import type { Terminal } from './context.js';
import { buildProgram } from './program.js';

/**
 * A closed pipe is not an error of the run. A reader that stops early (`dealmath report | head`)
 * closes stdout: end quietly, as Unix tools do, with the exit code set so far (0 if none).
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/**
 * A closed stderr (`dealmath validate ... 2>&1 >report.txt | head -1`) loses only the notes: the
 * run goes on, its answer still reaches stdout, and it exits with its own code (ending at once
 * would call a failed check a success, or a success "the data failed a check", as an unhandled
 * error did). The stream is destroyed by the error, so later notes are dropped without another.
 */
function quietOnClosedStderr(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    throw error;
  });
}

export function processTerminal(): Terminal {
  quietOnClosedPipe(process.stdout);
  quietOnClosedStderr(process.stderr);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    now: new Date(),
  };
}

/** Runs the CLI with `argv` (as process.argv: node, script, args...) and resolves to the exit code. */
export async function main(argv: readonly string[], terminal: Terminal = processTerminal()): Promise<number> {
  const state = { exitCode: 0 };
  const program = buildProgram(terminal, state);
  // No SIGINT/SIGTERM handler here: a JS handler cannot run while the main thread is busy (a long
  // synchronous parse) and would replace the default action that ends the process at once, in
  // any wait (a FIFO with no writer blocks a libuv thread, not this one). Only --out has
  // something to clean up, and it listens only while its temporary file exists (io/writeOutput.ts).
  try {
    await program.parseAsync([...argv]);
    return state.exitCode;
  } catch (error) {
    return reportError(error, terminal);
  }
}

function reportError(error: unknown, terminal: Terminal): number {
  if (error instanceof CommanderError) {
    // help and version exit 0; commander has already printed its own message for usage errors
    // --help and --version exit 0; help shown because no command was given is a usage error.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || (error.code === 'commander.help' && error.exitCode === 0)) return 0;
    return EXIT_CANNOT_RUN;
  }
  if (error instanceof DealmathError) {
    // Messages quote headers and cells from the data: they must not drive the terminal.
    terminal.stderr.write(`dealmath: ${withoutControlCharacters(error.message)}\n`);
    return exitCodeOf(error);
  }
  const message = withoutControlCharacters(error instanceof Error ? error.message : String(error));
  terminal.stderr.write(`dealmath: internal error: ${message} (please report it; set DEALMATH_DEBUG=1 for details)\n`);
  if ((terminal.env.DEALMATH_DEBUG ?? '') !== '' && error instanceof Error && error.stack !== undefined) terminal.stderr.write(`${error.stack}\n`);
  return EXIT_CANNOT_RUN;
}

/** One line without ANSI escapes, control or format characters (the same rule as report/format.ts stripControl, kept here so start-up loads no renderer). */
function withoutControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    // Bidi overrides and other invisible format characters (report/format.ts FORMAT_CONTROLS).
    .replace(/[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g, '');
}
