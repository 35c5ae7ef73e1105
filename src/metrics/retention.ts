/**
 * Revenue retention (METRICS.md "Retention and concentration"): per account, won revenue R1 in
 * the previous period P1 and R2 in the current period P2; over the accounts with R1 > 0:
 * - GRR (gross revenue retention) = sum min(R2, R1) / sum R1;
 * - NRR (net revenue retention) = sum R2 / sum R1;
 * - logo retention = share of those accounts with R2 > 0;
 * - churned accounts: R1 > 0 and R2 = 0 (listed with R1 and the owner);
 * - new-account revenue: R2 of accounts with R1 = 0, reported apart (in neither ratio).
 * Units: ratios 0..1 (NRR may exceed 1), money in the base currency.
 *
 * Two steps: `accountPeriodRevenueFold` folds won deals into R1 and R2 per account key (memory:
 * one record per account), and `retention` computes the figures from per-account revenue, after
 * the caller has joined keys to accounts (model/accountJoin.ts) and merged them.
 *
 * @example retention([X 100 -> 120, Y 50 -> 0, Z 50 -> 40, W 0 -> 30]).total
 *   // grr 0.7 (140/200), nrr 0.8 (160/200), logoRetention 2/3, churned 1 (Y), newAccountRevenue 30
 */
import { orderNames } from './humanOrder.js';
import { periodSpan } from './periodOrder.js';
import type { AccountJoin } from '../model/accountJoin.js';
import type { Window } from '../model/calendar.js';
import type { DayNumber, Deal } from '../model/types.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import { known, type Figure } from './figure.js';
import { na } from './naReasons.js';
import type { Fold } from './fold.js';

/** Groups in code-unit order, or in time when a group names a period (Q3-2024 before Q1-2025). */
function orderGroupNames(names: string[]): string[] {
  return names.some((name) => periodSpan(name) !== null) ? orderNames(names) : names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
import { keptText } from '../model/keptText.js';

/** One account's won revenue in the two periods, with who owned it and its group. */
export interface AccountPeriodRevenue {
  /** Account key: the deal's account text, or the account id after the join. */
  readonly account: string;
  readonly name: string | null;
  /** R1: won in the previous period P1. */
  readonly previous: number;
  /** R2: won in the current period P2. */
  readonly current: number;
  readonly wonDealsPrevious: number;
  readonly wonDealsCurrent: number;
  /** Owner of the account's latest won deal in P1, else in P2 (ties: the first name in order). */
  readonly owner: string | null;
  /** The account's group (--by), decided like the owner; null without --by. */
  readonly group: string | null;
  /** Day of the latest won deal in either period. */
  readonly lastWon: DayNumber | null;
}

export interface Latest {
  day: DayNumber;
  owner: string | null;
  group: string | null;
}

export interface AccountState {
  previous: ExactSum;
  current: ExactSum;
  wonDealsPrevious: number;
  wonDealsCurrent: number;
  latestPrevious: Latest | null;
  latestCurrent: Latest | null;
}

export interface PeriodRevenueState {
  readonly accounts: Map<string, AccountState>;
  wonWithoutAccount: number;
  wonWithoutAmount: number;
}

export interface PeriodRevenue {
  /** Sorted by account key. */
  readonly accounts: readonly AccountPeriodRevenue[];
  /** Won deals in either period with no account, left out. */
  readonly wonWithoutAccount: number;
  /** Won deals in either period with no amount, counted but adding nothing. */
  readonly wonWithoutAmount: number;
}

export interface PeriodRevenueOptions {
  readonly previous: Window;
  readonly current: Window;
  /** Won deals closed after this day are not won yet (METRICS.md "Point in time"). */
  readonly asOf: DayNumber;
  /** The group of a deal (--by), or none. */
  readonly groupOf?: ((deal: Deal) => string) | undefined;
}

/** Whether a won deal counts in P1 (`previous`), P2 (`current`) or neither. */
export function periodOf(deal: Deal, options: Pick<PeriodRevenueOptions, 'previous' | 'current' | 'asOf'>): 'previous' | 'current' | null {
  if (deal.status !== 'won' || deal.close === null || deal.close > options.asOf) return null;
  if (deal.close >= options.current.from && deal.close <= options.current.to) return 'current';
  if (deal.close >= options.previous.from && deal.close <= options.previous.to) return 'previous';
  return null;
}

function later(a: Latest | null, b: Latest | null): Latest | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.day !== b.day) return a.day > b.day ? a : b;
  // Same day: a deterministic choice whatever the order parts are merged in (by owner, then group).
  const ownerA = a.owner ?? '';
  const ownerB = b.owner ?? '';
  if (ownerA !== ownerB) return ownerA < ownerB ? a : b;
  return (a.group ?? '') <= (b.group ?? '') ? a : b;
}

