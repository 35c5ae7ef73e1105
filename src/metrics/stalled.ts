/**
 * Stalled deals: open deals sitting in their current stage far longer than deals usually do
 * (METRICS.md "Validation": stalled).
 */
import type { StageOrder } from '../model/stageHistory.js';
import type { DayNumber, Deal, RecordSource } from '../model/types.js';
import { entriesFor, stageJourneyOf, type HistoryLookup } from './stageJourney.js';

export interface StalledOptions {
  readonly stageOrder: StageOrder;
  /** Stage label -> average dwell days of closed deals (averageDwellByStage of a stageDwellFold result). */
  readonly averageDwellByStage: ReadonlyMap<string, number | null>;
  readonly asOf: DayNumber;
  readonly historyByDeal?: HistoryLookup | null | undefined;
  /** A deal is stalled after more than this many times the stage's average dwell; default 2. */
  readonly factor?: number | undefined;
}

export interface StalledDays {
  readonly dealId: string;
  /** Where the deal came from: the finding's file and row. */
  readonly source: RecordSource;
  readonly stage: string;
  /** Where the date the stage was entered came from: the last history entry, or the deal's stage-entered column. */
  readonly enteredFrom: 'history' | 'stage-entered';
  readonly entered: DayNumber;
  /** asOf - entered. */
  readonly daysInStage: number;
  readonly averageDwellDays: number;
  /** factor x averageDwellDays: more days than this is stalled. */
  readonly limitDays: number;
  /** daysInStage / averageDwellDays; null when the average is 0. */
  readonly ratio: number | null;
  readonly stalled: boolean;
}

/**
 * How long an open deal has been in its current stage, against that stage's average dwell.
 *
 * Formula: daysInStage = asOf - the day the current stage was entered (the last history entry
 * when it is this stage, else the deal's `stageEntered`); stalled when daysInStage > factor x the
 * stage's average dwell (factor 2). Units: days.
 *
 * Edge cases: null (the rule does not apply) for a closed deal, an open deal whose stage or
 * entry date is unknown or after the as-of date, or a stage with no known average; an average of 0
 * gives ratio null, and any day in the stage is stalled. Throws RangeError for a factor that is
 * not a positive number or a non-integer asOf.
 *
 * Implements the `stalled` rule of METRICS.md "Validation".
 *
 * @example stalledDays(openDealInProposalSinceDay100, { stageOrder, averageDwellByStage: new Map([['Proposal', 20]]), asOf: 150 })
 * // { stage: 'Proposal', daysInStage: 50, averageDwellDays: 20, limitDays: 40, ratio: 2.5, stalled: true, ... }
 */
export function stalledDays(deal: Deal, options: StalledOptions): StalledDays | null {
  const factor = options.factor ?? 2;
  if (!Number.isFinite(factor) || factor <= 0) throw new RangeError(`stalledDays: factor must be a positive number, got ${factor}`);
  if (!Number.isInteger(options.asOf)) throw new RangeError(`stalledDays: asOf must be a day number, got ${options.asOf}`);
  if (deal.status !== 'open') return null;
  const journey = stageJourneyOf(deal, entriesFor(options.historyByDeal, deal), options.stageOrder, options.asOf);
  const current = journey.current;
  if (current === null || current.entered === null || current.enteredFrom === null || current.days === null) return null;
  const averageDwellDays = options.averageDwellByStage.get(current.stage) ?? null;
  if (averageDwellDays === null) return null;
  const limitDays = factor * averageDwellDays;
  return {
    dealId: deal.id,
    source: deal.source,
    stage: current.stage,
    enteredFrom: current.enteredFrom,
    entered: current.entered,
    daysInStage: current.days,
    averageDwellDays,
    limitDays,
    ratio: averageDwellDays > 0 ? current.days / averageDwellDays : null,
    stalled: current.days > limitDays,
  };
}

/** True when stalledDays says the deal is stalled. */
export function isStalled(deal: Deal, options: StalledOptions): boolean {
  return stalledDays(deal, options)?.stalled === true;
}
