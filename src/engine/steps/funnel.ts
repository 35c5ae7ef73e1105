/** Funnel conversion and time in stage (METRICS.md "Stage conversion") as a step. */
import type { DayNumber } from '../../model/types.js';
import { funnelFold, type FunnelResult } from '../../metrics/funnel.js';
import { inScope, type Scope } from '../../metrics/scope.js';
import { historyLookupOf, type StageInput } from '../stageInput.js';
import type { Step } from '../step.js';

export interface FunnelStepOptions {
  readonly scope: Scope;
  readonly asOf: DayNumber;
  readonly minSample: number;
  readonly stage: StageInput;
}

export interface FunnelStepResult {
  readonly funnel: FunnelResult;
  /** Wide "Date entered" cells that are not dates, left out. */
  readonly unreadableDates: number;
}

export function funnelStep(options: FunnelStepOptions): Step<FunnelStepResult> {
  let unreadableDates = 0;
  const history = historyLookupOf(options.stage, () => (unreadableDates += 1));
  const fold = funnelFold({ stageOrder: options.stage.stageOrder, asOf: options.asOf, minSample: options.minSample, historyByDeal: history });
  let state = fold.init();
  return {
    money: true,
    windowScope: options.scope,
    groupings: [],
    accept: (deal) => inScope(deal, options.scope),
    add: (deal) => {
      state = fold.add(state, deal);
    },
    state: () => ({ state, unreadableDates }),
    merge: (other) => {
      const part = other as { state: typeof state; unreadableDates: number };
      state = fold.merge(state, part.state);
      unreadableDates += part.unreadableDates;
    },
    result: () => ({ funnel: fold.finish(state), unreadableDates }),
  };
}
