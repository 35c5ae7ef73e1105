/**
 * Whole numbers as people read them, 1234567 -> "1,234,567": the counts of every message and
 * document line (rows read, rejected, findings). Kept here, below the report layer, so that the
 * engine's and the readers' messages write counts as the documents do.
 */

/** 1234567 -> "1,234,567" for a safe whole number of 0 or more (-0 is 0); null for anything else. */
export function groupedDigits(value: number): string | null {
  if (!Number.isSafeInteger(value) || value < 0) return null;
  const digits = String(value);
  const head = digits.length % 3 || 3;
  let grouped = digits.slice(0, head);
  for (let at = head; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return grouped;
}

/** A count with thousands separators: `groupedDigits`, else Intl's en-US rounding (a negative or fractional count). */
export function formatCount(value: number): string {
  return groupedDigits(value) ?? value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}
