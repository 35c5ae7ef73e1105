/**
 * Time in stage: average and median dwell days per open stage over closed deals
 * (METRICS.md "Pipeline Value Factor (PVF)": d_s; "Validation": stalled).
 */
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';
import type { StageOrder } from '../model/stageHistory.js';
import type { DayNumber, Deal } from '../model/types.js';
import type { Fold } from './fold.js';
import { entriesFor, stageJourneyOf, type HistoryLookup, type StageJourney } from './stageJourney.js';

export interface StageDwellOptions {
  readonly stageOrder: StageOrder;
  readonly asOf: DayNumber;
  readonly historyByDeal: HistoryLookup | null;
}

/**
 * Per open stage, a histogram of whole dwell days -> deals. A median needs the values; days
 * are bounded by the date range, so the histogram stays small however many deals pass.
 */
export interface StageDwellState {
  readonly histograms: Map<number, number>[];
}

export interface StageDwell {
  readonly stage: string;
  /** Closed deals with a known dwell in the stage. */
  readonly n: number;
  /** N/a with the reason when no closed deal has a known time in the stage. */
  readonly averageDays: Figure;
  readonly medianDays: Figure;
}

export interface StageDwellResult {
  readonly stages: readonly StageDwell[];
}


export function initStageDwell(stageCount: number): StageDwellState {
  return { histograms: Array.from({ length: stageCount }, () => new Map<number, number>()) };
}

/** Adds one deal's journey; only closed deals count (METRICS.md PVF: dwell comes from closed deals). */
export function addStageDwell(state: StageDwellState, deal: Deal, journey: StageJourney): StageDwellState {
  if (deal.status === 'open') return state;
  const dwellDays = journey.dwellDays;
  for (let index = 0; index < dwellDays.length; index += 1) {
    const days = dwellDays[index];
    const histogram = state.histograms[index];
    if (days === null || days === undefined || histogram === undefined) continue;
    histogram.set(days, (histogram.get(days) ?? 0) + 1);
  }
  return state;
}

export function mergeStageDwell(a: StageDwellState, b: StageDwellState): StageDwellState {
  if (a.histograms.length !== b.histograms.length) throw new RangeError('mergeStageDwell: states have different stage counts');
  return {
    histograms: a.histograms.map((histogram, index) => {
      const merged = new Map(histogram);
      for (const [days, count] of b.histograms[index] ?? []) merged.set(days, (merged.get(days) ?? 0) + count);
      return merged;
    }),
  };
}

export function finishStageDwell(state: StageDwellState, stageOrder: StageOrder): StageDwellResult {
  return {
    stages: stageOrder.open.map((stage, index) => {
      const histogram = state.histograms[index] ?? new Map<number, number>();
      const { n, average, median } = summarize(histogram);
      const missing = na('no-stage-dwell');
      return { stage, n, averageDays: average === null ? missing : known(average), medianDays: median === null ? missing : known(median) };
    }),
  };
}

function summarize(histogram: ReadonlyMap<number, number>): { n: number; average: number | null; median: number | null } {
  let n = 0;
  let sum = 0;
  for (const [days, count] of histogram) {
    n += count;
    sum += days * count;
  }
  if (n === 0) return { n, average: null, median: null };
  const keys = [...histogram.keys()].sort((a, b) => a - b);
  // The median is the middle value, or the mean of the two middle values when n is even.
  const lowRank = Math.floor((n - 1) / 2);
  const highRank = Math.floor(n / 2);
  let low: number | null = null;
  let high: number | null = null;
  let seen = 0;
  for (const days of keys) {
    seen += histogram.get(days) ?? 0;
    if (low === null && seen > lowRank) low = days;
    if (seen > highRank) {
      high = days;
      break;
    }
  }
  return { n, average: sum / n, median: ((low ?? 0) + (high ?? 0)) / 2 };
}

/**
 * Average and median days a closed deal spent in each open stage.
 *
 * Formula: for each stage, over closed deals that entered it and whose visits have known ends,
 * average = sum of dwell days / n; median = the middle dwell (mean of the two middle ones when n
 * is even). A deal's dwell in a stage is summed over its visits (see stageJourneyOf for the rules).
 * Units: days. Edge cases: a stage no closed deal entered has n = 0 and null average and median
 * with a reason; open deals are not counted (their visit is still running); without a history,
 * every stage has n = 0.
 *
 * Memory: one histogram of whole days per stage, never a list per deal. Implements METRICS.md
 * "Pipeline Value Factor (PVF)" (d_s), also used by the `stalled` rule of "Validation".
 *
 * @example runFold(stageDwellFold({ stageOrder, asOf, historyByDeal }), deals)
 * // two lost deals with 10 and 20 days in Qualify: { stages: [{ stage: 'Qualify', n: 2, averageDays: { value: 15, reason: null }, medianDays: { value: 15, reason: null } }, ...] }
 */
export function stageDwellFold(options: StageDwellOptions): Fold<Deal, StageDwellState, StageDwellResult> {
  const { stageOrder, asOf, historyByDeal } = options;
  if (!Number.isInteger(asOf)) throw new RangeError(`stageDwellFold: asOf must be a day number, got ${asOf}`);
  return {
    init: () => initStageDwell(stageOrder.open.length),
    add(state, deal) {
      if (deal.status === 'open') return state;
      return addStageDwell(state, deal, stageJourneyOf(deal, entriesFor(historyByDeal, deal), stageOrder, asOf));
    },
    merge: mergeStageDwell,
    finish: (state) => finishStageDwell(state, stageOrder),
  };
}

/** Stage label -> average dwell days (null where unknown): the input of the stalled rule. */
export function averageDwellByStage(result: { readonly stages: readonly { readonly stage: string; readonly averageDays: Figure }[] }): ReadonlyMap<string, number | null> {
  return new Map(result.stages.map((stage) => [stage.stage, stage.averageDays.value] as const));
}
