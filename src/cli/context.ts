/**
 * The options every analysis command shares, and their resolution into plain values:
 * config, as-of date, window, grouping, filters, output. Commander only parses; this file
 * turns flags into what the metrics take.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  explicitWindow,
  formatDay,
  parseIsoDay,
  parsePeriod,
  today,
  type NamedPeriod,
  type Window,
} from '../model/calendar.js';
import type { Config } from '../model/config.js';
import { ENCODINGS, type InputEncoding } from '../model/encodings.js';
import { DATE_ORDERS, type DateOrder, type DecimalSeparator } from '../model/values.js';
import { DealmathError } from '../model/errors.js';
import { PRESETS, normalizeHeader, type Preset } from '../model/mapping.js';
import { DEAL_FIELDS, type DayNumber, type DealField } from '../model/types.js';
import type { Basis, Scope } from '../metrics/scope.js';
import type { MaxRejected, WhereClause } from '../engine/plan.js';
import { describeRange, parseNumberInRange, type NumberRange } from './numberOption.js';

export const FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const;
export type Format = (typeof FORMATS)[number];
/** What a command writes unless it says otherwise: HTML is the report's alone. */
export const COMMAND_FORMATS: readonly Format[] = ['table', 'json', 'csv', 'md'];

/** Where a command's output goes and how it looks. */
export interface Terminal {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly now: Date;
}

/** Raw option values as commander hands them over. */
export interface CommonFlags {
  config?: string;
  preset?: Preset;
  map?: string[];
  delimiter?: string;
  decimal?: DecimalSeparator;
  dateOrder?: DateOrder;
  encoding?: InputEncoding;
  sheet?: string;
  maxRejected?: MaxRejected;
  asOf?: DayNumber;
  from?: DayNumber;
  to?: DayNumber;
  period?: string;
  basis?: Basis;
  by?: string[];
  where?: string[];
  /** A reps file: its team and manager columns are dimensions of the deals (`--by team`). */
  reps?: string;
  minSample?: number;
  format?: Format;
  json?: boolean;
  out?: string;
  color?: boolean;
  chart?: boolean;
}

export function parseDayOption(text: string): DayNumber {
  const day = parseIsoDay(text.trim());
  if (day === null) throw new InvalidArgumentError(`expected a date as YYYY-MM-DD, got "${text}"`);
  return day;
}

/** Counts and sample sizes beyond this are typing mistakes, not settings (and stay exact as doubles). */
const MAX_COUNT = 1_000_000_000;
/** The largest amount a cell may hold (model/values.ts MAX_AMOUNT); a target beyond it is a typo. */
const MAX_TARGET = 1e15;

/** A commander argument parser for a number within `range` (commander names the flag and the value). */
function numberParser(range: NumberRange): (text: string) => number {
  return (text) => {
    const value = parseNumberInRange(text, range);
    if (value === null) throw new InvalidArgumentError(`expected ${describeRange(range)}, got "${text}"`);
    return value;
  };
}

export const parsePositiveInteger = numberParser({ min: 1, max: MAX_COUNT, integer: true });

/** A count that may be 0 (`--max-findings 0` lists none and still counts them all). */
export const parseCountOption = numberParser({ min: 0, max: MAX_COUNT, integer: true });

export function parseRatioOption(text: string): number {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const value = parseNumberInRange(percent ? trimmed.slice(0, -1) : trimmed, { min: 0, max: percent ? 100 : 1, minExclusive: true });
  if (value === null) throw new InvalidArgumentError(`expected a share above 0 and at most 1 (or a percentage), got "${text}"`);
  return percent ? value / 100 : value;
}

export function parseAmountOption(text: string): number {
  const cleaned = text.replace(/[,_\s]/g, '');
  const match = /^(.*?)([kKmM]?)$/.exec(cleaned);
  const scale = match?.[2]?.toLowerCase() === 'k' ? 1e3 : match?.[2]?.toLowerCase() === 'm' ? 1e6 : 1;
  const number = parseNumberInRange(match?.[1] ?? '', { min: 0, max: MAX_TARGET / scale, minExclusive: true });
  if (number === null || !/^[\d.]/.test(match?.[1] ?? '')) {
    throw new InvalidArgumentError(`expected an amount above 0 and at most 1e15, such as 500000, 500k or 1.2M, got "${text}"`);
  }
  return number * scale;
}

