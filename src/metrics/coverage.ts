/**
 * Pipeline coverage against a target, per rep and for the team (METRICS.md "Pipeline coverage").
 */
import { addToSum, exactSum, mergeSums, sumValue, type ExactSum } from './exactSum.js';
import { isInWindow, type Window } from '../model/calendar.js';
import type { DayNumber, Deal } from '../model/types.js';
import type { Fold } from './fold.js';
import { withClosest } from './closestName.js';
import { compareNames, orderNames } from './humanOrder.js';
import type { RepGrouping } from '../model/repDimensions.js';
import { keptText } from '../model/keptText.js';
import { known, notAvailableBecause, type Figure, type NaReason } from './figure.js';
import { na, naReason } from './naReasons.js';
import { LOST_AMOUNTS_ZEROED, unitRateOf, valueRateOf } from './rates.js';
import { dimensionValue, openAtAsOf } from './scope.js';

/** A team target for the period, or a quota per rep (owner -> quota; the team target is their sum). */
export type CoverageTargets =
  | { readonly kind: 'team'; readonly amount: number }
  | { readonly kind: 'reps'; readonly quotas: ReadonlyMap<string, number> };

export interface CoverageOptions {
  readonly asOf: DayNumber;
  /** The target period. */
  readonly period: Window;
  /** Closed deals (by close date) whose rates are used: by default the 365 days before the period starts. */
  readonly rateWindow: Window;
  /** A rep with fewer closed deals than this in the rate window uses the team's rates. */
  readonly minSample: number;
  readonly targets: CoverageTargets;
  /** Prospect-to-opportunity rate p in (0, 1]; null: prospects needed is not computed. */
  readonly prospectRate: number | null;
  /** Whether an open deal passes the integrity checks (not past-due, stale or stalled). */
  readonly isClean: (deal: Deal) => boolean;
  /**
   * Rows per group of reps instead of per rep (`--by team`): the dimension's name and each
   * owner's group; an owner not listed is in `none`. Absent: rows per rep.
   */
  readonly groupBy?: CoverageGrouping | null | undefined;
}

/** Rows per team (or manager) of the reps file: each owner's group, plain data. */
export type CoverageGrouping = RepGrouping;

/** Everything coverage needs to know about one owner's deals. */
export interface CoverageCell {
  /** Won deals closed in the period up to the as-of date: sum of known amounts, and count. */
  wonToDate: ExactSum;
  wonToDateDeals: number;
  /** Closed deals of the rate window. */
  won: number;
  lost: number;
  wonValue: ExactSum;
  wonWithAmount: number;
  lostValue: ExactSum;
  lostWithAmount: number;
  /** Open deals at the as-of date expected to close in the period. */
  openDeals: number;
  openPipeline: ExactSum;
  cleanOpenDeals: number;
  cleanOpenPipeline: ExactSum;
}

export interface CoverageState {
  /** Owner (`dimensionValue(deal, 'owner')`) -> cell. */
  owners: Map<string, CoverageCell>;
  /** Deals that entered at least one figure. */
  dealsUsed: number;
}

export type CoverageKey = { readonly owner: string } | Readonly<Record<string, string>>;

export interface CoverageRow {
  /** `{ owner }` for a rep, `{}` for the team total. */
  readonly key: CoverageKey;
  /** T: team target, the rep's quota, or n/a (team target only, or a rep without quota). */
  readonly target: Figure;
  /** Won value closed in the period up to the as-of date (known amounts). */
  readonly wonToDate: number;
  readonly wonToDateDeals: number;
  /** R = max(T - won to date, 0). */
  readonly remaining: Figure;
  /** The rates used (the team's when `usesTeamRate`). */
  readonly unitWinRate: Figure;
  readonly valueWinRate: Figure;
  readonly averageWonAmount: Figure;
  /** This row's own unit win rate, whichever rates are used. */
  readonly ownUnitWinRate: Figure;
  /** This row's own closed deals in the rate window. */
  readonly n: number;
  readonly smallSample: boolean;
  readonly usesTeamRate: boolean;
  /** 1 / W: pipeline needed per unit of target, by count. */
  readonly requiredMultiple: Figure;
  /** R / Wv. */
  readonly requiredPipeline: Figure;
  /** ceil(R / (A x Wu)). */
  readonly requiredDeals: Figure;
  /** Known value and count of open deals expected to close in the period. */
  readonly openPipeline: number;
  readonly openDeals: number;
  /** The same, leaving out open deals that fail integrity checks. */
  readonly cleanOpenPipeline: number;
  readonly cleanOpenDeals: number;
  /** Quota attainment: won to date / target (METRICS.md "Quota attainment"). */
  readonly attainment: Figure;
  /** Open pipeline / R. */
  readonly coverage: Figure;
  /** Clean open pipeline / R. */
  readonly cleanCoverage: Figure;
  /** Required pipeline - open pipeline; positive = shortfall. */
  readonly gap: Figure;
  /** ceil(max(required deals - open deals, 0) / p). */
  readonly prospectsNeeded: Figure;
}