/**
 * `later(kept, latest)`, with the names of `latest` copied when it is the one kept: a name read
 * from a CSV file is a slice of its 96 KB text chunk, and each account's latest deal kept a
 * chunk alive (retention on 1M deals grew by 60 MB over the read).
 */
function keptLatest(kept: Latest | null, latest: Latest): Latest {
  if (later(kept, latest) !== latest) return kept as Latest;
  return { day: latest.day, owner: latest.owner === null ? null : keptText(latest.owner), group: latest.group === null ? null : keptText(latest.group) };
}

/**
 * Won revenue per account key in P1 and P2. Memory: one record per account.
 * @example a deal won in P1 adds to R1, one won in P2 to R2, one won elsewhere to neither.
 */
export function accountPeriodRevenueFold(options: PeriodRevenueOptions): Fold<Deal, PeriodRevenueState, PeriodRevenue> {
  return {
    init: () => ({ accounts: new Map(), wonWithoutAccount: 0, wonWithoutAmount: 0 }),
    add(state, deal) {
      const period = periodOf(deal, options);
      if (period === null) return state;
      const key = deal.account?.trim() ?? '';
      if (key === '') {
        state.wonWithoutAccount += 1;
        return state;
      }
      let entry = state.accounts.get(key);
      if (entry === undefined) {
        entry = { previous: exactSum(), current: exactSum(), wonDealsPrevious: 0, wonDealsCurrent: 0, latestPrevious: null, latestCurrent: null };
        state.accounts.set(keptText(key), entry);
      }
      if (deal.amount === null) state.wonWithoutAmount += 1;
      const latest: Latest = { day: deal.close as DayNumber, owner: deal.owner, group: options.groupOf?.(deal) ?? null };
      if (period === 'previous') {
        entry.wonDealsPrevious += 1;
        if (deal.amount !== null) addToSum(entry.previous, deal.amount);
        entry.latestPrevious = keptLatest(entry.latestPrevious, latest);
      } else {
        entry.wonDealsCurrent += 1;
        if (deal.amount !== null) addToSum(entry.current, deal.amount);
        entry.latestCurrent = keptLatest(entry.latestCurrent, latest);
      }
      return state;
    },
    merge(a, b) {
      const accounts = new Map<string, AccountState>();
      const copy = (entry: AccountState): AccountState => ({ ...entry, previous: entry.previous.slice(), current: entry.current.slice() });
      for (const [key, entry] of a.accounts) accounts.set(key, copy(entry));
      for (const [key, entry] of b.accounts) {
        const existing = accounts.get(key);
        if (existing === undefined) accounts.set(key, copy(entry));
        else {
          existing.previous = mergeSums(existing.previous, entry.previous);
          existing.current = mergeSums(existing.current, entry.current);
          existing.wonDealsPrevious += entry.wonDealsPrevious;
          existing.wonDealsCurrent += entry.wonDealsCurrent;
          existing.latestPrevious = later(existing.latestPrevious, entry.latestPrevious);
          existing.latestCurrent = later(existing.latestCurrent, entry.latestCurrent);
        }
      }
      return { accounts, wonWithoutAccount: a.wonWithoutAccount + b.wonWithoutAccount, wonWithoutAmount: a.wonWithoutAmount + b.wonWithoutAmount };
    },
    finish(state) {
      return {
        accounts: [...state.accounts.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([account, entry]) => {
            const decided = entry.latestPrevious ?? entry.latestCurrent;
            return {
              account,
              name: null,
              previous: sumValue(entry.previous),
              current: sumValue(entry.current),
              wonDealsPrevious: entry.wonDealsPrevious,
              wonDealsCurrent: entry.wonDealsCurrent,
              owner: decided?.owner ?? null,
              group: decided?.group ?? null,
              lastWon: entry.latestCurrent?.day ?? entry.latestPrevious?.day ?? null,
            };
          }),
        wonWithoutAccount: state.wonWithoutAccount,
        wonWithoutAmount: state.wonWithoutAmount,
      };
    },
  };
}

