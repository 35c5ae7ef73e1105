/**
 * Stage conversion: the funnel of open stages, with conversion to the next stage and to won by
 * count and by value, and time in stage (METRICS.md "Win rates": Stage conversion).
 */
import { known, type Figure } from './figure.js';
import { na, naReason } from './naReasons.js';
import type { StageOrder } from '../model/stageHistory.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import type { DayNumber, Deal } from '../model/types.js';
import type { Fold } from './fold.js';
import { LOST_AMOUNTS_ZEROED, unitRateOf, valueRateOf } from './rates.js';
import { addWonCycle } from './scope.js';
import { addStageDwell, finishStageDwell, initStageDwell, mergeStageDwell, type StageDwellState } from './stageDwell.js';
import { entriesFor, stageJourneyOf, type HistoryLookup, type ReachBasis } from './stageJourney.js';
import { wilsonInterval, type WilsonInterval } from './wilson.js';

export interface FunnelOptions {
  readonly stageOrder: StageOrder;
  readonly asOf: DayNumber;
  /** A rate from fewer deals than this carries `smallSample` (config `thresholds.minSample`). */
  readonly minSample?: number | undefined;
  /** The stage history joined to the deals; null when there is none. */
  readonly historyByDeal: HistoryLookup | null;
}

/** Per open stage counters; arrays are indexed by stage. Plain data, so states merge across workers. */
export interface FunnelState {
  deals: number;
  closed: number;
  won: number;
  lost: number;
  /** Lost deals whose reach came from history or lost_stage. */
  lostWithReach: number;
  dealsWithHistory: number;
  openWithoutStage: number;
  reachBasis: Record<ReachBasis, number>;
  wonCycleDays: number;
  wonWithCycle: number;
  readonly reached: number[];
  /** Open deals whose furthest stage is this one: still undecided here. */
  readonly openFurthest: number[];
  readonly closedReached: number[];
  readonly wonReached: number[];
  readonly lostReached: number[];
  readonly wonValue: ExactSum[];
  readonly lostValue: ExactSum[];
  readonly lostWithPositiveAmount: number[];
  /** Open deals whose current stage is this one. */
  readonly open: number[];
  readonly openValue: ExactSum[];
  readonly openWithoutAmount: number[];
  readonly dwell: StageDwellState;
}

export interface FunnelStage {
  readonly stage: string;
  readonly index: number;
  /** Deals fed to the fold (open and closed) that reached the stage. */
  readonly reached: number;
  /** Closed deals that reached the stage: the n of the conversions to won. */
  readonly closedReached: number;
  readonly wonReached: number;
  readonly lostReached: number;
  /** The next open stage, or `won` after the last one. */
  readonly nextStage: string;
  /** Share of the deals that reached this stage and left it that reached the next one. */
  readonly nextStageConversion: Figure;
  readonly nextStageN: number;
  readonly nextStageInterval: WilsonInterval | null;
  /** Conversion to won by count: wonReached / closedReached. */
  readonly winConversion: Figure;
  readonly winConversionInterval: WilsonInterval | null;
  /** Conversion to won by value: won amount / closed amount of the deals that reached the stage. */
  readonly valueConversion: Figure;
  readonly wonValue: number;
  readonly lostValue: number;
  /** closedReached < minSample. */
  readonly smallSample: boolean;
  /** Open deals sitting in the stage now, and their known amounts. */
  readonly open: number;
  readonly openValue: number;
  readonly openWithoutAmount: number;
  readonly dwellN: number;
  readonly averageDwellDays: Figure;
  readonly medianDwellDays: Figure;
}

export interface FunnelAvailable {
  readonly available: true;
  readonly minSample: number;
  readonly deals: number;
  readonly closed: number;
  /** Deals that had at least one history entry. */
  readonly dealsWithHistory: number;
  /** How each deal's reach was decided. */
  readonly reachBasis: Readonly<Record<ReachBasis, number>>;
  /** Lost deals with neither history nor lost_stage: left out of every stage (their reach is unknown, not guessed). */
  readonly lostWithoutStageInformation: number;
  /** Open deals whose current stage is not a configured open stage: in no stage's open value. */
  readonly openWithoutStage: number;
  /** Average `close - created` of won deals: the input of `--assume-equal-dwell`. */
  readonly averageWonCycleDays: Figure;
  readonly wonCycleN: number;
  readonly stages: readonly FunnelStage[];
}

