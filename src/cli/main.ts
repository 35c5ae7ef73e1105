/**
 * The CLI entry: builds the program, runs it, and turns every error into one line on stderr
 * and a documented exit code. The only place that catches DealmathError.
 */
import { CommanderError } from 'commander';
import { DealmathError, EXIT_CANNOT_RUN, exitCodeOf } from '../model/errors.js';
import type { Terminal } from './context.js';
import { buildProgram } from './program.js';

/** A reader that stops early (`dealmath report | head`) closes the pipe: end quietly, as Unix tools do. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

export function processTerminal(): Terminal {
  quietOnClosedPipe(process.stdout);
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
  const interrupted = onInterrupt();
  try {
    await program.parseAsync([...argv]);
    return state.exitCode;
  } catch (error) {
    return reportError(error, terminal);
  } finally {
    interrupted.dispose();
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

/** One line without ANSI escapes or control characters (the same rule as report/format.ts stripControl, kept here so start-up loads no renderer). */
function withoutControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** On Ctrl-C or SIGTERM: remove half-written --out temporaries, then exit as interrupted. */
function onInterrupt(): { dispose(): void } {
  const handler = (signal: NodeJS.Signals): void => {
    void import('../io/writeOutput.js').then(({ removePendingOutputs }) => {
      removePendingOutputs();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return {
    dispose() {
      process.removeListener('SIGINT', handler);
      process.removeListener('SIGTERM', handler);
    },
  };
}