export interface RetentionTotals {
  /** sum min(R2, R1) / sum R1 over accounts with R1 > 0. */
  readonly grr: Figure;
  /** sum R2 / sum R1 over accounts with R1 > 0. */
  readonly nrr: Figure;
  /** accountsRetained / accountsStart. */
  readonly logoRetention: Figure;
  /** Accounts with R1 > 0. */
  readonly accountsStart: number;
  /** Of those, accounts with R2 > 0. */
  readonly accountsRetained: number;
  /** Of those, accounts with R2 = 0. */
  readonly churned: number;
  /** sum R1. */
  readonly revenueStart: number;
  /** sum min(R2, R1). */
  readonly revenueRetained: number;
  /** sum R2 over accounts with R1 > 0. */
  readonly revenueEnd: number;
  /** sum R2 over accounts with R1 = 0. */
  readonly newAccountRevenue: number;
  /** Accounts with R1 = 0 and R2 > 0. */
  readonly newAccounts: number;
}

export interface ChurnedAccount {
  readonly account: string;
  readonly name: string | null;
  readonly previousRevenue: number;
  readonly owner: string | null;
  readonly group: string | null;
}

export interface RetentionResult {
  readonly total: RetentionTotals;
  /** One per group (sorted by group), when the accounts carry one. */
  readonly groups: readonly { readonly group: string; readonly totals: RetentionTotals }[];
  /** Largest previous revenue first, then by account. */
  readonly churnedAccounts: readonly ChurnedAccount[];
}

/**
 * GRR, NRR, logo retention, churn and new-account revenue from per-account R1 and R2.
 * Accounts with R1 = 0 and R2 = 0 count nowhere. With no account with R1 > 0, the three
 * ratios are n/a with the reason `no-starting-revenue`. R1 or R2 below 0 or not finite throws
 * RangeError.
 */
