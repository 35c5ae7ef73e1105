/**
 * Which deals an analysis looks at (METRICS.md "Window"): closed deals by the window and
 * its basis, open deals as the snapshot at the as-of date.
 */
import type { Window } from '../model/calendar.js';
import type { Deal, DayNumber } from '../model/types.js';

export type Basis = 'close' | 'created';

export interface Scope {
  readonly asOf: DayNumber;
  /** null: every deal is in. */
  readonly window: Window | null;
  readonly basis: Basis;
}

/**
 * A deal as it stood on day D (METRICS.md "Point in time"): null when it did not exist yet
 * (created after D); a deal closed after D was open then, its stage at D unknown (null). So are
 * the CRM probability, the forecast category and the day the stage was entered: an export gives
 * them as the deal closed (100 or 0, "Closed" or "Omitted"), and a back-dated forecast that used
 * them would already know the outcome.
 * Returns the same object unless it has to change, so the common case allocates nothing.
 * @example dealAt(won 2025-06-01, created 2025-04-01, probability 100; D = 2025-05-15) is open,
 * stage and probability null
 */
export function dealAt(deal: Deal, day: DayNumber): Deal | null {
  if (deal.created !== null && deal.created > day) return null;
  if (deal.status === 'open' || deal.close === null || deal.close <= day) return deal;
  return { ...deal, status: 'open', stage: null, lostStage: null, probability: null, forecastCategory: null, stageEntered: null };
}

/** A closed deal is in when its close date (basis close) or created date (basis created) is in the window, and it had closed by the as-of date. */
export function closedInWindow(deal: Deal, scope: Scope): boolean {
  if (deal.status === 'open') return false;
  if (deal.close !== null && deal.close > scope.asOf) return false;
  if (scope.window === null) return true;
  const day = scope.basis === 'close' ? deal.close : deal.created;
  return day !== null && day >= scope.window.from && day <= scope.window.to;
}

/** An open deal is in the snapshot unless it was created after the as-of date. */
export function openAtAsOf(deal: Deal, asOf: DayNumber): boolean {
  return deal.status === 'open' && (deal.created === null || deal.created <= asOf);
}

/**
 * The deals an analysis uses; every other deal counts as filtered. Open deals are the snapshot
 * at the as-of date, except in a cohort (basis created), which counts only its own open deals.
 */
export function inScope(deal: Deal, scope: Scope): boolean {
  if (deal.status !== 'open') return closedInWindow(deal, scope);
  if (!openAtAsOf(deal, scope.asOf)) return false;
  if (scope.basis !== 'created' || scope.window === null) return true;
  return deal.created !== null && deal.created >= scope.window.from && deal.created <= scope.window.to;
}

/**
 * inScope for the deal as it stood on `scope.asOf`, a day in the past: a deal closed after that
 * day was still open then (a report's previous period). Checked without building that deal.
 */
export function inScopeAsAt(deal: Deal, scope: Scope): boolean {
  const stillOpenThen = deal.status !== 'open' && deal.close !== null && deal.close > scope.asOf;
  return stillOpenThen ? deal.created === null || deal.created <= scope.asOf : inScope(deal, scope);
}

/**
 * For `--open include`: an open deal was being worked during the window when it was created
 * on or before the window's end (basis close), or inside the window (basis created).
 */
export function openWorkedInWindow(deal: Deal, scope: Scope): boolean {
  if (!openAtAsOf(deal, scope.asOf)) return false;
  if (scope.window === null) return true;
  if (deal.created === null) return scope.basis === 'close';
  if (scope.basis === 'created') return deal.created >= scope.window.from && deal.created <= scope.window.to;
  return deal.created <= scope.window.to;
}

/** Sales cycle of a closed deal in days (`close - created`), else the cycle-days column, else null. */
export function cycleDaysOf(deal: Deal): number | null {
  if (deal.created !== null && deal.close !== null) return deal.close - deal.created;
  return deal.cycleDays;
}

/** The group of the deals whose value of a dimension is empty: one group, named so. */
export const NO_VALUE = '(none)';

/** A named dimension of a deal: a canonical field (owner, account, stage, status, currency) or any other column; NO_VALUE when empty. */
export function dimensionValue(deal: Deal, dimension: string): string {
  switch (dimension) {
    case 'owner':
      return deal.owner ?? NO_VALUE;
    case 'account':
      return deal.account ?? NO_VALUE;
    case 'stage':
      return deal.stage ?? NO_VALUE;
    case 'status':
      return deal.status;
    case 'currency':
      return deal.currency ?? NO_VALUE;
    case 'forecastCategory':
      return deal.forecastCategory ?? NO_VALUE;
    case 'type':
      return deal.type ?? NO_VALUE;
    default: {
      const value = deal.dimensions[dimension];
      if (value === undefined) return NO_VALUE;
      const trimmed = value.trim();
      return trimmed === '' ? NO_VALUE : trimmed;
    }
  }
}

/**
 * Adds a won deal's known sales cycle to a sum and a count (a deal without one adds nothing):
 * every metric that averages the won cycle (win rate's age-out, velocity's L, funnel, lever
 * counts) counts it this one way.
 */
export function addWonCycle(sums: { wonCycleDays: number; wonWithCycle: number }, deal: Deal): void {
  const cycle = cycleDaysOf(deal);
  if (cycle === null) return;
  sums.wonCycleDays += cycle;
  sums.wonWithCycle += 1;
}
