/**
 * `dealmath coverage FILE... (--target T | --reps FILE)`: is there enough pipeline to make the
 * number, per rep (each with their own win rate) and for the team.
 */
import { explicitWindow, parsePeriod, periodContaining, type Window } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import type { DayNumber } from '../../model/types.js';
import { readReps } from '../../io/readReps.js';
import { defaultRateWindow } from '../../metrics/coverage.js';
import { runPlan } from '../../engine/run.js';
import { stalledInputFor } from '../../engine/stageInput.js';
import { coverageOutput } from '../../report/sections/coverage.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';

export interface CoverageFlags extends CommonFlags {
  target?: number;
  reps?: string;
  prospectRate?: number;
  history?: string;
}

/** The target period: --period, else the (fiscal) quarter containing the as-of date. */
export function targetPeriod(text: string | undefined, asOf: DayNumber, fiscalYearStartMonth: number): Window {
  if (text === undefined) return periodContaining(asOf, 'quarter', fiscalYearStartMonth);
  const period = parsePeriod(text, asOf, fiscalYearStartMonth);
  if (period === null) throw new DealmathError('usage', `--period "${text}" is not a period; expected 2026-Q4, 2026-11, 2026, this-quarter...`);
  return period;
}

export async function coverageCommand(files: string[], flags: CoverageFlags, terminal: Terminal): Promise<number> {
  if ((flags.target === undefined) === (flags.reps === undefined)) {
    throw new DealmathError('usage', 'give a target: --target AMOUNT for the team, or --reps FILE with a quota per rep (one of the two)');
  }
  // --period, --from and --to mean something else here: the target period and the rate window.
  const { period: _period, from: _from, to: _to, ...withoutWindow } = flags;
  const analysis = await prepareAnalysis(files, withoutWindow, terminal);
  const { config, asOf } = analysis;
  const period = targetPeriod(flags.period, asOf, config.fiscalYearStartMonth);
  const reps = flags.reps === undefined ? null : await readReps(flags.reps, { decimal: config.decimal ?? '.', delimiter: flags.delimiter });
  const options = {
    asOf,
    period,
    rateWindow: coverageRateWindow(period, flags.from, flags.to, asOf),
    minSample: analysis.minSample,
    targets: reps === null ? { kind: 'team' as const, amount: flags.target as number } : { kind: 'reps' as const, quotas: new Map(reps.map((rep) => [rep.owner, rep.quota])) },
    prospectRate: flags.prospectRate ?? config.prospectRate ?? null,
    staleDays: config.thresholds.staleDays,
    stalled: flags.history === undefined ? null : await stalledInputFor([flags.history], analysis.input, asOf, flags.delimiter),
  };
  const { run, results: [result] } = await runPlan({ input: analysis.input, steps: [{ metric: 'coverage', options }] }, runEnvironment(terminal));
  const output = coverageOutput({ ...options, stalledUsed: options.stalled !== null }, result);
  // Deals outside the period and the rate window entered no figure: they count as filtered.
  const accounted = { ...run, rowsUsed: result.dealsUsed, rowsFiltered: run.rowsFiltered + (run.rowsUsed - result.dealsUsed) };
  const json = { ...documentHeader('coverage', analysis, accounted, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Pipeline coverage', subtitle: subtitleLines(analysis, accounted), sections: output.sections }) }, flags, terminal);
  reportRunNotes('coverage', accounted, output.warnings, terminal);
  return EXIT_OK;
}

/** Rates come from --from/--to, else the 365 days before the target period starts (METRICS.md). */
export function coverageRateWindow(period: Window, from: DayNumber | undefined, to: DayNumber | undefined, asOf: DayNumber): Window {
  if (from === undefined && to === undefined) return defaultRateWindow(period);
  if (from === undefined) throw new DealmathError('usage', '--to needs --from as well');
  return explicitWindow(from, to ?? asOf);
}