export function retention(accounts: readonly Pick<AccountPeriodRevenue, 'account' | 'name' | 'previous' | 'current' | 'owner' | 'group'>[]): RetentionResult {
  for (const entry of accounts) {
    if (!(entry.previous >= 0 && entry.current >= 0 && Number.isFinite(entry.previous) && Number.isFinite(entry.current))) {
      throw new RangeError(`retention: account "${entry.account}" needs revenues of 0 or more, got ${entry.previous} and ${entry.current}`);
    }
  }
  const byGroup = new Map<string, typeof accounts[number][]>();
  for (const entry of accounts) {
    if (entry.group === null) continue;
    const list = byGroup.get(entry.group);
    if (list === undefined) byGroup.set(entry.group, [entry]);
    else list.push(entry);
  }
  const churnedAccounts = accounts
    .filter((entry) => entry.previous > 0 && entry.current === 0)
    .map((entry) => ({ account: entry.account, name: entry.name, previousRevenue: entry.previous, owner: entry.owner, group: entry.group }))
    .sort((a, b) => b.previousRevenue - a.previousRevenue || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  return {
    total: retentionTotals(accounts),
    groups: orderGroupNames([...byGroup.keys()]).map((group) => ({ group, totals: retentionTotals(byGroup.get(group) ?? []) })),
    churnedAccounts,
  };
}

function retentionTotals(accounts: readonly Pick<AccountPeriodRevenue, 'previous' | 'current'>[]): RetentionTotals {
  const start = exactSum();
  const retained = exactSum();
  const end = exactSum();
  const fresh = exactSum();
  let accountsStart = 0;
  let accountsRetained = 0;
  let newAccounts = 0;
  for (const { previous, current } of accounts) {
    if (previous > 0) {
      accountsStart += 1;
      addToSum(start, previous);
      addToSum(retained, Math.min(previous, current));
      addToSum(end, current);
      if (current > 0) accountsRetained += 1;
    } else if (current > 0) {
      newAccounts += 1;
      addToSum(fresh, current);
    }
  }
  const revenueStart = sumValue(start);
  const revenueRetained = sumValue(retained);
  const revenueEnd = sumValue(end);
  const none = <T>(): Figure<T> => na('no-starting-revenue');
  return {
    grr: revenueStart > 0 ? known(revenueRetained / revenueStart) : none(),
    nrr: revenueStart > 0 ? known(revenueEnd / revenueStart) : none(),
    logoRetention: accountsStart > 0 ? known(accountsRetained / accountsStart) : none(),
    accountsStart,
    accountsRetained,
    churned: accountsStart - accountsRetained,
    revenueStart,
    revenueRetained,
    revenueEnd,
    newAccountRevenue: sumValue(fresh),
    newAccounts,
  };
}

/**
 * Per-account revenue keyed by account rather than by spelling: each key is joined to the
 * accounts by the account join rule, and the keys naming one account are merged (revenues summed,
 * owner and group from the key with the most previous revenue, else the most current). A key
 * that names no account stays an account of its own (its revenue is real; the caller warns).
 * Without accounts (null), keys are accounts as written.
 */
export function mergeByAccount(revenue: PeriodRevenue, join: AccountJoin | null): AccountPeriodRevenue[] {
  if (join === null) return [...revenue.accounts];
  const merged = new Map<string, { entry: AccountPeriodRevenue; previous: ExactSum; current: ExactSum; lead: AccountPeriodRevenue }>();
  for (const entry of revenue.accounts) {
    const match = join.byKey.get(entry.account);
    const id = match?.accountId ?? entry.account;
    const name = match?.accountName ?? null;
    const existing = merged.get(id);
    if (existing === undefined) {
      const previous = exactSum();
      const current = exactSum();
      addToSum(previous, entry.previous);
      addToSum(current, entry.current);
      merged.set(id, { entry: { ...entry, account: id, name }, previous, current, lead: entry });
      continue;
    }
    addToSum(existing.previous, entry.previous);
    addToSum(existing.current, entry.current);
    const leads = entry.previous > existing.lead.previous || (entry.previous === existing.lead.previous && entry.current > existing.lead.current);
    if (leads) existing.lead = entry;
    existing.entry = {
      ...existing.entry,
      wonDealsPrevious: existing.entry.wonDealsPrevious + entry.wonDealsPrevious,
      wonDealsCurrent: existing.entry.wonDealsCurrent + entry.wonDealsCurrent,
      lastWon: existing.entry.lastWon === null ? entry.lastWon : entry.lastWon === null ? existing.entry.lastWon : Math.max(existing.entry.lastWon, entry.lastWon),
    };
  }
  return [...merged.values()]
    .map(({ entry, previous, current, lead }) => ({ ...entry, previous: sumValue(previous), current: sumValue(current), owner: lead.owner, group: lead.group }))
    .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
}
