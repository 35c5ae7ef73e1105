/**
 * Account quadrants (METRICS.md "Account quadrants"): accounts split by current revenue C and
 * future revenue F into A (high C, high F), B (low C, high F), C (high C, low F), D (low, low).
 */
import { known, notAvailableBecause, type Figure } from './figure.js';
import { na } from './naReasons.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import { joinAccounts, type AccountJoin, type AccountRef, type KeyedAmount } from '../model/accountJoin.js';
import { normalizeHeader } from '../model/mapping.js';
import { firstDayOfMonthsEndingOn } from '../model/calendar.js';
import type { ScoringModel } from '../model/quadrantConfig.js';
import type { Account, DayNumber, Deal } from '../model/types.js';
import { INVALID, parseAmount, type DecimalSeparator } from '../model/values.js';
import { scoreAccount } from './accountScore.js';
import { keptText } from '../model/keptText.js';
import type { Fold } from './fold.js';

export type QuadrantLetter = 'A' | 'B' | 'C' | 'D';

export const QUADRANT_LETTERS: readonly QuadrantLetter[] = ['A', 'B', 'C', 'D'];

export const QUADRANT_ACTIONS: Readonly<Record<QuadrantLetter, string>> = {
  A: 'full account plan',
  B: 'develop: put in the sales plan',
  C: 'protect current revenue',
  D: 'nurture: hand to marketing',
};

/** One account's two coordinates, each n/a with its reason when unknown. */
export interface AccountInput {
  readonly id: string;
  readonly name: string | null;
  readonly current: Figure;
  readonly future: Figure;
}

/** A fixed value, or a percentile (0..1) of the accounts that have a value. */
export type ThresholdSpec = number | { readonly percentile: number };

export interface QuadrantOptions {
  /** Default: the median (percentile 0.5) of each. */
  readonly thresholds?: { readonly current?: ThresholdSpec; readonly future?: ThresholdSpec };
  /** false when F is a score, not money: the gap F - C is then null. Default true. */
  readonly futureIsMoney?: boolean;
}

export interface QuadrantAccount {
  readonly id: string;
  readonly name: string | null;
  readonly current: Figure;
  readonly future: Figure;
  /** N/a with the reason the account has no quadrant. */
  readonly quadrant: Figure<QuadrantLetter>;
  /** The quadrant's action; null without a quadrant. */
  readonly action: string | null;
  /** F - C, when F is money and both are known. */
  readonly gap: Figure;
}

export interface QuadrantTotals {
  readonly count: number;
  readonly current: number;
  readonly future: number;
}

export interface QuadrantResult {
  /** In input order. */
  readonly accounts: readonly QuadrantAccount[];
  readonly quadrants: Readonly<Record<QuadrantLetter, QuadrantTotals>>;
  /** The values used: C >= current is high, F >= future is high. */
  readonly thresholds: { readonly current: Figure; readonly future: Figure };
  readonly placed: number;
  readonly unplaced: number;
}

/**
 * Places accounts in quadrants and totals each quadrant.
 *
 * High C when C >= threshold_c, high F when F >= threshold_f (a value exactly at the
 * threshold is high). A percentile threshold is taken over the accounts that have that value,
 * by linear interpolation between closest ranks (Hyndman and Fan type 7, as Excel
 * PERCENTILE.INC and NumPy's default), so the median of an even count is the mean of the
 * middle two and, with an odd count, the median account itself is high.
 * gap = F - C when F is money (futureIsMoney), else null.
 *
 * Units: C, F and gap in money (F may be score points); counts in accounts.
 * Edge cases: an account missing C or F gets no quadrant, a reason, and is not in the totals;
 * a percentile with no values gives a null threshold and places no account. A percentile
 * outside 0..1 or a non-finite value throws RangeError.
 *
 * @example quadrants([{ id: '1', name: 'Acme', current: known(500), future: known(900) }],
 *   { thresholds: { current: 100, future: 100 } })
 *   // accounts[0]: { quadrant: { value: 'A', reason: null }, action: 'full account plan', gap: { value: 400, reason: null }, ... }
 */