/** `--delimiter`: the documented set (README "Inputs"); tab as a tab character, `\t` or `tab`. */
const DELIMITERS: Readonly<Record<string, string>> = { ',': ',', ';': ';', '|': '|', '\t': '\t', '\\t': '\t', tab: '\t' };

export function parseDelimiterOption(text: string): string {
  const key = text === '\t' ? text : text.trim().toLowerCase();
  const delimiter = Object.hasOwn(DELIMITERS, key) ? DELIMITERS[key] : undefined;
  if (delimiter === undefined) throw new InvalidArgumentError(`expected one of , ; | or tab (written as a tab, \\t or tab), got "${text}"`);
  return delimiter;
}

/** `10` or `5%` (config `maxRejected: 10` or `"5%"`). */
export function parseMaxRejected(text: string | number): MaxRejected {
  const trimmed = String(text).trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(trimmed);
  if (percent !== null && Number(percent[1]) <= 100) return { share: Number(percent[1]) / 100 };
  if (/^\d{1,15}$/.test(trimmed)) return { count: Number(trimmed) };
  throw new InvalidArgumentError(`expected a number of rows such as 10 or a share such as 5%, got "${text}"`);
}

/** The config with the input flags on top: a flag wins over its config key. */
export function withInputFlags(config: Config, flags: Pick<CommonFlags, 'decimal' | 'dateOrder' | 'encoding'>): Config {
  return {
    ...config,
    ...(flags.decimal === undefined ? {} : { decimal: flags.decimal }),
    ...(flags.dateOrder === undefined ? {} : { dateOrder: flags.dateOrder }),
    ...(flags.encoding === undefined ? {} : { encoding: flags.encoding }),
  };
}

/** The --max-rejected limit of a run: the flag, else the config's maxRejected, else none. */
export function maxRejectedOf(flags: Pick<CommonFlags, 'maxRejected'>, config: Config): MaxRejected | null {
  if (flags.maxRejected !== undefined) return flags.maxRejected;
  if (config.maxRejected === undefined) return null;
  try {
    return parseMaxRejected(config.maxRejected);
  } catch {
    throw new DealmathError('bad-config', `maxRejected: expected a number of rows such as 10 or a share such as "5%", got ${JSON.stringify(config.maxRejected)}`);
  }
}

/** A repeatable option's values, in order. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
/** A repeatable option whose values may also be comma-separated. */
export const collectList = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  ...value.split(',').map((part) => part.trim()).filter((part) => part !== ''),
];

/**
 * Adds the input options (files, config, mapping) every command reading deals takes. `asOf`
 * false: the command reports nothing that depends on the day (inspect), so it does not offer --as-of;
 * `maxRejected` false: it reads no rows to reject (sql), so it does not offer --max-rejected.
 */
export function addInputOptions(command: Command, options: { asOf?: boolean; maxRejected?: boolean } = {}): Command {
  command
    .option('-c, --config <file>', 'config file (default: ./dealmath.yaml when present)')
    .addOption(new Option('--preset <crm>', 'force a CRM column preset').choices(PRESETS))
    .option('--map <field=header>', 'map a column to a field, e.g. --map amount="Deal Value" (repeatable, or comma-separated)', collectList)
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab (also \\t) (default: detected from the header line)', parseDelimiterOption)
    .addOption(new Option('--decimal <mark>', 'decimal separator of amounts, "," or "." (config decimal; default: decided from the amounts)').choices([',', '.']))
    .addOption(new Option('--date-order <order>', 'order of numeric dates: dmy (31/12/2026), mdy (12/31/2026) or ymd (config dateOrder; default: decided from the dates)').choices(DATE_ORDERS))
    .addOption(new Option('--encoding <name>', 'text encoding of CSV input (config encoding; default: UTF-8 or UTF-16 by BOM, else Windows-1252 when not UTF-8, said on stderr)').choices(ENCODINGS))
    .option('--sheet <name>', 'the sheet of an .xlsx workbook to read (default: the first)');
  // sql reads only a sample's header and first rows: it rejects no row to count.
  if (options.maxRejected !== false) command.option('--max-rejected <n|p%>', 'exit 1 when more rows than this are rejected: a count or a share of rows read, e.g. 10 or 5% (config maxRejected; default: no limit, 0 for validate --strict)', parseMaxRejected);
  if (options.asOf !== false) command.option('--as-of <date>', 'the date "today" for the analysis, YYYY-MM-DD (default: today)', parseDayOption);
  return command;
}

