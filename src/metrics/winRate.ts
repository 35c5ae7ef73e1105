/**
 * Unit and value win rates over the deals of a window, with an open-deal policy
 * (METRICS.md "Win rates").
 */
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import type { Deal } from '../model/types.js';
import type { Fold } from './fold.js';
import type { StateCodec } from './packedState.js';
import { known, notAvailableBecause, type Figure, type NaReason } from './figure.js';
import { na, naReason } from './naReasons.js';
import { LOST_AMOUNTS_ZEROED, unitRateOf, valueRateOf } from './rates.js';
import { addWonCycle, openWorkedInWindow, type Scope } from './scope.js';
import { wilsonInterval, type WilsonInterval } from './wilson.js';

/**
 * What open deals do to a win rate (`--open`): `exclude` leaves them out; `include` counts
 * the ones worked during the window as not won; `age-out` counts the ones older than `days`
 * at the as-of date as lost (days null: 2 x the average won sales cycle of the window).
 */
export type OpenPolicy = { kind: 'exclude' } | { kind: 'include' } | { kind: 'age-out'; days: number | null };

export interface WinRateOptions {
  readonly scope: Scope;
  readonly open: OpenPolicy;
  /** A unit rate from fewer deals than this is flagged `smallSample`. */
  readonly minSample: number;
}

/** Open deals of one age (as-of minus created, in days). */
export interface AgeBucket {
  count: number;
  /** Sum of known amounts. */
  value: ExactSum;
  /** Deals with an amount above 0 (to tell zeroed amounts from real ones). */
  withAmount: number;
}

export interface WinRateState {
  won: number;
  wonValue: ExactSum;
  /** Won deals with a known amount: none at all (and no lost amount) means the file has no amounts, not zeroed ones. */
  wonWithAmount: number;
  wonCycleDays: number;
  wonWithCycle: number;
  lost: number;
  lostValue: ExactSum;
  lostWithAmount: number;
  /** Every open deal fed (the snapshot at the as-of date). */
  open: number;
  openValue: ExactSum;
  /** Open deals worked during the window (`openWorkedInWindow`): the candidates for include and age-out. */
  openWorked: number;
  openWorkedValue: ExactSum;
  /**
   * Age histogram of worked open deals with a created date, filled only under age-out:
   * the default DAYS is known only at finish, and the histogram is bounded by the date range.
   */
  openAges: Map<number, AgeBucket>;
  /** Worked open deals without a created date: their age is unknown, so age-out leaves them out. */
  openAgeUnknown: number;
}

export interface WinRateResult {
  /** Won deals in the window. */
  readonly won: number;
  /** Lost deals in the window, plus the aged-out open deals under age-out. */
  readonly lost: number;
  /**
   * Under include: the open deals counted in the denominator (worked during the window).
   * Under exclude and age-out: every open deal in scope (aged-out ones included), for context.
   */
  readonly open: number;
  readonly wonValue: number;
  readonly lostValue: number;
  readonly openValue: number;
  readonly unitWinRate: Figure;
  readonly valueWinRate: Figure;
  /** Denominator count of the unit rate (under age-out with an unknown DAYS: the closed deals). */
  readonly n: number;
  /** 95% Wilson score interval of the unit rate; null when the rate is. */
  readonly interval: WilsonInterval | null;
  readonly smallSample: boolean;
  readonly policy: OpenPolicy['kind'];
  /** DAYS used by age-out (given, or the default; n/a when unknown); null for the other policies. */
  readonly ageOutDays: Figure | null;
  /** Open deals counted as lost by age-out (included in `lost`). */
  readonly agedOut: number;
  /** Worked open deals left out by age-out because they have no created date. */
  readonly ageUnknown: number;
  /** Average sales cycle of the won deals with a known cycle, in days. */
  readonly averageWonCycleDays: Figure;
}

const EMPTY_REASON: Readonly<Record<OpenPolicy['kind'], NaReason>> = {
  exclude: naReason('no-closed-deals'),
  include: naReason('no-closed-or-open-deals'),
  'age-out': naReason('no-closed-or-aged-out-deals'),
};

