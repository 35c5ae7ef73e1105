/**
 * `dealmath forecast FILE... [--reps FILE] [--history FILE]`: for the period containing the as-of
 * date, the category roll-up, weighted pipeline, expected bookings and outcome distribution, per
 * rep or team and in total, each against quota.
 */
import { parsePeriod, periodContaining } from '../../model/calendar.js';
import { DealmathError, EXIT_OK } from '../../model/errors.js';
import { DEFAULT_SEED } from '../../metrics/random.js';
import type { WeightMethod } from '../../metrics/weightedPipeline.js';
import { readReps } from '../../io/readReps.js';
import { documentHeader, prepareAnalysis, reportRunNotes, subtitleLines } from '../analysis.js';
import { runAnalyzers } from '../analyzers/analyzer.js';
import { forecastAnalyzer, forecastOptions } from '../analyzers/forecast.js';
import { funnelAnalyzer } from '../analyzers/funnel.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import { loadStageInput } from '../stageInput.js';

export interface ForecastFlags extends Omit<CommonFlags, 'by'> {
  by?: 'owner' | 'team';
  reps?: string;
  history?: string[];
  weights?: WeightMethod;
  runs?: number;
  seed?: number;
}

export async function forecastCommand(files: string[], flags: ForecastFlags, terminal: Terminal): Promise<number> {
  // --period names the forecast period here, not a window: stage conversion uses every closed deal.
  const { period: periodText, by: _by, ...common } = flags;
  const analysis = await prepareAnalysis(files, common, terminal);
  const { config, asOf } = analysis;
  const period = periodText === undefined ? periodContaining(asOf, 'quarter', config.fiscalYearStartMonth) : parsePeriod(periodText, asOf, config.fiscalYearStartMonth);
  if (period === null) throw new DealmathError('usage', `--period "${periodText ?? ''}" is not a period; expected 2026-Q4, 2026-11, 2026, this-quarter...`);
  const reps = flags.reps === undefined ? null : await readReps(flags.reps, { decimal: config.decimal ?? '.', delimiter: flags.delimiter });
  const funnel = flags.history === undefined ? null : funnelAnalyzer(analysis, await loadStageInput(flags.history, config, { delimiter: flags.delimiter }));
  const forecast = forecastAnalyzer(analysis, period, () =>
    forecastOptions({ by: flags.by ?? 'owner', reps, funnel: funnel?.result() ?? null, weights: flags.weights ?? null, runs: flags.runs ?? 10_000, seed: flags.seed ?? DEFAULT_SEED }),
  );
  const run = await runAnalyzers(analysis, funnel === null ? [forecast] : [forecast, funnel]);
  const output = forecast.finish(run);
  // Deals outside the forecast entered no figure: filtered (with --history every deal feeds stage conversion).
  const used = output.dealsUsed ?? run.rowsUsed;
  const accounted = funnel !== null ? run : { ...run, rowsUsed: used, rowsFiltered: run.rowsFiltered + (run.rowsUsed - used) };
  const json = { ...documentHeader('forecast', analysis, accounted, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Forecast', subtitle: subtitleLines(analysis, accounted), sections: output.sections }) }, common, terminal);
  reportRunNotes('forecast', accounted, output.warnings, terminal);
  return EXIT_OK;
}
