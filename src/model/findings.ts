/**
 * Findings: what validation says about a row, as data (METRICS.md "Validation").
 * Rule codes are stable; tests and `--json` consumers match on them, not on wording.
 */

export type Severity = 'error' | 'warning';

export const ERROR_RULES = [
  'missing-id',
  'duplicate-id',
  'bad-amount',
  'bad-date',
  'negative-amount',
  'unknown-stage',
  'missing-close',
  'close-before-created',
  'bad-status',
  'missing-status',
  'ragged-row',
  'bad-value',
  'unknown-currency',
  'currency-conflict',
  'status-flag-conflict',
] as const;

export const WARNING_RULES = [
  'past-due',
  'stale',
  'stalled',
  'missing-amount',
  'probability-open-100',
  'probability-won-0',
  'mixed-currency',
  'bad-probability',
  'too-many-stages',
  'formula-cell',
  'unclear-stage',
  'status-stage-conflict',
  'commit-past-due',
  'commit-stale',
  'category-stage-mismatch',
  'pushed-too-often',
  'amount-changed',
] as const;

/**
 * Forecast hygiene warnings (METRICS.md "Forecast"): `--fail-on forecast>0` counts them. The
 * last two need snapshots (`validate --snapshot`): a deal open in the last snapshot whose expected
 * close moved later more than `thresholds.pushLimit` times, and an amount that changed by more than
 * `thresholds.amountChangeLimit` between the last two snapshots.
 */
export const FORECAST_RULES: readonly WarningRule[] = ['commit-past-due', 'commit-stale', 'category-stage-mismatch', 'pushed-too-often', 'amount-changed'];

export type ErrorRule = (typeof ERROR_RULES)[number];
export type WarningRule = (typeof WARNING_RULES)[number];
export type Rule = ErrorRule | WarningRule;

export interface Finding {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly file: string;
  /** 1-based, header = row 1; null for a finding about a whole file or the config. */
  readonly row: number | null;
  readonly column: string | null;
  /** The offending cell as read, or null. */
  readonly value: string | null;
  /** What was expected, or why it matters; worded for people, not matched by tests. */
  readonly detail: string;
}

const ERROR_SET: ReadonlySet<string> = new Set(ERROR_RULES);

export function severityOf(rule: Rule): Severity {
  return ERROR_SET.has(rule) ? 'error' : 'warning';
}

export function finding(
  rule: Rule,
  location: { file: string; row: number | null; column: string | null },
  value: string | null,
  detail: string,
): Finding {
  return { rule, severity: severityOf(rule), file: location.file, row: location.row, column: location.column, value, detail };
}
