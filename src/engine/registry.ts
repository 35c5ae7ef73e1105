/**
 * Every step by name: how a plan's `{ metric, options }` becomes a fold, on the main thread and
 * in worker threads alike. Adding a metric to the engine is one entry here.
 */
import type { InputPlan } from './plan.js';
import type { Step } from './step.js';
import { accountActivityStep } from './steps/accountActivity.js';
import { accountRevenueStep } from './steps/accountRevenue.js';
import { coverageStep } from './steps/coverage.js';
import { forecastStep } from './steps/forecast.js';
import { funnelStep } from './steps/funnel.js';
import { integrityStep } from './steps/integrity.js';
import { paretoStep } from './steps/pareto.js';
import { periodRevenueStep } from './steps/periodRevenue.js';
import { pipelineAtStep } from './steps/pipelineAt.js';
import { scorecardStep } from './steps/scorecard.js';
import { velocityStep } from './steps/velocity.js';
import { coverageTrendStep, velocityTrendStep, winRateTrendStep } from './steps/trend.js';
import { winRateStep } from './steps/winRate.js';

export const STEPS = {
  winrate: winRateStep,
  velocity: velocityStep,
  pareto: paretoStep,
  scorecard: scorecardStep,
  coverage: coverageStep,
  integrity: integrityStep,
  funnel: funnelStep,
  accountRevenue: accountRevenueStep,
  pipelineAt: pipelineAtStep,
  forecast: forecastStep,
  accountActivity: accountActivityStep,
  periodRevenue: periodRevenueStep,
  winrateTrend: winRateTrendStep,
  velocityTrend: velocityTrendStep,
  coverageTrend: coverageTrendStep,
} as const;

export type StepName = keyof typeof STEPS;
export type StepOptions<Name extends StepName> = Parameters<(typeof STEPS)[Name]>[0];
export type StepResult<Name extends StepName> = ReturnType<(typeof STEPS)[Name]> extends Step<infer Result> ? Result : never;

/** One metric to fold the deals into, with its options (plain data). */
export type PlanStep = { readonly [Name in StepName]: { readonly metric: Name; readonly options: StepOptions<Name> } }[StepName];

/**
 * A run plan is plain data: what to read and which metrics to fold it into. The command line
 * builds one from its flags; the library builds one by hand; worker threads receive it by
 * structured clone and rebuild the same folds from this registry.
 */
export interface RunPlan {
  readonly input: InputPlan;
  readonly steps: readonly PlanStep[];
}

export function buildStep(step: { readonly metric: StepName; readonly options: unknown }): Step {
  const create = STEPS[step.metric] as (options: unknown) => Step;
  return create(step.options);
}
