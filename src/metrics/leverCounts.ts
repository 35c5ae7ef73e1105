/**
 * The counts and sums behind the velocity levers of one group of deals (a rep on the scorecard,
 * an entity of a Pareto): deals worked, won, lost and open counts, won amount and won cycle.
 * Shared so that every per-group metric counts a deal the same way.
 */
import type { Deal } from '../model/types.js';
import { addWonCycle } from './scope.js';

export interface LeverCounts {
  /** Closed deals in the window plus open deals worked in it. */
  readonly deals: number;
  readonly won: number;
  readonly lost: number;
  readonly open: number;
  /** Sum of the known amounts of won deals, and how many had one. */
  readonly wonAmount: number;
  readonly wonWithAmount: number;
  /** Sum of the known sales cycles (days) of won deals, and how many had one. */
  readonly wonCycleDays: number;
  readonly wonWithCycle: number;
}

export type MutableLeverCounts = { -readonly [Field in keyof LeverCounts]: number };

export function emptyLeverCounts(): MutableLeverCounts {
  return { deals: 0, won: 0, lost: 0, open: 0, wonAmount: 0, wonWithAmount: 0, wonCycleDays: 0, wonWithCycle: 0 };
}

/** Counts one deal the caller has already placed in scope. */
export function countDeal(counts: MutableLeverCounts, deal: Deal): void {
  counts.deals += 1;
  if (deal.status === 'open') counts.open += 1;
  else if (deal.status === 'lost') counts.lost += 1;
  else {
    counts.won += 1;
    if (deal.amount !== null) {
      counts.wonAmount += deal.amount;
      counts.wonWithAmount += 1;
    }
    addWonCycle(counts, deal);
  }
}

/** Adds another group's counts (a merge, or a sum over groups). */
export function addLeverCounts(into: MutableLeverCounts, from: LeverCounts): void {
  into.deals += from.deals;
  into.won += from.won;
  into.lost += from.lost;
  into.open += from.open;
  into.wonAmount += from.wonAmount;
  into.wonWithAmount += from.wonWithAmount;
  into.wonCycleDays += from.wonCycleDays;
  into.wonWithCycle += from.wonWithCycle;
}

/** Just the lever counts of a record that carries more. */
export function leverCountsOf(record: LeverCounts): LeverCounts {
  const counts = emptyLeverCounts();
  addLeverCounts(counts, record);
  return counts;
}
