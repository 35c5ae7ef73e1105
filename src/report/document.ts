/**
 * What every analysis document starts with: the JSON header (schema version, command, when and
 * by which version it was made, as-of, window, currency, row accounting, the input files with
 * their SHA-256, warnings) and the subtitle and footer lines people read around the tables.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { formatDay } from '../model/calendar.js';
import type { DayNumber } from '../model/types.js';
import { DEALMATH_VERSION } from '../model/version.js';
import type { Scope } from '../metrics/scope.js';
import { footerRowsOf, type DealRun } from '../engine/dealRun.js';
import { SCHEMA_VERSION } from './renderers/json.js';
import type { DocumentView, TableView } from './view.js';
import { formatCount, isMoneyKind, ROW_KIND } from './format.js';

/** The as-of day and scope a document was computed for. */
export interface DocumentScope {
  readonly asOf: DayNumber;
  readonly scope: Scope;
  /** The run's config: its `currency.base` is what every total is in. */
  readonly config?: { readonly currency?: { readonly base: string } | undefined };
  /** When the document was made (SOURCE_DATE_EPOCH or the clock: generatedAt()); default: now. */
  readonly generatedAt?: Date;
  /** The files the run read besides its deals (the command's SideInputs), listed after the deals. */
  readonly inputs?: { readonly files: readonly InputFileJson[] };
}

/** One input file of a document: what it was read as, its rows (null: not read as rows, an account plan), and its SHA-256 (null: stdin not hashed). */
export interface InputFileJson {
  readonly file: string;
  readonly role: string;
  readonly rowsRead: number | null;
  readonly sha256: string | null;
}

/**
 * When a document was made: SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
 * convention) when set, so that a test or a published example prints the same bytes every time;
 * else the clock.
 */
export function generatedAt(env: Readonly<Record<string, string | undefined>>, clock: Date): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d{1,12}$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000);
  return clock;
}

