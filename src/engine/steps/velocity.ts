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
  /** A third, read the same way: the report's whole previous period beside the period to date. */
  readonly wholeScope?: Scope | null;
  readonly by: readonly string[];
}

export interface VelocityStepResult {
  readonly result: GroupedResult<VelocityResult>;
  readonly compared: GroupedResult<VelocityResult> | null;
  /** Of wholeScope, when given. */
  readonly whole?: GroupedResult<VelocityResult> | null;
}

/**
 * How a deal looked at a past day: one closed after it was still open then (for the compare
 * window's N). Made only for a deal inScopeAsAt has let in, since it copies the deal.
 */
function asAt(deal: Deal, day: number): Deal {
  return deal.status !== 'open' && deal.close !== null && deal.close > day ? { ...deal, status: 'open' } : deal;
}

/** A past window's fold and state, fed each deal as it stood at the window's as-of date. */
interface PastWindow {
  readonly scope: Scope;
  readonly fold: ReturnType<typeof pastFold>;
  state: ReturnType<ReturnType<typeof pastFold>['init']>;
}

function pastFold(scope: Scope, n: 'open' | 'closed', grouping: Grouping) {
  return groupedFold(velocityFold({ scope, n }), grouping.names, grouping.keyOf);
}

export function velocityStep(options: VelocityStepOptions): Step<VelocityStepResult> {
  const { scope, compareScope } = options;
  const wholeScope = options.wholeScope ?? null;
  const grouping = new Grouping(options.by);
  const fold = groupedFold(velocityFold({ scope, n: options.n }), grouping.names, grouping.keyOf);
  let state = fold.init();
  const pastOf = (past: Scope | null): PastWindow | null => {
    if (past === null) return null;
    const made = pastFold(past, options.n, grouping);
    return { scope: past, fold: made, state: made.init() };
  };
  const compare = pastOf(compareScope);
  const whole = pastOf(wholeScope);
  const pasts = [compare, whole].filter((past): past is PastWindow => past !== null);
  return {
    money: true,
    windowScope: scope,
    groupings: [grouping],
    accept: (deal) => {
      if (inScope(deal, scope)) return true;
      for (const past of pasts) if (inScopeAsAt(deal, past.scope)) return true;
      return false;
    },
    leavesOut: compareScope === null || compareScope.window === null || scope.window === null ? windowLeavesOut(scope) : `outside the windows ${scope.window.label} and ${compareScope.window.label}`,
    add: (deal) => {
      if (inScope(deal, scope)) state = fold.add(state, deal);
      for (const past of pasts) if (inScopeAsAt(deal, past.scope)) past.state = past.fold.add(past.state, asAt(deal, past.scope.asOf));
    },
    packsState: fold.pack !== undefined,
    state: () => ({ state: handedState(fold, state), pasts: pasts.map((past) => handedState(past.fold, past.state)) }),
    merge: (other) => {
      const part = other as { state: unknown; pasts: unknown[] };
      state = mergedState(fold, state, part.state);
      pasts.forEach((past, index) => {
        past.state = mergedState(past.fold, past.state, part.pasts[index]);
      });
    },
    result: () => ({
      result: fold.finish(state),
      compared: compare === null ? null : compare.fold.finish(compare.state),
      ...(whole === null ? {} : { whole: whole.fold.finish(whole.state) }),
    }),
  };
}