export function quadrants(accounts: readonly AccountInput[], options: QuadrantOptions = {}): QuadrantResult {
  for (const account of accounts) {
    for (const value of [account.current.value, account.future.value]) {
      if (value !== null && !Number.isFinite(value)) {
        throw new RangeError(`quadrants: account "${account.id}" has a non-finite value ${value}`);
      }
    }
  }
  const currentThreshold = resolveThreshold(
    options.thresholds?.current ?? { percentile: 0.5 },
    accounts.map((account) => account.current.value),
  );
  const futureThreshold = resolveThreshold(
    options.thresholds?.future ?? { percentile: 0.5 },
    accounts.map((account) => account.future.value),
  );
  const futureIsMoney = options.futureIsMoney ?? true;
  const totals: Record<QuadrantLetter, { count: number; current: number; future: number }> = {
    A: { count: 0, current: 0, future: 0 },
    B: { count: 0, current: 0, future: 0 },
    C: { count: 0, current: 0, future: 0 },
    D: { count: 0, current: 0, future: 0 },
  };
  let placed = 0;
  const results = accounts.map((account): QuadrantAccount => {
    const { id, name } = account;
    const current = account.current.value;
    const future = account.future.value;
    const gap: Figure =
      !futureIsMoney ? na('future-is-score')
      : current === null ? account.current
      : future === null ? account.future
      : known(positiveZero(future - current));
    const unplaced = (quadrant: Figure<never>): QuadrantAccount => ({ id, name, current: account.current, future: account.future, quadrant, action: null, gap });
    if (current === null) return unplaced(account.current.reason === null ? na('no-current-revenue') : notAvailableBecause(account.current.reason));
    if (future === null) return unplaced(account.future.reason === null ? na('no-future-revenue') : notAvailableBecause(account.future.reason));
    if (currentThreshold === null) return unplaced(na('no-current-threshold'));
    if (futureThreshold === null) return unplaced(na('no-future-threshold'));
    const highCurrent = current >= currentThreshold;
    const highFuture = future >= futureThreshold;
    const quadrant: QuadrantLetter = highFuture ? (highCurrent ? 'A' : 'B') : highCurrent ? 'C' : 'D';
    const total = totals[quadrant];
    total.count += 1;
    total.current += current;
    total.future += future;
    placed += 1;
    return { id, name, current: account.current, future: account.future, quadrant: known(quadrant), action: QUADRANT_ACTIONS[quadrant], gap };
  });
  return {
    accounts: results,
    quadrants: totals,
    thresholds: {
      current: currentThreshold === null ? na('no-current-values') : known(currentThreshold),
      future: futureThreshold === null ? na('no-future-values') : known(futureThreshold),
    },
    placed,
    unplaced: accounts.length - placed,
  };
}

function resolveThreshold(spec: ThresholdSpec, values: readonly (number | null)[]): number | null {
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec)) throw new RangeError(`quadrants: threshold must be a finite number, got ${spec}`);
    return spec;
  }
  return percentileValue(
    values.filter((value): value is number => value !== null),
    spec.percentile,
  );
}

/**
 * The p-th percentile of values by linear interpolation between closest ranks (Hyndman and
 * Fan type 7): h = (n - 1) x p, value = x_floor(h) + (h - floor(h)) x (x_floor(h)+1 - x_floor(h)).
 * Empty input gives null; p outside 0..1 throws RangeError.
 *
 * @example percentileValue([10, 20, 30, 40], 0.5) // 25
 */
export function percentileValue(values: readonly number[], percentile: number): number | null {
  if (!(percentile >= 0 && percentile <= 1)) {
    throw new RangeError(`percentileValue: percentile must be in 0..1, got ${percentile}`);
  }
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * percentile;
  const lowerIndex = Math.floor(position);
  const lower = sorted[lowerIndex] as number;
  const upper = sorted[Math.min(lowerIndex + 1, sorted.length - 1)] as number;
  return positiveZero(lower + (position - lowerIndex) * (upper - lower));
}

/** Won revenue per account over the 12 months ending on the as-of date. */
export interface AccountRevenue {
  /** First and last day counted (inclusive): the 12 calendar months ending on asOf. */
  readonly from: DayNumber;
  readonly to: DayNumber;
  /** Sorted by account. */
  readonly accounts: readonly { readonly account: string; readonly wonAmount: number; readonly wonDeals: number }[];
  /** Won deals in the window with no account, left out. */
  readonly wonWithoutAccount: number;
  /** Won deals in the window with no amount, counted in wonDeals but adding nothing. */
  readonly wonWithoutAmount: number;
}

