/** Pipeline coverage per rep and for the team (METRICS.md "Pipeline coverage") as a step. */
import type { Window } from '../../model/calendar.js';
import type { DayNumber } from '../../model/types.js';
import { coverageFold, type CoverageGrouping, type CoverageResult, type CoverageTargets } from '../../metrics/coverage.js';
import { isCleanPipeline, type RuleContext } from '../../validate/rules.js';
import { heldHistoryRows, stalledCheckOf, type StalledInput } from '../stageInput.js';
import { foldStep, type Step } from '../step.js';

export interface CoverageStepOptions {
  readonly asOf: DayNumber;
  readonly period: Window;
  readonly rateWindow: Window;
  readonly minSample: number;
  readonly targets: CoverageTargets;
  readonly prospectRate: number | null;
  readonly staleDays: number;
  /** The stalled rule's input (a stage history), or null: clean pipeline then leaves out past-due and stale deals only. */
  readonly stalled: StalledInput | null;
  /** Rows per team or manager of the reps file (`--by team`), or rows per rep (absent or null). */
  readonly groupBy?: CoverageGrouping | null | undefined;
}

export function coverageStep(options: CoverageStepOptions): Step<CoverageResult> {
  const ruleContext: RuleContext = { asOf: options.asOf, staleDays: options.staleDays, columnOf: () => null, stalled: options.stalled === null ? undefined : stalledCheckOf(options.stalled, options.asOf) };
  const fold = coverageFold({
    asOf: options.asOf,
    period: options.period,
    rateWindow: options.rateWindow,
    minSample: options.minSample,
    targets: options.targets,
    prospectRate: options.prospectRate,
    isClean: (deal) => isCleanPipeline(deal, ruleContext),
    groupBy: options.groupBy ?? null,
  });
  // The fold picks what it uses (period, rate window, open snapshot); its result says how many.
  return foldStep(fold, { money: true, amountsOnly: true, windowScope: null, accept: () => true, sharedEntries: heldHistoryRows(options.stalled?.stage) });
}
