/** Win rates per group and in total (METRICS.md "Win rates") as a step. */
import { groupedFold, type GroupedResult } from '../../metrics/fold.js';
import { inScope, type Scope } from '../../metrics/scope.js';
import { winRateFold, type OpenPolicy, type WinRateResult } from '../../metrics/winRate.js';
import { Grouping } from '../dealRun.js';
import { foldStep, windowLeavesOut, type Step } from '../step.js';

export interface WinRateStepOptions {
  readonly scope: Scope;
  readonly open: OpenPolicy;
  readonly minSample: number;
  readonly by: readonly string[];
}

export function winRateStep(options: WinRateStepOptions): Step<GroupedResult<WinRateResult>> {
  const grouping = new Grouping(options.by);
  const fold = groupedFold(winRateFold({ scope: options.scope, open: options.open, minSample: options.minSample }), grouping.names, grouping.keyOf);
  return foldStep(fold, { money: true, windowScope: options.scope, groupings: [grouping], accept: (deal) => inScope(deal, options.scope), leavesOut: windowLeavesOut(options.scope) });
}
