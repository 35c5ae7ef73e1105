/**
 * What each account has done with us, as of the as-of date (METRICS.md "Account plan",
 * "Retention and concentration"): won revenue in the current and previous periods, open pipeline
 * (all of it, and the part expected to close in the current period), products won, deal counts,
 * the last won date, and the won and lost value of closed deals (its value win rate).
 * One fold over deals keyed by the deal's account text; memory: one record per account (plus its
 * distinct products). Deals are as they stood on the as-of date (the reader's point in time).
 */
import type { Window } from '../model/calendar.js';
import type { DayNumber, Deal } from '../model/types.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import type { Fold } from './fold.js';
import { keptText } from '../model/keptText.js';

export interface AccountActivityOptions {
  readonly current: Window;
  readonly previous: Window;
  readonly asOf: DayNumber;
  /** Open deals expected to close in this window are the period's pipeline (default: current). */
  readonly pipelinePeriod?: Window | undefined;
  /** The product of a deal (a column), or none. */
  readonly productOf?: ((deal: Deal) => string | null) | undefined;
}

export interface ActivityState {
  wonCurrent: ExactSum;
  wonPrevious: ExactSum;
  openValue: ExactSum;
  openInPeriod: ExactSum;
  wonValue: ExactSum;
  lostValue: ExactSum;
  deals: number;
  won: number;
  lost: number;
  open: number;
  lastWon: DayNumber | null;
  products: string[];
}

export interface AccountActivity {
  readonly account: string;
  readonly wonCurrent: number;
  readonly wonPrevious: number;
  /** Open deals at the as-of date: all, and those expected to close in the current period. */
  readonly openValue: number;
  readonly openInPeriod: number;
  /** Closed deals up to the as-of date, any period: for the account's value win rate. */
  readonly wonValue: number;
  readonly lostValue: number;
  readonly deals: number;
  readonly won: number;
  readonly lost: number;
  readonly open: number;
  readonly lastWon: DayNumber | null;
  /** Distinct products of won deals, sorted. */
  readonly products: readonly string[];
}

export interface AccountActivityResult {
  /** Sorted by account key. */
  readonly accounts: readonly AccountActivity[];
  /** Deals with no account, left out. */
  readonly withoutAccount: number;
  /** Won revenue of the current period in deals with no account, left out (for the warning's share). */
  readonly wonCurrentWithoutAccount: number;
}

export interface AccountActivityState {
  readonly accounts: Map<string, ActivityState>;
  withoutAccount: number;
  wonCurrentWithoutAccount: ExactSum;
}

const inWindow = (day: DayNumber | null, window: Window): boolean => day !== null && day >= window.from && day <= window.to;