export interface FunnelUnavailable {
  readonly available: false;
  readonly reason: 'no-stage-information';
  /** Worded for people; the CLI names the input that would make it possible. */
  readonly detail: string;
  /** Inputs that would make stage conversion known. */
  readonly needs: readonly ['--history', 'lost_stage'];
  readonly historyGiven: boolean;
}

export type FunnelResult = FunnelAvailable | FunnelUnavailable;

const NO_CLOSED = naReason('no-closed-reached');
const NO_LEFT = naReason('none-left-stage');

/**
 * The funnel of open stages: per stage, the deals that reached it, conversion to the next stage,
 * conversion to won by count and by value, and average and median dwell days.
 *
 * Formulas, per stage s (reach and dwell follow the rules of stageJourneyOf):
 * - winConversion = won deals that reached s / closed deals that reached s, with a Wilson interval;
 * - valueConversion = won amount / (won + lost amount) over those deals, missing amounts left out;
 * - nextStageConversion = deals that reached s+1 / deals that reached s and left it (reached s+1
 *   or closed); open deals still at their furthest stage s are undecided and left out. After the
 *   last open stage the next stage is `won`.
 * - dwell: over closed deals (see stageDwellFold).
 * Units: ratios 0..1, amounts in the base currency, days.
 *
 * Edge cases: n = 0 gives null with a reason; lost deals that carry no amount above 0 make the
 * value conversion null (LOST_AMOUNTS_ZEROED), never a misleading 100%. Lost deals with neither
 * history nor lost_stage are left out and counted. When no deal has history and no lost deal has a
 * lost_stage while there are lost deals, conversion cannot be known: the result is
 * `{ available: false }` naming `--history` and `lost_stage`, never a guess.
 * Throws RangeError for an empty stage order, a non-integer asOf or a minSample below 1.
 *
 * Feed it the deals in scope (closed deals of the window, open deals at the as-of date).
 * Implements METRICS.md "Win rates": Stage conversion.
 *
 * @example runFold(funnelFold({ stageOrder: { open: ['Qualify', 'Proposal'], closed: ['Closed Won', 'Closed Lost'] }, asOf, historyByDeal: null }), [wonA, lostAtQualify, lostAtProposal])
 * // stages[0]: { reached: 3, winConversion: 1/3, nextStageConversion: 2/3 }; stages[1]: { reached: 2, winConversion: 0.5 }
 */
