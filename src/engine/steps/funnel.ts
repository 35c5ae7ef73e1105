/** Funnel conversion and time in stage (METRICS.md "Stage conversion") as a step. */
import type { DayNumber, Deal } from '../../model/types.js';
import { groupedFold, type Fold, type GroupedResult } from '../../metrics/fold.js';
import { Grouping } from '../dealRun.js';
import { funnelFold, type FunnelResult } from '../../metrics/funnel.js';
import { inScope, type Scope } from '../../metrics/scope.js';
import { heldHistoryRows, historyLookupOf, type StageInput } from '../stageInput.js';
import { windowLeavesOut, type Step } from '../step.js';

export interface FunnelStepOptions {
  readonly scope: Scope;
  readonly asOf: DayNumber;
  readonly minSample: number;
  readonly stage: StageInput;
  /** `--by`: a funnel per group too (team, segment...); absent or empty: the total only. */
  readonly by?: readonly string[] | undefined;
}

export interface FunnelStepResult {
  readonly funnel: FunnelResult;
  /** With `--by`: the funnel of each group, in group order. */
  readonly groups?: readonly { readonly key: Readonly<Record<string, string>>; readonly funnel: FunnelResult }[];
  /** Wide "Date entered" cells that are not dates, left out. */
  readonly unreadableDates: number;
}

export function funnelStep(options: FunnelStepOptions): Step<FunnelStepResult> {
  let unreadableDates = 0;
  const history = historyLookupOf(options.stage, () => (unreadableDates += 1));
  const single = funnelFold({ stageOrder: options.stage.stageOrder, asOf: options.asOf, minSample: options.minSample, historyByDeal: history });
  const grouping = new Grouping(options.by ?? []);
  // With --by, one funnel state per group beside the total (memory: groups x stages).
  const fold = grouping.names.length === 0 ? null : groupedFold(single, grouping.names, grouping.keyOf);
  return fold === null ? stepOf(single, null, options, () => unreadableDates, (count) => (unreadableDates += count)) : stepOf(fold, grouping, options, () => unreadableDates, (count) => (unreadableDates += count));
}

function stepOf<State, Result extends FunnelResult | GroupedResult<FunnelResult>>(
  fold: Fold<Deal, State, Result>,
  grouping: Grouping | null,
  options: FunnelStepOptions,
  unreadable: () => number,
  addUnreadable: (count: number) => void,
): Step<FunnelStepResult> {
  let state = fold.init();
  return {
    money: true,
    windowScope: options.scope,
    sharedEntries: heldHistoryRows(options.stage),
    groupings: grouping === null ? [] : [grouping],
    accept: (deal) => inScope(deal, options.scope),
    leavesOut: windowLeavesOut(options.scope),
    add: (deal) => {
      state = fold.add(state, deal);
    },
    state: () => ({ state, unreadableDates: unreadable() }),
    merge: (other) => {
      const part = other as { state: State; unreadableDates: number };
      state = fold.merge(state, part.state);
      addUnreadable(part.unreadableDates);
    },
    result: () => {
      const result = fold.finish(state);
      if (grouping === null) return { funnel: result as FunnelResult, unreadableDates: unreadable() };
      const grouped = result as GroupedResult<FunnelResult>;
      return { funnel: grouped.total, groups: grouped.groups.map((group) => ({ key: group.key, funnel: group.result })), unreadableDates: unreadable() };
    },
  };
}
