/**
 * `--out` checked before a command reads anything, for every command in one place: the file
 * name asks for a format the command can write, and the path is not a file the run reads.
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { DealmathError } from '../model/errors.js';
import { refuseOutputOverInputs } from '../io/writeOutput.js';
import { outputFormat, type CommonFlags, type Format, type Terminal } from './context.js';

/** The config read when --config is not given (io/loadConfig.ts CONFIG_FILE_NAME; not imported, to keep start-up light). */
const DEFAULT_CONFIG_FILE = 'dealmath.yaml';

/** An option whose value names what the run reads: `<file>`, `<snapshot>`, `<date=file>`. */
const INPUT_PLACEHOLDER = /<(?:[a-z]+=)?(?:file|snapshot)>/;

/**
 * Every file a command run with `files` and `flags` reads, as given: its arguments, the values of
 * its `<file>` options (`inputOptions`, by attribute name) and the config (the report adds the
 * files its config names).
 */
export function inputPathsOf(files: readonly string[], flags: Readonly<Record<string, unknown>>, inputOptions: readonly string[], cwd: string): string[] {
  const paths = [...files];
  for (const option of inputOptions) {
    const value = flags[option];
    if (typeof value === 'string') paths.push(value);
    else if (Array.isArray(value)) paths.push(...value.filter((item): item is string => typeof item === 'string'));
  }
  if (flags.config === undefined) paths.push(join(cwd, DEFAULT_CONFIG_FILE));
  return paths;
}

export async function checkOutputBeforeRun(files: readonly string[], flags: CommonFlags, command: Command, terminal: Terminal): Promise<void> {
  if (flags.out === undefined || flags.out === '-') return;
  const formats = command.options.find((option) => option.long === '--format')?.argChoices as Format[] | undefined;
  if (formats !== undefined) outputFormat(flags, formats);
  // --config, --reps, --history, --accounts, --deals, --snapshot, and any <file> option added later.
  const inputOptions = command.options.filter((option) => option.long !== '--out' && INPUT_PLACEHOLDER.test(option.flags)).map((option) => option.attributeName());
  // Given no file, the run reads standard input (inputFiles.ts): it may be redirected from the target.
  const read = files.length === 0 && !terminal.stdinIsTTY ? ['-'] : files;
  await refuseOutputOverInputs(flags.out, inputPathsOf(read, flags as Readonly<Record<string, unknown>>, inputOptions, terminal.cwd));
  // A file the run writes besides --out (inspect --write-config) would be written, then replaced.
  const written = (flags as { writeConfig?: unknown }).writeConfig;
  if (typeof written === 'string' && resolve(terminal.cwd, written) === resolve(terminal.cwd, flags.out)) {
    throw new DealmathError('usage', `--out ${flags.out}: is also the --write-config file; give them different names`);
  }
}
