/**
 * Rep scorecard (METRICS.md "Rep scorecard"): each rep's velocity levers over a window, ranked
 * against the peer group.
 */
import { known, notAvailableBecause, type Figure } from './figure.js';
import { na, naReason } from './naReasons.js';
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import type { Deal } from '../model/types.js';
import type { Fold } from './fold.js';
import { compareNames } from './humanOrder.js';
import { keptText } from '../model/keptText.js';
import { percentileOfScore } from './percentileRank.js';
import { addLeverCounts, countDeal, emptyLeverCounts, type LeverCounts, type MutableLeverCounts } from './leverCounts.js';
import { closedInWindow, dimensionValue, openWorkedInWindow, type Scope } from './scope.js';

/** The raw counts and sums behind one rep's levers (deals = closed in the window plus open deals worked in it). */
export interface RepLevers extends LeverCounts {
  /** The owner; deals with no owner are the rep "(none)". */
  readonly key: string;
}

/** `wonAmountExact` is the won amount summed exactly; it replaces the lever counts' own wonAmount at finish. */
export type MutableLevers = MutableLeverCounts & { readonly key: string; wonAmountExact: ExactSum };

export interface RepLeversState {
  readonly reps: Map<string, MutableLevers>;
}

/**
 * Per rep (the deal's owner), the counts and sums the scorecard needs: deals worked (closed in
 * the window plus open deals worked in it), won and lost counts, won amount and won sales
 * cycle. Memory: one record per rep.
 *
 * @example runFold(repLeversFold({ scope }), deals)
 *   // [{ key: 'Ann', deals: 3, won: 1, lost: 1, open: 1, wonAmount: 20000, ... }]
 */
export function repLeversFold(options: { readonly scope: Scope; readonly keyOf?: (deal: Deal) => string }): Fold<Deal, RepLeversState, readonly RepLevers[]> {
  const { scope } = options;
  // Rows per rep (the owner), or per group of reps (`--by team`: the step resolves the key).
  const keyOf = options.keyOf ?? ((deal: Deal): string => dimensionValue(deal, 'owner'));
  return {
    init: () => ({ reps: new Map() }),
    add(state, deal) {
      const closed = closedInWindow(deal, scope);
      if (!closed && !openWorkedInWindow(deal, scope)) return state;
      const key = keyOf(deal);
      let rep = state.reps.get(key);
      if (rep === undefined) {
        rep = emptyLevers(keptText(key));
        state.reps.set(rep.key, rep);
      }
      countDeal(rep, deal);
      if (deal.status === 'won' && deal.amount !== null) addToSum(rep.wonAmountExact, deal.amount);
      return state;
    },
    merge(a, b) {
      const reps = new Map<string, MutableLevers>();
      for (const [key, rep] of a.reps) reps.set(key, { ...rep, wonAmountExact: rep.wonAmountExact.slice() });
      for (const [key, rep] of b.reps) {
        const existing = reps.get(key);
        if (existing === undefined) {
          reps.set(key, { ...rep, wonAmountExact: rep.wonAmountExact.slice() });
          continue;
        }
        addLeverCounts(existing, rep);
        existing.wonAmountExact = mergeSums(existing.wonAmountExact, rep.wonAmountExact);
      }
      return { reps };
    },
    finish(state) {
      return [...state.reps.keys()].sort(compareNames).map((key) => {
        const { wonAmountExact, ...rep } = state.reps.get(key) as MutableLevers;
        return { ...rep, wonAmount: sumValue(wonAmountExact) };
      });
    },
  };
}

function emptyLevers(key: string): MutableLevers {
  return { key, ...emptyLeverCounts(), wonAmountExact: exactSum() };
}

export interface ScorecardOptions {
  /** A rep with fewer closed deals in the window than this is flagged and not a peer. */
  readonly minSample: number;
  /** Reps with no deals (from the reps file): listed with 0 deals worked. */
  readonly extraReps?: readonly string[];
}

