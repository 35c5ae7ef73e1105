/**
 * A deal's journey through the open stages: which it reached, how long it stayed in each, and
 * where an open deal sits now (METRICS.md "Stage conversion", "Pipeline Value Factor (PVF)").
 * The rules for skipped stages, backward moves and repeated visits live here, in one place.
 */
import { CLOSED_STAGE, stagePosition, type StageOrder } from '../model/stageHistory.js';
import type { DayNumber, Deal, StageEntry } from '../model/types.js';

/**
 * Where a deal's history comes from: a map by deal id (a long-form history read first), or a
 * function of the deal (the wide form, read from the deal's own cells).
 */
export type HistoryLookup = ReadonlyMap<string, readonly StageEntry[]> | ((deal: Deal) => readonly StageEntry[] | undefined);

/** The entries a lookup holds for a deal; empty when it has none or there is no lookup. */
export function entriesFor(history: HistoryLookup | null | undefined, deal: Deal): readonly StageEntry[] {
  if (history === null || history === undefined) return NO_ENTRIES;
  return (typeof history === 'function' ? history(deal) : history.get(deal.id)) ?? NO_ENTRIES;
}

/** One frozen empty list for every deal without history, rather than a new one per deal. */
const NO_ENTRIES: readonly StageEntry[] = Object.freeze([]);

/** What decided how far a deal got. */
export type ReachBasis = 'won' | 'history' | 'lost-stage' | 'current-stage' | 'unknown';

export interface CurrentStage {
  readonly stage: string;
  readonly index: number;
  /** Day the deal entered its current stage, or null when neither history nor a stage-entered date says. */
  readonly entered: DayNumber | null;
  readonly enteredFrom: 'history' | 'stage-entered' | null;
  /** asOf - entered, or null when entered is unknown or after the as-of date. */
  readonly days: number | null;
}

export interface StageJourney {
  readonly reachBasis: ReachBasis;
  /** Index of the furthest open stage reached, or null when unknown. */
  readonly furthest: number | null;
  /** Per open stage: reached under the rules (every stage up to `furthest`). */
  readonly reached: readonly boolean[];
  /** Per open stage: days in it summed over its completed visits; null where never entered or no visit has a known end. */
  readonly dwellDays: readonly (number | null)[];
  /** Per open stage: visits in the history (consecutive entries of one stage are one visit). */
  readonly visits: readonly number[];
  /** Open deals: the stage it is in at the as-of date; null for closed deals or when unknown. */
  readonly current: CurrentStage | null;
}

interface RankedEntry {
  readonly rank: number;
  readonly index: number;
  readonly label: string;
  readonly entered: DayNumber;
  readonly row: number;
}

/**
 * The journey of one deal through the open stages of `stageOrder`, from its history entries.
 *
 * Rules, chosen so that every number has one meaning:
 * - Order: entries are taken in time order; entries on the same day in stage order (an open
 *   stage before a later one, won/lost last), so same-day moves count as forward progress.
 *   Consecutive entries of one stage are one visit (Salesforce writes a history row for every
 *   amount or date edit). Entries of stages the order does not know are left out.
 * - Reach: a won deal reached every open stage. Otherwise a deal reached every open stage up to
 *   the furthest one it entered, in configured order: skipped stages count as reached, and a
 *   backward move does not un-reach. Without history, a lost deal reached every stage up to its
 *   `lostStage`, and an open deal every stage up to its current stage; else reach is unknown
 *   (`furthest` null), never guessed.
 * - Dwell: a visit lasts from entering the stage to the next entry (any stage, won or lost
 *   included), or for the last visit of a closed deal to its close date; a stage's dwell is the
 *   sum over its visits. A visit whose end is unknown (no close date, close before the entry)
 *   adds nothing. Stages skipped have null dwell.
 * - Open deals: entries after `asOf` have not happened yet and are left out. The visit in
 *   progress is `current` (its days run to `asOf`), never part of `dwellDays`, so averages of
 *   completed visits are not pulled down by deals still in a stage.
 * - Current stage: the stage the deal was in at `asOf` (stageOnDay): its `stage` when it is an
 *   open stage and the deal has not moved since `asOf`, else its last history entry up to
 *   `asOf`. It was entered at the last history entry when that entry is this stage, else at
 *   `stageEntered`.
 *
 * Units: days (integers). Throws RangeError for a non-integer asOf. The per-stage arrays are
 * frozen and may be shared between journeys (most deals have no history, so most are alike).
 *
 * @example stageJourneyOf(lostDeal, [Qualify on day 0, Negotiation on day 10], { open: ['Qualify', 'Proposal', 'Negotiation'], closed: ['Closed Lost'] }, 100)
 * // with close on day 30: { reachBasis: 'history', furthest: 2, reached: [true, true, true], dwellDays: [10, null, 20], ... }
 */
