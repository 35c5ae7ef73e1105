/**
 * `dealmath coverage FILE... (--target T | --reps FILE)`: is there enough pipeline to make the
 * number, per rep (each with their own win rate) and for the team.
 */
import { explicitWindow, parsePeriod, periodContaining, type Window } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import type { DayNumber } from '../../model/types.js';
import { readReps } from '../../io/readReps.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { coverageAnalyzer } from '../analyzers/coverage.js';
import { emit } from '../emit.js';
import { flagsForWorkers, stalledCheckFor, type StalledAverages } from '../stageInput.js';

export interface CoverageFlags extends CommonFlags {
  target?: number;
  reps?: string;
  prospectRate?: number;
  history?: string;
  /** Not an option: the stalled rule's averages, measured once and handed to worker threads. */
  stalledAverages?: StalledAverages;
}

/** The target period: --period, else the (fiscal) quarter containing the as-of date. */
function targetPeriod(text: string | undefined, asOf: DayNumber, fiscalYearStartMonth: number): Window {
  if (text === undefined) return periodContaining(asOf, 'quarter', fiscalYearStartMonth);
  const period = parsePeriod(text, asOf, fiscalYearStartMonth);
  if (period === null) throw new DealmathError('usage', `--period "${text}" is not a period; expected 2026-Q4, 2026-11, 2026, this-quarter...`);
  return period;
}

/** The command's analysis and analyzer; worker threads rebuild them from the same flags (parallel.ts). */
export async function buildAnalyzers(files: string[], flags: CoverageFlags, terminal: Terminal) {
  if ((flags.target === undefined) === (flags.reps === undefined)) {
    throw new DealmathError('usage', 'give a target: --target AMOUNT for the team, or --reps FILE with a quota per rep (one of the two)');
  }
  // --period, --from and --to mean something else here: the target period and the rate window.
  const { period: _period, from: _from, to: _to, ...withoutWindow } = flags;
  const analysis = await prepareAnalysis(files, withoutWindow, terminal);
  const { config, asOf } = analysis;
  const period = targetPeriod(flags.period, asOf, config.fiscalYearStartMonth);
  const rateWindow = coverageRateWindow(period, flags.from, flags.to, asOf);
  const reps = flags.reps === undefined ? null : await readReps(flags.reps, { decimal: config.decimal ?? '.', delimiter: flags.delimiter });
  const stalled = flags.history === undefined ? undefined : await stalledCheckFor([flags.history], analysis.input, { asOf }, flags.delimiter, flags.stalledAverages);
  const analyzer = coverageAnalyzer(analysis, {
    period,
    rateWindow,
    targets: reps === null ? { kind: 'team', amount: flags.target as number } : { kind: 'reps', quotas: new Map(reps.map((rep) => [rep.owner, rep.quota])) },
    prospectRate: flags.prospectRate ?? config.prospectRate ?? null,
    stalled,
  });
  return { analysis, analyzers: [analyzer], analyzer, stalled };
}

export async function coverageCommand(files: string[], flags: CoverageFlags, terminal: Terminal): Promise<number> {
  const { analysis, analyzers, analyzer, stalled } = await buildAnalyzers(files, flags, terminal);
  const run = await runAnalyzers(analysis, analyzers, { command: 'coverage', files, flags: flagsForWorkers(flags, stalled), terminal });
  const output = analyzer.finish(run);
  // Deals outside the period and the rate window entered no figure: they count as filtered.
  const used = output.dealsUsed ?? run.rowsUsed;
  const accounted = { ...run, rowsUsed: used, rowsFiltered: run.rowsFiltered + (run.rowsUsed - used) };
  const json = { ...documentHeader('coverage', analysis, accounted, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Pipeline coverage', subtitle: subtitleLines(analysis, accounted), sections: output.sections }) }, flags, terminal);
  reportRunNotes('coverage', accounted, output.warnings, terminal);
  return EXIT_OK;
}

/** Rates come from --from/--to, else the 365 days before the target period starts (METRICS.md). */
export function coverageRateWindow(period: Window, from: DayNumber | undefined, to: DayNumber | undefined, asOf: DayNumber): Window {
  if (from === undefined && to === undefined) return { from: period.from - 365, to: period.from - 1, label: `365 days before ${period.label}` };
  if (from === undefined) throw new DealmathError('usage', '--to needs --from as well');
  return explicitWindow(from, to ?? asOf);
}
