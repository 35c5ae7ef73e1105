/**
 * Cell value parsers: amounts, dates, probabilities, booleans.
 * Each returns a value or null for an empty cell, and throws nothing: an unparseable
 * cell comes back as `INVALID` so the caller can word a finding with file, row and column.
 */
import { dayFromParts } from './calendar.js';
import type { DayNumber } from './types.js';

export const INVALID = Symbol('invalid');
export type Invalid = typeof INVALID;

/** Largest amount accepted; beyond this a cell is a typo or an attack, and sums would lose precision. */
export const MAX_AMOUNT = 1e15;

export type DecimalSeparator = '.' | ',';

export interface ParsedAmount {
  readonly value: number;
  /** ISO code carried in the cell (`USD 1,000`, `€5.000,00`), or null. */
  readonly currency: string | null;
}

const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  $: 'USD',
  US$: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
  'C$': 'CAD',
  'A$': 'AUD',
  'CHF': 'CHF',
};

const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;
const CURRENCY_AFFIX = /^([A-Z]{3}|[A-Z]{0,2}\$|[€£¥₹])?\s*(.*?)\s*([A-Z]{3}|[€£¥₹$])?$/;

/**
 * Parses a money amount: `20000`, `20,000.50`, `$20,000`, `USD 1,000.00`, `1 000,00 €`,
 * `€5.000,00` (with decimal ","). Thousands separators must group by three. A leading
 * minus or accounting parentheses give a negative number (a validation error upstream).
 * Two signs (`--5`, `(-5)`), exponents, NaN and Infinity are invalid; so is anything above MAX_AMOUNT.
 */
export function parseAmount(raw: string, decimal: DecimalSeparator = '.'): ParsedAmount | null | Invalid {
  // Fastest path, for the whole numbers most exports write: no trim, no regex, no Number().
  const whole = wholeNumber(raw);
  if (whole !== -1) return { value: whole, currency: null };
  const text = raw.trim();
  if (text === '') return null;
  // Fast path for the common export form: no separators, no symbols.
  if (decimal === '.' && PLAIN_NUMBER.test(text)) {
    const value = Number(text);
    return value <= MAX_AMOUNT ? { value, currency: null } : INVALID;
  }
  let body = text;
  // One sign at most: `--5` and `(-5)` are typos whose meaning we would only be guessing.
  let signs = 0;
  if (body.startsWith('(') && body.endsWith(')')) {
    signs += 1;
    body = body.slice(1, -1).trim();
  }
  if (body.startsWith('-')) {
    signs += 1;
    body = body.slice(1).trim();
  }
  const affix = CURRENCY_AFFIX.exec(body);
  if (!affix) return INVALID;
  const prefix = affix[1];
  const suffix = affix[3];
  if (prefix && suffix) return INVALID;
  const marker = prefix ?? suffix;
  const currency = marker === undefined ? null : (CURRENCY_SYMBOLS[marker] ?? (/^[A-Z]{3}$/.test(marker) ? marker : null));
  if (marker !== undefined && currency === null) return INVALID;
  let digits = affix[2] ?? '';
  if (digits.startsWith('-')) {
    signs += 1;
    digits = digits.slice(1);
  }
  if (signs > 1) return INVALID;
  const value = parseGroupedNumber(digits, decimal);
  if (value === null || value > MAX_AMOUNT) return INVALID;
  // `value !== 0` keeps `-0` and `(0)` at 0, never -0.
  return { value: signs === 1 && value !== 0 ? -value : value, currency };
}

/** `1,234,567.89` (decimal ".") or `1.234.567,89` (decimal ","); spaces and apostrophes also group. */
function parseGroupedNumber(text: string, decimal: DecimalSeparator): number | null {
  const thousands = decimal === '.' ? ',' : '.';
  const decimalIndex = text.lastIndexOf(decimal);
  const integerPart = decimalIndex === -1 ? text : text.slice(0, decimalIndex);
  const fractionPart = decimalIndex === -1 ? '' : text.slice(decimalIndex + 1);
  if (decimalIndex !== -1 && !/^\d+$/.test(fractionPart)) return null;
  if (integerPart === '' && fractionPart === '') return null;
  let plainInteger = integerPart;
  if (!/^\d*$/.test(integerPart)) {
    const separator = integerPart.match(/[^\d]/)?.[0];
    if (separator !== thousands && separator !== ' ' && separator !== '\u00a0' && separator !== '\u202f' && separator !== "'") {
      return null;
    }
    const groups = integerPart.split(separator);
    const [head, ...rest] = groups;
    if (!head || !/^\d{1,3}$/.test(head) || rest.some((group) => !/^\d{3}$/.test(group))) return null;
    plainInteger = groups.join('');
  }
  const value = Number(`${plainInteger || '0'}.${fractionPart || '0'}`);
  return Number.isFinite(value) ? value : null;
}

