/**
 * Integrity rules over usable deals (METRICS.md "Validation", warnings). Rules that make a
 * row unusable (bad values, duplicates...) are found while reading; these find the deals
 * that read fine but should not be trusted as pipeline. One small function per rule code.
 */
import { formatDay } from '../model/calendar.js';
import { finding, type Finding, type WarningRule } from '../model/findings.js';
import type { ForecastCategoryKind } from '../model/forecastCategories.js';
import type { Deal, DayNumber, DealField } from '../model/types.js';

export interface RuleContext {
  readonly asOf: DayNumber;
  readonly staleDays: number;
  /** The header a field was read from in a deal's file, for the finding's column. */
  readonly columnOf: (deal: Deal, field: DealField) => string | null;
  /** Days in the current stage against its average dwell, when a history allows it (stage-history rules). */
  readonly stalled?: ((deal: Deal) => { readonly daysInStage: number; readonly averageDwellDays: number } | null) | undefined;
  /** What the forecast hygiene rules need: the kind of a category label, and the first open stage of the configured order. */
  readonly forecast?: { readonly categoryOf: (label: string | null) => ForecastCategoryKind | null; readonly firstOpenStage: string | null } | undefined;
}

export type DealRule = (deal: Deal, context: RuleContext) => Finding | null;

function at(deal: Deal, context: RuleContext, rule: WarningRule, field: DealField | null, value: string | null, detail: string): Finding {
  return finding(rule, { file: deal.source.file, row: deal.source.row, column: field === null ? null : context.columnOf(deal, field) }, value, detail);
}

/** past-due: an open deal whose expected close date is before the as-of date. */
export const pastDue: DealRule = (deal, context) =>
  deal.status === 'open' && deal.close !== null && deal.close < context.asOf
    ? at(deal, context, 'past-due', 'close', formatDay(deal.close), `open deal expected to close ${context.asOf - deal.close} days before the as-of date ${formatDay(context.asOf)}`)
    : null;

/** stale: an open deal with no activity for more than staleDays. */
export const stale: DealRule = (deal, context) =>
  deal.status === 'open' && deal.lastActivity !== null && context.asOf - deal.lastActivity > context.staleDays
    ? at(deal, context, 'stale', 'lastActivity', formatDay(deal.lastActivity), `no activity for ${context.asOf - deal.lastActivity} days (more than ${context.staleDays})`)
    : null;

/** stalled: an open deal in its current stage for more than 2x that stage's average dwell. */
export const stalled: DealRule = (deal, context) => {
  if (deal.status !== 'open' || context.stalled === undefined) return null;
  const measured = context.stalled(deal);
  if (measured === null) return null;
  return at(deal, context, 'stalled', 'stage', deal.stage, `in stage for ${measured.daysInStage} days, more than 2x its average dwell of ${measured.averageDwellDays.toFixed(1)} days`);
};

/** missing-amount: an open deal with no amount cannot count in pipeline value. */
export const missingAmount: DealRule = (deal, context) =>
  deal.status === 'open' && deal.amount === null ? at(deal, context, 'missing-amount', 'amount', '', 'open deal with no amount') : null;

/** probability-open-100: an open deal at 100% should have been closed. */
export const probabilityOpen100: DealRule = (deal, context) =>
  deal.status === 'open' && deal.probability === 1 ? at(deal, context, 'probability-open-100', 'probability', '100%', 'open deal at 100% probability') : null;

/** probability-won-0: a won deal at 0% contradicts itself. */
export const probabilityWon0: DealRule = (deal, context) =>
  deal.status === 'won' && deal.probability === 0 ? at(deal, context, 'probability-won-0', 'probability', '0%', 'won deal at 0% probability') : null;

export const DEAL_RULES: readonly DealRule[] = [pastDue, stale, stalled, missingAmount, probabilityOpen100, probabilityWon0];

function isCommit(deal: Deal, context: RuleContext): boolean {
  return deal.status === 'open' && context.forecast !== undefined && context.forecast.categoryOf(deal.forecastCategory) === 'commit';
}

/** commit-past-due: an open deal in the commit category whose expected close date is before the as-of date. */
export const commitPastDue: DealRule = (deal, context) =>
  isCommit(deal, context) && deal.close !== null && deal.close < context.asOf
    ? at(deal, context, 'commit-past-due', 'close', formatDay(deal.close), `commit deal expected to close ${context.asOf - deal.close} days before the as-of date ${formatDay(context.asOf)}: a forecast call would count it`)
    : null;

/** commit-stale: an open deal in the commit category with no activity for more than staleDays. */
export const commitStale: DealRule = (deal, context) =>
  isCommit(deal, context) && deal.lastActivity !== null && context.asOf - deal.lastActivity > context.staleDays
    ? at(deal, context, 'commit-stale', 'lastActivity', formatDay(deal.lastActivity), `commit deal with no activity for ${context.asOf - deal.lastActivity} days (more than ${context.staleDays})`)
    : null;

/**
 * category-stage-mismatch: a forecast category its stage contradicts: commit on the first open
 * stage of the configured order, or a closed category on an open deal.
 */
export const categoryStageMismatch: DealRule = (deal, context) => {
  if (deal.status !== 'open' || context.forecast === undefined || deal.forecastCategory === null) return null;
  const kind = context.forecast.categoryOf(deal.forecastCategory);
  if (kind === 'closed') return at(deal, context, 'category-stage-mismatch', 'forecastCategory', deal.forecastCategory, `forecast category "${deal.forecastCategory}" on an open deal (stage ${deal.stage ?? 'unknown'}); the forecast counts it as commit`);
  const first = context.forecast.firstOpenStage;
  if (kind === 'commit' && first !== null && deal.stage !== null && deal.stage.toLowerCase() === first.toLowerCase()) {
    return at(deal, context, 'category-stage-mismatch', 'forecastCategory', deal.forecastCategory, `commit on ${deal.stage}, the first stage of the pipeline`);
  }
  return null;
};

/** The forecast hygiene rules: run by validate, apart from the integrity score and clean pipeline. */
export const FORECAST_DEAL_RULES: readonly DealRule[] = [commitPastDue, commitStale, categoryStageMismatch];

/** Runs the forecast hygiene rules; returns how many findings the deal got. */
export function checkForecastDeal(deal: Deal, context: RuleContext, onFinding: (found: Finding) => void): number {
  let count = 0;
  for (const rule of FORECAST_DEAL_RULES) {
    const found = rule(deal, context);
    if (found !== null) {
      count += 1;
      onFinding(found);
    }
  }
  return count;
}

/** Runs every deal rule; returns how many findings the deal got. */
export function checkDeal(deal: Deal, context: RuleContext, onFinding: (found: Finding) => void): number {
  let count = 0;
  for (const rule of DEAL_RULES) {
    const found = rule(deal, context);
    if (found !== null) {
      count += 1;
      onFinding(found);
    }
  }
  return count;
}

/** True when an open deal passes the checks that make pipeline "clean" for coverage (past-due, stale, stalled). */
export function isCleanPipeline(deal: Deal, context: RuleContext): boolean {
  return pastDue(deal, context) === null && stale(deal, context) === null && stalled(deal, context) === null;
}