const NO_DEFAULT_AGE = naReason('no-age-out-days');

/** Neither won nor lost deals carry an amount: the file has no amounts (no amount column, or an empty one), not zeroed ones. */
const NO_AMOUNTS = naReason('no-amounts');

/**
 * Win rates of a window: the share of decided deals that were won, by count and by value.
 *
 * Formula: unitWinRate = won / (won + lost [+ open]); valueWinRate = won value / (won value +
 * lost value [+ open value]), sums of known amounts only. Policies: exclude counts closed deals
 * only; include adds open deals worked during the window as not won; age-out counts worked
 * open deals older than DAYS (asOf - created > DAYS) as lost and leaves the others out.
 * Age-out looks only at open deals worked during the window, so a cohort rate (basis created)
 * is never charged with deals opened after its window.
 *
 * Units: rates 0..1, values in the base currency, days. Feed only deals for which
 * `inScope(deal, scope)` is true. Edge cases: n = 0 gives null rates with a reason; lost
 * deals without any amount above 0 make the value rate null (CRMs that zero lost amounts
 * would otherwise show 100%); age-out without a known default DAYS gives null rates when
 * there are open deals it would have to judge. Throws RangeError for a negative or
 * non-finite minSample or DAYS.
 *
 * @example
 * // A 20,000 won; B 10,000 won; C 40,000 lost; D 30,000 lost
 * runFold(winRateFold({ scope, open: { kind: 'exclude' }, minSample: 30 }), deals)
 * // { unitWinRate: 0.5, valueWinRate: 0.3, n: 4, smallSample: true, ... }
 *
 * Implements METRICS.md "Win rates".
 */
export function winRateFold(options: WinRateOptions): Fold<Deal, WinRateState, WinRateResult> {
  const { scope, open: policy, minSample } = options;
  if (!Number.isFinite(minSample) || minSample < 0) {
    throw new RangeError(`winRateFold: minSample must be a number >= 0, got ${minSample}`);
  }
  if (policy.kind === 'age-out' && policy.days !== null && (!Number.isFinite(policy.days) || policy.days < 0)) {
    throw new RangeError(`winRateFold: age-out days must be a number >= 0, got ${policy.days}`);
  }
  const tracksAges = policy.kind === 'age-out';

  return {
    init: emptyState,
    add(state, deal) {
      const amount = deal.amount;
      if (deal.status === 'won') {
        state.won += 1;
        if (amount !== null) {
          addToSum(state.wonValue, amount);
          state.wonWithAmount += 1;
        }
        addWonCycle(state, deal);
      } else if (deal.status === 'lost') {
        state.lost += 1;
        if (amount !== null) addToSum(state.lostValue, amount);
        if (amount !== null && amount > 0) state.lostWithAmount += 1;
      } else {
        state.open += 1;
        if (amount !== null) addToSum(state.openValue, amount);
        if (!openWorkedInWindow(deal, scope)) return state;
        state.openWorked += 1;
        if (amount !== null) addToSum(state.openWorkedValue, amount);
        if (!tracksAges) return state;
        if (deal.created === null) {
          state.openAgeUnknown += 1;
          return state;
        }
        const age = scope.asOf - deal.created;
        if (state.openAges === NO_AGES) state.openAges = new Map();
        let bucket = state.openAges.get(age);
        if (bucket === undefined) {
          bucket = { count: 0, value: exactSum(), withAmount: 0 };
          state.openAges.set(age, bucket);
        }
        bucket.count += 1;
        if (amount !== null) addToSum(bucket.value, amount);
        if (amount !== null && amount > 0) bucket.withAmount += 1;
      }
      return state;
    },
    merge: mergeStates,
    codec: winRateCodec,
    finish(state) {
      return finishState(state, policy, minSample);
    },
  };
}

/**
 * The open-age buckets of a state that has none, shared and never written (a state gets a map of
 * its own at its first bucket): an empty Map per group was 13 MB for 66,000 groups, and only
 * `--open age-out` fills them.
 */