/** Each n/a with the lever's reason, or the peer group's when there are no peers. */
export interface ScorecardPercentiles {
  readonly deals: Figure;
  readonly value: Figure;
  readonly winRate: Figure;
  /** Shorter cycles rank higher. */
  readonly cycle: Figure;
}

export interface ScorecardRep {
  readonly key: string;
  /** N: deals worked. */
  readonly deals: number;
  /** won + lost: the sample size of the win rate and of the small-sample flag. */
  readonly closed: number;
  /** A: average amount of won deals with an amount. */
  readonly averageWonAmount: Figure;
  /** Wu = won / (won + lost). */
  readonly winRate: Figure;
  /** L: average sales cycle of won deals, days. */
  readonly cycleDays: Figure;
  /** N x A x Wu / L, revenue per day. */
  readonly velocity: Figure;
  readonly percentiles: ScorecardPercentiles;
  /** Mean of the four percentiles. */
  readonly composite: Figure;
  /** closed < minSample. */
  readonly smallSample: boolean;
  /** Counted among the peers the percentiles are taken against. */
  readonly inPeerGroup: boolean;
}

export interface ScorecardResult {
  readonly minSample: number;
  /** Number of peers (reps with closed >= minSample); with none, every percentile is n/a (small-peer-group). */
  readonly peerGroup: number;
  /** Peers first, then flagged reps; within each, composite descending (n/a last), then key. */
  readonly reps: readonly ScorecardRep[];
}

interface Levers {
  readonly rep: RepLevers;
  readonly closed: number;
  readonly averageWonAmount: Figure;
  readonly winRate: Figure;
  readonly cycleDays: Figure;
}

/**
 * Scores each rep on the four velocity levers against the peer group.
 *
 * Per rep over the window: N = deals worked (closed in the window + open deals worked in it,
 * the deals the rep carried), A = average won amount, Wu = won / (won + lost),
 * L = average won cycle in days, velocity = N x A x Wu / L (revenue per day). N here is deals
 * worked, not the velocity command's open deals, so that velocity is the product of the four
 * levers the card ranks. Any n/a lever makes velocity n/a (METRICS.md "Sales velocity").
 *
 * Percentile ranks use percentileOfScore (ties count half; for L, shorter ranks higher);
 * composite = mean of the four. The peer group is the reps with closed >= minSample: a
 * small-sample rep is listed, flagged and placed among the peers without joining them, so a
 * lucky 3-for-3 cannot push every peer's rank down. With no peers every percentile is null.
 *
 * Units: deals, money, 0..1, days, money per day; percentiles and composite 0..1.
 * Edge cases: a lever that is n/a (no closed deals, no won deals) has a null percentile and
 * makes the composite null, with a reason. minSample below 1 throws RangeError.
 *
 * @example 4 peers with win rates 0.2, 0.4, 0.4, 0.6: their winRate percentiles are
 *   0.125, 0.5, 0.5, 0.875.
 */
