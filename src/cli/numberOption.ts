/**
 * The one parser every numeric option goes through (--min-sample, --max-findings, --target,
 * --threshold, --prospect-rate, --open age-out:DAYS, --what-if, --fail-on): a plain decimal as
 * people type it, within the option's range. `Number()` alone takes "1e10", "0x10", "Infinity"
 * and " " (0); parseInt takes "1e10" as 1 and "abc" as NaN: none of that gets through here.
 */

/** Digits with at most one point and an optional sign: no exponent, hex, NaN or Infinity. */
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  /** The minimum itself is out of range (a share must be above 0). */
  readonly minExclusive?: boolean;
  readonly integer?: boolean;
}

/** `text` as a number within `range`, or null when it is not a plain decimal or falls outside. */
export function parseNumberInRange(text: string, range: NumberRange): number | null {
  const trimmed = text.trim();
  if (!PLAIN_DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || (range.integer === true && !Number.isInteger(value))) return null;
  if (range.minExclusive === true ? value <= range.min : value < range.min) return null;
  if (value > range.max) return null;
  // -0 is 0 (DESIGN: never -0 in a result).
  return value === 0 ? 0 : value;
}

/** The range in words for a message: "a whole number from 1 to 1000000000". */
export function describeRange(range: NumberRange): string {
  const kind = range.integer === true ? 'a whole number' : 'a number';
  return range.minExclusive === true ? `${kind} above ${range.min} and at most ${range.max}` : `${kind} from ${range.min} to ${range.max}`;
}