/**
 * Order of numeric dates with separators, decided per column: `mdy` (3/31/2026), `dmy`
 * (31/3/2026) or `ymd` (2026/03/31 only: under it a date with the year last is invalid).
 */
export type DateOrder = 'mdy' | 'dmy' | 'ymd';

export const DATE_ORDERS = ['dmy', 'mdy', 'ymd'] as const satisfies readonly DateOrder[];

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

// YYYY-MM-DD, optionally followed by a time (ISO datetime or "YYYY-MM-DD HH:MM[:SS]").
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SEPARATED_DATE = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$/;
const MONTH_NAME_DATE = /^(\d{1,2})[- ]([A-Za-z]{3,4})[- ](\d{4})$/;
// Year first with slashes or dots (2026/03/31, 2026.03.31): read the same under every order.
const YEAR_FIRST_DATE = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:[T ,]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const EXCEL_SERIAL = /^\d{5}(?:\.\d+)?$/;
// Excel serial day 25569 is 1970-01-01 (the 1900 system, past its fictional 1900-02-29).
const EXCEL_EPOCH_OFFSET = 25569;

/**
 * Parses a date cell to a day number. Accepts `YYYY-MM-DD`, ISO datetimes and timestamps
 * (`2026-10-05 14:03:00`, `2026-10-05T14:03:00Z`, `...+02:00`: the calendar day is the date as
 * written, time and offset ignored, so no result depends on a time zone), `YYYY/MM/DD`,
 * `M/D/YYYY` or `D/M/YYYY` (by `order`; `D.M.YYYY` is always day first; under `ymd` neither), `DD-Mon-YYYY`, and Excel serial numbers (1900 system, 20000..80000,
 * that is 1954-10-03..2119-01-11). Without an order, a slash date whose parts are both 12 or
 * less and differ (3/4/2026) is invalid. Dates that do not exist (2026-02-30, 0000-00-00) are invalid.
 */
export function parseDate(raw: string, order: DateOrder | null = null): DayNumber | null | Invalid {
  // Fast path for plain YYYY-MM-DD, the form most exports use: no trim, no regex.
  if (raw.length === 10 && raw.charCodeAt(4) === 45 && raw.charCodeAt(7) === 45) {
    const year = digits(raw, 0, 4);
    const month = digits(raw, 5, 2);
    const day = digits(raw, 8, 2);
    if (year >= 0 && month >= 0 && day >= 0) return isoDay(year, month, day);
  }
  const text = raw.trim();
  if (text === '') return null;
  let match = ISO_DATE.exec(text);
  if (match) return dayFromParts(Number(match[1]), Number(match[2]), Number(match[3])) ?? INVALID;
  match = YEAR_FIRST_DATE.exec(text);
  if (match) return dayFromParts(Number(match[1]), Number(match[3]), Number(match[4])) ?? INVALID;
  match = SEPARATED_DATE.exec(text);
  if (match) {
    if (order === 'ymd') return INVALID;
    const first = Number(match[1]);
    const second = Number(match[3]);
    const year = Number(match[4]);
    const dayFirst = match[2] === '.' || order === 'dmy' || (order === null && first > 12);
    // 3/4/2026 needs an order; 5/5/2026 reads the same either way.
    if (order === null && match[2] === '/' && first <= 12 && second <= 12 && first !== second) return INVALID;
    return (dayFirst ? dayFromParts(year, second, first) : dayFromParts(year, first, second)) ?? INVALID;
  }
  match = MONTH_NAME_DATE.exec(text);
  if (match) {
    const month = MONTHS[(match[2] ?? '').toLowerCase()];
    if (month === undefined) return INVALID;
    return dayFromParts(Number(match[3]), month, Number(match[1])) ?? INVALID;
  }
  if (EXCEL_SERIAL.test(text)) {
    const serial = Math.floor(Number(text));
    if (serial < 20000 || serial > 80000) return INVALID;
    return serial - EXCEL_EPOCH_OFFSET;
  }
  return INVALID;
}