/** A name in the reps file or among the deal owners that matches none of the other side. */
export interface UnmatchedName {
  readonly name: string;
  /** The closest name on the other side (accents, case and spaces folded), or null. */
  readonly closest: string | null;
}

/** Team figures beside the total row (METRICS.md "Quota attainment", team totals). */
export interface CoverageTeam {
  /** Sum of won to date over sum of quotas (reps with a quota), or over the team target. */
  readonly attainment: Figure;
  readonly repsWithQuota: number;
  /** Reps at or above 100% of their quota, and their share of the reps with a quota. */
  readonly repsAtQuota: Figure;
  readonly shareAtQuota: Figure;
  /** Sum of each rep's own shortfall, max(quota - won, 0): no rep's overachievement offsets another's. */
  readonly sumOfShortfalls: Figure;
  readonly repsShort: Figure;
  /** Deal owners without a quota: listed, left out of the team totals. */
  readonly ownersWithoutQuota: readonly UnmatchedName[];
  /** Reps with a quota who own no deal of the input. */
  readonly repsWithoutDeals: readonly UnmatchedName[];
}

export interface CoverageResult {
  /** The team's number: with quotas, over the reps with a quota only. */
  readonly total: CoverageRow;
  readonly team: CoverageTeam;
  /** One row per owner, sorted by owner. */
  readonly groups: CoverageRow[];
  /** Deals that entered at least one figure (the others are outside the period and rate window). */
  readonly dealsUsed: number;
}

interface Rates {
  readonly won: number;
  readonly n: number;
  readonly unitWinRate: Figure;
  readonly valueWinRate: Figure;
  readonly averageWonAmount: Figure;
}

/** Relative slack for ceil: 9.000000000000002 deals from rounding is 9 deals, not 10. */
const CEIL_TOLERANCE = 1e-9;


/**
 * Pipeline coverage: how much open pipeline each rep and the team hold against what their
 * win rates say the rest of the target needs.
 *
 * Formula: remaining R = max(target - wonToDate, 0); requiredMultiple = 1 / unitWinRate;
 * requiredPipeline = R / valueWinRate; requiredDeals = ceil(R / (averageWonAmount x
 * unitWinRate)); coverage = openPipeline / R (cleanCoverage with clean open deals only);
 * gap = requiredPipeline - openPipeline; prospectsNeeded = ceil(max(requiredDeals -
 * openDeals, 0) / prospectRate). Rates come from the closed deals whose close date is in
 * `rateWindow`; won-to-date from won deals closed in the period up to the as-of date; open
 * pipeline from open deals at the as-of date expected to close in the period.
 *
 * Feed every deal read; the fold picks what it uses and groups by owner. A rep with fewer
 * than `minSample` closed deals (or none) uses the team's rates (`usesTeamRate`). With a
 * reps target, every rep with a quota gets a row, and the team target is the sum of quotas;
 * the team row counts the deals of reps with a quota only (owners without one get their own
 * row and are named in `team.ownersWithoutQuota`). With a team target,
 * rep rows have no target and their target-derived values are null.
 *
 * Units: money in the base currency, rates 0..1, multiples and coverage as plain factors,
 * counts of deals and prospects. Edge cases: every division is guarded (an n/a figure with
 * its reason, never Infinity); R = 0 gives coverage null ("target already met") and
 * requires 0 pipeline and 0 deals; missing amounts are left out of sums. Throws RangeError
 * for a negative minSample, target or quota, a prospect rate outside (0, 1], or a window
 * that ends before it starts.
 *
 * @example
 * // team: 3 won, 6 lost in the rate window; rep X 2 won, 2 lost; rep Y 1 won, 4 lost
 * runFold(coverageFold(options), deals)
 * // total.requiredMultiple 3; X: 2; Y: 5
 *
 * Implements METRICS.md "Pipeline coverage".
 */
