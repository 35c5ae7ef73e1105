/**
 * Runs a plan: every step folded over one stream of the input's deals, in one pass or, for a
 * large CSV file, in parts read by worker threads and merged in file order (parts.ts). Then the
 * run is refused when it has no answer (no usable row, too many rejected, mixed currencies in
 * a sum) and each step's result is returned as data.
 */
import { ownersWithoutRepWarning, refuseUnusable, refuseWithoutAmounts, requireSingleCurrency, runDeals, type DealRun, type RunEnvironment } from './dealRun.js';

export type { RunEnvironment } from './dealRun.js';
import { buildStep, type PlanStep, type RunPlan, type StepResult } from './registry.js';
import { runInParts } from './parts.js';
import { stepHandlers, type Step } from './step.js';

export type StepResults<Steps extends readonly PlanStep[]> = { -readonly [Index in keyof Steps]: StepResult<Steps[Index]['metric']> };

export interface PlanRun<Steps extends readonly PlanStep[]> {
  readonly run: DealRun;
  readonly results: StepResults<Steps>;
}

export async function runPlan<const Steps extends readonly PlanStep[]>(plan: RunPlan & { readonly steps: Steps }, given: RunEnvironment = { env: {} }): Promise<PlanRun<Steps>> {
  // A library caller from JavaScript may pass {}: no variable set, as when none is given.
  const environment: RunEnvironment = { ...given, env: (given as Partial<RunEnvironment>).env ?? {} };
  const read = (await runInParts(plan, environment)) ?? (await runOnePass(plan, environment));
  const { steps } = read;
  const repWarning = ownersWithoutRepWarning(read.run, plan.input.repDimensions);
  const run = repWarning === null ? read.run : { ...read.run, warnings: [...(read.run.warnings ?? []), repWarning] };
  // No usable row, or more rejected than --max-rejected: no answer (exit 1), never a report of zeros.
  refuseUnusable(run, plan.input.maxRejected ?? null);
  if (steps.some((step) => step.amountsOnly === true)) refuseWithoutAmounts(run);
  if (steps.some((step) => step.money)) requireSingleCurrency(run, plan.input.config);
  return { run, results: steps.map((step) => step.result(run)) as StepResults<Steps> };
}

async function runOnePass(plan: RunPlan, environment: RunEnvironment): Promise<{ run: DealRun; steps: Step[] }> {
  const steps = plan.steps.map(buildStep);
  return { run: await runDeals({ ...plan.input, progress: environment.progress?.(1) }, stepHandlers(steps)), steps };
}
