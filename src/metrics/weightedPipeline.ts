/**
 * Weighted pipeline (METRICS.md "Forecast"): the open pipeline of the period, each deal's amount
 * times its chance of being won, by each method that has its input.
 */
import type { Deal } from '../model/types.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import { known, notAvailable, type Figure, type NaReason } from './figure.js';
import { naReason } from './naReasons.js';
import type { Fold } from './fold.js';

export const WEIGHT_METHODS = ['crm', 'history', 'category'] as const;
export type WeightMethod = (typeof WEIGHT_METHODS)[number];

/** What a weighted pipeline reads of an open deal. */
export type WeightedDeal = Pick<Deal, 'id' | 'amount' | 'probability' | 'stage'>;

export interface WeightedPipelineOptions {
  /**
   * Stage label (any case) -> value conversion from that stage to won (Stage conversion), null
   * where it is n/a; or the reason the history method has no input at all.
   */
  readonly stageConversion: ReadonlyMap<string, number | null> | NaReason;
  /** Why the category method has no input (its weights come from past snapshots). */
  readonly categoryReason: NaReason;
}

export interface WeightedMethodState {
  sum: ExactSum;
  /** Deals with an amount and a weight. */
  weighted: number;
  /** Ids of open deals with an amount but no weight under this method. */
  unweighted: string[];
}

export interface WeightedPipelineState {
  crm: WeightedMethodState;
  history: WeightedMethodState;
  /** Open deals with no amount: they weigh nothing under any method. */
  withoutAmount: number;
}

export interface WeightedFigure extends Figure {
  /** Deals that carried a weight. */
  readonly weightedDeals: number;
  /** Deals with an amount but no weight (no probability; a stage without conversion): counted and named, left out of the sum. */
  readonly unweightedDeals: number;
  readonly unweightedIds: readonly string[];
}

export type WeightedPipeline = Readonly<Record<WeightMethod, WeightedFigure>> & { readonly withoutAmount: number };

/**
 * Weighted pipeline `sum(amount x p)` over the open deals of the forecast period, where p is
 * `crm`: the deal's probability (0..1, read from 0-100 or 0-1); `history`: the value conversion
 * to won of the deal's current stage; `category`: needs past snapshots (n/a here).
 *
 * Feed the open deals of the period (see forecastPlace). Units: money in the base currency.
 * Edge cases: a deal with no weight under a method (no probability, a stage with no known
 * conversion, stage unknown at the as-of date) is left out of that method's sum, counted and
 * named by id; when no deal with an amount has a weight the figure is n/a; no open deal gives 0.
 *
 * @example
 * // A 100 at p 0.5, B 50 at p 0.2
 * runFold(weightedPipelineFold(options), deals).crm.value // 60
 *
 * Implements METRICS.md "Forecast" (weighted pipeline).
 */
export function weightedPipelineFold(options: WeightedPipelineOptions): Fold<WeightedDeal, WeightedPipelineState, WeightedPipeline> {
  const conversion = stageConversionLookup(options.stageConversion);
  return {
    init: () => ({ crm: emptyMethod(), history: emptyMethod(), withoutAmount: 0 }),
    add(state, deal) {
      const amount = deal.amount;
      if (amount === null) {
        state.withoutAmount += 1;
        return state;
      }
      weigh(state.crm, deal.id, amount, deal.probability);
      if (conversion !== null) weigh(state.history, deal.id, amount, dealWeight('history', deal, conversion));
      return state;
    },
    merge: (a, b) => ({ crm: mergeMethod(a.crm, b.crm), history: mergeMethod(a.history, b.history), withoutAmount: a.withoutAmount + b.withoutAmount }),
    finish(state) {
      const history =
        conversion === null
          ? unavailable(options.stageConversion as NaReason)
          : finishMethod(state.history, naReason('no-stage-conversion'));
      return {
        crm: finishMethod(state.crm, naReason('no-probability')),
        history,
        category: unavailable(options.categoryReason),
        withoutAmount: state.withoutAmount,
      };
    },
  };
}

/**
 * A deal's weight under a method, or null when it has none: `crm` its probability; `history`
 * its stage's conversion in `conversion` (keys lower-cased, see stageConversionLookup).
 */
export function dealWeight(method: 'crm' | 'history', deal: WeightedDeal, conversion: ReadonlyMap<string, number | null> | null): number | null {
  if (method === 'crm') return deal.probability;
  if (conversion === null || deal.stage === null) return null;
  return conversion.get(deal.stage.toLowerCase()) ?? null;
}

/** Stage conversion keyed by lower-cased stage label, or null when the history method has no input. */
export function stageConversionLookup(stageConversion: WeightedPipelineOptions['stageConversion']): Map<string, number | null> | null {
  return stageConversion instanceof Map ? lowerCased(stageConversion) : null;
}

function lowerCased(map: ReadonlyMap<string, number | null>): Map<string, number | null> {
  const lowered = new Map<string, number | null>();
  for (const [stage, value] of map) lowered.set(stage.toLowerCase(), value);
  return lowered;
}

function emptyMethod(): WeightedMethodState {
  return { sum: exactSum(), weighted: 0, unweighted: [] };
}

function weigh(state: WeightedMethodState, id: string, amount: number, weight: number | null): void {
  if (weight === null) {
    state.unweighted.push(id);
    return;
  }
  addToSum(state.sum, amount * weight);
  state.weighted += 1;
}

function mergeMethod(a: WeightedMethodState, b: WeightedMethodState): WeightedMethodState {
  return { sum: mergeSums(a.sum, b.sum), weighted: a.weighted + b.weighted, unweighted: [...a.unweighted, ...b.unweighted] };
}

function finishMethod(state: WeightedMethodState, noWeight: NaReason): WeightedFigure {
  const counts = { weightedDeals: state.weighted, unweightedDeals: state.unweighted.length, unweightedIds: [...state.unweighted].sort() };
  if (state.weighted === 0 && state.unweighted.length > 0) return { ...notAvailable(noWeight.code, noWeight.message), ...counts };
  return { ...known(sumValue(state.sum)), ...counts };
}

function unavailable(reason: NaReason): WeightedFigure {
  return { ...notAvailable(reason.code, reason.message), weightedDeals: 0, unweightedDeals: 0, unweightedIds: [] };
}
