/**
 * Every reason a figure can be n/a, in one place: a stable kebab-case code (for programs: jq, CI,
 * `--fail-on`) and the English message people read. The metrics name a code; they never word a
 * reason themselves. A message that depends on the data (a stage, a column, a count) is built
 * from the arguments its code takes.
 */
import type { Figure, NaReason } from './figure.js';

/** Phrasings of "no won deal has an amount" the outputs already print (held byte for byte). */
const NO_WON_AMOUNT = {
  deal: 'no won deal carries an amount',
  entities: 'no won deals with an amount',
  window: 'no won deals with an amount in window',
} as const;

const NO_WON_CYCLE = {
  deal: 'no won deal has a known sales cycle',
  entities: 'no won deals with a sales cycle',
  window: 'no won deals with a sales cycle in window',
} as const;

const ZERO_CYCLE = {
  won: 'average won cycle is 0 days',
  sales: 'average sales cycle is 0 days',
} as const;

const NO_QUOTA = {
  rep: 'no quota for this rep',
  'no-reps': 'n/a: no quota (give --reps FILE with a quota per rep)',
  'not-in-reps': 'n/a: no quota for this rep in the reps file',
} as const;

const NO_WIN_RATE = {
  account: 'n/a: neither the account nor the team has a value win rate',
  sizing: 'n/a: no value win rate to size the pipeline',
  // A value win rate of 0 sizes no pipeline either; the code stays no-win-rate (the JSON is held).
  zero: 'n/a: a value win rate of 0 closes no gap',
} as const;

const NEEDS_SNAPSHOTS = {
  category: 'n/a: category weights need past snapshots',
  pipeline: 'n/a: needs past snapshots of the pipeline (--snapshot DATE=FILE or a folder of dated exports)',
} as const;

/** The forecast of a period now, or as a past snapshot showed it (forecast --backtest). */
const AT_SNAPSHOT = {
  period: { probability: 'n/a: no open deal of the period carries a probability', category: 'n/a: no open deal in the period carries a known forecast category (a forecast category column, or labels under forecastCategories in the config)' },
  snapshot: { probability: 'n/a: no open deal of the period carried a probability at this snapshot', category: 'n/a: no open deal of the period carried a known forecast category at this snapshot' },
} as const;

const NO_STAGE_CONVERSION = {
  period: 'n/a: no open deal of the period is in a stage with a known conversion to won',
  snapshot: 'n/a: no stage conversion known yet at this snapshot (no deal seen open, then closed, in earlier snapshots)',
  'snapshot-simulation': 'n/a: no probability and no stage conversion known yet at this snapshot',
} as const;

/** A side of the existing-customer / new-business ratio, as its n/a reasons name it. */
const TYPE_SIDE = {
  existing: 'expansion or renewal',
  'new-business': 'new-business',
} as const;

const NEEDS_TARGET = {
  full: 'needs a target: --reps, --target or report.target',
  short: 'needs a target',
} as const;