export function funnelFold(options: FunnelOptions): Fold<Deal, FunnelState, FunnelResult> {
  const { stageOrder, asOf, historyByDeal } = options;
  const minSample = options.minSample ?? 30;
  const stageCount = stageOrder.open.length;
  if (stageCount === 0) throw new RangeError('funnelFold: the stage order has no open stages');
  if (!Number.isInteger(asOf)) throw new RangeError(`funnelFold: asOf must be a day number, got ${asOf}`);
  if (!Number.isFinite(minSample) || minSample < 1) throw new RangeError(`funnelFold: minSample must be 1 or more, got ${minSample}`);
  const zeros = (): number[] => new Array<number>(stageCount).fill(0);
  const emptySums = (): ExactSum[] => Array.from({ length: stageCount }, exactSum);
  return {
    init: () => ({
      deals: 0,
      closed: 0,
      won: 0,
      lost: 0,
      lostWithReach: 0,
      dealsWithHistory: 0,
      openWithoutStage: 0,
      reachBasis: { won: 0, history: 0, 'lost-stage': 0, 'current-stage': 0, unknown: 0 },
      wonCycleDays: 0,
      wonWithCycle: 0,
      reached: zeros(),
      openFurthest: zeros(),
      closedReached: zeros(),
      wonReached: zeros(),
      lostReached: zeros(),
      wonValue: emptySums(),
      lostValue: emptySums(),
      lostWithPositiveAmount: zeros(),
      open: zeros(),
      openValue: emptySums(),
      openWithoutAmount: zeros(),
      dwell: initStageDwell(stageCount),
    }),
    add(state, deal) {
      const entries = entriesFor(historyByDeal, deal);
      const journey = stageJourneyOf(deal, entries, stageOrder, asOf);
      state.deals += 1;
      if (entries.length > 0) state.dealsWithHistory += 1;
      countReachBasis(state.reachBasis, journey.reachBasis);
      if (deal.status === 'won') {
        state.won += 1;
        addWonCycle(state, deal);
      } else if (deal.status === 'lost') {
        state.lost += 1;
        if (journey.furthest !== null) state.lostWithReach += 1;
      }
      if (deal.status !== 'open') state.closed += 1;
      const furthest = journey.furthest;
      if (furthest !== null) {
        for (let index = 0; index <= furthest; index += 1) {
          state.reached[index] = (state.reached[index] ?? 0) + 1;
          if (deal.status === 'open') continue;
          state.closedReached[index] = (state.closedReached[index] ?? 0) + 1;
          if (deal.status === 'won') {
            state.wonReached[index] = (state.wonReached[index] ?? 0) + 1;
            if (deal.amount !== null) addToSum(state.wonValue[index] as ExactSum, deal.amount);
          } else {
            state.lostReached[index] = (state.lostReached[index] ?? 0) + 1;
            if (deal.amount !== null) addToSum(state.lostValue[index] as ExactSum, deal.amount);
            if (deal.amount !== null && deal.amount > 0) state.lostWithPositiveAmount[index] = (state.lostWithPositiveAmount[index] ?? 0) + 1;
          }
        }
        if (deal.status === 'open') state.openFurthest[furthest] = (state.openFurthest[furthest] ?? 0) + 1;
      }
      if (deal.status === 'open') {
        const current = journey.current;
        if (current === null) {
          state.openWithoutStage += 1;
        } else {
          state.open[current.index] = (state.open[current.index] ?? 0) + 1;
          if (deal.amount === null) state.openWithoutAmount[current.index] = (state.openWithoutAmount[current.index] ?? 0) + 1;
          else addToSum(state.openValue[current.index] as ExactSum, deal.amount);
        }
      }
      addStageDwell(state.dwell, deal, journey);
      return state;
    },
    merge(a, b) {
      const sum = (x: readonly number[], y: readonly number[]): number[] => x.map((value, index) => value + (y[index] ?? 0));
      const sums = (x: readonly ExactSum[], y: readonly ExactSum[]): ExactSum[] => x.map((value, index) => mergeSums(value, y[index] ?? []));
      const reachBasis = { ...a.reachBasis };
      for (const key of Object.keys(reachBasis) as ReachBasis[]) reachBasis[key] += b.reachBasis[key];
      return {
        deals: a.deals + b.deals,
        closed: a.closed + b.closed,
        won: a.won + b.won,
        lost: a.lost + b.lost,
        lostWithReach: a.lostWithReach + b.lostWithReach,
        dealsWithHistory: a.dealsWithHistory + b.dealsWithHistory,
        openWithoutStage: a.openWithoutStage + b.openWithoutStage,
        reachBasis,
        wonCycleDays: a.wonCycleDays + b.wonCycleDays,
        wonWithCycle: a.wonWithCycle + b.wonWithCycle,
        reached: sum(a.reached, b.reached),
        openFurthest: sum(a.openFurthest, b.openFurthest),
        closedReached: sum(a.closedReached, b.closedReached),
        wonReached: sum(a.wonReached, b.wonReached),
        lostReached: sum(a.lostReached, b.lostReached),
        wonValue: sums(a.wonValue, b.wonValue),
        lostValue: sums(a.lostValue, b.lostValue),
        lostWithPositiveAmount: sum(a.lostWithPositiveAmount, b.lostWithPositiveAmount),
        open: sum(a.open, b.open),
        openValue: sums(a.openValue, b.openValue),
        openWithoutAmount: sum(a.openWithoutAmount, b.openWithoutAmount),
        dwell: mergeStageDwell(a.dwell, b.dwell),
      };
    },
    finish(state) {
      if (state.dealsWithHistory === 0 && state.lost > 0 && state.lostWithReach === 0) {
        return {
          available: false,
          reason: 'no-stage-information',
          detail: 'stage conversion needs a stage history or a lost_stage column: no deal has history and no lost deal says the stage it was lost in',
          needs: ['--history', 'lost_stage'],
          historyGiven: historyByDeal !== null,
        };
      }
      const dwell = finishStageDwell(state.dwell, stageOrder).stages;
      const at = (values: readonly number[], index: number): number => values[index] ?? 0;
      const valueAt = (values: readonly ExactSum[], index: number): number => sumValue(values[index] ?? []);
      const stages = stageOrder.open.map((stage, index): FunnelStage => {
        const closedReached = at(state.closedReached, index);
        const wonReached = at(state.wonReached, index);
        const lostReached = at(state.lostReached, index);
        const last = index === stageCount - 1;
        const nextN = at(state.reached, index) - at(state.openFurthest, index);
        const nextSuccesses = last ? wonReached : at(state.reached, index + 1);
        const next = unitRateOf(nextSuccesses, nextN, NO_LEFT);
        const win = unitRateOf(wonReached, closedReached, NO_CLOSED);
        const value = valueRateOf({
          wonValue: valueAt(state.wonValue, index),
          notWonValue: valueAt(state.lostValue, index),
          n: closedReached,
          lostAmountsMissing: lostReached > 0 && at(state.lostWithPositiveAmount, index) === 0 ? LOST_AMOUNTS_ZEROED : null,
          emptyReason: NO_CLOSED,
        });
        const stageDwell = dwell[index];
        return {
          stage,
          index,
          reached: at(state.reached, index),
          closedReached,
          wonReached,
          lostReached,
          nextStage: last ? 'won' : (stageOrder.open[index + 1] as string),
          nextStageConversion: next,
          nextStageN: nextN,
          nextStageInterval: wilsonInterval(nextSuccesses, nextN),
          winConversion: win,
          winConversionInterval: wilsonInterval(wonReached, closedReached),
          valueConversion: value,
          wonValue: valueAt(state.wonValue, index),
          lostValue: valueAt(state.lostValue, index),
          smallSample: closedReached < minSample,
          open: at(state.open, index),
          openValue: valueAt(state.openValue, index),
          openWithoutAmount: at(state.openWithoutAmount, index),
          dwellN: stageDwell?.n ?? 0,
          averageDwellDays: stageDwell?.averageDays ?? na('no-stage-dwell'),
          medianDwellDays: stageDwell?.medianDays ?? na('no-stage-dwell'),
        };
      });
      return {
        available: true,
        minSample,
        deals: state.deals,
        closed: state.closed,
        dealsWithHistory: state.dealsWithHistory,
        reachBasis: { ...state.reachBasis },
        lostWithoutStageInformation: state.lost - state.lostWithReach,
        openWithoutStage: state.openWithoutStage,
        averageWonCycleDays: state.wonWithCycle === 0 ? na('no-won-cycle') : known(state.wonCycleDays / state.wonWithCycle),
        wonCycleN: state.wonWithCycle,
        stages,
      };
    },
  };
}

/** One store per basis by name: a store keyed by five different names is slow on the per-row path. */
function countReachBasis(counts: Record<ReachBasis, number>, basis: ReachBasis): void {
  switch (basis) {
    case 'won':
      counts.won += 1;
      break;
    case 'history':
      counts.history += 1;
      break;
    case 'lost-stage':
      counts['lost-stage'] += 1;
      break;
    case 'current-stage':
      counts['current-stage'] += 1;
      break;
    case 'unknown':
      counts.unknown += 1;
      break;
  }
}