/** `2026-12-07T06:00:00Z`: whole seconds, UTC. */
export function timestampJson(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The currency every money figure of a run is in: the config's base when it converts, else the
 * one currency the used deals are in, else null (none stated, or several with no rates; a sum of
 * several is refused before it is shown).
 */
export function documentCurrency(run: Pick<DealRun, 'currencies'>, config?: DocumentScope['config']): string | null {
  if (config?.currency !== undefined) return config.currency.base;
  return run.currencies.size === 1 ? ([...run.currencies][0] as string) : null;
}

/**
 * How a document names an input file: a path the config resolved to an absolute one is shown
 * relative to the working folder when it lies inside it (`examples/deals.csv`), so that a report
 * does not carry the machine's folders; any other path as given.
 */
export function inputName(file: string, cwd: string = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const shown = relative(cwd, file);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? file : shown.split(sep).join('/');
}

/** The deal files of a run, each with its rows read and SHA-256. */
export function dealInputs(run: Pick<DealRun, 'summary'>): InputFileJson[] {
  return run.summary.files.map((file) => ({ file: inputName(file.file), role: 'deals', rowsRead: file.rowsRead, sha256: file.sha256 ?? null }));
}

/** The provenance part of a header, for a document that does not start with documentHeader (validate, inspect, movement, quadrant). */
export function provenanceJson(made: Date | undefined, currency: string | null, inputs: readonly InputFileJson[]) {
  return { generatedAt: timestampJson(made ?? new Date()), dealmathVersion: DEALMATH_VERSION, currency, inputs: inputs.map((input) => ({ ...input, file: inputName(input.file) })) };
}

export interface WindowJson {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly basis: Scope['basis'];
}

export function windowJson(scope: Scope): WindowJson | null {
  return scope.window === null ? null : { from: formatDay(scope.window.from), to: formatDay(scope.window.to), label: scope.window.label, basis: scope.basis };
}

/**
 * The fields every analysis JSON document starts with (issue: schemaVersion ... warnings). The
 * row accounting is the deals'; `inputs` lists the deal files, then every other file the run read
 * (`analysis.inputs`, then `moreInputs`), each with its own rows.
 */
export function documentHeader(command: string, analysis: DocumentScope, run: DealRun, warnings: readonly string[], moreInputs: readonly InputFileJson[] = []) {
  return {
    schemaVersion: SCHEMA_VERSION,
    command,
    generatedAt: timestampJson(analysis.generatedAt ?? new Date()),
    dealmathVersion: DEALMATH_VERSION,
    asOf: formatDay(analysis.asOf),
    window: windowJson(analysis.scope),
    currency: documentCurrency(run, analysis.config),
    rowsRead: run.rowsRead,
    rowsUsed: run.rowsUsed,
    rowsRejected: run.rowsRejected,
    rowsFiltered: run.rowsFiltered,
    footerRows: footerRowsOf(run),
    inputs: [...dealInputs(run), ...[...(analysis.inputs?.files ?? []), ...moreInputs].map((input) => ({ ...input, file: inputName(input.file) }))],
    warnings: run.warnings === undefined ? warnings : [...run.warnings, ...warnings],
  };
}

/** What a document's JSON says about where it came from (the header's fields; any may be absent). */
interface ProvenanceFields {
  readonly generatedAt?: unknown;
  readonly dealmathVersion?: unknown;
  readonly asOf?: unknown;
  readonly currency?: unknown;
  readonly inputs?: unknown;
}

function hasMoney(table: TableView): boolean {
  return table.columns.some((column) => isMoneyKind(column.kind)) || table.rows.some(isMoneyRow);
}

/** A row of money in a table of mixed figures (report/format.ts ROW_KIND). */
function isMoneyRow(row: TableView['rows'][number]): boolean {
  return row[ROW_KIND] === 'money';
}

/**
 * The view people see, told what its JSON header says: money column headers carry the currency
 * ("Won value (USD)"), or one line says none is stated; a footer line says when, by which
 * version, as of when and from which files (rows, SHA-256) it was made. Every renderer but JSON
 * draws this (cli/emit.ts), so each format says the same.
 */
export function presentDocument(view: DocumentView, json: unknown): DocumentView {
  const header = (typeof json === 'object' && json !== null ? json : {}) as ProvenanceFields;
  const currency = typeof header.currency === 'string' ? header.currency : null;
  const money = view.sections.some((section) => section.tables.some(hasMoney));
  const stated = money && Object.hasOwn(header, 'currency') && currency === null ? ['amounts: (currency not stated)'] : [];
  const footer = provenanceLine(header);
  return {
    ...view,
    subtitle: [...(view.subtitle ?? []), ...stated],
    ...(currency === null ? {} : { sections: view.sections.map((section) => ({ ...section, tables: section.tables.map((table) => withCurrency(table, currency)) })) }),
    ...(footer === null ? {} : { footer: [...(view.footer ?? []), footer] }),
    ...(currency === null ? {} : { currency }),
  };
}

/** A table whose money columns say their currency in the header. */
export function withCurrency(table: TableView, currency: string): TableView {
  if (!hasMoney(table)) return table;
  const tagged = (label: string): string => (label.endsWith(`(${currency})`) ? label : `${label} (${currency})`);
  // A table of mixed figures says the currency in its money rows' labels (its first column).
  const labelKey = table.columns[0]?.key;
  const rows = labelKey === undefined ? table.rows : table.rows.map((row) => (isMoneyRow(row) && typeof row[labelKey] === 'string' ? { ...row, [labelKey]: tagged(row[labelKey]) } : row));
  return { ...table, rows, columns: table.columns.map((column) => (isMoneyKind(column.kind) ? { ...column, label: tagged(column.label) } : column)) };
}

/** `generated 2026-12-07 06:00 UTC by dealmath 0.1.0, as of 2026-11-20, from deals.csv (2,000 rows, sha256 3f2a9c0d1e2b…)`. */
function provenanceLine(header: ProvenanceFields): string | null {
  if (typeof header.generatedAt !== 'string') return null;
  const made = `${header.generatedAt.slice(0, 10)} ${header.generatedAt.slice(11, 16)} UTC`;
  const asOf = typeof header.asOf === 'string' ? `, as of ${header.asOf}` : '';
  const inputs = Array.isArray(header.inputs) ? (header.inputs as InputFileJson[]) : [];
  const files = inputs.map((input) => {
    // A file not read as rows (an account plan) says no count; stdin, not hashed, no SHA-256.
    const details = [...(input.rowsRead === null ? [] : [`${formatCount(input.rowsRead)} row${input.rowsRead === 1 ? '' : 's'}`]), ...(input.sha256 === null ? [] : [`sha256 ${input.sha256.slice(0, 12)}…`])];
    return details.length === 0 ? input.file : `${input.file} (${details.join(', ')})`;
  });
  return `generated ${made} by dealmath ${String(header.dealmathVersion ?? DEALMATH_VERSION)}${asOf}${files.length === 0 ? '' : ` from ${files.join(', ')}`}`;
}

/** The subtitle lines of a table/Markdown document: as-of, window and row accounting. */
export function subtitleLines(analysis: DocumentScope, run: DealRun): string[] {
  const window = analysis.scope.window === null ? 'all deals (no window)' : `${analysis.scope.window.label} (${formatDay(analysis.scope.window.from)} to ${formatDay(analysis.scope.window.to)}, by ${analysis.scope.basis} date)`;
  return [
    `as of ${formatDay(analysis.asOf)}; window: ${window}`,
    rowsReadLine(run),
  ];
}

/** Every row accounted for: `2,000 rows read: 1,990 used, 4 rejected, 6 filtered`. */
export function rowsReadLine(rows: { readonly rowsRead: number; readonly rowsUsed: number; readonly rowsRejected: number; readonly rowsFiltered: number }): string {
  return `${formatCount(rows.rowsRead)} rows read: ${formatCount(rows.rowsUsed)} used, ${formatCount(rows.rowsRejected)} rejected, ${formatCount(rows.rowsFiltered)} filtered`;
}

