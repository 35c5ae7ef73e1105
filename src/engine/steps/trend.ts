/**
 * Trends (METRICS.md "Trends") as steps: the same metric for each period of a series, in one
 * pass. The state is one fold state per period (keyed by the period's place in the series); each
 * period reads the deals as they stood at its own end, or at the as-of date for the current one
 * (METRICS.md "Point in time"), so a past month's N is the deals open then. A cohort trend
 * (basis created) reads each period's cohort as of the as-of date.
 */
import type { SeriesPeriod } from '../../model/series.js';
import type { DayNumber, Deal } from '../../model/types.js';
import { groupedFold, type Fold, type GroupedResult } from '../../metrics/fold.js';
import type { CoverageResult } from '../../metrics/coverage.js';
import { dealAt, inScope, type Basis, type Scope } from '../../metrics/scope.js';
import { velocityFold, type VelocityResult } from '../../metrics/velocity.js';
import { winRateFold, type OpenPolicy, type WinRateResult } from '../../metrics/winRate.js';
import { Grouping } from '../dealRun.js';
import type { Step } from '../step.js';
import { coverageStep, type CoverageStepOptions } from './coverage.js';

/** One period's result in a series. */
export interface SeriesEntry<Result> {
  readonly period: SeriesPeriod;
  readonly result: Result;
}

export type Series<Result> = readonly SeriesEntry<Result>[];

export interface SeriesOptions {
  readonly periods: readonly SeriesPeriod[];
  readonly asOf: DayNumber;
  readonly basis: Basis;
}

/**
 * The scope of one period: its days, read as of its end or the as-of date, whichever comes first.
 * A cohort (basis created) is read as of the as-of date: the period picks the deals by created
 * date, and their outcomes are known to date (a cohort read at its own end would hardly have any).
 */
export function periodScope(period: SeriesPeriod, options: SeriesOptions): Scope {
  const asOf = options.basis === 'created' ? options.asOf : Math.min(period.to, options.asOf);
  return { asOf, window: { from: period.from, to: period.to, label: period.label }, basis: options.basis };
}

/**
 * A step folding each deal into the periods whose scope takes it, as it stood then. Periods are
 * oldest first, so the loop starts at the first period that can see the deal (created by its
 * as-of day) and stops once the deal has closed within a period: no later period takes it.
 */
function seriesStep<State, Result>(options: SeriesOptions, groupings: readonly Grouping[], foldOf: (scope: Scope) => Fold<Deal, State, Result>, inPeriod: (deal: Deal, scope: Scope) => boolean): Step<Series<Result>> {
  const scopes = options.periods.map((period) => periodScope(period, options));
  const folds = scopes.map(foldOf);
  let states = folds.map((fold) => fold.init());
  const first = (deal: Deal): number => {
    if (deal.created === null) return 0;
    let low = 0;
    let high = scopes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((scopes[middle] as Scope).asOf < deal.created) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  // A cohort: the one period holding the deal's created date.
  const cohort = (deal: Deal): number => {
    if (deal.created === null) return -1;
    let low = 0;
    let high = scopes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (((scopes[middle] as Scope).window as { to: number }).to < deal.created) low = middle + 1;
      else high = middle;
    }
    return low < scopes.length && ((scopes[low] as Scope).window as { from: number }).from <= deal.created ? low : -1;
  };
  const visit = (deal: Deal, use: (index: number, seen: Deal) => boolean): void => {
    if (options.basis === 'created') {
      const index = cohort(deal);
      const scope = scopes[index];
      const seen = scope === undefined ? null : dealAt(deal, scope.asOf);
      if (scope !== undefined && seen !== null && inPeriod(seen, scope)) use(index, seen);
      return;
    }
    for (let index = first(deal); index < scopes.length; index += 1) {
      const scope = scopes[index] as Scope;
      const seen = dealAt(deal, scope.asOf);
      if (seen === null) continue;
      if (inPeriod(seen, scope) && use(index, seen)) return;
      if (seen.status !== 'open' && seen.close !== null && seen.close <= scope.asOf) return;
    }
  };
  return {
    money: true,
    windowScope: { window: scopes.length === 0 ? null : { from: (scopes[0] as Scope).window?.from ?? 0, to: (scopes.at(-1) as Scope).window?.to ?? 0, label: 'series' }, basis: options.basis },
    groupings,
    accept: (deal) => {
      let taken = false;
      visit(deal, () => (taken = true));
      return taken;
    },
    add: (deal) =>
      visit(deal, (index, seen) => {
        states[index] = (folds[index] as Fold<Deal, State, Result>).add(states[index] as State, seen);
        return false;
      }),
    state: () => states,
    merge: (other) => {
      states = states.map((state, index) => (folds[index] as Fold<Deal, State, Result>).merge(state, (other as State[])[index] as State));
    },
    result: () => options.periods.map((period, index) => ({ period, result: (folds[index] as Fold<Deal, State, Result>).finish(states[index] as State) })),
  };
}

export interface WinRateTrendOptions extends SeriesOptions {
  readonly open: OpenPolicy;
  readonly minSample: number;
  readonly by: readonly string[];
}

/** Win rates per period of a series (and per group within each period). */
export function winRateTrendStep(options: WinRateTrendOptions): Step<Series<GroupedResult<WinRateResult>>> {
  const grouping = new Grouping(options.by);
  return seriesStep(options, [grouping], (scope) => groupedFold(winRateFold({ scope, open: options.open, minSample: options.minSample }), grouping.names, grouping.keyOf), inScope);
}

export interface VelocityTrendOptions extends SeriesOptions {
  readonly n: 'open' | 'closed';
  readonly by: readonly string[];
}

/** Sales velocity per period of a series: N is the deals open at each period's end. */
export function velocityTrendStep(options: VelocityTrendOptions): Step<Series<GroupedResult<VelocityResult>>> {
  const grouping = new Grouping(options.by);
  return seriesStep(options, [grouping], (scope) => groupedFold(velocityFold({ scope, n: options.n }), grouping.names, grouping.keyOf), inScope);
}

export interface CoverageTrendOptions extends Omit<CoverageStepOptions, 'asOf'> {
  /** The periods of the target period (`--every`), each read as of its end or the as-of date. */
  readonly periods: readonly SeriesPeriod[];
  readonly asOf: DayNumber;
}

/**
 * Coverage per period of a series: the target period as it stood at the end of each period
 * (won to date since the target period began, open pipeline closing in it, and every figure of
 * coverage from them): one coverage fold per period, each deal seen as it stood that day.
 */
export function coverageTrendStep(options: CoverageTrendOptions): Step<Series<CoverageResult>> {
  const { periods, asOf, ...rest } = options;
  const steps = periods.map((period) => ({ day: Math.min(period.to, asOf), step: coverageStep({ ...rest, asOf: Math.min(period.to, asOf) }) }));
  return {
    money: true,
    windowScope: null,
    groupings: [],
    accept: () => true,
    add: (deal) => {
      for (const { day, step } of steps) {
        const seen = dealAt(deal, day);
        if (seen !== null) step.add(seen);
      }
    },
    state: () => steps.map(({ step }) => step.state()),
    merge: (other) => steps.forEach(({ step }, index) => step.merge((other as unknown[])[index])),
    result: (run) => periods.map((period, index) => ({ period, result: (steps[index] as { step: Step<CoverageResult> }).step.result(run) })),
  };
}
