/** The rep scorecard (METRICS.md "Rep scorecard") as a step: each rep's levers, ranked within the peer group. */
import { addLeverCounts, emptyLeverCounts } from '../../metrics/leverCounts.js';
import { closedInWindow, dimensionValue, openWorkedInWindow, type Scope } from '../../metrics/scope.js';
import { resolveDimension } from '../dealRun.js';
import type { Figure } from '../../metrics/figure.js';
import { leverFigures, repLeversFold, scorecard, velocityOf, type RepLevers, type ScorecardResult } from '../../metrics/scorecard.js';
import { windowLeavesOut, type Step } from '../step.js';

export interface ScorecardStepOptions {
  readonly scope: Scope;
  readonly minSample: number;
  /** Reps with no deals (a reps file): listed with 0 deals worked, flagged. */
  readonly extraReps?: readonly string[];
  /** Rows per rep (`owner`, default) or per team or manager of the reps file (`--by team`). */
  readonly by?: string | undefined;
}

/** The whole team's levers, the same formulas over every rep's deals (the table's total row). */
export interface TeamLevers {
  readonly deals: number;
  readonly closed: number;
  readonly averageWonAmount: Figure;
  readonly winRate: Figure;
  readonly cycleDays: Figure;
  /** deals x averageWonAmount x winRate / cycleDays, revenue per day. */
  readonly velocity: Figure;
}

export interface ScorecardJson {
  readonly scorecard: ScorecardResult;
  readonly team: TeamLevers;
}

export function scorecardStep(options: ScorecardStepOptions): Step<ScorecardJson> {
  let dimension = 'owner';
  const fold = repLeversFold({ scope: options.scope, keyOf: (deal) => dimensionValue(deal, dimension) });
  let state = fold.init();
  return {
    money: true,
    windowScope: options.scope,
    groupings: [],
    resolve: (header, mapping, file, repNames) => {
      if (options.by !== undefined) dimension = resolveDimension(options.by, header, mapping, file, repNames);
    },
    accept: (deal) => closedInWindow(deal, options.scope) || openWorkedInWindow(deal, options.scope),
    leavesOut: windowLeavesOut(options.scope),
    add: (deal) => {
      state = fold.add(state, deal);
    },
    state: () => state,
    merge: (other) => {
      state = fold.merge(state, other as typeof state);
    },
    result: () => {
      const levers = fold.finish(state);
      return { scorecard: scorecard(levers, { minSample: options.minSample, ...(options.extraReps === undefined ? {} : { extraReps: options.extraReps }) }), team: teamLevers(levers) };
    },
  };
}

/** Sums the reps' counts, so the team's averages weigh every deal alike (not every rep). */
export function teamLevers(levers: readonly RepLevers[]): TeamLevers {
  const sums = emptyLeverCounts();
  for (const rep of levers) addLeverCounts(sums, rep);
  const { averageWonAmount, winRate, cycleDays } = leverFigures(sums);
  return { deals: sums.deals, closed: sums.won + sums.lost, averageWonAmount, winRate, cycleDays, velocity: velocityOf(sums.deals, averageWonAmount, winRate, cycleDays) };
}