const NO_AGES: ReadonlyMap<number, AgeBucket> = new Map();

function emptyState(): WinRateState {
  return {
    won: 0,
    wonValue: exactSum(),
    wonWithAmount: 0,
    wonCycleDays: 0,
    wonWithCycle: 0,
    lost: 0,
    lostValue: exactSum(),
    lostWithAmount: 0,
    open: 0,
    openValue: exactSum(),
    openWorked: 0,
    openWorkedValue: exactSum(),
    openAges: NO_AGES as Map<number, AgeBucket>,
    openAgeUnknown: 0,
  };
}

function mergeStates(a: WinRateState, b: WinRateState): WinRateState {
  // Buckets are copied so the merged state never aliases (and later mutates) an input's.
  const openAges = a.openAges.size === 0 && b.openAges.size === 0 ? (NO_AGES as Map<number, AgeBucket>) : new Map<number, AgeBucket>();
  for (const source of [a.openAges, b.openAges]) {
    for (const [age, bucket] of source) {
      const existing = openAges.get(age);
      if (existing === undefined) openAges.set(age, { ...bucket, value: bucket.value.slice() });
      else {
        existing.count += bucket.count;
        existing.value = mergeSums(existing.value, bucket.value);
        existing.withAmount += bucket.withAmount;
      }
    }
  }
  return {
    won: a.won + b.won,
    wonValue: mergeSums(a.wonValue, b.wonValue),
    wonWithAmount: a.wonWithAmount + b.wonWithAmount,
    wonCycleDays: a.wonCycleDays + b.wonCycleDays,
    wonWithCycle: a.wonWithCycle + b.wonWithCycle,
    lost: a.lost + b.lost,
    lostValue: mergeSums(a.lostValue, b.lostValue),
    lostWithAmount: a.lostWithAmount + b.lostWithAmount,
    open: a.open + b.open,
    openValue: mergeSums(a.openValue, b.openValue),
    openWorked: a.openWorked + b.openWorked,
    openWorkedValue: mergeSums(a.openWorkedValue, b.openWorkedValue),
    openAges,
    openAgeUnknown: a.openAgeUnknown + b.openAgeUnknown,
  };
}

/** A state's numbers, field by field, then each open-age bucket (packedState.ts). */
const winRateCodec: StateCodec<WinRateState> = {
  write(state, out) {
    out.number(state.won);
    out.sum(state.wonValue);
    out.number(state.wonWithAmount);
    out.number(state.wonCycleDays);
    out.number(state.wonWithCycle);
    out.number(state.lost);
    out.sum(state.lostValue);
    out.number(state.lostWithAmount);
    out.number(state.open);
    out.sum(state.openValue);
    out.number(state.openWorked);
    out.sum(state.openWorkedValue);
    out.number(state.openAgeUnknown);
    out.number(state.openAges.size);
    for (const [age, bucket] of state.openAges) {
      out.number(age);
      out.number(bucket.count);
      out.sum(bucket.value);
      out.number(bucket.withAmount);
    }
  },
  read(input) {
    const state: WinRateState = {
      won: input.number(),
      wonValue: input.sum(),
      wonWithAmount: input.number(),
      wonCycleDays: input.number(),
      wonWithCycle: input.number(),
      lost: input.number(),
      lostValue: input.sum(),
      lostWithAmount: input.number(),
      open: input.number(),
      openValue: input.sum(),
      openWorked: input.number(),
      openWorkedValue: input.sum(),
      openAges: NO_AGES as Map<number, AgeBucket>,
      openAgeUnknown: input.number(),
    };
    const buckets = input.number();
    if (buckets > 0) state.openAges = new Map();
    for (let index = 0; index < buckets; index += 1) {
      const age = input.number();
      state.openAges.set(age, { count: input.number(), value: input.sum(), withAmount: input.number() });
    }
    return state;
  },
  readInto(state, input) {
    state.won += input.number();
    input.addSumTo(state.wonValue);
    state.wonWithAmount += input.number();
    state.wonCycleDays += input.number();
    state.wonWithCycle += input.number();
    state.lost += input.number();
    input.addSumTo(state.lostValue);
    state.lostWithAmount += input.number();
    state.open += input.number();
    input.addSumTo(state.openValue);
    state.openWorked += input.number();
    input.addSumTo(state.openWorkedValue);
    state.openAgeUnknown += input.number();
    const buckets = input.number();
    if (buckets > 0 && state.openAges === NO_AGES) state.openAges = new Map();
    for (let index = 0; index < buckets; index += 1) {
      const age = input.number();
      const count = input.number();
      const bucket = state.openAges.get(age);
      if (bucket === undefined) {
        state.openAges.set(age, { count, value: input.sum(), withAmount: input.number() });
        continue;
      }
      bucket.count += count;
      input.addSumTo(bucket.value);
      bucket.withAmount += input.number();
    }
  },
};