export function coverageFold(options: CoverageOptions): Fold<Deal, CoverageState, CoverageResult> {
  validateOptions(options);
  const { asOf, period, rateWindow, isClean } = options;
  const wonToDateEnd = Math.min(period.to, asOf);

  return {
    init: () => ({ owners: new Map(), dealsUsed: 0 }),
    add(state, deal) {
      const close = deal.close;
      if (close === null) return state;
      const amount = deal.amount;
      const countsWonToDate = deal.status === 'won' && close >= period.from && close <= wonToDateEnd;
      const countsForRates = deal.status !== 'open' && isInWindow(close, rateWindow);
      const countsAsOpen = openAtAsOf(deal, asOf) && isInWindow(close, period);
      if (!countsWonToDate && !countsForRates && !countsAsOpen) return state;

      state.dealsUsed += 1;
      const owner = dimensionValue(deal, 'owner');
      let cell = state.owners.get(owner);
      if (cell === undefined) {
        cell = emptyCell();
        state.owners.set(keptText(owner), cell);
      }
      if (countsWonToDate) {
        cell.wonToDateDeals += 1;
        if (amount !== null) addToSum(cell.wonToDate, amount);
      }
      if (countsForRates) {
        if (deal.status === 'won') {
          cell.won += 1;
          if (amount !== null) {
            addToSum(cell.wonValue, amount);
            cell.wonWithAmount += 1;
          }
        } else {
          cell.lost += 1;
          if (amount !== null) addToSum(cell.lostValue, amount);
          if (amount !== null && amount > 0) cell.lostWithAmount += 1;
        }
      }
      if (countsAsOpen) {
        cell.openDeals += 1;
        if (amount !== null) addToSum(cell.openPipeline, amount);
        if (isClean(deal)) {
          cell.cleanOpenDeals += 1;
          if (amount !== null) addToSum(cell.cleanOpenPipeline, amount);
        }
      }
      return state;
    },
    merge(a, b) {
      const owners = new Map<string, CoverageCell>();
      for (const source of [a.owners, b.owners]) {
        for (const [owner, cell] of source) {
          const existing = owners.get(owner);
          owners.set(owner, addCells(existing ?? emptyCell(), cell));
        }
      }
      return { owners, dealsUsed: a.dealsUsed + b.dealsUsed };
    },
    finish(state) {
      return finishState(state, options);
    },
  };
}

function validateOptions(options: CoverageOptions): void {
  const { minSample, targets, prospectRate, period, rateWindow } = options;
  if (!Number.isFinite(minSample) || minSample < 0) {
    throw new RangeError(`coverageFold: minSample must be a number >= 0, got ${minSample}`);
  }
  if (targets.kind === 'team' && (!Number.isFinite(targets.amount) || targets.amount < 0)) {
    throw new RangeError(`coverageFold: the team target must be a number >= 0, got ${targets.amount}`);
  }
  if (targets.kind === 'reps') {
    for (const [owner, quota] of targets.quotas) {
      if (!Number.isFinite(quota) || quota < 0) {
        throw new RangeError(`coverageFold: the quota of ${owner} must be a number >= 0, got ${quota}`);
      }
    }
  }
  if (prospectRate !== null && !(prospectRate > 0 && prospectRate <= 1)) {
    throw new RangeError(`coverageFold: prospectRate must be in (0, 1], got ${prospectRate}`);
  }
  if (period.to < period.from) throw new RangeError('coverageFold: the period ends before it starts');
  if (rateWindow.to < rateWindow.from) throw new RangeError('coverageFold: the rate window ends before it starts');
}

function emptyCell(): CoverageCell {
  return {
    wonToDate: exactSum(),
    wonToDateDeals: 0,
    won: 0,
    lost: 0,
    wonValue: exactSum(),
    wonWithAmount: 0,
    lostValue: exactSum(),
    lostWithAmount: 0,
    openDeals: 0,
    openPipeline: exactSum(),
    cleanOpenDeals: 0,
    cleanOpenPipeline: exactSum(),
  };
}

