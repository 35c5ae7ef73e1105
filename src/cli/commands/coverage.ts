/**
 * `dealmath coverage FILE... (--target T | --reps FILE)`: is there enough pipeline to make the
 * number, per rep (each with their own win rate) and for the team.
 */
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import { repGroupingOf } from '../../model/repDimensions.js';
import { runPlan } from '../../engine/run.js';
import { refuseNoDealInScope, withUsed } from '../../engine/dealRun.js';
import { coverageOutput } from '../../report/sections/coverage.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import { coverageRateWindow, targetPeriod, trendOf, trendSteps } from '../periodOptions.js';
import { quotasOf } from '../../model/quotas.js';

export interface CoverageFlags extends Omit<CommonFlags, 'by'> {
  by?: string; // owner, team or manager: rows per rep or per group of reps
  target?: number;
  reps?: string;
  prospectRate?: number;
  history?: string;
  every?: 'week' | 'month' | 'quarter';
}

export async function coverageCommand(files: string[], flags: CoverageFlags, terminal: Terminal): Promise<number> {
  if ((flags.target === undefined) === (flags.reps === undefined)) {
    throw new DealmathError('usage', 'give a target: --target AMOUNT for the team, or --reps FILE with a quota per rep (one of the two)');
  }
  const { period: _period, from: _from, to: _to, by, ...withoutWindow } = flags; // here the target period and the rate window
  const analysis = await prepareAnalysis(files, withoutWindow, terminal);
  const { config, asOf } = analysis;
  const period = targetPeriod(flags.period, asOf, config.fiscalYearStartMonth);
  const reps = flags.reps === undefined ? null : await analysis.inputs.reps(flags.reps);
  const options = {
    asOf, period, groupBy: repGroupingOf(by, reps),
    rateWindow: coverageRateWindow(period, flags.from, flags.to, asOf), minSample: analysis.minSample,
    targets: reps === null ? { kind: 'team' as const, amount: flags.target as number } : { kind: 'reps' as const, quotas: quotasOf(reps) },
    prospectRate: flags.prospectRate ?? config.prospectRate ?? null, staleDays: config.thresholds.staleDays,
    stalled: flags.history === undefined ? null : await analysis.inputs.stalled([flags.history], analysis.input, asOf),
  };
  const trend = trendSteps('coverageTrend', flags.every, period, analysis, options);
  const { run, results: [result, series] } = await runPlan({ input: analysis.input, steps: [{ metric: 'coverage', options }, ...trend] }, runEnvironment(terminal));
  const output = coverageOutput({ ...options, stalledUsed: options.stalled !== null }, result, trendOf(flags.every, series));
  // Deals in no figure: filtered; none in any figure is no answer (exit 1), not a coverage of zero.
  const accounted = withUsed(run, result.dealsUsed, `neither won in ${period.label} to date, closed in the rate window, nor open and expected to close in ${period.label}`);
  refuseNoDealInScope(accounted);
  const json = { ...documentHeader('coverage', analysis, accounted, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Pipeline coverage', subtitle: subtitleLines(analysis, accounted), sections: output.sections }) }, withoutWindow, terminal);
  reportRunNotes('coverage', accounted, output.warnings, terminal);
  return EXIT_OK;
}
