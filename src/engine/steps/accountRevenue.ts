/**
 * Won revenue per account over the 365 days before the as-of date (METRICS.md "Account
 * quadrants": current revenue from deals) as a step. The accounts themselves are joined after
 * the run, on the main thread: worker threads never need them.
 */
import type { DayNumber } from '../../model/types.js';
import { accountRevenueFold, type AccountRevenue } from '../../metrics/quadrant.js';
import { foldStep, type Step } from '../step.js';

export interface AccountRevenueStepOptions {
  readonly asOf: DayNumber;
}

export function accountRevenueStep(options: AccountRevenueStepOptions): Step<AccountRevenue> {
  return foldStep(accountRevenueFold({ asOf: options.asOf }), { money: true, windowScope: null, accept: (deal) => deal.status === 'won', leavesOut: 'not won' });
}