/** True when a date cell is an Excel serial number (`46023`, `46023.5`), whatever its range. */
export function isExcelSerial(raw: string): boolean {
  return EXCEL_SERIAL.test(raw.trim());
}

// Day numbers of the dates a file repeats, computed once each: exports hold a few thousand
// distinct dates among millions of cells. Slots hold day + DAY_OFFSET (0: not computed yet).
const CACHED_FROM_YEAR = 1900;
const CACHED_YEARS = 300;
const DAY_OFFSET = 1_000_000;
let dayCache: Int32Array | null = null;

/** dayFromParts for the ISO fast path, cached for 1900-2199 (months and days of 1-12 and 1-31). */
function isoDay(year: number, month: number, day: number): DayNumber | Invalid {
  if (year < CACHED_FROM_YEAR || year >= CACHED_FROM_YEAR + CACHED_YEARS || month < 1 || month > 12 || day < 1 || day > 31) {
    return dayFromParts(year, month, day) ?? INVALID;
  }
  const slot = ((year - CACHED_FROM_YEAR) * 12 + month - 1) * 31 + day - 1;
  const cache = (dayCache ??= new Int32Array(CACHED_YEARS * 12 * 31));
  let stored = cache[slot] as number;
  if (stored === 0) {
    const computed = dayFromParts(year, month, day);
    // -1 marks a date that does not exist (2026-02-30).
    stored = computed === null ? -1 : computed + DAY_OFFSET;
    cache[slot] = stored;
  }
  return stored === -1 ? INVALID : stored - DAY_OFFSET;
}

/**
 * The value of a cell of 1 to 15 ASCII digits and nothing else, or -1. Exact: fifteen digits
 * stay below 2^53. Anything else (signs, separators, spaces, longer) takes the general path.
 */
function wholeNumber(text: string): number {
  const length = text.length;
  if (length === 0 || length > 15) return -1;
  let value = 0;
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** The number written by `length` ASCII digits at `start`, or -1 when any is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index += 1) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/**
 * What a column of slash dates says about its day/month order: a first part above 12
 * means day first, a second part above 12 means month first. Fold this over a column's
 * values; `both` means the column mixes orders and cannot be read.
 */
export type DateOrderEvidence = 'none' | 'mdy' | 'dmy' | 'both';

export function dateOrderEvidence(raw: string, evidence: DateOrderEvidence): DateOrderEvidence {
  const says = dateOrderSaid(raw);
  if (says === null || evidence === says || evidence === 'both') return evidence;
  return evidence === 'none' ? says : 'both';
}

/** The day/month order one slash date proves (13/4/2026: dmy; 4/13/2026: mdy), or null when it proves none. */
export function dateOrderSaid(raw: string): 'mdy' | 'dmy' | null {
  const match = SEPARATED_DATE.exec(raw.trim());
  if (!match || match[2] !== '/') return null;
  const first = Number(match[1]);
  const second = Number(match[3]);
  return first > 12 && second <= 12 ? 'dmy' : second > 12 && first <= 12 ? 'mdy' : null;
}

/**
 * The decimal separator one amount proves, or null when it proves none (no separator: `20000`).
 * With both marks the last one is the decimal (`55.244,85`, `1,234.50`). A lone mark followed by
 * exactly three digits (`20.000`, `1,500`) groups thousands, since amounts never carry three
 * decimals; followed by other than three digits (`12,5`, `99.95`), or repeated, it is the decimal
 * or the grouping respectively.
 */
