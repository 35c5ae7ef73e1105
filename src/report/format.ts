/**
 * Number formatting for people: the one place that decides how a money amount, a ratio
 * or a day count looks in tables, Markdown and HTML. JSON never goes through here.
 */

export type CellKind = 'text' | 'count' | 'money' | 'ratio' | 'days' | 'number' | 'multiple' | 'interval' | 'flag';

export const NOT_AVAILABLE = 'n/a';

// Built on first use: the first Intl.NumberFormat loads locale data (about 10 ms), which a run
// writing JSON, or a worker thread, never needs.
// `wholeNumbers`: a format without decimals writes a whole number of 0 or more itself, as Intl
// would (tested): one Intl call per cell took a tenth of a 64,000-row table's time.
const numberFormat = (options: Intl.NumberFormatOptions, wholeNumbers = false): { format(value: number): string } => {
  let built: Intl.NumberFormat | null = null;
  return {
    format: (value) =>
      wholeNumbers && Number.isSafeInteger(value) && (value > 0 || Object.is(value, 0)) ? groupedDigits(value) : (built ??= new Intl.NumberFormat('en-US', options)).format(value),
  };
};
const integer = numberFormat({ maximumFractionDigits: 0 }, true);
const money = numberFormat({ maximumFractionDigits: 0 }, true);
const smallMoney = numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const oneDecimal = numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const threeDecimals = numberFormat({ minimumFractionDigits: 3, maximumFractionDigits: 3 });

/** 1234567 -> "1,234,567" (a safe whole number of 0 or more). */
function groupedDigits(value: number): string {
  const digits = String(value);
  const head = digits.length % 3 || 3;
  let grouped = digits.slice(0, head);
  for (let at = head; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return grouped;
}

/** A value of a table cell: a number, text, an interval, or null for n/a. */
export type CellValue = string | number | boolean | null | { readonly low: number; readonly high: number };

export function formatMoney(value: number): string {
  return Math.abs(value) < 100 && !Number.isInteger(value) ? smallMoney.format(value) : money.format(noNegativeZero(value));
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

export function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? integer.format(value) : threeDecimals.format(noNegativeZero(value));
}

/** A row's cell: a key the row does not have is not applicable (blank), unlike null (n/a). */
export function cellOf(row: Readonly<Record<string, unknown>>, key: string, kind: CellKind): string {
  return Object.hasOwn(row, key) ? formatCell((row[key] ?? null) as CellValue, kind) : '';
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
    case 'ratio':
      return formatRatio(value);
    case 'days':
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

/** A cell for the terminal: no escapes or control characters from the data, one line. */
export function stripControl(text: string): string {
  return removeEscapes(text).replace(/\r\n?|[\n\t]/g, ' ');
}
