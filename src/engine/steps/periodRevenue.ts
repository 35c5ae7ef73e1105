/**
 * Revenue retention's input (METRICS.md "Retention and concentration") as a step: the won deals
 * of two periods folded per account key (and group); the join to the accounts comes after.
 */
import type { Window } from '../../model/calendar.js';
import type { DayNumber } from '../../model/types.js';
import { accountPeriodRevenueFold, periodOf, type PeriodRevenue } from '../../metrics/retention.js';
import type { Scope } from '../../metrics/scope.js';
import { Grouping } from '../dealRun.js';
import { foldStep, type Step } from '../step.js';

export interface PeriodRevenueStepOptions {
  /** The command's window (refused on a file without dates). */
  readonly scope: Scope;
  readonly previous: Window;
  readonly current: Window;
  readonly asOf: DayNumber;
  /** Deal columns to group by (joined with " / "), or none. */
  readonly by: readonly string[];
}

export function periodRevenueStep(options: PeriodRevenueStepOptions): Step<PeriodRevenue> {
  const grouping = options.by.length === 0 ? null : new Grouping(options.by);
  const periods = { previous: options.previous, current: options.current, asOf: options.asOf };
  const groupOf = grouping === null ? undefined : (deal: Parameters<Grouping['keyOf']>[0]) => grouping.keyOf(deal).join(' / ');
  return foldStep(accountPeriodRevenueFold({ ...periods, groupOf }), {
    money: true,
    amountsOnly: true,
    windowScope: options.scope,
    groupings: grouping === null ? [] : [grouping],
    accept: (deal) => periodOf(deal, periods) !== null,
    leavesOut: `not won in ${options.current.label} or ${options.previous.label}`,
  });
}