function finishState(state: WinRateState, policy: OpenPolicy, minSample: number): WinRateResult {
  const averageWonCycleDays = state.wonWithCycle === 0 ? null : state.wonCycleDays / state.wonWithCycle;
  const emptyReason = EMPTY_REASON[policy.kind];
  const closedLostZeroed = state.lost > 0 && state.lostWithAmount === 0 ? (state.wonWithAmount === 0 ? NO_AMOUNTS : LOST_AMOUNTS_ZEROED) : null;

  let lost = state.lost;
  let lostValue = sumValue(state.lostValue);
  let open = state.open;
  let openValue = sumValue(state.openValue);
  let n = state.won + state.lost;
  // What is not won, summed exactly like its parts.
  let notWon: ExactSum = state.lostValue;
  let lostAmountsMissing = closedLostZeroed;
  let ageOutDays: number | null = null;
  let agedOut = 0;
  let undecidable = false;

  if (policy.kind === 'include') {
    open = state.openWorked;
    openValue = sumValue(state.openWorkedValue);
    n += state.openWorked;
    notWon = mergeSums(notWon, state.openWorkedValue);
  } else if (policy.kind === 'age-out') {
    ageOutDays = policy.days ?? (averageWonCycleDays === null ? null : 2 * averageWonCycleDays);
    if (ageOutDays === null) {
      // The rates would depend on a DAYS nobody knows only when some open deal has an age to judge.
      undecidable = state.openAges.size > 0;
    } else {
      let agedValue = exactSum();
      let agedWithAmount = 0;
      for (const [age, bucket] of state.openAges) {
        if (age <= ageOutDays) continue;
        agedOut += bucket.count;
        agedValue = mergeSums(agedValue, bucket.value);
        agedWithAmount += bucket.withAmount;
      }
      lost += agedOut;
      lostValue = sumValue(mergeSums(state.lostValue, agedValue));
      n += agedOut;
      notWon = mergeSums(notWon, agedValue);
      if (state.lost === 0 && agedOut > 0 && agedWithAmount === 0) {
        lostAmountsMissing = naReason('aged-out-amounts-missing');
      }
    }
  }
  const wonValue = sumValue(state.wonValue);
  const notWonValue = sumValue(notWon);

  const unit = undecidable ? notAvailableBecause(NO_DEFAULT_AGE) : unitRateOf(state.won, n, emptyReason);
  const value = undecidable
    ? notAvailableBecause(NO_DEFAULT_AGE)
    : valueRateOf({ wonValue, notWonValue, n, lostAmountsMissing, emptyReason });

  return {
    won: state.won,
    lost,
    open,
    wonValue,
    lostValue,
    openValue,
    unitWinRate: unit,
    valueWinRate: value,
    n,
    interval: unit.value === null ? null : wilsonInterval(state.won, n),
    smallSample: n < minSample,
    policy: policy.kind,
    ageOutDays: policy.kind !== 'age-out' ? null : ageOutDays === null ? notAvailableBecause(NO_DEFAULT_AGE) : known(ageOutDays),
    agedOut,
    ageUnknown: policy.kind === 'age-out' ? state.openAgeUnknown : 0,
    averageWonCycleDays: averageWonCycleDays === null ? na('no-won-cycle') : known(averageWonCycleDays),
  };
}