export interface AccountRevenueState {
  readonly accounts: Map<string, { wonAmount: ExactSum; wonDeals: number }>;
  wonWithoutAccount: number;
  wonWithoutAmount: number;
}

/** "The 12 months before the as-of date" (METRICS.md "Account quadrants"). */
export const CURRENT_REVENUE_MONTHS = 12;

/**
 * Current revenue C per account: the sum of the amounts of won deals closed in the 12 calendar
 * months ending on the as-of date (METRICS.md; firstDayOfMonthsEndingOn: 2024-01-01 to
 * 2024-12-31 for asOf 2024-12-31, all 366 days of a leap year). A fixed 365 days, as before,
 * left out the first day of the year in a leap year.
 * Won deals with no close date are left out (they cannot be placed in the window).
 * Memory: one record per account.
 *
 * @example asOf 2026-06-30: a deal won 2025-07-01 counts, one won 2025-06-30 does not.
 */
export function accountRevenueFold(options: {
  readonly asOf: DayNumber;
}): Fold<Deal, AccountRevenueState, AccountRevenue> {
  const to = options.asOf;
  const from = firstDayOfMonthsEndingOn(to, CURRENT_REVENUE_MONTHS);
  return {
    init: () => ({ accounts: new Map(), wonWithoutAccount: 0, wonWithoutAmount: 0 }),
    add(state, deal) {
      if (deal.status !== 'won' || deal.close === null || deal.close < from || deal.close > to) return state;
      const account = deal.account?.trim() ?? '';
      if (account === '') {
        state.wonWithoutAccount += 1;
        return state;
      }
      let entry = state.accounts.get(account);
      if (entry === undefined) {
        entry = { wonAmount: exactSum(), wonDeals: 0 };
        state.accounts.set(keptText(account), entry);
      }
      entry.wonDeals += 1;
      if (deal.amount === null) state.wonWithoutAmount += 1;
      else addToSum(entry.wonAmount, deal.amount);
      return state;
    },
    merge(a, b) {
      const accounts = new Map<string, { wonAmount: ExactSum; wonDeals: number }>();
      for (const [key, entry] of a.accounts) accounts.set(key, { ...entry, wonAmount: entry.wonAmount.slice() });
      for (const [key, entry] of b.accounts) {
        const existing = accounts.get(key);
        if (existing === undefined) accounts.set(key, { ...entry, wonAmount: entry.wonAmount.slice() });
        else {
          existing.wonAmount = mergeSums(existing.wonAmount, entry.wonAmount);
          existing.wonDeals += entry.wonDeals;
        }
      }
      return {
        accounts,
        wonWithoutAccount: a.wonWithoutAccount + b.wonWithoutAccount,
        wonWithoutAmount: a.wonWithoutAmount + b.wonWithoutAmount,
      };
    },
    finish(state) {
      return {
        from,
        to,
        accounts: [...state.accounts.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([account, entry]) => ({ account, wonAmount: sumValue(entry.wonAmount), wonDeals: entry.wonDeals })),
        wonWithoutAccount: state.wonWithoutAccount,
        wonWithoutAmount: state.wonWithoutAmount,
      };
    },
  };
}

/** Won revenue joined to the accounts by the account join rule (model/accountJoin.ts). */
export interface JoinedRevenue {
  /** Account id -> won amount over every key that names the account (id, name, normalised name). */
  readonly byAccount: ReadonlyMap<string, number>;
  readonly join: AccountJoin;
  /** The revenue per key, as folded (for the join's notes). */
  readonly keyed: readonly KeyedAmount[];
}

/**
 * Joins deal revenue to accounts by the account join rule: a deal's account field may hold the
 * account's id in some rows and its name in others (exports differ), and an account takes the
 * revenue of every key that names it, summed exactly. Keys that name no account are in
 * `join.unmatched`. An account with no won deals has C = 0, not null: it earned nothing.
 *
 * @example joinCurrentRevenue([{ id: '001', name: 'Acme' }], revenue filed as '001' (60,000) and 'Acme' (150,000)).byAccount.get('001') // 210,000
 */