/**
 * Adds window, grouping and filter options. `minSample`: the command's output flags rates from
 * small samples; a command whose output flags none does not offer --min-sample (it would do nothing).
 */
export function addAnalysisOptions(command: Command, options: { by?: boolean; window?: boolean; basis?: boolean; minSample?: boolean } = {}): Command {
  if (options.window !== false) {
    command
      .option('--from <date>', 'window start, inclusive (YYYY-MM-DD)', parseDayOption)
      .option('--to <date>', 'window end, inclusive (YYYY-MM-DD)', parseDayOption)
      .option('--period <period>', 'window as a period: 2026-Q3, 2026-09, 2026, this-quarter, last-quarter, this-month, last-year...');
    if (options.basis !== false) command.addOption(new Option('--basis <basis>', 'which date puts a closed deal in the window').choices(['close', 'created']).default('close'));
  }
  if (options.by !== false) command.option('--by <dims>', 'group by one or more columns: owner, account, stage, segment, any column (comma-separated)', collectList);
  command.option('--where <dim=value>', 'keep deals where a column has a value: region=EMEA, stage!=Lost, owner=Ann,Bob (comma = or; quote a value with a comma: account=\"Acme, Inc.\"; repeatable)', collect);
  if (options.minSample === true) command.option('--min-sample <n>', 'closed deals below which a rate is flagged as a small sample, 1 or more (default: config, 30)', parsePositiveInteger);
  return command;
}

/** Adds --format/--json/--out/--no-color. */
export function addOutputOptions(command: Command, formats: readonly Format[] = COMMAND_FORMATS): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices(formats).default('table'))
    .option('--json', 'same as --format json')
    .option('-o, --out <file>', 'write the output to a file instead of stdout (atomically, keeping its mode; - is stdout); never one of the inputs or the config, a FIFO, device or folder')
    .option('--chart', 'draw terminal charts even when stdout is not a terminal')
    .option('--no-color', 'no colour, even on a terminal');
}

export function outputFormat(flags: CommonFlags, allowed: readonly Format[] = COMMAND_FORMATS): Format {
  if (flags.json === true) return 'json';
  const fromOut = flags.format === undefined || flags.format === 'table' ? formatFromFileName(flags.out) : null;
  if (fromOut !== null && !allowed.includes(fromOut)) throw unwritableFileName(flags.out as string, fromOut, allowed);
  const format = fromOut ?? flags.format ?? 'table';
  if (!allowed.includes(format)) throw new DealmathError('usage', `--format ${format} is not available for this command (choose ${allowed.join(', ')})`);
  return format;
}

const FORMAT_NAMES: Readonly<Record<Format, string>> = { table: 'a table', json: 'JSON', csv: 'CSV', md: 'Markdown', html: 'HTML' };
const FILE_ENDINGS: Readonly<Record<Format, string>> = { table: '', json: '.json', csv: '.csv', md: '.md', html: '.html' };

