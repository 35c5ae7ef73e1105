/**
 * The order names are listed in (groups, reps, accounts): human order as an English collator
 * gives it, case and accents aside and numbers by value ("rep 2" before "rep 10"), then code
 * units, so that two different names never tie.
 *
 * The collator is slow: sorting 64,000 account names took half a second. Names of printable
 * ASCII are compared here instead, with the collator's own weights: each character's rank is
 * read from the collator once (it puts space and punctuation before digits, digits before
 * letters, and a letter's two cases together), and a run of digits compares by its value, as the
 * collator's numeric option does. A test checks the two agree on random names
 * (test/metrics/humanOrder.test.ts). Names with any other character go to the collator.
 */
import { orderValues, periodSpan } from './periodOrder.js';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Printable ASCII: space (32) to tilde (126). */
const FIRST = 32;
const LAST = 126;
/** Longest digit run compared here; the collator splits longer ones its own way. */
const MAX_DIGITS = 30;
/** Returned by compareAscii when a name is not plain ASCII (the collator decides). */
const NOT_ASCII = 2;

let ranks: Int16Array | null = null;

/** Each printable ASCII character's rank in the collator's order (equal ranks compare equal). */
function characterRanks(): Int16Array {
  const characters: string[] = [];
  for (let code = FIRST; code <= LAST; code += 1) characters.push(String.fromCharCode(code));
  characters.sort((a, b) => collator.compare(a, b));
  const table = new Int16Array(LAST + 1);
  let rank = 0;
  characters.forEach((character, index) => {
    if (index > 0 && collator.compare(characters[index - 1] as string, character) !== 0) rank += 1;
    table[character.charCodeAt(0)] = rank;
  });
  return table;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Where the digit run starting at `start` ends. */
function runEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
  return end;
}

