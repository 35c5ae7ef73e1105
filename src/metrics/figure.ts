/**
 * A figure that may be undefined, in one shape everywhere (results, JSON, views): a value, or
 * null with the reason as data. The reason's code is stable (for programs: jq, CI); its message
 * is the English sentence people read ("n/a: no closed deals in the window").
 */

export interface NaReason {
  /** Stable, kebab-case: "no-closed-deals", "no-quota", "lost-amounts-missing"... */
  readonly code: string;
  readonly message: string;
}

export interface Figure<T = number> {
  readonly value: T | null;
  /** Null exactly when value is not. */
  readonly reason: NaReason | null;
}

export function known<T>(value: T): Figure<T> {
  return { value, reason: null };
}

export function notAvailable<T = number>(code: string, message: string): Figure<T> {
  return { value: null, reason: { code, message } };
}

/** The figure's value, or `fallback` when it is n/a (for views and sorting, never for sums). */
export function valueOr<T, F>(figure: Figure<T>, fallback: F): T | F {
  return figure.value === null ? fallback : figure.value;
}