/** Adds `cell` into `into` (which the caller owns) and returns it. */
function addCells(into: CoverageCell, cell: Readonly<CoverageCell>): CoverageCell {
  into.wonToDate = mergeSums(into.wonToDate, cell.wonToDate);
  into.wonToDateDeals += cell.wonToDateDeals;
  into.won += cell.won;
  into.lost += cell.lost;
  into.wonValue = mergeSums(into.wonValue, cell.wonValue);
  into.wonWithAmount += cell.wonWithAmount;
  into.lostValue = mergeSums(into.lostValue, cell.lostValue);
  into.lostWithAmount += cell.lostWithAmount;
  into.openDeals += cell.openDeals;
  into.openPipeline = mergeSums(into.openPipeline, cell.openPipeline);
  into.cleanOpenDeals += cell.cleanOpenDeals;
  into.cleanOpenPipeline = mergeSums(into.cleanOpenPipeline, cell.cleanOpenPipeline);
  return into;
}

function finishState(state: CoverageState, options: CoverageOptions): CoverageResult {
  const { targets, minSample, prospectRate } = options;
  // With quotas, the team is the reps who carry one: an owner without a quota is listed apart.
  const quotas = targets.kind === 'reps' ? targets.quotas : null;
  const team = emptyCell();
  for (const [owner, cell] of state.owners) {
    if (quotas === null || quotas.has(owner)) addCells(team, cell);
  }
  const teamRates = ratesOf(team);

  let teamTarget: number;
  const owners = new Set(state.owners.keys());
  if (targets.kind === 'team') {
    teamTarget = targets.amount;
  } else {
    teamTarget = 0;
    for (const [owner, quota] of targets.quotas) {
      teamTarget += quota;
      owners.add(owner);
    }
  }

  const total = rowOf({
    key: {},
    cell: team,
    target: known(teamTarget),
    rates: teamRates,
    ownUnitWinRate: teamRates.unitWinRate,
    usesTeamRate: false,
    minSample,
    prospectRate,
  });
  const groups = [...owners].sort(compareNames).map((owner) => {
    const cell = state.owners.get(owner) ?? emptyCell();
    const ownRates = ratesOf(cell);
    const usesTeamRate = ownRates.n < Math.max(minSample, 1);
    let target: Figure = na('team-target');
    if (targets.kind === 'reps') {
      const quota = targets.quotas.get(owner);
      target = quota === undefined ? na('no-quota') : known(quota);
    }
    return rowOf({
      key: { owner },
      cell,
      target,
      rates: usesTeamRate ? teamRates : ownRates,
      ownUnitWinRate: ownRates.unitWinRate,
      usesTeamRate,
      minSample,
      prospectRate,
    });
  });
  const rows = options.groupBy === null || options.groupBy === undefined ? groups : groupRows(state, options, options.groupBy, owners, teamRates);
  return { total, team: teamFigures(state, targets, total, groups), groups: rows, dealsUsed: state.dealsUsed };
}

/**
 * Rows per group of reps (`--by team`): the group's won to date and open pipeline summed over its
 * owners, its target the sum of its reps' quotas (n/a when none has one, or with a team target),
 * and its own pooled rates (the team's below the minimum sample, flagged). The team figures stay
 * per rep.
 */
function groupRows(state: CoverageState, options: CoverageOptions, grouping: CoverageGrouping, owners: ReadonlySet<string>, teamRates: Rates): CoverageRow[] {
  const { targets, minSample, prospectRate } = options;
  const members = new Map<string, string[]>();
  for (const owner of owners) {
    const group = grouping.byOwner[owner] ?? grouping.none;
    const list = members.get(group);
    if (list === undefined) members.set(group, [owner]);
    else list.push(owner);
  }
  return orderNames([...members.keys()]).map((group) => {
    const groupOwners = members.get(group) as string[];
    const cell = emptyCell();
    for (const owner of groupOwners) {
      const ownerCell = state.owners.get(owner);
      if (ownerCell !== undefined) addCells(cell, ownerCell);
    }
    const quotas = targets.kind === 'reps' ? groupOwners.map((owner) => targets.quotas.get(owner)).filter((quota): quota is number => quota !== undefined) : [];
    const target = targets.kind === 'team' ? na('team-target') : quotas.length === 0 ? na('no-quota') : known(quotas.reduce((sum, quota) => sum + quota, 0));
    const ownRates = ratesOf(cell);
    const usesTeamRate = ownRates.n < Math.max(minSample, 1);
    return rowOf({ key: { [grouping.dimension]: group }, cell, target, rates: usesTeamRate ? teamRates : ownRates, ownUnitWinRate: ownRates.unitWinRate, usesTeamRate, minSample, prospectRate });
  });
}