export function stageJourneyOf(deal: Deal, entries: readonly StageEntry[], stageOrder: StageOrder, asOf: DayNumber): StageJourney {
  if (!Number.isInteger(asOf)) throw new RangeError(`stageJourneyOf: asOf must be a day number, got ${asOf}`);
  const stageCount = stageOrder.open.length;
  const shared = sharedArraysOf(stageOrder);
  const open = deal.status === 'open';
  // Most deals have no history: nothing to sort, and their per-stage arrays are the shared empty ones.
  const visitsInOrder = entries.length === 0 ? NO_VISITS : visitsOf(entries, stageOrder, open, asOf);

  let dwellDays: readonly (number | null)[] = shared.noDwell;
  let visits: readonly number[] = shared.noVisits;
  let historyFurthest: number | null = null;
  if (visitsInOrder.length > 0) {
    const dwellOfVisits = new Array<number | null>(stageCount).fill(null);
    const visitCounts = new Array<number>(stageCount).fill(0);
    for (let position = 0; position < visitsInOrder.length; position += 1) {
      const visit = visitsInOrder[position] as RankedEntry;
      if (visit.index === CLOSED_STAGE) continue;
      visitCounts[visit.index] = (visitCounts[visit.index] ?? 0) + 1;
      if (historyFurthest === null || visit.index > historyFurthest) historyFurthest = visit.index;
      const next = visitsInOrder[position + 1];
      let end: DayNumber | null = null;
      if (next !== undefined) end = next.entered;
      else if (!open && deal.close !== null && deal.close >= visit.entered) end = deal.close;
      if (end !== null) dwellOfVisits[visit.index] = (dwellOfVisits[visit.index] ?? 0) + (end - visit.entered);
    }
    dwellDays = dwellOfVisits;
    visits = visitCounts;
  }

  const current = open ? currentStageOf(deal, visitsInOrder, movedAfter(deal.stageEntered, entries, stageOrder, asOf), stageOrder, asOf) : null;
  const lostAt = historyFurthest === null && deal.status === 'lost' && deal.lostStage !== null ? openIndex(stageOrder, deal.lostStage) : null;
  let reachBasis: ReachBasis;
  let furthest: number | null;
  if (deal.status === 'won') {
    reachBasis = 'won';
    furthest = stageCount - 1;
  } else if (historyFurthest !== null) {
    reachBasis = 'history';
    furthest = current !== null ? Math.max(historyFurthest, current.index) : historyFurthest;
  } else if (lostAt !== null) {
    reachBasis = 'lost-stage';
    furthest = lostAt;
  } else if (current !== null) {
    reachBasis = 'current-stage';
    furthest = current.index;
  } else {
    reachBasis = 'unknown';
    furthest = null;
  }
  if (stageCount === 0) furthest = null;
  const reached = shared.reachedUpTo[furthest === null ? 0 : furthest + 1] as readonly boolean[];
  return { reachBasis, furthest, reached, dwellDays, visits, current };
}

const NO_VISITS: readonly RankedEntry[] = Object.freeze([]);

/** The entries of known stages up to asOf (for an open deal), in time order, repeats of one stage merged into one visit. */
function visitsOf(entries: readonly StageEntry[], stageOrder: StageOrder, open: boolean, asOf: DayNumber): readonly RankedEntry[] {
  const stageCount = stageOrder.open.length;
  const ranked: RankedEntry[] = [];
  for (const entry of entries) {
    if (open && entry.entered > asOf) continue;
    const position = stagePosition(stageOrder, entry.stage);
    if (position === null) continue;
    const rank = position.index === CLOSED_STAGE ? stageCount : position.index;
    ranked.push({ rank, index: position.index, label: position.label, entered: entry.entered, row: entry.source.row });
  }
  ranked.sort(byTimeThenStage);
  const visitsInOrder: RankedEntry[] = [];
  for (const entry of ranked) {
    const previous = visitsInOrder.length === 0 ? undefined : visitsInOrder[visitsInOrder.length - 1];
    if (previous !== undefined && previous.label === entry.label) continue;
    visitsInOrder.push(entry);
  }
  return visitsInOrder;
}

