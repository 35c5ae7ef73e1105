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

/** An n/a figure that carries another figure's reason (a term that makes the whole n/a). */
export function notAvailableBecause(reason: NaReason): Figure<never> {
  return { value: null, reason };
}

/** The figure's n/a message, or null when it has a value (for notes under tables). */
export function reasonText(figure: Figure<unknown>): string | null {
  return figure.reason === null ? null : figure.reason.message;
}