export function decimalSaid(raw: string): DecimalSeparator | null {
  // One pass over char codes: lastIndexOf took about 250 ns a cell, on every row of an export.
  let comma = -1;
  let point = -1;
  for (let index = raw.length - 1; index >= 0; index -= 1) {
    const code = raw.charCodeAt(index);
    if (code === 44 && comma === -1) comma = index;
    else if (code === 46 && point === -1) point = index;
  }
  if (comma === -1 && point === -1) return null;
  if (comma !== -1 && point !== -1) return comma > point ? ',' : '.';
  const mark = comma === -1 ? '.' : ',';
  const at = comma === -1 ? point : comma;
  const other: DecimalSeparator = mark === '.' ? ',' : '.';
  if (raw.indexOf(mark) !== at) return other; // repeated: it groups thousands
  let digitsAfter = 0;
  while (at + 1 + digitsAfter < raw.length && isDigitCode(raw.charCodeAt(at + 1 + digitsAfter))) digitsAfter += 1;
  let digitsBefore = 0;
  while (at - 1 - digitsBefore >= 0 && isDigitCode(raw.charCodeAt(at - 1 - digitsBefore))) digitsBefore += 1;
  if (digitsBefore === 0 || digitsAfter === 0) return null; // not a number's mark (".5", "5.")
  // `1.500` groups thousands; `0.500` or `1234.567` cannot be a thousands group.
  const groupsThousands = digitsAfter === 3 && digitsBefore <= 3 && raw.charCodeAt(at - digitsBefore) !== 48;
  return groupsThousands ? other : mark;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** True when a cell is a slash date whose order matters (both parts 12 or less, and not equal). */
export function isAmbiguousSlashDate(raw: string): boolean {
  const match = SEPARATED_DATE.exec(raw.trim());
  if (!match || match[2] !== '/') return false;
  const first = Number(match[1]);
  const second = Number(match[3]);
  return first <= 12 && second <= 12 && first !== second;
}

/** How a probability column is scaled; decided per column (see parseProbability). */
export type ProbabilityScale = 'percent' | 'fraction';

/**
 * The scale one probability cell proves: `65`, `65.5` or `65%` percent; `0.65` (a fraction
 * of 1) fraction. `0` and `1` prove nothing (1 is ambiguous: 100% or 1%); nor does text.
 */
export function probabilityScaleSaid(raw: string): ProbabilityScale | null {
  // The usual cell, a whole number: no trim, no Number() (every row of a large export).
  const whole = wholeNumber(raw);
  if (whole !== -1) return whole > 1 ? 'percent' : null;
  const text = raw.trim();
  if (text === '') return null;
  if (text.endsWith('%')) return 'percent';
  const value = Number(text.replace(',', '.'));
  if (!Number.isFinite(value) || value < 0) return null;
  if (value > 1) return 'percent';
  return value > 0 && value < 1 ? 'fraction' : null;
}

/** True when a bare cell reads differently under the two scales and proves neither (`1`). */
export function isAmbiguousProbability(raw: string): boolean {
  const text = raw.trim();
  return text !== '' && !text.endsWith('%') && Number(text.replace(',', '.')) === 1;
}

/**
 * Parses a probability to 0..1. `65%` and `65.0%` are percent. A bare number follows the
 * column's scale: `percent` (0..100) when any value in the column is above 1, else
 * `fraction` (0..1). Values outside the scale are invalid.
 */
export function parseProbability(raw: string, scale: ProbabilityScale): number | null | Invalid {
  const whole = wholeNumber(raw);
  if (whole !== -1) {
    const fraction = scale === 'percent' ? whole / 100 : whole;
    return fraction <= 1 ? fraction : INVALID;
  }
  let text = raw.trim();
  if (text === '') return null;
  let percent = scale === 'percent';
  if (text.endsWith('%')) {
    percent = true;
    text = text.slice(0, -1).trim();
  }
  if (!/^\d+(?:[.,]\d+)?$/.test(text)) return INVALID;
  const value = Number(text.replace(',', '.'));
  const fraction = percent ? value / 100 : value;
  return fraction >= 0 && fraction <= 1 ? fraction : INVALID;
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);

/** `true/false`, `yes/no`, `1/0` (any case); empty is null. */
export function parseBoolean(raw: string): boolean | null | Invalid {
  const text = raw.trim().toLowerCase();
  if (text === '') return null;
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return INVALID;
}

/** A plain non-negative number of days (an age or days-to-close column). */
export function parseDays(raw: string): number | null | Invalid {
  const text = raw.trim();
  if (text === '') return null;
  if (!/^\d+(?:\.\d+)?$/.test(text)) return INVALID;
  const value = Number(text);
  return value <= 36500 ? value : INVALID;
}
