/**
 * Whether the currency written in an amount cell (`€100`, `JPY 100`, `C$100`) contradicts the
 * row's currency column (issue 18: such rows were summed in the column's currency). A bare `$`
 * or `¥` names no one currency (dollars and pesos; yen and yuan), so it contradicts only a
 * currency it never stands for.
 */

/** Currencies written with a bare `$`. */
const DOLLAR_SIGN_CURRENCIES: ReadonlySet<string> = new Set(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'TWD', 'MXN', 'ARS', 'CLP', 'COP', 'BRL', 'UYU', 'FJD', 'JMD', 'TTD', 'BSD', 'BBD', 'BZD', 'XCD', 'LRD', 'NAD', 'SBD', 'SRD', 'GYD', 'KYD', 'BMD', 'CUP', 'DOP']);
/** Currencies written with a bare `¥`. */
const YEN_SIGN_CURRENCIES: ReadonlySet<string> = new Set(['JPY', 'CNY']);

/**
 * True when `amountCurrency` (what parseAmount read in the cell, null for none) contradicts
 * `columnCurrency` (the currency column's code, null when empty).
 */
export function currencyConflict(amountRaw: string, amountCurrency: string | null, columnCurrency: string | null): boolean {
  if (amountCurrency === null || columnCurrency === null || amountCurrency === columnCurrency) return false;
  if (amountCurrency === 'USD' && bareSign(amountRaw, '$')) return !DOLLAR_SIGN_CURRENCIES.has(columnCurrency);
  if (amountCurrency === 'JPY' && bareSign(amountRaw, '¥')) return !YEN_SIGN_CURRENCIES.has(columnCurrency);
  return true;
}

/** The sign stands alone: not part of `US$`, `C$`, `A$`. */
function bareSign(raw: string, sign: string): boolean {
  const at = raw.indexOf(sign);
  return at !== -1 && (at === 0 || !/[A-Za-z]/.test(raw.charAt(at - 1)));
}
