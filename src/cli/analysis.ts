/**
 * What every analysis command does before and after its metric: resolve the shared options,
 * read the deals through the scope, and build the common JSON header and notes.
 */
import { formatCount } from '../model/groupedDigits.js';
import type { NamedPeriod, Window } from '../model/calendar.js';
import type { Config } from '../model/config.js';
import type { DayNumber } from '../model/types.js';
import type { Scope } from '../metrics/scope.js';
import { loadConfig, type LoadedConfig } from '../io/loadConfig.js';
import { normalizeHeader } from '../model/mapping.js';
import { REP_DIMENSIONS, repDimensionsOf, type RepDimensions } from '../model/repDimensions.js';
import {
  asOfDay,
  maxRejectedOf,
  parseMapFlags,
  withInputFlags,
  parseWhere,
  resolveWindow,
  scopeOf,
  type CommonFlags,
  type Terminal,
} from './context.js';
import { encodingNotes, rowSummaryLine, type DealRun } from '../engine/dealRun.js';
import type { InputPlan } from '../engine/plan.js';
import { Progress } from '../engine/progress.js';
import type { RunEnvironment } from '../engine/run.js';
import { inputFiles } from './inputFiles.js';
import { generatedAt } from '../report/document.js';
import { SideInputs } from './sideInputs.js';

export interface Analysis {
  readonly config: Config;
  readonly configFile: string | null;
  readonly asOf: DayNumber;
  readonly window: Window | null;
  readonly period: NamedPeriod | null;
  readonly scope: Scope;
  /** The --by dimensions, as given. */
  readonly by: readonly string[];
  readonly minSample: number;
  readonly input: InputPlan;
  /** When the documents of this run are made (SOURCE_DATE_EPOCH or the terminal's clock). */
  readonly generatedAt: Date;
  /** The files the run reads besides its deals, read through here so that its document lists them. */
  readonly inputs: SideInputs;
}

/** `loaded`: a config the command has already read (the report reads it first for its inputs). */
export async function prepareAnalysis(files: readonly string[], flags: CommonFlags, terminal: Terminal, loaded?: LoadedConfig): Promise<Analysis> {
  const { config: fileConfig, file: configFile } = loaded ?? (await loadConfig(flags.config, terminal.cwd));
  const config = withInputFlags(fileConfig, flags);
  const asOf = asOfDay(flags, terminal);
  const { window, period } = resolveWindow(flags, asOf, config);
  const where = parseWhere(flags.where);
  const inputs = new SideInputs({ decimal: config.decimal ?? '.', delimiter: flags.delimiter });
  const input: InputPlan = {
    files: inputFiles(files, terminal),
    config,
    preset: flags.preset,
    map: parseMapFlags(flags.map),
    delimiter: flags.delimiter,
    sheet: flags.sheet,
    where,
    asOf,
    maxRejected: maxRejectedOf(flags, config),
    repDimensions: await repDimensionsFor(flags.reps, [...(flags.by ?? []), ...where.map((clause) => clause.dimension)], inputs),
  };
  return {
    config,
    configFile,
    asOf,
    window,
    period,
    scope: scopeOf(flags, asOf, window),
    by: flags.by ?? [],
    minSample: flags.minSample ?? config.thresholds.minSample,
    input,
    generatedAt: generatedAt(terminal.env, terminal.now),
    inputs,
  };
}

/**
 * The reps file's team and manager as dimensions of the deals, when `--by` or `--where` names one
 * of them and `--reps` is given (null otherwise: the deals are read as they are).
 */
async function repDimensionsFor(reps: string | undefined, dimensions: readonly string[], inputs: SideInputs): Promise<RepDimensions | null> {
  if (reps === undefined || !dimensions.some((name) => (REP_DIMENSIONS as readonly string[]).includes(normalizeHeader(name)))) return null;
  return repDimensionsOf(await inputs.reps(reps));
}

/**
 * winrate, velocity and funnel read a reps file only for its team and manager. Given without a
 * --by or --where on either, it is not opened: say so, rather than leave the user thinking it
 * was used (or that a mistyped path was found).
 */
export function noteUnusedReps(command: string, reps: string | undefined, analysis: Analysis, terminal: Terminal): void {
  if (reps === undefined || analysis.input.repDimensions != null) return;
  terminal.stderr.write(`dealmath ${command}: --reps ${reps} was not read: ${command} uses a reps file only for --by team|manager or --where team=...|manager=...\n`);
}

/** Where a command's run happens: its environment, a progress line on a terminal, debug lines on stderr. */
export function runEnvironment(terminal: Terminal): RunEnvironment {
  return {
    env: terminal.env,
    progress: (parts) => new Progress(terminal.stderr, terminal.stderrIsTTY, parts),
    debug: (line) => terminal.stderr.write(`${line}\n`),
  };
}

/** Writes the stderr notes of a run: rejected rows, footers, and the command's warnings. */
export function reportRunNotes(command: string, run: DealRun, warnings: readonly string[], terminal: Terminal): void {
  for (const note of encodingNotes(run)) terminal.stderr.write(`dealmath ${command}: ${note}\n`);
  const summary = rowSummaryLine(run);
  if (summary !== null) terminal.stderr.write(`dealmath ${command}: ${summary}\n`);
  const unclear = run.findingCounts.get('unclear-stage') ?? 0;
  if (unclear > 0) {
    // Two causes share the rule: a stage that looks closed, and an open stage at a CRM probability
    // of 100% or 0% past its close date (dealReader.ts). Either is settled in the config.
    terminal.stderr.write(
      `dealmath ${command}: ${unclear} deal${unclear === 1 ? ' looks' : 's look'} closed but ${unclear === 1 ? 'is' : 'are'} counted as open (a stage that looks closed, or a CRM probability of 100% or 0% past the close date, with a stage that is no won or lost label); run "dealmath validate" for the list, then name a closed stage under won: or lost: in the config, or list the open stages under stages:\n`,
    );
  }
  const conflicts = run.findingCounts.get('status-stage-conflict') ?? 0;
  if (conflicts > 0) {
    terminal.stderr.write(`dealmath ${command}: ${formatCount(conflicts)} deal${conflicts === 1 ? ' has a won or lost stage that its' : 's have won or lost stages that their'} status column or IsWon/IsClosed flags contradict, counted by the status; run "dealmath validate" for the list\n`);
  }
  for (const warning of [...(run.warnings ?? []), ...warnings]) terminal.stderr.write(`dealmath ${command}: ${warning}\n`);
}
