/**
 * `dealmath forecast FILE... [--reps FILE] [--history FILE]`: for the period containing the as-of
 * date, the category roll-up, weighted pipeline, expected bookings and outcome distribution, per
 * rep or team and in total, each against quota.
 */
import { EXIT_OK } from '../../model/errors.js';
import { DEFAULT_SEED } from '../../metrics/random.js';
import type { WeightMethod } from '../../metrics/weightedPipeline.js';
import { readReps } from '../../io/readReps.js';
import { finishForecast, type ForecastBy } from '../../metrics/forecast.js';
import type { FunnelResult } from '../../metrics/funnel.js';
import { runPlan } from '../../engine/run.js';
import { loadStageInput } from '../../engine/stageInput.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import { forecastOptions, forecastOutput } from '../../report/sections/forecast.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import { targetPeriod } from '../periodOptions.js';

export interface ForecastFlags extends Omit<CommonFlags, 'by'> {
  by?: ForecastBy;
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
  const period = targetPeriod(periodText, asOf, config.fiscalYearStartMonth);
  const reps = flags.reps === undefined ? null : await readReps(flags.reps, { decimal: config.decimal ?? '.', delimiter: flags.delimiter });
  const forecastStep = { metric: 'forecast', options: { asOf, period, categories: config.forecastCategories } } as const;
  // With --history, stage conversion (the history weights) comes from a funnel over every deal, in the same pass.
  const stage = flags.history === undefined ? null : await loadStageInput(flags.history, config, { delimiter: flags.delimiter });
  const funnelStep = stage === null ? null : ({ metric: 'funnel', options: { scope: analysis.scope, asOf, minSample: analysis.minSample, stage } } as const);
  const { run, results } = await runPlan({ input: analysis.input, steps: funnelStep === null ? [forecastStep] : [forecastStep, funnelStep] }, runEnvironment(terminal));
  const funnel = funnelStep === null ? null : (results[1] as { funnel: FunnelResult }).funnel;
  const by = flags.by ?? 'owner';
  const forecast = finishForecast(results[0], forecastOptions({ by, reps, funnel, weights: flags.weights ?? null, runs: flags.runs ?? 10_000, seed: flags.seed ?? DEFAULT_SEED }));
  const output = forecastOutput(forecast, period, by);
  // Deals outside the forecast entered no figure: filtered (with --history every deal feeds stage conversion).
  const accounted = funnel !== null ? run : { ...run, rowsUsed: forecast.dealsUsed, rowsFiltered: run.rowsFiltered + (run.rowsUsed - forecast.dealsUsed) };
  const json = { ...documentHeader('forecast', analysis, accounted, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Forecast', subtitle: subtitleLines(analysis, accounted), sections: output.sections }) }, common, terminal);
  reportRunNotes('forecast', accounted, output.warnings, terminal);
  return EXIT_OK;
}
