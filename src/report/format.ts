/**
 * Number formatting for people: the one place that decides how a money amount, a ratio
 * or a day count looks in tables, Markdown and HTML. JSON never goes through here.
 */
import { groupedDigits } from '../model/groupedDigits.js';

/** Counts in prose lines (model/groupedDigits.ts, shared with the engine's messages). */
export { formatCount } from '../model/groupedDigits.js';

/**
 * `average`: a mean of counts (deals per account), one decimal: never three, which reads as a count with a thousands separator (42.316).
 * `cents`: money shown to the cent on every line, for a table whose lines add up to its total (a
 * waterfall): `money` rounds 290.60 to 291 but shows 19.95, and the printed lines would not add up.
 */
export type CellKind = 'text' | 'count' | 'average' | 'money' | 'cents' | 'ratio' | 'days' | 'number' | 'multiple' | 'interval' | 'flag';

/** Both kinds of money cell (a header names their currency). */
export function isMoneyKind(kind: CellKind): boolean {
  return kind === 'money' || kind === 'cents';
}

export const NOT_AVAILABLE = 'n/a';

// Built on first use: the first Intl.NumberFormat loads locale data (about 10 ms), which a run
// writing JSON, or a worker thread, never needs.
// `wholeNumbers`: a format without decimals writes a whole number of 0 or more itself, as Intl
// would (tested): one Intl call per cell took a tenth of a 64,000-row table's time.
const numberFormat = (options: Intl.NumberFormatOptions, wholeNumbers = false): { format(value: number): string } => {
  let built: Intl.NumberFormat | null = null;
  return {
    format: (value) =>
      (wholeNumbers && (value > 0 || Object.is(value, 0)) ? groupedDigits(value) : null) ?? (built ??= new Intl.NumberFormat('en-US', options)).format(value),
  };
};
const integer = numberFormat({ maximumFractionDigits: 0 }, true);
const money = numberFormat({ maximumFractionDigits: 0 }, true);
const smallMoney = numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const oneDecimal = numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const upToThreeDecimals = numberFormat({ minimumFractionDigits: 0, maximumFractionDigits: 3 });


/** A value of a table cell: a number, text, an interval, or null for n/a. */
export type CellValue = string | number | boolean | null | { readonly low: number; readonly high: number };

export function formatMoney(value: number): string {
  return Math.abs(value) < 100 && !Number.isInteger(value) ? smallMoney.format(value) : money.format(noNegativeZero(value));
}

/** 290.6 -> "290.60": money to the cent, whatever its size. */
export function formatCents(value: number): string {
  return twoDecimals.format(noNegativeZero(value));
}

/** 0.6667 -> "66.7%". */
export function formatRatio(value: number): string {
  return `${oneDecimal.format(noNegativeZero(value * 100))}%`;
}

export function formatMultiple(value: number): string {
  return `${twoDecimals.format(value)}x`;
}

export function formatDays(value: number): string {
  return oneDecimal.format(noNegativeZero(value));
}

/** A plain figure: whole numbers (a count of deals) never show decimals; others up to three. */
export function formatNumber(value: number): string {
  return Math.abs(value) >= 100 || Number.isInteger(value) ? integer.format(noNegativeZero(value)) : upToThreeDecimals.format(noNegativeZero(value));
}

/** A row's cell: a key the row does not have is not applicable (blank), unlike null (n/a). */
export function cellOf(row: Readonly<Record<string, unknown>>, key: string, kind: CellKind): string {
  return Object.hasOwn(row, key) ? formatCell((row[key] ?? null) as CellValue, kind === 'number' ? rowKind(row) : kind) : '';
}

/** The key a row of mixed figures names its kind by (ROW_KIND in view.ts): a count row of a 'number' column shows no decimals. */
export const ROW_KIND = '$kind';
const ROW_KINDS: readonly CellKind[] = ['count', 'money', 'ratio', 'days', 'multiple'];