/** Compares two digit runs by value (leading zeros aside), like the collator's numeric option. */
function compareRuns(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): number {
  while (aStart < aEnd - 1 && a.charCodeAt(aStart) === 48) aStart += 1;
  while (bStart < bEnd - 1 && b.charCodeAt(bStart) === 48) bStart += 1;
  if (aEnd - aStart !== bEnd - bStart) return aEnd - aStart < bEnd - bStart ? -1 : 1;
  for (let offset = 0; offset < aEnd - aStart; offset += 1) {
    const difference = a.charCodeAt(aStart + offset) - b.charCodeAt(bStart + offset);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * The collator's verdict (-1, 0, 1) for two names, read up to where they differ, or NOT_ASCII
 * when a character other than printable ASCII comes first (in either name, or right after a
 * digit run, which a non-ASCII digit could continue).
 */
function compareAscii(a: string, b: string, table: Int16Array): number {
  let i = 0;
  let j = 0;
  for (;;) {
    if (i === a.length || j === b.length) {
      if (i === a.length && j === b.length) return 0;
      // The rest of the longer name must be checked too: the collator may ignore it.
      const rest = i === a.length ? b : a;
      for (let at = i === a.length ? j : i; at < rest.length; at += 1) {
        const code = rest.charCodeAt(at);
        if (code < FIRST || code > LAST) return NOT_ASCII;
      }
      return i === a.length ? -1 : 1;
    }
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (x < FIRST || x > LAST || y < FIRST || y > LAST) return NOT_ASCII;
    if (isDigit(x) && isDigit(y)) {
      if (!digitRunEndsInAscii(a, i) || !digitRunEndsInAscii(b, j)) return NOT_ASCII;
      const aEnd = runEnd(a, i);
      const bEnd = runEnd(b, j);
      const order = compareRuns(a, i, aEnd, b, j, bEnd);
      if (order !== 0) return order;
      i = aEnd;
      j = bEnd;
      continue;
    }
    // Two other characters, or a digit against another character: all digits sit between
    // punctuation and letters, so any digit's rank orders the run against it.
    const rankX = table[x] as number;
    const rankY = table[y] as number;
    if (rankX !== rankY) {
      if (isDigit(x) && !digitRunEndsInAscii(a, i)) return NOT_ASCII;
      if (isDigit(y) && !digitRunEndsInAscii(b, j)) return NOT_ASCII;
      return rankX < rankY ? -1 : 1;
    }
    i += 1;
    j += 1;
  }
}

/** True when the digit run at `start` is short enough and not followed by a character the collator could read on. */
function digitRunEndsInAscii(text: string, start: number): boolean {
  const end = runEnd(text, start);
  return end - start <= MAX_DIGITS && (end === text.length || (text.charCodeAt(end) >= FIRST && text.charCodeAt(end) <= LAST));
}

/** Human order, then code units: the order every list of names in the output follows. */
export function compareNames(a: string, b: string): number {
  const table = (ranks ??= characterRanks());
  const fast = compareAscii(a, b, table);
  const order = fast !== NOT_ASCII ? fast : collator.compare(a, b);
  return order || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * A text whose code-unit order is compareNames' order, for a name of printable ASCII with digit
 * runs of at most MAX_DIGITS (null for any other name): each character's rank, each digit run
 * as a marker, its length and its digits (leading zeros aside), then the name itself after a
 * zero, for the tie-break. compareNames reads both names again at every comparison: ordering
 * 66,063 account names took 181 ms that way and 112 ms by these keys (profile, period check included).
 * The key's character codes are written into one array and made a text at once: added to a
 * text one by one, they made a chain of pieces per name that the sort then flattened, twice
 * the time and about 45 MB of garbage for 66,063 names (measured apart).
 */
function sortKey(name: string, table: Int16Array): string | null {
  // At most four codes per character (a one-digit run takes three), and the zero.
  if (keyCodes.length < 4 * name.length + 1) keyCodes = new Uint16Array(4 * name.length + 1);
  const codes = keyCodes;
  // Ranks are written as characters from 1 up, so the zero before the name sorts first.
  const digitMark = (table[48] as number) + 1;
  let length = 0;
  for (let index = 0; index < name.length; ) {
    const code = name.charCodeAt(index);
    if (code < FIRST || code > LAST) return null;
    if (!isDigit(code)) {
      codes[length++] = (table[code] as number) + 1;
      index += 1;
      continue;
    }
    const end = runEnd(name, index);
    if (end - index > MAX_DIGITS) return null;
    let start = index;
    while (start < end - 1 && name.charCodeAt(start) === 48) start += 1;
    codes[length++] = digitMark;
    codes[length++] = end - start;
    for (let at = start; at < end; at += 1) codes[length++] = name.charCodeAt(at);
    index = end;
  }
  codes[length++] = 0;
  for (let index = 0; index < name.length; index += 1) codes[length++] = name.charCodeAt(index);
  return textOfCodes(codes, length);
}

let keyCodes = new Uint16Array(256);
/** Codes per String.fromCharCode call: far below the engine's limit on arguments. */
const CODES_PER_CALL = 8192;

function textOfCodes(codes: Uint16Array, length: number): string {
  let text = '';
  for (let start = 0; start < length; start += CODES_PER_CALL) {
    text += String.fromCharCode.apply(null, codes.subarray(start, Math.min(length, start + CODES_PER_CALL)) as unknown as number[]);
  }
  return text;
}

/** Sorts `items` by compareNames of their texts: by sort keys when every text has one. */
function sortByName<Item>(items: readonly Item[], textOf: (item: Item) => string): Item[] {
  const table = (ranks ??= characterRanks());
  const keyed: { key: string; item: Item }[] = [];
  for (const item of items) {
    const key = sortKey(textOf(item), table);
    if (key === null) return [...items].sort((a, b) => compareNames(textOf(a), textOf(b)));
    keyed.push({ key, item });
  }
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.item);
}

/**
 * The order of a metric's groups: human order (compareNames), except that values naming periods
 * (Q3-2024, 2025-07, FY2025, July 2025) sort in time, after the other values. `valuesOf` gives a
 * key's dimension values; `textOf` the text compareNames orders it by when no value is a period
 * (so output without periods keeps its order exactly).
 * @example orderGroups(['Q1-2025', 'Q3-2024', 'Q4-2024'], ...) is Q3-2024, Q4-2024, Q1-2025
 */
export function orderGroups<Key>(keys: readonly Key[], valuesOf: (key: Key) => readonly string[], textOf: (key: Key) => string): Key[] {
  const anyPeriod = keys.some((key) => valuesOf(key).some((value) => periodSpan(value) !== null));
  if (!anyPeriod) return sortByName(keys, textOf);
  return orderValues(keys, valuesOf, compareNames);
}

/** orderGroups for plain values of one dimension. */
export function orderNames(values: readonly string[]): string[] {
  return orderGroups(values, (value) => [value], (value) => value);
}
