/** Sales velocity (METRICS.md "Sales velocity") as a step, with a second window read in the same pass. */
import type { Deal } from '../../model/types.js';
import { groupedFold, type GroupedResult } from '../../metrics/fold.js';
import { inScope, inScopeAsAt, type Scope } from '../../metrics/scope.js';
import { velocityFold, type VelocityResult } from '../../metrics/velocity.js';
import { Grouping } from '../dealRun.js';
import { handedState, mergedState, windowLeavesOut, type Step } from '../step.js';

export interface VelocityStepOptions {
  readonly scope: Scope;
  readonly n: 'open' | 'closed';
  /** A second window read in the same pass, as of its own end (or the as-of date if earlier). */
  readonly compareScope: Scope | null;
  readonly by: readonly string[];
}

export interface VelocityStepResult {
  readonly result: GroupedResult<VelocityResult>;
  readonly compared: GroupedResult<VelocityResult> | null;
}

/**
 * How a deal looked at a past day: one closed after it was still open then (for the compare
 * window's N). Made only for a deal inScopeAsAt has let in, since it copies the deal.
 */
function asAt(deal: Deal, day: number): Deal {
  return deal.status !== 'open' && deal.close !== null && deal.close > day ? { ...deal, status: 'open' } : deal;
}

export function velocityStep(options: VelocityStepOptions): Step<VelocityStepResult> {
  const { scope, compareScope } = options;
  const grouping = new Grouping(options.by);
  const fold = groupedFold(velocityFold({ scope, n: options.n }), grouping.names, grouping.keyOf);
  const compareFold = compareScope === null ? null : groupedFold(velocityFold({ scope: compareScope, n: options.n }), grouping.names, grouping.keyOf);
  let state = fold.init();
  let compareState = compareFold?.init() ?? null;
  return {
    money: true,
    windowScope: scope,
    groupings: [grouping],
    accept: (deal) => inScope(deal, scope) || (compareScope !== null && inScopeAsAt(deal, compareScope)),
    leavesOut: compareScope === null || compareScope.window === null || scope.window === null ? windowLeavesOut(scope) : `outside the windows ${scope.window.label} and ${compareScope.window.label}`,
    add: (deal) => {
      if (inScope(deal, scope)) state = fold.add(state, deal);
      if (compareFold !== null && compareState !== null && compareScope !== null && inScopeAsAt(deal, compareScope)) compareState = compareFold.add(compareState, asAt(deal, compareScope.asOf));
    },
    packsState: fold.pack !== undefined,
    state: () => ({ state: handedState(fold, state), compareState: compareFold === null || compareState === null ? null : handedState(compareFold, compareState) }),
    merge: (other) => {
      const part = other as { state: unknown; compareState: unknown };
      state = mergedState(fold, state, part.state);
      if (compareFold !== null && compareState !== null && part.compareState !== null) compareState = mergedState(compareFold, compareState, part.compareState);
    },
    result: () => ({ result: fold.finish(state), compared: compareFold === null || compareState === null ? null : compareFold.finish(compareState) }),
  };
}
