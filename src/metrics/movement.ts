/**
 * Pipeline movement between two snapshots of the same pipeline (METRICS.md "Pipeline movement
 * (snapshots)"): each deal's state against a target window in each snapshot, and the waterfall
 * that takes the window's open pipeline at the earlier snapshot (start) to the later one (end).
 *
 * start + created + pulledIn + reopened + increased + unreadableAtStart
 *   - decreased - pushedOut - won - lost - removed - unreadableAtEnd = end
 *
 * Every bucket is a non-negative amount and a count; every deal lands in exactly one bucket
 * (`unchanged` and `outside` included, so the per-deal list accounts for every deal).
 *
 * A deal whose row a snapshot rejected (a bad amount or date) was in that export, unreadable: it
 * is U, not X, and a deal of the window's open pipeline in the other snapshot is booked as
 * unreadable (at start or at end), never as created or removed, which would misattribute its
 * value. The identity holds as the unreadable row is in neither total.
 *
 * Amounts are taken in whole cents: a change is the difference of two amounts, and 80 - 60.05 in
 * floating point is 19.950000000000003 where the books say 19.95. In cents every figure is an
 * integer, so the identity holds exactly and each figure is exact to the cent (an amount with
 * fractions of a cent, converted by a rate, is rounded to the cent once).
 *
 * @example
 * // METRICS.md worked example: start 170, increased 20, won 50, pulled in 30, pushed out 20, created 40, end 190.
 */
import type { Window } from '../model/calendar.js';
import type { DayNumber, DealStatus } from '../model/types.js';
import { addToSum, exactSum, mergeSums, sumValue, toCents, type ExactSum } from './exactSum.js';
import type { Fold } from './fold.js';

/**
 * A deal's state in one snapshot against the window: A open closing inside it, B open closing
 * outside it, W won, L lost, X absent from the snapshot, U in it but its row rejected (unreadable).
 */
export type MovementState = 'A' | 'B' | 'W' | 'L' | 'X' | 'U';

/** What movement needs of a deal as one snapshot shows it (kept per deal between snapshots, so small). */
export interface SnapshotDeal {
  readonly status: DealStatus;
  /** In the base currency; null when the snapshot has no amount for the deal (counted as 0). */
  readonly amount: number | null;
  /** Expected close (open deals) or actual close date. */
  readonly close: DayNumber | null;
  readonly stage: string | null;
  readonly owner: string | null;
}

/**
 * The window of the waterfall: a window of expected close dates, or `rolling` (every open deal
 * is in, whatever its close date).
 */
export type MovementWindow = { readonly kind: 'window'; readonly window: Window } | { readonly kind: 'rolling' };

/**
 * The state of a deal in a snapshot. An open deal without an expected close date cannot be
 * placed in a window: it is B (outside), except under a rolling window where every open deal is A.
 */
export function movementState(deal: Pick<SnapshotDeal, 'status' | 'close'> | null, window: MovementWindow): MovementState {
  if (deal === null) return 'X';
  if (deal.status === 'won') return 'W';
  if (deal.status === 'lost') return 'L';
  if (window.kind === 'rolling') return 'A';
  return deal.close !== null && deal.close >= window.window.from && deal.close <= window.window.to ? 'A' : 'B';
}

/** The buckets a deal can land in; all but the last two (unchanged, outside) move the window's open pipeline. */
export const MOVEMENT_BUCKETS = ['created', 'pulledIn', 'reopened', 'increased', 'unreadableAtStart', 'decreased', 'pushedOut', 'won', 'lost', 'removed', 'unreadableAtEnd', 'unchanged', 'outside'] as const;
export type MovementBucket = (typeof MOVEMENT_BUCKETS)[number];

/** The buckets that add to the open pipeline of the window (the others subtract, or do not touch it). */
export const ADDING_BUCKETS: readonly MovementBucket[] = ['created', 'pulledIn', 'reopened', 'increased', 'unreadableAtStart'];
export const SUBTRACTING_BUCKETS: readonly MovementBucket[] = ['decreased', 'pushedOut', 'won', 'lost', 'removed', 'unreadableAtEnd'];

