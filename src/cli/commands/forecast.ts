/** `dealmath forecast FILE... [--reps FILE] [--history FILE] [--snapshot ...]`: the period's forecast
 * (report/forecastRun.ts), each against quota; `--backtest SNAPSHOT...`: forecast accuracy. */
import { EXIT_OK } from '../../model/errors.js';
import { DEFAULT_SEED } from '../../metrics/random.js';
import type { WeightMethod } from '../../metrics/weightedPipeline.js';
import type { ForecastBy } from '../../metrics/forecast.js';
import { snapshotSpecsOf } from '../../io/readSnapshots.js';
import { runForecastSnapshots } from '../../engine/forecastSnapshots.js';
import { snapshotsLeftOutWarning } from '../../report/sections/snapshotsLeftOut.js';
import { forecastDocument } from '../../report/sections/forecast.js';
import { runForecast } from '../../report/forecastRun.js';
import { prepareAnalysis, reportRunNotes, runEnvironment } from '../analysis.js';
import type { CommonFlags, Terminal } from '../context.js';
import { emit } from '../emit.js';
import { forecastBacktest } from '../forecastBacktest.js';
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
  const reps = flags.reps === undefined ? null : await analysis.inputs.reps(flags.reps);
  const by = flags.by ?? 'owner';
  const simulation = { runs: flags.runs ?? 10_000, seed: flags.seed ?? DEFAULT_SEED };
  if (flags.backtest === true) return forecastBacktest(specs ?? [], analysis, period.unit, { by, reps, ...simulation }, common, terminal);
  const past = specs === null ? null : await runForecastSnapshots({ specs, input: analysis.input, where: analysis.input.where, asOf, unit: period.unit, backtest: null });
  if (past !== null) await analysis.inputs.ledger.addSnapshots(past.snapshots);
  const choices = { by, reps, weights: flags.weights ?? null, ...simulation };
  const { run, forecast } = await runForecast({ ...analysis, period, historyPaths: flags.history ?? null, choices, history: past?.history ?? null, ledger: analysis.inputs.ledger }, runEnvironment(terminal));
  const document = forecastDocument(forecast, period, by, past?.history ?? null, analysis, run, past === null ? [] : snapshotsLeftOutWarning(asOf, past.leftOut));
  await emit(document, common, terminal);
  reportRunNotes('forecast', run, document.warnings, terminal);
  return EXIT_OK;
}