export function scorecard(levers: readonly RepLevers[], options: ScorecardOptions): ScorecardResult {
  const { minSample } = options;
  if (!Number.isInteger(minSample) || minSample < 1) {
    throw new RangeError(`scorecard: minSample must be a whole number >= 1, got ${minSample}`);
  }
  const byKey = new Map<string, RepLevers>();
  for (const rep of levers) {
    if (byKey.has(rep.key)) throw new RangeError(`scorecard: rep "${rep.key}" appears twice`);
    byKey.set(rep.key, rep);
  }
  for (const key of options.extraReps ?? []) if (!byKey.has(key)) byKey.set(key, { key, ...emptyLeverCounts() });

  const all: Levers[] = [...byKey.values()].map((rep) => ({ rep, closed: rep.won + rep.lost, ...leverFigures(rep) }));
  const peers = all.filter((rep) => rep.closed >= minSample);
  const peerValues = (lever: (rep: Levers) => Figure): number[] =>
    peers.map((rep) => lever(rep).value).filter((value): value is number => value !== null);
  const peerDeals = peers.map((rep) => rep.rep.deals);
  const peerValue = peerValues((rep) => rep.averageWonAmount);
  const peerWinRate = peerValues((rep) => rep.winRate);
  const peerCycle = peerValues((rep) => rep.cycleDays);
  const peerGroupReason = peers.length === 0 ? naReason('small-peer-group', minSample) : null;

  const rank = (peerList: readonly number[], lever: Figure, higherIsBetter: boolean): Figure => {
    if (peerGroupReason !== null) return notAvailableBecause(peerGroupReason);
    if (lever.value === null) return lever;
    const percentile = percentileOfScore(peerList, lever.value, { higherIsBetter });
    return percentile === null ? notAvailableBecause(naReason('unknown')) : known(percentile);
  };

  const reps = all.map((rep): ScorecardRep => {
    const { averageWonAmount, winRate, cycleDays, closed } = rep;
    const deals = rep.rep.deals;
    const percentiles: ScorecardPercentiles = {
      deals: rank(peerDeals, known(deals), true),
      value: rank(peerValue, averageWonAmount, true),
      winRate: rank(peerWinRate, winRate, true),
      cycle: rank(peerCycle, cycleDays, false),
    };
    const ranks = [percentiles.deals, percentiles.value, percentiles.winRate, percentiles.cycle].map((rank) => rank.value ?? 0);
    const missing = (['deals', 'value', 'winRate', 'cycle'] as const).filter((lever) => percentiles[lever].value === null);
    const composite: Figure =
      missing.length === 0 ? known(ranks.reduce((sum, value) => sum + value, 0) / 4)
      : peerGroupReason !== null ? notAvailableBecause(peerGroupReason)
      : na('percentile-na', missing);
    return {
      key: rep.rep.key,
      deals,
      closed,
      averageWonAmount,
      winRate,
      cycleDays,
      velocity: velocityOf(deals, averageWonAmount, winRate, cycleDays),
      percentiles,
      composite,
      smallSample: closed < minSample,
      inPeerGroup: closed >= minSample,
    };
  });
  // Peers first: a flagged rep's lucky composite must not head the card.
  reps.sort(
    (a, b) =>
      (a.inPeerGroup ? 0 : 1) - (b.inPeerGroup ? 0 : 1) ||
      (a.composite.value === null ? 1 : 0) - (b.composite.value === null ? 1 : 0) ||
      (b.composite.value ?? 0) - (a.composite.value ?? 0) ||
      compareNames(a.key, b.key),
  );
  return { minSample, peerGroup: peers.length, reps };
}

/** A, Wu and L of lever counts (a rep's, or the team's summed), each n/a with its reason. */
export function leverFigures(counts: Omit<RepLevers, 'key'>): { averageWonAmount: Figure; winRate: Figure; cycleDays: Figure } {
  const closed = counts.won + counts.lost;
  return {
    averageWonAmount: counts.wonWithAmount === 0 ? na('no-won-amount', 'window') : known(counts.wonAmount / counts.wonWithAmount),
    winRate: closed === 0 ? na('no-closed-deals') : known(counts.won / closed),
    cycleDays: counts.wonWithCycle === 0 ? na('no-won-cycle', 'window') : known(counts.wonCycleDays / counts.wonWithCycle),
  };
}

/** N x A x Wu / L, revenue per day: n/a when a lever is, or when L is 0. */
export function velocityOf(deals: number, averageWonAmount: Figure, winRate: Figure, cycleDays: Figure): Figure {
  if (averageWonAmount.value === null || winRate.value === null || cycleDays.value === null) return na('lever-na');
  if (cycleDays.value === 0) return na('zero-cycle', 'sales');
  const velocity = (deals * averageWonAmount.value * winRate.value) / cycleDays.value;
  return known(velocity === 0 ? 0 : velocity);
}