function teamFigures(state: CoverageState, targets: CoverageTargets, total: CoverageRow, groups: readonly CoverageRow[]): CoverageTeam {
  const attainment = total.attainment;
  if (targets.kind === 'team') {
    const perRep = na('needs-quotas');
    return { attainment, repsWithQuota: 0, repsAtQuota: perRep, shareAtQuota: perRep, sumOfShortfalls: perRep, repsShort: perRep, ownersWithoutQuota: [], repsWithoutDeals: [] };
  }
  const quotaOf = (row: CoverageRow): number | null => row.target.value;
  const withQuota = groups.filter((row) => quotaOf(row) !== null);
  const repsAtQuota = withQuota.filter((row) => row.wonToDate >= (quotaOf(row) ?? 0)).length;
  const shortfalls = withQuota.map((row) => Math.max((quotaOf(row) ?? 0) - row.wonToDate, 0));
  const owners = [...state.owners.keys()];
  const repNames = [...targets.quotas.keys()];
  return {
    attainment,
    repsWithQuota: withQuota.length,
    repsAtQuota: known(repsAtQuota),
    shareAtQuota: withQuota.length === 0 ? na('no-rep-quota') : known(repsAtQuota / withQuota.length),
    sumOfShortfalls: known(shortfalls.reduce((sum, shortfall) => sum + shortfall, 0)),
    repsShort: known(shortfalls.filter((shortfall) => shortfall > 0).length),
    ownersWithoutQuota: withClosest(owners.filter((owner) => !targets.quotas.has(owner)), repNames),
    repsWithoutDeals: withClosest(repNames.filter((rep) => !state.owners.has(rep)), owners),
  };
}

function ratesOf(cell: Readonly<CoverageCell>): Rates {
  const n = cell.won + cell.lost;
  const emptyReason = naReason('no-closed-deals', 'rate window');
  const unit = unitRateOf(cell.won, n, emptyReason);
  const value = valueRateOf({
    wonValue: sumValue(cell.wonValue),
    notWonValue: sumValue(cell.lostValue),
    n,
    lostAmountsMissing: cell.lost > 0 && cell.lostWithAmount === 0 ? LOST_AMOUNTS_ZEROED : null,
    emptyReason,
  });
  return {
    won: cell.won,
    n,
    unitWinRate: unit,
    valueWinRate: value,
    averageWonAmount:
      cell.won === 0 ? na('no-won-deals', 'rate window')
      : cell.wonWithAmount === 0 ? na('no-won-amount')
      : known(sumValue(cell.wonValue) / cell.wonWithAmount),
  };
}

interface RowInput {
  readonly key: CoverageKey;
  readonly cell: Readonly<CoverageCell>;
  readonly target: Figure;
  readonly rates: Rates;
  readonly ownUnitWinRate: Figure;
  readonly usesTeamRate: boolean;
  readonly minSample: number;
  readonly prospectRate: number | null;
}

/** Each value is a number or the reason it has none. */
type Derived = number | NaReason;

/** A derived value as a figure: + 0, never -0. */
function take(derived: Derived): Figure {
  return typeof derived === 'number' ? known(derived + 0) : notAvailableBecause(derived);
}

/** A figure as a derived value. */
function derive(figure: Figure): Derived {
  return figure.value ?? figure.reason ?? naReason('unknown');
}

