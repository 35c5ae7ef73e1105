/**
 * Weighted pipeline (METRICS.md "Forecast"): the open pipeline of the period, each deal's amount
 * times its chance of being won, by each method that has its input.
 */
import { keptText } from '../model/keptText.js';
import type { Deal } from '../model/types.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import { known, notAvailableBecause, type Figure, type NaReason } from './figure.js';
import { naReason } from './naReasons.js';
import type { Fold } from './fold.js';

export const WEIGHT_METHODS = ['crm', 'history', 'category'] as const;
export type WeightMethod = (typeof WEIGHT_METHODS)[number];

/** The open forecast categories that carry a weight (an open deal labelled closed counts as commit). */
export type WeightedCategory = 'commit' | 'bestCase' | 'pipeline' | 'omitted';

/** What a weighted pipeline reads of an open deal; `category` its forecast category (null: none known). */
export type WeightedDeal = Pick<Deal, 'id' | 'amount' | 'probability' | 'stage'> & { readonly category?: WeightedCategory | null };

export interface WeightedPipelineOptions {
  /**
   * Stage label (any case) -> value conversion from that stage to won (Stage conversion), null
   * where it is n/a; or the reason the history method has no input at all.
   */
  readonly stageConversion: ReadonlyMap<string, number | null> | NaReason;
  /** Why the category method has no input (its weights come from past snapshots). */
  readonly categoryReason: NaReason;
  /** Category weights from past snapshots (null for a category with none); absent: the method is n/a with categoryReason. */
  readonly categoryWeights?: Readonly<Record<WeightedCategory, number | null>> | undefined;
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
  category: WeightedMethodState;
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
 * to won of the deal's current stage; `category`: its forecast category's weight from past
 * snapshots (`categoryWeights`; without them n/a with `categoryReason`).
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
    init: () => ({ crm: emptyMethod(), history: emptyMethod(), category: emptyMethod(), withoutAmount: 0 }),
    add(state, deal) {
      const amount = deal.amount;
      if (amount === null) {
        state.withoutAmount += 1;
        return state;
      }
      weigh(state.crm, deal.id, amount, deal.probability);
      if (conversion !== null) weigh(state.history, deal.id, amount, dealWeight('history', deal, conversion));
      if (options.categoryWeights !== undefined) weigh(state.category, deal.id, amount, dealWeight('category', deal, conversion, options.categoryWeights));
      return state;
    },
    merge: (a, b) => ({ crm: mergeMethod(a.crm, b.crm), history: mergeMethod(a.history, b.history), category: mergeMethod(a.category, b.category), withoutAmount: a.withoutAmount + b.withoutAmount }),
    finish(state) {
      const history =
        conversion === null
          ? unavailable(options.stageConversion as NaReason)
          : finishMethod(state.history, naReason('no-stage-conversion'));
      return {
        crm: finishMethod(state.crm, naReason('no-probability')),
        history,
        category:
          options.categoryWeights === undefined
            ? unavailable(options.categoryReason)
            : finishMethod(state.category, naReason('no-category-weight')),
        withoutAmount: state.withoutAmount,
      };
    },
  };
}

/**
 * A deal's weight under a method, or null when it has none: `crm` its probability; `history`
 * its stage's conversion in `conversion` (keys lower-cased, see stageConversionLookup);
 * `category` its forecast category's weight in `categoryWeights`.
 */
export function dealWeight(
  method: WeightMethod,
  deal: WeightedDeal,
  conversion: ReadonlyMap<string, number | null> | null,
  categoryWeights?: Readonly<Record<WeightedCategory, number | null>>,
): number | null {
  if (method === 'crm') return deal.probability;
  if (method === 'category') return categoryWeights === undefined || deal.category === undefined || deal.category === null ? null : categoryWeights[deal.category];
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
    // Kept for the listing: a copy, not a slice that keeps its text chunk alive (see keptText).
    state.unweighted.push(keptText(id));
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
  if (state.weighted === 0 && state.unweighted.length > 0) return { ...notAvailableBecause(noWeight), ...counts };
  return { ...known(sumValue(state.sum)), ...counts };
}

function unavailable(reason: NaReason): WeightedFigure {
  return { ...notAvailableBecause(reason), weightedDeals: 0, unweightedDeals: 0, unweightedIds: [] };
}