function rowKind(row: Readonly<Record<string, unknown>>): CellKind {
  const own = row[ROW_KIND];
  return typeof own === 'string' && (ROW_KINDS as readonly string[]).includes(own) ? (own as CellKind) : 'number';
}

export function formatCell(value: CellValue, kind: CellKind): string {
  if (value === null) return NOT_AVAILABLE;
  if (typeof value === 'boolean') return value ? 'yes' : '';
  if (typeof value === 'object') return `${formatRatio(value.low)}–${formatRatio(value.high)}`;
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'count':
      return integer.format(value);
    case 'money':
      return formatMoney(value);
    case 'cents':
      return formatCents(value);
    case 'ratio':
      return formatRatio(value);
    case 'days':
    case 'average':
      return formatDays(value);
    case 'multiple':
      return formatMultiple(value);
    default:
      return formatNumber(value);
  }
}

/** Right-align numbers in text tables. */
export function isNumericKind(kind: CellKind): boolean {
  return kind !== 'text' && kind !== 'flag';
}

function noNegativeZero(value: number): number {
  return Object.is(value, -0) ? 0 : value;
}

/**
 * Removes ANSI escapes and control characters that come from the data, keeping tabs and line
 * breaks (CSV and Markdown cells may hold them). String sequences (OSC: window title, hyperlinks;
 * DCS, APC, PM, SOS) go whole with their payload, up to BEL or ESC \ (or the end of the text, as a
 * terminal would swallow it); CSI (colours, cursor, clear screen) and two-character escapes go
 * whole too; any other control character is dropped.
 */
export function removeEscapes(text: string): string {
  // Most cells hold no control character at all: one test instead of four replacements.
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f-\u009f]/.test(text)) return text;
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b[ -/]*[0-~]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '')
  );
}

/**
 * Invisible format characters a terminal or a Markdown viewer obeys without showing them: the
 * bidi embeddings, overrides, isolates and marks (U+202A-202E, U+2066-2069, U+200E/U+200F,
 * U+061C; "\u202Eevil.exe" shows as "exe.live"), zero-width spaces and joiners that are not
 * needed to draw text (U+200B, U+2060-2064, U+FEFF), soft hyphens and the other deprecated or
 * annotation controls. ZWNJ and ZWJ (U+200C/U+200D) stay: scripts and emoji need them.
 */
const FORMAT_CONTROLS = /[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
/** Unicode line and paragraph separators: line breaks to a viewer. */
const UNICODE_LINE_BREAKS = /[\u2028\u2029]/g;

/** Removes the invisible format characters (FORMAT_CONTROLS); Unicode line separators become spaces. */
export function removeFormatControls(text: string): string {
  // Almost no cell holds one: one test, no copy.
  if (!/[\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/.test(text)) return text;
  return text.replace(FORMAT_CONTROLS, '').replace(UNICODE_LINE_BREAKS, ' ');
}

/** A cell for the terminal: no escapes, control or invisible format characters from the data, one line. */
export function stripControl(text: string): string {
  return removeFormatControls(removeEscapes(text)).replace(/\r\n?|[\n\t]/g, ' ');
}

/**
 * The most characters (grapheme clusters) a terminal table cell shows; a longer one ends in "…".
 * cli-table3 measures widths in time that grows with the square of a cell's length when it holds
 * combining marks (10,000 accented letters: 10-13 s), and nobody reads such a cell on a terminal.
 * JSON, CSV and Markdown keep the whole value.
 */
export const MAX_TABLE_CELL_CHARACTERS = 200;

let graphemes: Intl.Segmenter | null = null;

/** `text` cut to `max` characters, the last one an ellipsis, in time linear in `max`. */
export function truncateCell(text: string, max: number = MAX_TABLE_CELL_CHARACTERS): string {
  // A grapheme is at least one UTF-16 unit: a text no longer than `max` units fits.
  if (text.length <= max) return text;
  let count = 0;
  let cut = 0;
  for (const { index } of (graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' })).segment(text)) {
    count += 1;
    if (count === max) cut = index;
    else if (count > max) return `${text.slice(0, cut)}…`;
  }
  return text;
}