export function accountActivityFold(options: AccountActivityOptions): Fold<Deal, AccountActivityState, AccountActivityResult> {
  const pipelinePeriod = options.pipelinePeriod ?? options.current;
  return {
    init: () => ({ accounts: new Map(), withoutAccount: 0, wonCurrentWithoutAccount: exactSum() }),
    add(state, deal) {
      const key = deal.account?.trim() ?? '';
      if (key === '') {
        state.withoutAccount += 1;
        // Counted as an account's won revenue would be: won by the as-of date, closed in the current period.
        if (deal.status === 'won' && deal.amount !== null && deal.close !== null && deal.close <= options.asOf && inWindow(deal.close, options.current)) addToSum(state.wonCurrentWithoutAccount, deal.amount);
        return state;
      }
      let entry = state.accounts.get(key);
      if (entry === undefined) {
        entry = {
          wonCurrent: exactSum(),
          wonPrevious: exactSum(),
          openValue: exactSum(),
          openInPeriod: exactSum(),
          wonValue: exactSum(),
          lostValue: exactSum(),
          deals: 0,
          won: 0,
          lost: 0,
          open: 0,
          lastWon: null,
          products: [],
        };
        state.accounts.set(keptText(key), entry);
      }
      entry.deals += 1;
      const amount = deal.amount;
      if (deal.status === 'open') {
        entry.open += 1;
        if (amount !== null) {
          addToSum(entry.openValue, amount);
          if (inWindow(deal.close, pipelinePeriod)) addToSum(entry.openInPeriod, amount);
        }
        return state;
      }
      if (deal.close !== null && deal.close > options.asOf) return state;
      if (deal.status === 'lost') {
        entry.lost += 1;
        if (amount !== null) addToSum(entry.lostValue, amount);
        return state;
      }
      entry.won += 1;
      if (amount !== null) {
        addToSum(entry.wonValue, amount);
        if (inWindow(deal.close, options.current)) addToSum(entry.wonCurrent, amount);
        else if (inWindow(deal.close, options.previous)) addToSum(entry.wonPrevious, amount);
      }
      if (deal.close !== null && (entry.lastWon === null || deal.close > entry.lastWon)) entry.lastWon = deal.close;
      const product = options.productOf?.(deal)?.trim() ?? '';
      if (product !== '' && !entry.products.includes(product)) entry.products.push(keptText(product));
      return state;
    },
    merge(a, b) {
      const accounts = new Map<string, ActivityState>();
      const copy = (entry: ActivityState): ActivityState => ({
        ...entry,
        wonCurrent: entry.wonCurrent.slice(),
        wonPrevious: entry.wonPrevious.slice(),
        openValue: entry.openValue.slice(),
        openInPeriod: entry.openInPeriod.slice(),
        wonValue: entry.wonValue.slice(),
        lostValue: entry.lostValue.slice(),
        products: [...entry.products],
      });
      for (const [key, entry] of a.accounts) accounts.set(key, copy(entry));
      for (const [key, entry] of b.accounts) {
        const existing = accounts.get(key);
        if (existing === undefined) {
          accounts.set(key, copy(entry));
          continue;
        }
        existing.wonCurrent = mergeSums(existing.wonCurrent, entry.wonCurrent);
        existing.wonPrevious = mergeSums(existing.wonPrevious, entry.wonPrevious);
        existing.openValue = mergeSums(existing.openValue, entry.openValue);
        existing.openInPeriod = mergeSums(existing.openInPeriod, entry.openInPeriod);
        existing.wonValue = mergeSums(existing.wonValue, entry.wonValue);
        existing.lostValue = mergeSums(existing.lostValue, entry.lostValue);
        existing.deals += entry.deals;
        existing.won += entry.won;
        existing.lost += entry.lost;
        existing.open += entry.open;
        if (entry.lastWon !== null && (existing.lastWon === null || entry.lastWon > existing.lastWon)) existing.lastWon = entry.lastWon;
        for (const product of entry.products) if (!existing.products.includes(product)) existing.products.push(product);
      }
      return { accounts, withoutAccount: a.withoutAccount + b.withoutAccount, wonCurrentWithoutAccount: mergeSums(a.wonCurrentWithoutAccount, b.wonCurrentWithoutAccount) };
    },
    finish(state) {
      return {
        accounts: [...state.accounts.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([account, entry]) => ({
            account,
            wonCurrent: sumValue(entry.wonCurrent),
            wonPrevious: sumValue(entry.wonPrevious),
            openValue: sumValue(entry.openValue),
            openInPeriod: sumValue(entry.openInPeriod),
            wonValue: sumValue(entry.wonValue),
            lostValue: sumValue(entry.lostValue),
            deals: entry.deals,
            won: entry.won,
            lost: entry.lost,
            open: entry.open,
            lastWon: entry.lastWon,
            products: [...entry.products].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)),
          })),
        withoutAccount: state.withoutAccount,
        wonCurrentWithoutAccount: sumValue(state.wonCurrentWithoutAccount),
      };
    },
  };
}

/**
 * Merges the keys naming one account (after the account join): sums and counts add, the last
 * won date is the latest, products are united. `idOf` gives a key's account id (a key that names
 * no account stays its own).
 */
export function mergeActivity(accounts: readonly AccountActivity[], idOf: (key: string) => string): AccountActivity[] {
  const merged = new Map<string, AccountActivity>();
  for (const entry of accounts) {
    const id = idOf(entry.account);
    const existing = merged.get(id);
    if (existing === undefined) {
      merged.set(id, { ...entry, account: id });
      continue;
    }
    const sum = (a: number, b: number): number => {
      const total = exactSum();
      addToSum(total, a);
      addToSum(total, b);
      return sumValue(total);
    };
    merged.set(id, {
      account: id,
      wonCurrent: sum(existing.wonCurrent, entry.wonCurrent),
      wonPrevious: sum(existing.wonPrevious, entry.wonPrevious),
      openValue: sum(existing.openValue, entry.openValue),
      openInPeriod: sum(existing.openInPeriod, entry.openInPeriod),
      wonValue: sum(existing.wonValue, entry.wonValue),
      lostValue: sum(existing.lostValue, entry.lostValue),
      deals: existing.deals + entry.deals,
      won: existing.won + entry.won,
      lost: existing.lost + entry.lost,
      open: existing.open + entry.open,
      lastWon: existing.lastWon === null ? entry.lastWon : entry.lastWon === null ? existing.lastWon : Math.max(existing.lastWon, entry.lastWon),
      products: [...new Set([...existing.products, ...entry.products])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)),
    });
  }
  return [...merged.values()].sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
}
