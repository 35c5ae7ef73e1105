/**
 * The forecast as the `forecast` command runs it, for the library too: one pass over the deals
 * folds the forecast (and, with a stage history, the funnel whose stage conversion gives the
 * history weights), then the metric is finished with the choices and past snapshots given.
 */
import type { DayNumber } from '../model/types.js';
import type { NamedPeriod } from '../model/calendar.js';
import type { Config } from '../model/config.js';
import type { Scope } from '../metrics/scope.js';
import { finishForecast, type ForecastResult } from '../metrics/forecast.js';
import type { FunnelResult } from '../metrics/funnel.js';
import type { ForecastHistory } from '../metrics/forecastHistory.js';
import { refuseNoDealInScope, withUsed, type DealRun, type RunEnvironment } from '../engine/dealRun.js';
import type { InputPlan } from '../engine/plan.js';
import { runPlan } from '../engine/run.js';
import { loadStageInput } from '../engine/stageInput.js';
import type { InputLedger } from '../engine/provenance.js';
import { forecastOptions, type ForecastChoices } from './sections/forecast.js';

export interface ForecastRequest {
  readonly input: InputPlan;
  readonly config: Config;
  readonly asOf: DayNumber;
  readonly scope: Scope;
  readonly minSample: number;
  readonly period: NamedPeriod;
  /** Stage history files: the history weights (null: none). */
  readonly historyPaths: readonly string[] | null;
  readonly choices: Omit<ForecastChoices, 'funnel' | 'history'>;
  /** What past snapshots taught (forecast --snapshot), or null. */
  readonly history: ForecastHistory | null;
  /** Where the stage history files read are recorded (provenance); absent: not recorded. */
  readonly ledger?: InputLedger | undefined;
}

export interface ForecastRun {
  /** The run, its rows accounted as the forecast used them (deals outside it are filtered). */
  readonly run: DealRun;
  readonly forecast: ForecastResult;
}

/** `environment`: as runPlan's (DEALMATH_WORKERS...); absent, none of those is set. */
export async function runForecast(request: ForecastRequest, environment: RunEnvironment = { env: {} }): Promise<ForecastRun> {
  const { asOf, config } = request;
  // With a stage history, stage conversion comes from a funnel over every deal, in the same pass,
  // and an open deal's stage on the as-of date from the history.
  const stage = request.historyPaths === null ? null : await loadStageInput(request.historyPaths, config, { delimiter: request.input.delimiter });
  if (stage !== null) await request.ledger?.addHistory(stage);
  const forecastStep = { metric: 'forecast', options: { asOf, period: request.period, categories: config.forecastCategories, stage } } as const;
  const funnelStep = stage === null ? null : ({ metric: 'funnel', options: { scope: request.scope, asOf, minSample: request.minSample, stage } } as const);
  const { run, results } = await runPlan({ input: request.input, steps: funnelStep === null ? [forecastStep] : [forecastStep, funnelStep] }, environment);
  const funnel = funnelStep === null ? null : (results[1] as { funnel: FunnelResult }).funnel;
  const forecast = finishForecast(results[0], forecastOptions({ ...request.choices, funnel, history: request.history }));
  // Deals outside the forecast entered no figure: filtered (with a stage history every deal feeds stage conversion).
  const accounted = funnel !== null ? run : withUsed(run, forecast.dealsUsed, `neither won in ${request.period.label} to date nor open and expected to close in it`);
  refuseNoDealInScope(accounted);
  return { run: accounted, forecast };
}