/** One deal in both snapshots (either side null when absent, or unreadable), joined by id. */
export interface DealPair<Deal extends SnapshotDeal = SnapshotDeal> {
  readonly id: string;
  /** Optional: a dense number the reader gives each deal (0, 1, 2... the same in every pair), so folds can keep deals in arrays. */
  readonly index?: number;
  readonly before: Deal | null;
  readonly after: Deal | null;
  /** Optional: the deal's row in the earlier (later) snapshot was rejected, so `before` (`after`) is null though the deal was there (state U). */
  readonly beforeRejected?: boolean;
  readonly afterRejected?: boolean;
}

export interface BucketedPair {
  readonly bucket: MovementBucket;
  /** The non-negative amount the bucket moves (0 for unchanged and outside). */
  readonly value: number;
  readonly from: MovementState;
  readonly to: MovementState;
  /** pushedOut only: the close date moved before the window start rather than after its end ("moved out"). */
  readonly movedEarlier: boolean;
}

/** A deal's amount in whole cents; a missing amount counts as 0. */
const centsOf = (deal: SnapshotDeal | null): number => toCents(deal?.amount ?? 0);

/** The bucket of a joined pair, by its pair of states (METRICS.md, the waterfall rules). */
export function bucketOf(pair: DealPair, window: MovementWindow): BucketedPair {
  const bucketed = bucketInCents(pair, window);
  return bucketed.value === 0 ? bucketed : { ...bucketed, value: bucketed.value / 100 };
}

/** bucketOf with the value in whole cents (what the fold adds up). */
function bucketInCents(pair: DealPair, window: MovementWindow): BucketedPair {
  const from = pair.before === null && pair.beforeRejected === true ? 'U' : movementState(pair.before, window);
  const to = pair.after === null && pair.afterRejected === true ? 'U' : movementState(pair.after, window);
  const a0 = centsOf(pair.before);
  const a1 = centsOf(pair.after);
  const of = (bucket: MovementBucket, value: number, movedEarlier = false): BucketedPair => ({ bucket, value, from, to, movedEarlier });
  if (from === 'A') {
    switch (to) {
      case 'A':
        if (a1 > a0) return of('increased', a1 - a0);
        if (a1 < a0) return of('decreased', a0 - a1);
        return of('unchanged', 0);
      case 'B': {
        const close = pair.after?.close ?? null;
        const earlier = window.kind === 'window' && close !== null && close < window.window.from;
        return of('pushedOut', a0, earlier);
      }
      case 'W':
        return of('won', a0);
      case 'L':
        return of('lost', a0);
      case 'U':
        return of('unreadableAtEnd', a0);
      default:
        return of('removed', a0);
    }
  }
  if (to === 'A') {
    if (from === 'B') return of('pulledIn', a1);
    if (from === 'X') return of('created', a1);
    if (from === 'U') return of('unreadableAtStart', a1);
    return of('reopened', a1);
  }
  return of('outside', 0);
}

export type Counted = 'start' | 'end' | MovementBucket;
const COUNTED: readonly Counted[] = ['start', ...MOVEMENT_BUCKETS, 'end'];

/** One deal's line in the waterfall (`--deals`). */
export interface MovementDeal {
  readonly id: string;
  readonly bucket: MovementBucket;
  /** The signed change the deal makes to the window's open pipeline. */
  readonly change: number;
  readonly from: MovementState;
  readonly to: MovementState;
  readonly movedEarlier: boolean;
  readonly stageBefore: string | null;
  readonly stageAfter: string | null;
  readonly amountBefore: number | null;
  readonly amountAfter: number | null;
  readonly closeBefore: DayNumber | null;
  readonly closeAfter: DayNumber | null;
  readonly owner: string | null;
}

export interface MovementFoldState {
  /** In whole cents. */
  sums: Record<Counted, ExactSum>;
  counts: Record<Counted, number>;
  /** Per-deal lines, kept only when asked for (they grow with deals). */
  deals: MovementDeal[] | null;
}

