/**
 * `dealmath forecast FILE... [--reps FILE] [--history FILE] [--snapshot ...]`: for the period
 * containing the as-of date, the category roll-up, weighted pipeline, expected bookings and
 * outcome distribution, per rep or team and in total, each against quota; past snapshots add the
 * category weights and the in-period close share. `--backtest SNAPSHOT...`: forecast accuracy.
 */
import { EXIT_OK } from '../../model/errors.js';
import { DEFAULT_SEED } from '../../metrics/random.js';
import type { WeightMethod } from '../../metrics/weightedPipeline.js';
import { readReps } from '../../io/readReps.js';
import { finishForecast, forecastGroupOf, type ForecastBy } from '../../metrics/forecast.js';
import { snapshotSpecsOf } from '../../io/readSnapshots.js';
import { runForecastSnapshots } from '../../engine/forecastSnapshots.js';
import { backtestOutput, snapshotDocument } from '../../report/sections/forecastAccuracy.js';
import type { BacktestResult } from '../../metrics/backtest.js';
import type { ForecastSnapshotsRun } from '../../engine/forecastSnapshots.js';
import type { FunnelResult } from '../../metrics/funnel.js';
import { runPlan } from '../../engine/run.js';
import { loadStageInput } from '../../engine/stageInput.js';
import { documentHeader, subtitleLines } from '../../report/document.js';
import { forecastOptions, forecastOutput } from '../../report/sections/forecast.js';
import { prepareAnalysis, reportRunNotes, runEnvironment, type Analysis } from '../analysis.js';
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
  snapshot?: string[];
  backtest?: boolean;
}

export async function forecastCommand(files: string[], flags: ForecastFlags, terminal: Terminal): Promise<number> {
  // --period names the forecast period here, not a window: stage conversion uses every closed deal.
  const { period: periodText, by: _by, ...common } = flags;
  // With --backtest the arguments are the snapshots; else past snapshots come with --snapshot.
  const specs = flags.backtest === true ? snapshotSpecsOf(flags.snapshot ?? [], files) : flags.snapshot === undefined ? null : snapshotSpecsOf(flags.snapshot);
  const analysis = await prepareAnalysis(flags.backtest === true ? (specs ?? []).map((spec) => spec.file) : files, common, terminal);
  const { config, asOf } = analysis;
  const period = targetPeriod(periodText, asOf, config.fiscalYearStartMonth);
  const reps = flags.reps === undefined ? null : await readReps(flags.reps, { decimal: config.decimal ?? '.', delimiter: flags.delimiter });
  const by = flags.by ?? 'owner';
  const backtest = flags.backtest === true ? { groupOf: forecastGroupOf(by, reps), runs: flags.runs ?? 10_000, seed: flags.seed ?? DEFAULT_SEED } : null;
  const past = specs === null ? null : await runForecastSnapshots({ specs, input: analysis.input, where: analysis.input.where, asOf, unit: period.unit, backtest });
  if (past?.accuracy != null) return emitBacktest(past, analysis, by, common, terminal);
  const forecastStep = { metric: 'forecast', options: { asOf, period, categories: config.forecastCategories } } as const;
  // With --history, stage conversion (the history weights) comes from a funnel over every deal, in the same pass.
  const stage = flags.history === undefined ? null : await loadStageInput(flags.history, config, { delimiter: flags.delimiter });
  const funnelStep = stage === null ? null : ({ metric: 'funnel', options: { scope: analysis.scope, asOf, minSample: analysis.minSample, stage } } as const);
  const { run, results } = await runPlan({ input: analysis.input, steps: funnelStep === null ? [forecastStep] : [forecastStep, funnelStep] }, runEnvironment(terminal));
  const funnel = funnelStep === null ? null : (results[1] as { funnel: FunnelResult }).funnel;
  const forecast = finishForecast(results[0], forecastOptions({ by, reps, funnel, history: past?.history ?? null, weights: flags.weights ?? null, runs: flags.runs ?? 10_000, seed: flags.seed ?? DEFAULT_SEED }));
  const output = forecastOutput(forecast, period, by, past?.history ?? null);
  // Deals outside the forecast entered no figure: filtered (with --history every deal feeds stage conversion).
  const accounted = funnel !== null ? run : { ...run, rowsUsed: forecast.dealsUsed, rowsFiltered: run.rowsFiltered + (run.rowsUsed - forecast.dealsUsed) };
  const json = { ...documentHeader('forecast', analysis, accounted, output.warnings), ...output.json };
  await emit({ json, view: () => ({ title: 'Forecast', subtitle: subtitleLines(analysis, accounted), sections: output.sections }) }, common, terminal);
  reportRunNotes('forecast', accounted, output.warnings, terminal);
  return EXIT_OK;
}

async function emitBacktest(past: ForecastSnapshotsRun, analysis: Analysis, by: ForecastBy, flags: CommonFlags, terminal: Terminal): Promise<number> {
  const output = backtestOutput(past.accuracy as BacktestResult, past.history, by);
  const document = snapshotDocument('forecast', analysis, past.snapshots, output.warnings);
  await emit({ json: { ...document.json, ...output.json }, view: () => ({ title: 'Forecast accuracy', subtitle: document.subtitle, sections: output.sections }) }, flags, terminal);
  for (const warning of output.warnings) terminal.stderr.write(`dealmath forecast: ${warning}\n`);
  return EXIT_OK;
}