export const NA_REASONS = {
  // Win rates (METRICS.md "Win rates")
  'no-closed-deals': (where: 'window' | 'rate window' = 'window') => `no closed deals in ${where}`,
  'no-closed-or-open-deals': () => 'no closed or open deals in window',
  'no-closed-or-aged-out-deals': () => 'no closed or aged-out deals in window',
  'no-age-out-days': () => 'no won deal with a known sales cycle, so no default age-out days (give age-out:DAYS)',
  'no-amounts': () => 'no deal carries an amount (is an amount column mapped? see dealmath inspect)',
  'lost-amounts-zeroed': () => 'lost deals carry no amounts (CRM zeroes them)',
  'aged-out-amounts-missing': () => 'aged-out deals carry no amounts',
  'no-counted-amounts': () => 'no amounts on the counted deals',
  // Velocity levers (METRICS.md "Sales velocity")
  'no-won-deals': (where: 'window' | 'rate window' = 'window') => `no won deals in ${where}`,
  'no-won-amount': (wording: keyof typeof NO_WON_AMOUNT = 'deal') => NO_WON_AMOUNT[wording],
  'no-won-cycle': (wording: keyof typeof NO_WON_CYCLE = 'deal') => NO_WON_CYCLE[wording],
  'zero-cycle': (wording: keyof typeof ZERO_CYCLE = 'won') => ZERO_CYCLE[wording],
  'negative-cycle': () => 'average won cycle is negative',
  'lever-na': () => 'a lever is n/a',
  'mixed-currencies': (currencies: readonly string[]) => `amounts in several currencies (${currencies.join(', ')}) and no rates in the config`,
  // Velocity change between two windows
  'no-velocity-before': (why: string) => `no velocity in the first window: ${why}`,
  'no-velocity-after': (why: string) => `no velocity in the second window: ${why}`,
  'zero-velocity-before': () => 'velocity was 0 in the first window',
  'lever-undefined': (lever: string, window: 'first' | 'second') => `${lever} is undefined in the ${window} window`,
  'lever-zero': (lever: string, window: 'first' | 'second') => `${lever} is 0 in the ${window} window`,
  'velocity-unchanged': () => 'velocity unchanged: no change to share between levers',
  // Coverage and attainment (METRICS.md "Pipeline coverage", "Quota attainment")
  'no-target': () => 'no target',
  'zero-target': () => 'the target is 0',
  'team-target': () => 'the target is for the team, not per rep',
  'no-quota': (wording: keyof typeof NO_QUOTA = 'rep') => NO_QUOTA[wording],
  'no-rep-quota': () => 'no rep has a quota',
  'needs-quotas': () => 'needs a quota per rep (a reps file)',
  'target-met': () => 'target already met',
  'zero-win-rate': () => 'unit win rate is 0: no pipeline multiple reaches the target',
  'zero-value-win-rate': () => 'value win rate is 0: no pipeline reaches the target',
  'value-win-rate-too-small': () => 'value win rate is too small for any pipeline to reach the target',
  'zero-expected-deal': () => 'average won amount x unit win rate is 0: no deal count reaches the target',
  'expected-deal-too-small': () => 'average won amount x unit win rate is too small: no deal count reaches the target',
  'no-prospect-rate': () => 'no prospect rate given',
  // Stage conversion and time in stage (METRICS.md "Stage conversion")
  'no-closed-reached': () => 'no closed deal reached this stage',
  'none-left-stage': () => 'no deal that reached this stage has left it yet',
  'no-stage-dwell': () => 'no closed deal with a known time in this stage',
  // Pipeline Value Factor (METRICS.md "Pipeline Value Factor (PVF)")
  'conversion-unknown': () => 'conversion to won is unknown',
  'zero-conversion': () => 'no won value came from this stage, so no multiple of the target is enough',
  'no-dwell': () => 'time in stage is unknown: needs a stage history (--history) or --assume-equal-dwell',
  'no-cycle-to-split': () => 'no won deal with a known sales cycle to split across stages',
  'zero-dwell': () => 'nothing is required in this stage (zero dwell)',
  'nothing-required': () => 'nothing is required in any stage (zero dwell)',
  'no-open-stages': () => 'no open stages',
  'stage-pvf-unknown': (stage: string, why: string) => `the pvf of stage ${stage} is unknown: ${why}`,
  // Pareto and Gini (METRICS.md "Pareto / top performers")
  'no-entities': () => 'no entities',
  'nothing-to-rank': () => 'total measure is 0: nothing to rank',
  'nothing-to-concentrate': () => 'total is 0: nothing to concentrate',
  // Rep scorecard (METRICS.md "Rep scorecard")
  'small-peer-group': (minSample: number) => `no rep has ${minSample} or more closed deals in the window`,
  'percentile-na': (levers: readonly string[]) => `percentile n/a for ${levers.join(', ')}`,
  // Account quadrants (METRICS.md "Account quadrants")
  'no-current-revenue': () => 'no current revenue',
  'no-future-revenue': () => 'no future revenue',
  'no-current-threshold': () => 'no current-revenue threshold',
  'no-future-threshold': () => 'no future-revenue threshold',
  'no-current-values': () => 'no account has a current revenue',
  'no-future-values': () => 'no account has a future revenue',
  'future-is-score': () => 'future is a score, not money',
  'no-column': (column: string) => `no column "${column}"`,
  'empty-cell': (column: string) => `"${column}" is empty`,
  'not-an-amount': (column: string, raw: string) => `"${column}" is not an amount: "${raw}"`,
  'unreadable-elements': (problems: readonly string[]) => problems.join('; '),
  // Integrity (METRICS.md "Validation")
  'no-open-deals': () => 'no open deals',
  'no-open-amounts': () => 'open deals carry no amounts',
  // Forecast (METRICS.md "Forecast"): quota, weighted pipeline, category roll-up, simulation.
  // Newer reasons carry their "n/a: " in the message: the outputs print them so (held byte for byte).
  'zero-quota': () => 'n/a: the quota is 0',
  'not-requested': (requested: readonly string[], method: string) => `n/a: --weights ${requested.join(',')} asked for other methods than ${method}`,
  'no-probability': (at: keyof typeof AT_SNAPSHOT = 'period') => AT_SNAPSHOT[at].probability,
  'needs-history': () => 'n/a: history weights need stage conversion from a stage history (--history FILE)',
  'no-stage-conversion': (why: keyof typeof NO_STAGE_CONVERSION | { readonly cannotBeKnown: string } = 'period') =>
    typeof why === 'string' ? NO_STAGE_CONVERSION[why] : `n/a: stage conversion cannot be known: ${why.cannotBeKnown}`,
  'needs-snapshots': (wording: keyof typeof NEEDS_SNAPSHOTS = 'category') => NEEDS_SNAPSHOTS[wording],
  'no-forecast-category': (at: keyof typeof AT_SNAPSHOT = 'period') => AT_SNAPSHOT[at].category,
  'no-category-weight': () => 'n/a: no open deal of the period is in a forecast category with a weight from past snapshots',
  // Forecast history and accuracy (forecast --snapshot, --backtest)
  'no-category-history': (kind: string) => `n/a: no ${kind} value in past snapshots of a period that has ended`,
  'no-past-period': () => 'n/a: no snapshot of a period that ended before the last snapshot',
  'needs-backtest': () => 'n/a: forecast accuracy is scored by forecast --backtest SNAPSHOT...',
  'no-actual-bookings': () => 'n/a: no bookings in the period (Act = 0): a percentage of 0 is undefined',
  'no-forecast-to-score': (method: string) => `n/a: no ${method} forecast with actual bookings above 0 to score`,
  // Pipeline movement and slippage (METRICS.md "Pipeline movement (snapshots)")
  'no-deal-open-twice': () => 'n/a: no deal was open in two consecutive snapshots',
  // Retention, concentration and deal type (METRICS.md "Retention and concentration")
  'no-starting-revenue': () => 'n/a: no account won revenue in the previous period',
  'no-revenue': () => 'n/a: no account won revenue',
  'no-deals': (side: keyof typeof TYPE_SIDE) => `n/a: no ${TYPE_SIDE[side]} deals`,
  'no-new-business-won': () => 'n/a: no new-business deal won (the ratio divides by 0)',
  'no-existing-won': () => 'n/a: no expansion or renewal deal won (the log interval needs a won deal on both sides)',
  // Accounts: penetration and the account plan (METRICS.md "Retention and concentration", "Account plan")
  'no-product-column': () => 'n/a: the deals have no product column (config products.column)',
  'no-products-offered': () => 'n/a: no products offered (config products.offered or the plan)',
  'no-objective': () => 'n/a: the plan gives no revenue objective',
  'zero-objective': () => 'n/a: the objective is 0',
  'no-pipeline-goal': () => 'n/a: the plan gives no pipeline goal',
  'zero-pipeline-goal': () => 'n/a: the pipeline goal is 0',
  'no-win-rate': (wording: keyof typeof NO_WIN_RATE) => NO_WIN_RATE[wording],
  // Report KPIs that need an input the run did not have
  'needs-target': (wording: keyof typeof NEEDS_TARGET = 'full') => NEEDS_TARGET[wording],
  'needs-stage-history': () => 'needs a stage history and a target',
  unknown: () => 'n/a',
} as const satisfies Record<string, (...args: never[]) => string>;

export type NaCode = keyof typeof NA_REASONS;
export type Arguments<Code extends NaCode> = Parameters<(typeof NA_REASONS)[Code]>;

/** The reason of `code`, worded from the catalogue. */
export function naReason<Code extends NaCode>(code: Code, ...args: Arguments<Code>): NaReason {
  const message = (NA_REASONS[code] as (...values: Arguments<Code>) => string)(...args);
  return { code, message };
}

/** An n/a figure with the reason of `code` (fits a Figure of any value type). */
export function na<Code extends NaCode>(code: Code, ...args: Arguments<Code>): Figure<never> {
  return { value: null, reason: naReason(code, ...args) };
}