/** The waterfall: each figure a non-negative amount; `counts` the deals behind each. */
export interface MovementTotals {
  readonly start: number;
  readonly created: number;
  readonly pulledIn: number;
  readonly reopened: number;
  readonly increased: number;
  /** In the window at the end, its row in the earlier snapshot rejected: unreadable there, not created. */
  readonly unreadableAtStart: number;
  readonly decreased: number;
  readonly pushedOut: number;
  readonly won: number;
  readonly lost: number;
  readonly removed: number;
  /** In the window at the start, its row in the later snapshot rejected: unreadable there, not removed. */
  readonly unreadableAtEnd: number;
  readonly end: number;
  /** Deals behind each figure; unchanged and outside complete the count of deals seen. */
  readonly counts: Readonly<Record<Counted, number>>;
}

export interface MovementResult {
  readonly total: MovementTotals;
  /** Sorted by id; null unless asked for. */
  readonly deals: readonly MovementDeal[] | null;
}

export interface MovementOptions {
  readonly window: MovementWindow;
  /** Keep each deal's line (memory grows with deals). */
  readonly keepDeals?: boolean;
}

function emptyRecord<T>(make: () => T): Record<Counted, T> {
  const record = {} as Record<Counted, T>;
  for (const key of COUNTED) record[key] = make();
  return record;
}

/** The waterfall as a fold over joined deal pairs (use with groupedFold for `--by`). */
export function movementFold(options: MovementOptions): Fold<DealPair, MovementFoldState, MovementResult> {
  const { window } = options;
  const keepDeals = options.keepDeals === true;
  return {
    init: () => ({ sums: emptyRecord(exactSum), counts: emptyRecord(() => 0), deals: keepDeals ? [] : null }),
    add(state, pair) {
      const bucketed = bucketInCents(pair, window);
      if (bucketed.from === 'A') {
        addToSum(state.sums.start, centsOf(pair.before));
        state.counts.start += 1;
      }
      if (bucketed.to === 'A') {
        addToSum(state.sums.end, centsOf(pair.after));
        state.counts.end += 1;
      }
      if (bucketed.value !== 0) addToSum(state.sums[bucketed.bucket], bucketed.value);
      state.counts[bucketed.bucket] += 1;
      if (state.deals !== null) {
        const sign = SUBTRACTING_BUCKETS.includes(bucketed.bucket) ? -1 : 1;
        state.deals.push({
          id: pair.id,
          bucket: bucketed.bucket,
          change: bucketed.value === 0 ? 0 : (sign * bucketed.value) / 100,
          from: bucketed.from,
          to: bucketed.to,
          movedEarlier: bucketed.movedEarlier,
          stageBefore: pair.before?.stage ?? null,
          stageAfter: pair.after?.stage ?? null,
          amountBefore: pair.before?.amount ?? null,
          amountAfter: pair.after?.amount ?? null,
          closeBefore: pair.before?.close ?? null,
          closeAfter: pair.after?.close ?? null,
          owner: pair.after?.owner ?? pair.before?.owner ?? null,
        });
      }
      return state;
    },
    merge(a, b) {
      const sums = emptyRecord(exactSum);
      const counts = emptyRecord(() => 0);
      for (const key of COUNTED) {
        sums[key] = mergeSums(a.sums[key], b.sums[key]);
        counts[key] = a.counts[key] + b.counts[key];
      }
      return { sums, counts, deals: a.deals === null || b.deals === null ? null : [...a.deals, ...b.deals] };
    },
    finish(state) {
      const value = (key: Counted): number => sumValue(state.sums[key]) / 100;
      return {
        total: {
          start: value('start'),
          created: value('created'),
          pulledIn: value('pulledIn'),
          reopened: value('reopened'),
          increased: value('increased'),
          unreadableAtStart: value('unreadableAtStart'),
          decreased: value('decreased'),
          pushedOut: value('pushedOut'),
          won: value('won'),
          lost: value('lost'),
          removed: value('removed'),
          unreadableAtEnd: value('unreadableAtEnd'),
          end: value('end'),
          counts: { ...state.counts },
        },
        deals: state.deals === null ? null : [...state.deals].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
      };
    },
  };
}