export function joinCurrentRevenue(accounts: readonly AccountRef[], revenue: AccountRevenue): JoinedRevenue {
  const keyed = revenue.accounts.map((entry) => ({ key: entry.account, amount: entry.wonAmount, deals: entry.wonDeals }));
  const join = joinAccounts(accounts, keyed.map((entry) => entry.key));
  const sums = new Map<string, ExactSum>();
  for (const entry of keyed) {
    const match = join.byKey.get(entry.key);
    if (match === undefined) continue;
    let sum = sums.get(match.accountId);
    if (sum === undefined) {
      sum = exactSum();
      sums.set(match.accountId, sum);
    }
    addToSum(sum, entry.amount);
  }
  const byAccount = new Map<string, number>();
  for (const [id, sum] of sums) byAccount.set(id, sumValue(sum));
  return { byAccount, join, keyed };
}

/**
 * Current revenue per account from won revenue, joined by the account join rule
 * (joinCurrentRevenue); 0 for an account no deal names.
 *
 * @example currentRevenueLookup(revenue, accounts)({ id: '001', name: 'Acme' }) // revenue filed as '001', 'Acme' or 'ACME Inc.'
 */
export function currentRevenueLookup(revenue: AccountRevenue, accounts: readonly AccountRef[]): (account: { readonly id: string }) => number {
  const { byAccount } = joinCurrentRevenue(accounts, revenue);
  return (account) => byAccount.get(account.id) ?? 0;
}

/** Where C comes from: an account column (none: the reader's current_revenue), or won deals. */
export type CurrentSource =
  | { readonly kind: 'column'; readonly column?: string | undefined }
  | { readonly kind: 'won'; readonly revenue: AccountRevenue };

/** Where F comes from: an account column (none: the reader's future_revenue), or the scoring model. */
export type FutureSource =
  | { readonly kind: 'column'; readonly column?: string | undefined }
  | { readonly kind: 'model'; readonly model: ScoringModel };

export interface AccountSources {
  readonly current: CurrentSource;
  readonly future: FutureSource;
  /** Decimal separator of column cells; default '.'. */
  readonly decimal?: DecimalSeparator;
}

/**
 * Builds the quadrant inputs of accounts from the configured sources. A named column is read
 * from the account's other columns (matched exactly, else ignoring case and punctuation) and
 * parsed as an amount; an empty or unparseable cell gives null with a reason.
 *
 * @example accountInputs(accounts, { current: { kind: 'column' }, future: { kind: 'model', model } })
 */
export function accountInputs(accounts: readonly Account[], sources: AccountSources): AccountInput[] {
  const decimal = sources.decimal ?? '.';
  const { current, future } = sources;
  const revenueOf = current.kind === 'won' ? currentRevenueLookup(current.revenue, accounts) : null;
  return accounts.map((account) => {
    let currentValue: Figure;
    if (revenueOf !== null) {
      const revenue = revenueOf(account);
      currentValue = revenue === null ? na('no-current-revenue') : known(revenue);
    } else if (current.kind === 'column' && current.column !== undefined) {
      currentValue = columnValue(account, current.column, decimal);
    } else {
      currentValue = account.currentRevenue === null ? na('no-current-revenue') : known(account.currentRevenue);
    }

    let futureValue: Figure;
    if (future.kind === 'model') futureValue = scoreAccount(account.dimensions, future.model).score;
    else if (future.column !== undefined) futureValue = columnValue(account, future.column, decimal);
    else futureValue = account.futureRevenue === null ? na('no-future-revenue') : known(account.futureRevenue);
    return { id: account.id, name: account.name, current: currentValue, future: futureValue };
  });
}

function columnValue(
  account: Account,
  column: string,
  decimal: DecimalSeparator,
): Figure {
  let raw: string | undefined = Object.hasOwn(account.dimensions, column) ? account.dimensions[column] : undefined;
  if (raw === undefined) {
    const wanted = normalizeHeader(column);
    const header = Object.keys(account.dimensions).find((candidate) => normalizeHeader(candidate) === wanted);
    raw = header === undefined ? undefined : account.dimensions[header];
  }
  if (raw === undefined) return na('no-column', column);
  const parsed = parseAmount(raw, decimal);
  if (parsed === null) return na('empty-cell', column);
  if (parsed === INVALID) return na('not-an-amount', column, raw.trim());
  return known(parsed.value);
}

function positiveZero(value: number): number {
  return value === 0 ? 0 : value;
}
