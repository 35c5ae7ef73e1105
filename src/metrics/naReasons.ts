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
  'no-quota': () => 'no quota for this rep',
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
  // Forecast (METRICS.md "Forecast"); these messages carry their own "n/a: " as the forecast prints them
  'needs-snapshots': (what: 'category weights' | 'accuracy') => (what === 'category weights' ? 'n/a: category weights need past snapshots' : 'n/a: needs past snapshots of the pipeline (not read yet by forecast)'),
  'needs-history': () => 'n/a: history weights need stage conversion from a stage history (--history FILE)',
  'no-stage-conversion': (detail: string | null = null) => (detail === null ? 'n/a: no open deal of the period is in a stage with a known conversion to won' : `n/a: stage conversion cannot be known: ${detail}`),
  'no-probability': () => 'n/a: no open deal of the period carries a probability',
  // Report KPIs that need an input the run did not have
  'needs-target': (wording: keyof typeof NEEDS_TARGET = 'full') => NEEDS_TARGET[wording],
  'needs-stage-history': () => 'needs a stage history and a target',
  unknown: () => 'n/a',
} as const satisfies Record<string, (...args: never[]) => string>;

export type NaCode = keyof typeof NA_REASONS;
type Arguments<Code extends NaCode> = Parameters<(typeof NA_REASONS)[Code]>;

/** The reason of `code`, worded from the catalogue. */
export function naReason<Code extends NaCode>(code: Code, ...args: Arguments<Code>): NaReason {
  const message = (NA_REASONS[code] as (...values: Arguments<Code>) => string)(...args);
  return { code, message };
}

/** An n/a figure with the reason of `code` (fits a Figure of any value type). */
export function na<Code extends NaCode>(code: Code, ...args: Arguments<Code>): Figure<never> {
  return { value: null, reason: naReason(code, ...args) };
}
