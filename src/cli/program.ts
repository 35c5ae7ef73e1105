/**
 * The commander program: commands, their options and help. Each action imports its command
 * module on demand so `dealmath --version` and `--help` load nothing but commander.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  addAnalysisOptions,
  addInputOptions,
  addOutputOptions,
  type CommonFlags,
  type Terminal,
} from './context.js';

export const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  the data failed a check you asked for (validation errors, --strict warnings, a --fail-on threshold)
  2  could not run (bad usage, unreadable or malformed input or config, internal error)`;

function packageVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}

export interface ExitState {
  exitCode: number;
}

/** A command action: files and flags in, exit code out. */
type Action<Flags> = (files: string[], flags: Flags, terminal: Terminal) => Promise<number>;

export function buildProgram(terminal: Terminal, state: ExitState): Command {
  const program = new Command('dealmath')
    .description('Sales analytics from CRM exports: win rates, velocity, coverage, PVF, Pareto, quadrants, validation.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => terminal.stdout.write(text),
      writeErr: (text) => terminal.stderr.write(text),
      outputError: (text, write) => write(`dealmath: ${text.replace(/^error: /, '')}`),
    })
    .addHelpText('after', EXIT_CODES_HELP);

  const run = <Flags>(load: () => Promise<Action<Flags>>) =>
    async (files: string[], flags: Flags): Promise<void> => {
      const action = await load();
      state.exitCode = await action(files, flags, terminal);
    };

  const command = (name: string, description: string): Command => {
    const sub = program
      .command(name)
      .description(description)
      .exitOverride()
      .configureOutput({
        writeOut: (text) => terminal.stdout.write(text),
        writeErr: (text) => terminal.stderr.write(text),
        outputError: (text, write) => write(`dealmath ${name}: ${text.replace(/^error: /, '')}`),
      })
      .showHelpAfterError(`(run "dealmath ${name} --help" for usage)`)
      .addHelpText('after', EXIT_CODES_HELP);
    return sub;
  };

  addOutputOptions(
    addInputOptions(
      command('inspect', 'What a file holds: delimiter, encoding, columns and the fields they map to, date formats, stages, currencies, and which commands it can feed.')
        .argument('[files...]', 'deal files (CSV, YAML or JSON; - or none for piped stdin)'),
    ),
    ['table', 'json', 'md'],
  ).action(run<CommonFlags>(async () => (await import('./commands/inspect.js')).inspectCommand));

  addOutputOptions(
    addInputOptions(
      command('validate', 'Check pipeline data for CI: every finding with file, row, column and rule; an integrity score. Exit 1 on errors.')
        .argument('[files...]', 'deal files (CSV, YAML or JSON; - or none for piped stdin)'),
    )
      .option('--history <file>', 'stage history (deal_id, stage, entered) for the stalled rule')
      .option('--strict', 'exit 1 on warnings too')
      .option('--max-findings <n>', 'list at most this many findings (all are counted)', (text) => Number.parseInt(text, 10), 1000),
    ['table', 'json', 'csv', 'md'],
  ).action(run<CommonFlags>(async () => (await import('./commands/validate.js')).validateCommand));

  // Analysis commands are registered by their own modules' option sets.
  void addAnalysisOptions;
  return program;
}