function rowOf(input: RowInput): CoverageRow {
  const { cell, rates, prospectRate } = input;
  const target = input.target.value;
  const remaining: Derived = target === null ? derive(input.target) : Math.max(target - sumValue(cell.wonToDate), 0);
  const unitWinRate = derive(rates.unitWinRate);
  const valueWinRate = derive(rates.valueWinRate);
  const averageWonAmount = derive(rates.averageWonAmount);

  const requiredMultiple = requiredMultipleOf(rates, unitWinRate);
  const requiredPipeline = requiredPipelineOf(remaining, valueWinRate);
  const requiredDeals = requiredDealsOf(remaining, averageWonAmount, unitWinRate);
  const gap: Derived = typeof requiredPipeline === 'number' ? requiredPipeline - sumValue(cell.openPipeline) : requiredPipeline;
  const prospectsNeeded = prospectsNeededOf(requiredDeals, cell.openDeals, prospectRate);

  return {
    key: input.key,
    target: input.target,
    wonToDate: sumValue(cell.wonToDate),
    wonToDateDeals: cell.wonToDateDeals,
    remaining: take(remaining),
    unitWinRate: take(unitWinRate),
    valueWinRate: take(valueWinRate),
    averageWonAmount: take(averageWonAmount),
    ownUnitWinRate: input.ownUnitWinRate,
    n: cell.won + cell.lost,
    smallSample: cell.won + cell.lost < input.minSample,
    usesTeamRate: input.usesTeamRate,
    requiredMultiple: take(requiredMultiple),
    requiredPipeline: take(requiredPipeline),
    requiredDeals: take(requiredDeals),
    openPipeline: sumValue(cell.openPipeline),
    openDeals: cell.openDeals,
    cleanOpenPipeline: sumValue(cell.cleanOpenPipeline),
    cleanOpenDeals: cell.cleanOpenDeals,
    attainment: take(attainmentOf(sumValue(cell.wonToDate), input.target)),
    coverage: take(coverageOf(sumValue(cell.openPipeline), remaining)),
    cleanCoverage: take(coverageOf(sumValue(cell.cleanOpenPipeline), remaining)),
    gap: take(gap),
    prospectsNeeded: take(prospectsNeeded),
  };
}

function requiredMultipleOf(rates: Rates, unitWinRate: Derived): Derived {
  if (typeof unitWinRate !== 'number') return unitWinRate;
  if (rates.won === 0) return naReason('zero-win-rate');
  // 1 / W as n / won: 9 / 3 is exactly 3, 1 / (3 / 9) is not.
  return rates.n / rates.won;
}

// R = 0 needs nothing more, whatever the rates: checked before them.
function requiredPipelineOf(remaining: Derived, valueWinRate: Derived): Derived {
  if (remaining === 0) return 0;
  if (typeof remaining !== 'number') return remaining;
  if (typeof valueWinRate !== 'number') return valueWinRate;
  if (valueWinRate === 0) return naReason('zero-value-win-rate');
  return finiteOr(remaining / valueWinRate, naReason('value-win-rate-too-small'));
}

function requiredDealsOf(remaining: Derived, averageWonAmount: Derived, unitWinRate: Derived): Derived {
  if (remaining === 0) return 0;
  if (typeof remaining !== 'number') return remaining;
  if (typeof averageWonAmount !== 'number') return averageWonAmount;
  if (typeof unitWinRate !== 'number') return unitWinRate;
  const expectedPerDeal = averageWonAmount * unitWinRate;
  if (expectedPerDeal === 0) return naReason('zero-expected-deal');
  // An average won amount of 5e-324 is a number, but no count of deals reaches a target with it.
  const deals = finiteOr(remaining / expectedPerDeal, naReason('expected-deal-too-small'));
  return typeof deals === 'number' ? ceilCount(deals) : deals;
}

/** A quotient that overflowed is no figure: null with a reason, never Infinity. */
function finiteOr(value: number, reason: NaReason): Derived {
  return Number.isFinite(value) ? value : reason;
}

function attainmentOf(wonToDate: number, target: Figure): Derived {
  if (target.value === null) return derive(target);
  if (target.value === 0) return naReason('zero-target');
  return wonToDate / target.value;
}

function coverageOf(pipeline: number, remaining: Derived): Derived {
  if (typeof remaining !== 'number') return remaining;
  if (remaining === 0) return naReason('target-met');
  return pipeline / remaining;
}

function prospectsNeededOf(requiredDeals: Derived, openDeals: number, prospectRate: number | null): Derived {
  if (prospectRate === null) return naReason('no-prospect-rate');
  if (typeof requiredDeals !== 'number') return requiredDeals;
  return ceilCount(Math.max(requiredDeals - openDeals, 0) / prospectRate);
}

/** Whole deals or prospects needed; rounding noise below the tolerance does not add one. */
function ceilCount(value: number): number {
  return Math.ceil(value - CEIL_TOLERANCE * Math.max(1, Math.abs(value)));
}

/** The rate window when none is given: the 365 days before the target period starts (METRICS.md "Pipeline coverage"). */
export function defaultRateWindow(period: Window): Window {
  return { from: period.from - 365, to: period.from - 1, label: `365 days before ${period.label}` };
}
