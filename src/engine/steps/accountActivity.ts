/**
 * The accounts overview (issue 17) as a step: every deal with an account folded into its
 * account's activity (deals with none counted apart), and the won revenue of the 365 days before the as-of date (for quadrants).
 */
import type { Window } from '../../model/calendar.js';
import { DealmathError } from '../../model/errors.js';
import { normalizeHeader } from '../../model/mapping.js';
import type { DayNumber } from '../../model/types.js';
import { accountActivityFold, type AccountActivityResult } from '../../metrics/accountActivity.js';
import { accountRevenueFold, type AccountRevenue } from '../../metrics/quadrant.js';
import { dimensionValue, type Scope } from '../../metrics/scope.js';
import type { Step } from '../step.js';

export interface AccountActivityStepOptions {
  /** The command's window (refused on a file without dates). */
  readonly scope: Scope;
  readonly current: Window;
  readonly previous: Window;
  readonly asOf: DayNumber;
  readonly pipelinePeriod: Window;
  /** The config's products.column (a file without it is refused); absent: `product` when a file has it. */
  readonly productColumn?: string | undefined;
}

export interface AccountsRunResult {
  readonly activity: AccountActivityResult;
  readonly revenue: AccountRevenue;
  /** Whether a product column was found in every file. */
  readonly productsKnown: boolean;
}

export function accountActivityStep(options: AccountActivityStepOptions): Step<AccountsRunResult> {
  let productDimension: string | null = null;
  let productsKnown = true;
  const activityFold = accountActivityFold({ ...options, productOf: (deal) => (productDimension === null ? null : dimensionValue(deal, productDimension)) });
  const revenueFold = accountRevenueFold({ asOf: options.asOf });
  let activity = activityFold.init();
  let revenue = revenueFold.init();
  return {
    money: true,
    windowScope: options.scope,
    groupings: [],
    resolve: (header, _mapping, file) => {
      const wanted = normalizeHeader(options.productColumn ?? 'product');
      const found = header.find((candidate) => normalizeHeader(candidate) === wanted);
      if (found === undefined && options.productColumn !== undefined) throw new DealmathError('usage', `no column "${options.productColumn}" (products.column in the config) in the deals`, { file });
      productDimension = found ?? null;
      if (found === undefined) productsKnown = false;
    },
    // Deals with no account are used (the fold counts them and their won revenue, which a warning states), as retention does.
    accept: () => true,
    add: (deal) => {
      activity = activityFold.add(activity, deal);
      revenue = revenueFold.add(revenue, deal);
    },
    state: () => ({ activity, revenue, productsKnown }),
    merge: (other) => {
      const part = other as { activity: typeof activity; revenue: typeof revenue; productsKnown: boolean };
      activity = activityFold.merge(activity, part.activity);
      revenue = revenueFold.merge(revenue, part.revenue);
      productsKnown &&= part.productsKnown;
    },
    result: () => ({ activity: activityFold.finish(activity), revenue: revenueFold.finish(revenue), productsKnown }),
  };
}