/** `--out w.html` on a command that cannot write HTML: say which names it can write (any other name is a table). */
function unwritableFileName(out: string, format: Format, allowed: readonly Format[]): DealmathError {
  const why = format === 'html' ? 'is for `dealmath report`' : 'is not available for this command';
  const endings = allowed.filter((candidate) => candidate !== 'table').map((candidate) => FILE_ENDINGS[candidate]);
  return new DealmathError('usage', `--out ${out}: ${FORMAT_NAMES[format]} ${why}; choose ${[...endings, 'a table'].join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
}

function formatFromFileName(out: string | undefined): Format | null {
  if (out === undefined) return null;
  const lower = out.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'md';
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  return null;
}

/** Colour on a terminal only; NO_COLOR, FORCE_COLOR and --no-color are honoured; never in files or JSON. */
export function useColour(flags: CommonFlags, terminal: Terminal, format: Format): boolean {
  if (format !== 'table' || (flags.out !== undefined && flags.out !== '-')) return false;
  if (flags.color === false) return false;
  if ((terminal.env.NO_COLOR ?? '') !== '') return false;
  const force = terminal.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return terminal.stdoutIsTTY;
}

export function asOfDay(flags: CommonFlags, terminal: Terminal): DayNumber {
  return flags.asOf ?? today(terminal.now);
}

/** The analysis window: --from/--to, or --period, or none (every deal is in). */
export function resolveWindow(flags: CommonFlags, asOf: DayNumber, config: Config): { window: Window | null; period: NamedPeriod | null } {
  if (flags.period !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
    throw new DealmathError('usage', 'give either --period or --from/--to, not both');
  }
  if (flags.period !== undefined) {
    const period = parsePeriod(flags.period, asOf, config.fiscalYearStartMonth);
    if (period === null) throw new DealmathError('usage', `--period "${flags.period}" is not a period; expected 2026-Q3, 2026-09, 2026, this-quarter, last-quarter, this-month, last-month, this-year or last-year`);
    return { window: period, period };
  }
  if (flags.from === undefined && flags.to === undefined) return { window: null, period: null };
  const from = flags.from ?? Number.MIN_SAFE_INTEGER;
  const to = flags.to ?? asOf;
  if (flags.from === undefined) throw new DealmathError('usage', `--to ${formatDay(to)} needs --from as well`);
  if (to < from) throw new DealmathError('usage', `--to ${formatDay(to)} is before --from ${formatDay(from)}`);
  return { window: explicitWindow(from, to), period: null };
}

export function scopeOf(flags: CommonFlags, asOf: DayNumber, window: Window | null): Scope {
  return { asOf, window, basis: flags.basis ?? 'close' };
}

/** `--map amount="Deal Value"` pairs, checked against the canonical field names. */
export function parseMapFlags(pairs: readonly string[] | undefined): Partial<Record<DealField, string>> {
  const map: Partial<Record<DealField, string>> = {};
  for (const pair of pairs ?? []) {
    const equals = pair.indexOf('=');
    const field = equals === -1 ? '' : pair.slice(0, equals).trim();
    const header = equals === -1 ? '' : pair.slice(equals + 1).trim().replace(/^["']|["']$/g, '');
    const known = DEAL_FIELDS.find((candidate) => normalizeHeader(candidate) === normalizeHeader(field));
    if (known === undefined || header === '') {
      throw new DealmathError('usage', `--map "${pair}": expected FIELD=HEADER with FIELD one of ${DEAL_FIELDS.join(', ')}`);
    }
    map[known] = header;
  }
  return map;
}

export function parseWhere(conditions: readonly string[] | undefined): WhereClause[] {
  return (conditions ?? []).map((condition) => {
    const match = /^([^!=]+?)\s*(!?=)\s*(.*)$/.exec(condition);
    if (!match || (match[3] ?? '').trim() === '') {
      throw new DealmathError('usage', `--where "${condition}": expected COLUMN=VALUE or COLUMN!=VALUE (values comma-separated)`);
    }
    const values = whereValues(match[3] ?? '', condition);
    return { dimension: (match[1] ?? '').trim(), values: new Set(values.map((value) => value.toLowerCase())), negate: match[2] === '!=', text: condition.trim() };
  });
}

/**
 * The values of a --where condition, comma-separated (comma = or). A value that holds a comma is
 * quoted as in CSV, `"Acme, Inc."` (a doubled "" is a quote), or its comma escaped, `Acme\, Inc.`.
 */
export function whereValues(text: string, condition: string): string[] {
  const values: string[] = [];
  let index = 0;
  for (;;) {
    while (text[index] === ' ') index += 1;
    let value = '';
    if (text[index] === '"') {
      index += 1;
      for (;;) {
        if (index >= text.length) throw new DealmathError('usage', `--where "${condition}": a quoted value is never closed; expected "..." around a value with commas`);
        if (text[index] === '"') {
          if (text[index + 1] === '"') {
            value += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        value += text[index];
        index += 1;
      }
      while (text[index] === ' ') index += 1;
      if (index < text.length && text[index] !== ',') throw new DealmathError('usage', `--where "${condition}": expected a comma after a quoted value`);
    } else {
      while (index < text.length && text[index] !== ',') {
        if (text[index] === '\\' && text[index + 1] === ',') index += 1;
        value += text[index];
        index += 1;
      }
      value = value.trim();
    }
    values.push(value);
    if (index >= text.length) return values;
    index += 1;
  }
}
