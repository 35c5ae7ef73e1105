/**
 * What every analysis command does before and after its metric: resolve the shared options,
 * read the deals through the scope, and build the common JSON header and notes.
 */
import { formatDay, type NamedPeriod, type Window } from '../model/calendar.js';
import type { Config } from '../model/config.js';
import { DealmathError } from '../model/errors.js';
import type { ColumnMapping } from '../model/mapping.js';
import type { DayNumber, DealField } from '../model/types.js';
import type { Scope } from '../metrics/scope.js';
import { loadConfig, type LoadedConfig } from '../io/loadConfig.js';
import { SCHEMA_VERSION } from '../report/renderers/json.js';
import {
  asOfDay,
  maxRejectedOf,
  parseMapFlags,
  withInputFlags,
  type MaxRejected,
  parseWhere,
  resolveWindow,
  scopeOf,
  type CommonFlags,
  type Terminal,
} from './context.js';
import { Grouping, encodingNotes, footerRowsOf, rowSummaryLine, type DealInput, type DealRun } from './dealInput.js';
import { inputFiles } from './inputFiles.js';
import { Progress } from './progress.js';

export interface Analysis {
  readonly config: Config;
  readonly configFile: string | null;
  readonly asOf: DayNumber;
  readonly window: Window | null;
  readonly period: NamedPeriod | null;
  readonly scope: Scope;
  readonly grouping: Grouping;
  readonly minSample: number;
  readonly input: DealInput;
  /** --max-rejected (or the config's maxRejected): more rejected rows than this refuse the run. */
  readonly maxRejected: MaxRejected | null;
}

/** `loaded`: a config the command has already read (the report reads it first for its inputs). */
export async function prepareAnalysis(files: readonly string[], flags: CommonFlags, terminal: Terminal, loaded?: LoadedConfig): Promise<Analysis> {
  const { config: fileConfig, file: configFile } = loaded ?? (await loadConfig(flags.config, terminal.cwd));
  const config = withInputFlags(fileConfig, flags);
  const asOf = asOfDay(flags, terminal);
  const { window, period } = resolveWindow(flags, asOf, config);
  const grouping = new Grouping(flags.by ?? []);
  const input: DealInput = {
    files: inputFiles(files, terminal),
    config,
    preset: flags.preset,
    map: parseMapFlags(flags.map),
    delimiter: flags.delimiter,
    sheet: flags.sheet,
    grouping,
    where: parseWhere(flags.where),
    progress: new Progress(terminal.stderr, terminal.stderrIsTTY),
    asOf,
  };
  return {
    config,
    configFile,
    asOf,
    window,
    period,
    scope: scopeOf(flags, asOf, window),
    grouping,
    minSample: flags.minSample ?? config.thresholds.minSample,
    input,
    maxRejected: maxRejectedOf(flags, config),
  };
}

/**
 * Refuses a window on a file that has no dates to place deals in it (METRICS.md "Validation":
 * a file with no dates is analysed without a window; asking it for one is an error).
 */
export function requireWindowDates(analysis: Pick<Analysis, 'window' | 'scope'>) {
  return (file: string, mapping: ColumnMapping): void => {
    if (analysis.window === null) return;
    const needed: readonly DealField[] = analysis.scope.basis === 'created' ? ['created'] : ['close', 'wonTime', 'lostTime'];
    if (!needed.some((field) => mapping.fields[field] !== undefined)) {
      throw new DealmathError(
        'usage',
        `a window (--from/--to/--period) needs ${analysis.scope.basis === 'created' ? 'a created' : 'a close'} date column, and this file has none; run without a window, or map one with --map ${needed[0]}=HEADER`,
        { file },
      );
    }
  };
}

export interface WindowJson {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly basis: Scope['basis'];
}

export function windowJson(scope: Scope): WindowJson | null {
  return scope.window === null ? null : { from: formatDay(scope.window.from), to: formatDay(scope.window.to), label: scope.window.label, basis: scope.basis };
}

/** The fields every analysis JSON document starts with (issue: schemaVersion ... warnings). */
export function documentHeader(command: string, analysis: Analysis, run: DealRun, warnings: readonly string[]) {
  return {
    schemaVersion: SCHEMA_VERSION,
    command,
    asOf: formatDay(analysis.asOf),
    window: windowJson(analysis.scope),
    rowsRead: run.rowsRead,
    rowsUsed: run.rowsUsed,
    rowsRejected: run.rowsRejected,
    rowsFiltered: run.rowsFiltered,
    footerRows: footerRowsOf(run),
    warnings,
  };
}

/** The subtitle lines of a table/Markdown document: as-of, window and row accounting. */
export function subtitleLines(analysis: Analysis, run: DealRun): string[] {
  const window = analysis.scope.window === null ? 'all deals (no window)' : `${analysis.scope.window.label} (${formatDay(analysis.scope.window.from)} to ${formatDay(analysis.scope.window.to)}, by ${analysis.scope.basis} date)`;
  return [
    `as of ${formatDay(analysis.asOf)}; window: ${window}`,
    `${run.rowsRead} rows read: ${run.rowsUsed} used, ${run.rowsRejected} rejected, ${run.rowsFiltered} filtered`,
  ];
}

/** Writes the stderr notes of a run: rejected rows, footers, and the command's warnings. */
export function reportRunNotes(command: string, run: DealRun, warnings: readonly string[], terminal: Terminal): void {
  for (const note of encodingNotes(run)) terminal.stderr.write(`dealmath ${command}: ${note}\n`);
  const summary = rowSummaryLine(run);
  if (summary !== null) terminal.stderr.write(`dealmath ${command}: ${summary}\n`);
  const unclear = run.findingCounts.get('unclear-stage') ?? 0;
  if (unclear > 0) {
    terminal.stderr.write(`dealmath ${command}: ${unclear} deal${unclear === 1 ? ' has a stage that looks' : 's have stages that look'} closed but ${unclear === 1 ? 'is' : 'are'} neither a won nor a lost label, counted as open; run "dealmath validate" for the list and name them under won: or lost: in the config\n`);
  }
  for (const warning of warnings) terminal.stderr.write(`dealmath ${command}: ${warning}\n`);
}
