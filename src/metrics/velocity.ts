/**
 * Sales velocity: revenue per day the pipeline produces (METRICS.md "Sales velocity").
 */
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import { PERIOD_DAYS } from '../model/calendar.js';
import type { Deal } from '../model/types.js';
import type { Fold } from './fold.js';
import type { StateCodec } from './packedState.js';
import { known, notAvailableBecause, type Figure } from './figure.js';
import { na, naReason } from './naReasons.js';
import { unitRateOf } from './rates.js';
import { addWonCycle, type Scope } from './scope.js';

export interface VelocityOptions {
  readonly scope: Scope;
  /** N: open deals at the as-of date (default in the CLI), or closed deals in the window. */
  readonly n: 'open' | 'closed';
}

export interface VelocityState {
  open: number;
  won: number;
  lost: number;
  wonAmountSum: ExactSum;
  wonWithAmount: number;
  wonCycleDays: number;
  wonWithCycle: number;
}

export interface VelocityResult {
  /** N: the number of opportunities (open deals in scope, or closed deals in the window). */
  readonly deals: number;
  readonly dealsBasis: 'open' | 'closed';
  /** A: average amount of the won deals that carry one. */
  readonly averageWonAmount: Figure;
  /** W: unit win rate of the closed deals in the window (open deals excluded). */
  readonly winRate: Figure;
  readonly won: number;
  readonly lost: number;
  /** L: average sales cycle of the won deals with a known cycle, in days. */
  readonly cycleDays: Figure;
  /** V in revenue per day; n/a with the reason of the first undefined term. */
  readonly perDay: Figure;
  /** V x 30.4375 (average month, METRICS.md "Window"). */
  readonly perMonth: Figure;
  /** V x 91.3125 (average quarter). */
  readonly perQuarter: Figure;
}

/**
 * Sales velocity: how much revenue the pipeline turns out per day.
 *
 * Formula: velocity = deals x averageWonAmount x unitWinRate / averageWonCycleDays, where
 * deals is N (open deals in scope, or closed deals in the window), averageWonAmount the mean
 * amount of won deals that carry one, unitWinRate = won / (won + lost) with open deals
 * excluded, and averageWonCycleDays the mean `close - created` of won deals (`cycleDaysOf`).
 * Per month and per quarter multiply by 30.4375 and 91.3125.
 *
 * Units: money per day (per month, per quarter). Feed only deals for which
 * `inScope(deal, scope)` is true. Edge cases: any undefined term makes V null with that
 * term's reason; an average cycle of 0 days makes V null ("average won cycle is 0 days")
 * instead of Infinity; N = 0 gives V = 0 (an empty pipeline produces nothing).
 *
 * @example
 * // 10 open deals; won 10,000 (40 days) and 30,000 (60 days); 6 lost
 * runFold(velocityFold({ scope, n: 'open' }), deals)
 * // { deals: 10, averageWonAmount: 20000, winRate: 0.25, cycleDays: 50, perDay: 1000, perMonth: 30437.5, ... }
 *
 * Implements METRICS.md "Sales velocity".
 */
export function velocityFold(options: VelocityOptions): Fold<Deal, VelocityState, VelocityResult> {
  const dealsBasis = options.n;
  return {
    init: () => ({ open: 0, won: 0, lost: 0, wonAmountSum: exactSum(), wonWithAmount: 0, wonCycleDays: 0, wonWithCycle: 0 }),
    add(state, deal) {
      if (deal.status === 'open') {
        state.open += 1;
        return state;
      }
      if (deal.status === 'lost') {
        state.lost += 1;
        return state;
      }
      state.won += 1;
      if (deal.amount !== null) {
        addToSum(state.wonAmountSum, deal.amount);
        state.wonWithAmount += 1;
      }
      addWonCycle(state, deal);
      return state;
    },
    merge: (a, b) => ({
      open: a.open + b.open,
      won: a.won + b.won,
      lost: a.lost + b.lost,
      wonAmountSum: mergeSums(a.wonAmountSum, b.wonAmountSum),
      wonWithAmount: a.wonWithAmount + b.wonWithAmount,
      wonCycleDays: a.wonCycleDays + b.wonCycleDays,
      wonWithCycle: a.wonWithCycle + b.wonWithCycle,
    }),
    codec: velocityCodec,
    finish(state) {
      const deals = dealsBasis === 'open' ? state.open : state.won + state.lost;
      const noWon = state.won === 0 ? na('no-won-deals') : null;
      const averageWonAmount: Figure = noWon ?? (state.wonWithAmount === 0 ? na('no-won-amount') : known(sumValue(state.wonAmountSum) / state.wonWithAmount));
      const winRate = unitRateOf(state.won, state.won + state.lost, naReason('no-closed-deals'));
      const cycleDays: Figure = noWon ?? (state.wonWithCycle === 0 ? na('no-won-cycle') : known(state.wonCycleDays / state.wonWithCycle));

      let reason = averageWonAmount.reason ?? winRate.reason ?? cycleDays.reason;
      if (reason === null && cycleDays.value !== null && cycleDays.value <= 0) {
        reason = cycleDays.value === 0 ? naReason('zero-cycle') : naReason('negative-cycle');
      }
      let perDay: number | null = null;
      if (reason === null && averageWonAmount.value !== null && winRate.value !== null && cycleDays.value !== null) {
        perDay = (deals * averageWonAmount.value * winRate.value) / cycleDays.value;
      }
      const scaled = (days: number): Figure => (perDay === null ? notAvailableBecause(reason ?? naReason('unknown')) : known(perDay * days));
      return {
        deals,
        dealsBasis,
        averageWonAmount,
        winRate,
        won: state.won,
        lost: state.lost,
        cycleDays,
        perDay: scaled(1),
        perMonth: scaled(PERIOD_DAYS.month),
        perQuarter: scaled(PERIOD_DAYS.quarter),
      };
    },
  };
}

/** A state's numbers, field by field (packedState.ts). */
const velocityCodec: StateCodec<VelocityState> = {
  write(state, out) {
    out.number(state.open);
    out.number(state.won);
    out.number(state.lost);
    out.sum(state.wonAmountSum);
    out.number(state.wonWithAmount);
    out.number(state.wonCycleDays);
    out.number(state.wonWithCycle);
  },
  read: (input) => ({ open: input.number(), won: input.number(), lost: input.number(), wonAmountSum: input.sum(), wonWithAmount: input.number(), wonCycleDays: input.number(), wonWithCycle: input.number() }),
  readInto(state, input) {
    state.open += input.number();
    state.won += input.number();
    state.lost += input.number();
    input.addSumTo(state.wonAmountSum);
    state.wonWithAmount += input.number();
    state.wonCycleDays += input.number();
    state.wonWithCycle += input.number();
  },
};