/** Time order; on one day, stage order (won/lost last), then history row. */
function byTimeThenStage(a: RankedEntry, b: RankedEntry): number {
  return a.entered - b.entered || a.rank - b.rank || a.row - b.row;
}

/** Per-stage arrays that many journeys hold alike, made once per stage order and frozen so they can be shared. */
interface SharedArrays {
  /** No known dwell in any stage. */
  readonly noDwell: readonly null[];
  /** No visit to any stage. */
  readonly noVisits: readonly number[];
  /** Index furthest + 1 (0 for none): every stage up to `furthest` reached. */
  readonly reachedUpTo: readonly (readonly boolean[])[];
}

const sharedArrays = new WeakMap<StageOrder, SharedArrays>();

function sharedArraysOf(stageOrder: StageOrder): SharedArrays {
  let shared = sharedArrays.get(stageOrder);
  if (shared === undefined) {
    const stageCount = stageOrder.open.length;
    const reachedUpTo: (readonly boolean[])[] = [];
    for (let count = 0; count <= stageCount; count += 1) reachedUpTo.push(Object.freeze(Array.from({ length: stageCount }, (_, index) => index < count)));
    shared = {
      noDwell: Object.freeze(new Array<null>(stageCount).fill(null)),
      noVisits: Object.freeze(new Array<number>(stageCount).fill(0)),
      reachedUpTo: Object.freeze(reachedUpTo),
    };
    sharedArrays.set(stageOrder, shared);
  }
  return shared;
}

function openIndex(stageOrder: StageOrder, label: string): number | null {
  const position = stagePosition(stageOrder, label);
  return position === null || position.index === CLOSED_STAGE ? null : position.index;
}

/**
 * The open stage a deal was in on `day` (METRICS.md "Point in time": from the stage history, the
 * last stage entered on or before the day). Its stage as exported (`stageNow`) while it has not
 * moved since: no history entry of a known stage and no `stageEnteredNow` after the day. Once
 * it has, the last open stage of its history up to the day, or null: unknown on that day.
 * A deal with no history that has not moved keeps `stageNow` (null stays unknown).
 * @example stageOnDay('Proposal', null, [Qualification on day 1, Proposal on day 20], order, 10) is 'Qualification'
 */
export function stageOnDay(stageNow: string | null, stageEnteredNow: DayNumber | null, entries: readonly StageEntry[], stageOrder: StageOrder, day: DayNumber): string | null {
  if (stageNow !== null && !movedAfter(stageEnteredNow, entries, stageOrder, day)) return stageNow;
  const visits = entries.length === 0 ? NO_VISITS : visitsOf(entries, stageOrder, true, day);
  const last = visits.length === 0 ? undefined : visits[visits.length - 1];
  return last === undefined || last.index === CLOSED_STAGE ? null : (stageOrder.open[last.index] as string);
}

/** True when the deal entered a stage after `day`: its stage as exported is not its stage on that day. */
function movedAfter(stageEnteredNow: DayNumber | null, entries: readonly StageEntry[], stageOrder: StageOrder, day: DayNumber): boolean {
  if (stageEnteredNow !== null && stageEnteredNow > day) return true;
  for (const entry of entries) if (entry.entered > day && stagePosition(stageOrder, entry.stage) !== null) return true;
  return false;
}

function currentStageOf(deal: Deal, visitsInOrder: readonly RankedEntry[], moved: boolean, stageOrder: StageOrder, asOf: DayNumber): CurrentStage | null {
  // Checked first: reading index -1 of an empty list is a slow lookup of a property named "-1".
  const last = visitsInOrder.length === 0 ? undefined : visitsInOrder[visitsInOrder.length - 1];
  // A deal that moved after the as-of date was, on it, where its history up to then leaves it.
  let index = deal.stage === null || moved ? null : openIndex(stageOrder, deal.stage);
  if (index === null && last !== undefined && last.index !== CLOSED_STAGE) index = last.index;
  if (index === null) return null;
  let entered: DayNumber | null = null;
  let enteredFrom: CurrentStage['enteredFrom'] = null;
  if (last !== undefined && last.index === index) {
    entered = last.entered;
    enteredFrom = 'history';
  } else if (deal.stageEntered !== null) {
    entered = deal.stageEntered;
    enteredFrom = 'stage-entered';
  }
  const days = entered !== null && entered <= asOf ? asOf - entered : null;
  return { stage: stageOrder.open[index] as string, index, entered, enteredFrom, days };
}
