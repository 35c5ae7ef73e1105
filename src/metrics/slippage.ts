/**
 * Slippage across consecutive snapshots (METRICS.md "Pipeline movement (snapshots)",
 * Slippage): a deal open in both snapshots of a consecutive pair whose expected close moved
 * later was pushed. Per deal: the push count and the total days slipped; per rep and in total:
 * the share of deals pushed at least once, and the pushed value.
 *
 * Deals counted: those open in both snapshots of at least one consecutive pair (the deals that
 * could be pushed). Pushed value: each pushed deal's amount in the later snapshot of its last push.
 * The rep of a deal is its owner in the latest pair it was open in.
 * Memory: one small record per such deal (never per deal x snapshot).
 *
 * @example
 * // D1 closes 2026-11-01, then 2026-11-15, then 2026-12-01: 2 pushes, 30 days slipped.
 */
import type { DayNumber } from '../model/types.js';
import { addToSum, exactSum, sumValue, toCents } from './exactSum.js';
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';
import type { Fold } from './fold.js';
import { compareNames } from './humanOrder.js';
import type { DealPair, SnapshotDeal } from './movement.js';

export interface DealSlip {
  owner: string | null;
  pushes: number;
  daysSlipped: number;
  /** Amount in the later snapshot of the last push (0 when it had none). */
  value: number;
  /** The expected close after the last pair seen. */
  close: DayNumber | null;
}

export interface SlippageState {
  /** Deal id -> its slippage so far; every deal open in both snapshots of a pair. */
  deals: Map<string, DealSlip>;
  /** The same, by the pair's `index` when the caller numbers its deals (no lookup by id). */
  indexed: (IndexedSlip | undefined)[];
}

export interface IndexedSlip extends DealSlip {
  readonly id: string;
}

export interface SlippageFigures {
  /** Deals open in both snapshots of at least one consecutive pair. */
  readonly deals: number;
  readonly dealsPushed: number;
  /** dealsPushed / deals; n/a with no deal open in two consecutive snapshots. */
  readonly shareOfDealsPushed: Figure;
  readonly valuePushed: number;
  readonly pushes: number;
  readonly daysSlipped: number;
}

export interface DealSlippage {
  readonly id: string;
  readonly owner: string | null;
  readonly pushes: number;
  readonly daysSlipped: number;
  readonly value: number;
  readonly close: DayNumber | null;
}

export interface SlippageResult {
  readonly total: SlippageFigures;
  /** Per rep (owner), by name. */
  readonly byRep: readonly ({ readonly owner: string } & SlippageFigures)[];
  /** Pushed deals only, most pushes first, then most days slipped, then id. */
  readonly byDeal: readonly DealSlippage[];
}

function pushedDays(before: SnapshotDeal | null, after: SnapshotDeal | null): number | null {
  if (before === null || after === null || before.status !== 'open' || after.status !== 'open') return null;
  if (before.close === null || after.close === null) return 0;
  return after.close > before.close ? after.close - before.close : 0;
}

/** Slippage as a fold over the pairs of consecutive snapshots (fed in snapshot order). */
export function slippageFold(): Fold<DealPair, SlippageState, SlippageResult> {
  return {
    init: () => ({ deals: new Map(), indexed: [] }),
    add(state, pair) {
      const days = pushedDays(pair.before, pair.after);
      if (days === null) return state;
      const after = pair.after as SnapshotDeal;
      const index = pair.index;
      let slip: DealSlip | undefined = index === undefined ? state.deals.get(pair.id) : state.indexed[index];
      if (slip === undefined) {
        const fresh = { owner: after.owner, pushes: 0, daysSlipped: 0, value: 0, close: after.close };
        if (index === undefined) {
          slip = fresh;
          state.deals.set(pair.id, fresh);
        } else {
          const numbered: IndexedSlip = { id: pair.id, ...fresh };
          slip = numbered;
          state.indexed[index] = numbered;
        }
      }
      slip.owner = after.owner;
      slip.close = after.close;
      if (days > 0) {
        slip.pushes += 1;
        slip.daysSlipped += days;
        slip.value = after.amount ?? 0;
      }
      return state;
    },
    merge(a, b) {
      const deals = new Map(a.deals);
      for (const [id, slip] of b.deals) {
        const earlier = deals.get(id);
        deals.set(id, earlier === undefined ? slip : { ...laterSlip(earlier, slip) });
      }
      // Both numbered their deals the same way (one reading of the snapshots).
      const indexed = [...a.indexed];
      b.indexed.forEach((slip, index) => {
        if (slip === undefined) return;
        const earlier = indexed[index];
        indexed[index] = earlier === undefined ? slip : { id: slip.id, ...laterSlip(earlier, slip) };
      });
      return { deals, indexed };
    },
    finish(state) {
      const total = tally();
      const reps = new Map<string, ReturnType<typeof tally>>();
      const byDeal: DealSlippage[] = [];
      const entries: Iterable<readonly [string, DealSlip]> = [...state.deals, ...state.indexed.flatMap((slip) => (slip === undefined ? [] : [[slip.id, slip] as const]))];
      for (const [id, slip] of entries) {
        const owner = slip.owner ?? '(none)';
        let rep = reps.get(owner);
        if (rep === undefined) reps.set(owner, (rep = tally()));
        total.add(slip);
        rep.add(slip);
        if (slip.pushes > 0) byDeal.push({ id, owner: slip.owner, pushes: slip.pushes, daysSlipped: slip.daysSlipped, value: slip.value, close: slip.close });
      }
      byDeal.sort((x, y) => y.pushes - x.pushes || y.daysSlipped - x.daysSlipped || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      return {
        total: total.figures(),
        byRep: [...reps.keys()].sort(compareNames).map((owner) => ({ owner, ...(reps.get(owner) as ReturnType<typeof tally>).figures() })),
        byDeal,
      };
    },
  };
}

/** A deal's slippage over earlier pairs, then later ones. */
function laterSlip(earlier: DealSlip, later: DealSlip): DealSlip {
  return { owner: later.owner, close: later.close, pushes: earlier.pushes + later.pushes, daysSlipped: earlier.daysSlipped + later.daysSlipped, value: later.pushes > 0 ? later.value : earlier.value };
}

function tally() {
  let deals = 0;
  let dealsPushed = 0;
  let pushes = 0;
  let daysSlipped = 0;
  const valuePushed = exactSum();
  return {
    add(slip: DealSlip): void {
      deals += 1;
      if (slip.pushes === 0) return;
      dealsPushed += 1;
      pushes += slip.pushes;
      daysSlipped += slip.daysSlipped;
      // In whole cents, as movement adds up its waterfall: the sum of amounts is exact to the cent.
      addToSum(valuePushed, toCents(slip.value));
    },
    figures(): SlippageFigures {
      return {
        deals,
        dealsPushed,
        shareOfDealsPushed: deals === 0 ? na('no-deal-open-twice') : known(dealsPushed / deals),
        valuePushed: sumValue(valuePushed) / 100,
        pushes,
        daysSlipped,
      };
    },
  };
}
